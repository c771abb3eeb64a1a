// In-process tests for the generic keys family, on a frozen clock so TTLs are exact.
#include "command_fixture.h"
#include "datatypes/clock.h"

using sable::testing::CommandFixture;

namespace {
// Freezes the cached clock for one test and thaws it afterwards.
struct FrozenClock {
  explicit FrozenClock(int64_t ms) { sable::set_clock_for_test(ms); }
  ~FrozenClock() { sable::set_clock_for_test(0); }
  void set(int64_t ms) { sable::set_clock_for_test(ms); }
};
constexpr int64_t kT0 = 1'700'000'000'000;  // an arbitrary "now" in ms
}  // namespace

TEST_CASE("expire family computes exact deadlines", "[commands][keys]") {
  CommandFixture f;
  FrozenClock clock(kT0);
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"EXPIRE", "k", "10"}) == ":1\r\n");
  CHECK(f.run({"PTTL", "k"}) == ":10000\r\n");
  CHECK(f.run({"PEXPIRETIME", "k"}) == ":1700000010000\r\n");
  CHECK(f.run({"PEXPIRE", "k", "1499"}) == ":1\r\n");
  CHECK(f.run({"TTL", "k"}) == ":1\r\n");  // 1.499 s rounds down
  CHECK(f.run({"PEXPIRE", "k", "1500"}) == ":1\r\n");
  CHECK(f.run({"TTL", "k"}) == ":2\r\n");  // 1.5 s rounds up
  CHECK(f.run({"EXPIREAT", "k", "1700000100"}) == ":1\r\n");
  CHECK(f.run({"EXPIRETIME", "k"}) == ":1700000100\r\n");
  clock.set(kT0 + 99'999);
  CHECK(f.run({"PTTL", "k"}) == ":1\r\n");
  clock.set(kT0 + 100'000);
  CHECK(f.run({"PTTL", "k"}) == ":-2\r\n");
  CHECK(f.run({"EXISTS", "k"}) == ":0\r\n");
}

TEST_CASE("expire conditions NX XX GT LT", "[commands][keys]") {
  CommandFixture f;
  FrozenClock clock(kT0);
  f.run({"SET", "k", "v"});
  CHECK(f.run({"EXPIRE", "k", "10", "XX"}) == ":0\r\n");
  CHECK(f.run({"EXPIRE", "k", "10", "GT"}) == ":0\r\n");
  CHECK(f.run({"EXPIRE", "k", "10", "NX"}) == ":1\r\n");
  CHECK(f.run({"EXPIRE", "k", "20", "NX"}) == ":0\r\n");
  CHECK(f.run({"EXPIRE", "k", "10", "GT"}) == ":0\r\n");  // equal is not greater
  CHECK(f.run({"EXPIRE", "k", "10", "LT"}) == ":0\r\n");  // nor less
  CHECK(f.run({"EXPIRE", "k", "11", "GT"}) == ":1\r\n");
  CHECK(f.run({"EXPIRE", "k", "5", "LT", "XX"}) == ":1\r\n");
  CHECK(f.run({"TTL", "k"}) == ":5\r\n");
  CHECK(f.run({"EXPIRE", "k", "5", "NX", "LT"}) ==
        "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
  CHECK(f.run({"EXPIRE", "k", "5", "GT", "LT"}) ==
        "-ERR GT and LT options at the same time are not compatible\r\n");
  CHECK(f.run({"EXPIRE", "k", "5", "YY"}) == "-ERR Unsupported option YY\r\n");
  CHECK(f.run({"EXPIRE", "k", "-1", "GT"}) == ":0\r\n");
  CHECK(f.run({"EXPIRE", "k", "-1", "LT"}) == ":1\r\n");  // past: deleted
  CHECK(f.run({"EXISTS", "k"}) == ":0\r\n");
}

TEST_CASE("expire overflow checks", "[commands][keys]") {
  CommandFixture f;
  FrozenClock clock(kT0);
  f.run({"SET", "k", "v"});
  CHECK(f.run({"EXPIRE", "k", "9223372036854776"}) ==
        "-ERR invalid expire time in 'expire' command\r\n");
  CHECK(f.run({"EXPIRE", "k", "9223372036854775"}) ==
        "-ERR invalid expire time in 'expire' command\r\n");  // * 1000 + now overflows
  CHECK(f.run({"PEXPIRE", "k", "9223372036854775807"}) ==
        "-ERR invalid expire time in 'pexpire' command\r\n");
  CHECK(f.run({"EXPIREAT", "k", "9223372036854775"}) == ":1\r\n");
  CHECK(f.run({"PEXPIREAT", "k", "9223372036854775807"}) == ":1\r\n");
  CHECK(f.run({"PEXPIRETIME", "k"}) == ":9223372036854775807\r\n");
}

TEST_CASE("rename, move and copy keep TTLs", "[commands][keys]") {
  CommandFixture f;
  FrozenClock clock(kT0);
  f.run({"SET", "a", "x"});
  f.run({"PEXPIRE", "a", "5000"});
  CHECK(f.run({"RENAME", "a", "b"}) == "+OK\r\n");
  CHECK(f.run({"PTTL", "b"}) == ":5000\r\n");
  CHECK(f.run({"COPY", "b", "c", "DB", "1"}) == ":1\r\n");
  CHECK(f.run({"MOVE", "b", "2"}) == ":1\r\n");
  CHECK(f.run({"SELECT", "1"}) == "+OK\r\n");
  CHECK(f.run({"PTTL", "c"}) == ":5000\r\n");
  CHECK(f.run({"SELECT", "2"}) == "+OK\r\n");
  CHECK(f.run({"PTTL", "b"}) == ":5000\r\n");
  CHECK(f.run({"SWAPDB", "2", "3"}) == "+OK\r\n");
  CHECK(f.run({"DBSIZE"}) == ":0\r\n");
  CHECK(f.run({"SELECT", "3"}) == "+OK\r\n");
  CHECK(f.run({"GET", "b"}) == "$1\r\nx\r\n");
}

TEST_CASE("object idletime follows the lru clock", "[commands][keys]") {
  CommandFixture f;
  FrozenClock clock(kT0);
  f.run({"SET", "k", "v"});
  clock.set(kT0 + 42'000);
  CHECK(f.run({"OBJECT", "IDLETIME", "k"}) == ":42\r\n");
  CHECK(f.run({"TTL", "k"}) == ":-1\r\n");  // does not touch
  CHECK(f.run({"OBJECT", "IDLETIME", "k"}) == ":42\r\n");
  CHECK(f.run({"TOUCH", "k"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "IDLETIME", "k"}) == ":0\r\n");
  CHECK(f.run({"OBJECT", "REFCOUNT", "k"}) == ":1\r\n");
  f.run({"SET", "n", "7"});
  CHECK(f.run({"OBJECT", "REFCOUNT", "n"}) == ":2147483647\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "n"}) == "$3\r\nint\r\n");
}
