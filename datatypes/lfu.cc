// LFU access counters (see lfu.h): Redis's logarithmic counter with time decay.
#include "datatypes/lfu.h"

#include <random>

#include "datatypes/clock.h"

namespace sable::lfu {

namespace {
bool g_on = false;
long long g_log_factor = 10;
long long g_decay_time = 1;

uint32_t minutes_now() { return static_cast<uint32_t>(now_ms() / 60000) & 0xFFFF; }

uint32_t minutes_since(uint32_t then) {
  uint32_t now = minutes_now();
  return now >= then ? now - then : 0xFFFF - then + now;
}

// Increments with probability 1 / ((counter - kInitVal) * log_factor + 1), so the counter grows
// with the logarithm of the accesses.
uint32_t log_increment(uint32_t counter) {
  if (counter >= 255) return 255;
  static std::mt19937 rng(0x5eed);
  double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  double base = counter > kInitVal ? counter - kInitVal : 0;
  double p = 1.0 / (base * static_cast<double>(g_log_factor) + 1.0);
  return r < p ? counter + 1 : counter;
}
}  // namespace

void configure(bool on, long long log_factor, long long decay_time) {
  g_on = on;
  g_log_factor = log_factor;
  g_decay_time = decay_time;
}

bool enabled() { return g_on; }

uint32_t with_counter(uint32_t counter) { return (minutes_now() << 8) | (counter & 0xFF); }

uint32_t initial() { return g_on ? with_counter(kInitVal) : lru_clock(); }

uint32_t decayed(uint32_t field) {
  uint32_t counter = field & 0xFF;
  uint32_t periods =
      g_decay_time > 0 ? minutes_since(field >> 8) / static_cast<uint32_t>(g_decay_time) : 0;
  return periods > counter ? 0 : counter - periods;
}

uint32_t on_access(uint32_t field) {
  if (!g_on) return lru_clock();
  return with_counter(log_increment(decayed(field)));
}

}  // namespace sable::lfu
