// Cached wall clock.
#include "datatypes/clock.h"

#include <chrono>

namespace sable {

namespace {
int64_t g_now = 0;
bool g_frozen = false;
int g_held = 0;
}  // namespace

int64_t wall_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}
int64_t wall_ms() { return wall_us() / 1000; }

int64_t now_ms() {
  if (g_now == 0) update_clock();
  return g_now;
}
void update_clock() {
  if (!g_frozen && g_held == 0) g_now = wall_ms();
}
void hold_clock() {
  if (g_now == 0) update_clock();
  ++g_held;
}
void release_clock() {
  if (g_held > 0) --g_held;
}
void set_clock_for_test(int64_t ms) {
  g_now = ms;
  g_frozen = ms != 0;
}
uint32_t lru_clock() { return lru_clock_from(now_ms()); }

}  // namespace sable
