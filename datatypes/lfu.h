// The access field of a keyspace entry (24 bits) holds one of two things, as in Redis: under an
// LRU (or no) eviction policy the access time in seconds (lru_clock); under an LFU policy a
// logarithmic access counter in the low 8 bits and, above it, the minute (16 bits) the counter
// was last decayed. The server switches the mode when maxmemory-policy changes.
#pragma once

#include <cstdint>

namespace sable::lfu {

constexpr uint32_t kInitVal = 5;  // a new key's counter (Redis's LFU_INIT_VAL)

// Whether the keyspace keeps LFU counters, with lfu-log-factor and lfu-decay-time.
void configure(bool on, long long log_factor, long long decay_time);
bool enabled();

// The field a new entry starts with, and the one it gets when accessed.
uint32_t initial();
uint32_t on_access(uint32_t field);
// The counter after the decay the idle minutes call for (OBJECT FREQ, eviction).
uint32_t decayed(uint32_t field);
// A field holding `counter`, as of now (RESTORE … FREQ).
uint32_t with_counter(uint32_t counter);

}  // namespace sable::lfu
