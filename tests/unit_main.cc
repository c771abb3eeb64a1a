// Catch2 entry point for the unit and in-process command tests.
//
// Like sable-server, the tests give the main thread's stack room to grow (scripts recurse in C:
// Lua's pattern matcher, the nesting-limit replies; sanitizer builds use far bigger frames).
#define CATCH_CONFIG_RUNNER
#include <catch.hpp>
#include <sys/resource.h>

#include <algorithm>

int main(int argc, char** argv) {
  rlimit stack{};
  if (getrlimit(RLIMIT_STACK, &stack) == 0 && stack.rlim_cur != RLIM_INFINITY &&
      stack.rlim_cur < (rlim_t{64} << 20)) {
    stack.rlim_cur = std::min<rlim_t>(stack.rlim_max, rlim_t{64} << 20);
    setrlimit(RLIMIT_STACK, &stack);
  }
  return Catch::Session().run(argc, argv);
}
