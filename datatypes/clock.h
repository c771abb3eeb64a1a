// The cached clock. Expiry checks read the time once per event-loop turn (and before each
// command), not once per key, like Redis's server.mstime.
#pragma once

#include <cstdint>

namespace sable {

int64_t wall_ms();   // real time now, milliseconds since the epoch
int64_t wall_us();   // real time now, microseconds since the epoch
int64_t now_ms();    // the cached time
void update_clock(); // refresh the cached time
void set_clock_for_test(int64_t ms);
// While held (calls nest), update_clock() keeps the cached time: a running script sees the time
// it started at, as Redis's script time snapshot, even when the server serves other clients.
void hold_clock();
void release_clock();
// Redis's 24-bit LRU clock: seconds, wrapping every 194 days.
inline uint32_t lru_clock_from(int64_t ms) { return static_cast<uint32_t>(ms / 1000) & 0xFFFFFF; }
uint32_t lru_clock();

}  // namespace sable
