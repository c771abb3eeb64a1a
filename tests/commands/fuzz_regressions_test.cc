// Regression cases for the crashes, sanitizer reports and huge allocations the dispatcher fuzzer
// (fuzz_dispatch_test.cc) found, one TEST_CASE per root cause, each with the argument vector
// that triggered it.
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("random-member commands refuse huge negative counts", "[commands][fuzz-regression]") {
  // SRANDMEMBER IS -9223372036854775807 built a reply of 2^63 members until memory ran out
  // (Redis 7.0.15 dies the same way); a hundred million draws is the ceiling now.
  CommandFixture f;
  CHECK(f.run({"SADD", "IS", "1", "2", "3"}) == ":3\r\n");
  CHECK(f.run({"HSET", "H", "f", "v"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "Z", "1", "a"}) == ":1\r\n");
  const std::string range = "-ERR value is out of range\r\n";
  for (const char* count : {"-9223372036854775807", "-4294967296", "-2147483648", "-100000001"}) {
    INFO(count);
    CHECK(f.run({"SRANDMEMBER", "IS", count}) == range);
    CHECK(f.run({"HRANDFIELD", "H", count}) == range);
    CHECK(f.run({"ZRANDMEMBER", "Z", count}) == range);
    // A missing key still answers an empty array, as in Redis.
    CHECK(f.run({"SRANDMEMBER", "nokey", count}) == "*0\r\n");
    CHECK(f.run({"HRANDFIELD", "nokey", count}) == "*0\r\n");
    CHECK(f.run({"ZRANDMEMBER", "nokey", count}) == "*0\r\n");
  }
  CHECK(f.run({"HRANDFIELD", "H", "-4611686018427387904", "WITHVALUES"}) == range);
  CHECK(f.run({"ZRANDMEMBER", "Z", "-2147483648", "WITHSCORES"}) == range);
  // Within the ceiling, repetition works as before.
  CHECK(f.run({"SRANDMEMBER", "IS", "-3"}).rfind("*3\r\n", 0) == 0);
  CHECK(f.run({"HRANDFIELD", "H", "-2", "WITHVALUES"}) ==
        "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n");
  CHECK(f.run({"ZRANDMEMBER", "Z", "-2"}) == "*2\r\n$1\r\na\r\n$1\r\na\r\n");
  // Huge positive counts are bounded by the data.
  CHECK(f.run({"SRANDMEMBER", "IS", "9223372036854775807"}).rfind("*3\r\n", 0) == 0);
  CHECK(f.run({"ZRANDMEMBER", "Z", "9223372036854775807"}) == "*1\r\n$1\r\na\r\n");
}
