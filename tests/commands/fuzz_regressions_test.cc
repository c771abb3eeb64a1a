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

TEST_CASE("ZLEXCOUNT on members whose scores differ", "[commands][fuzz-regression]") {
  // With mixed scores the skiplist is not in lexicographic order, so the backward search for the
  // last member in range can find none: ZLEXCOUNT read through an invalid iterator and crashed
  // (the fuzzer's vector was ZLEXCOUNT ZZ [a +). Exact replies below are Redis 7.0.15's.
  CommandFixture f;
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-entries", "0"}) == "+OK\r\n");
  CHECK(f.run({"ZADD", "x", "0", "m", "1", "c", "2", "b", "3", "a", "4", "q"}) == ":5\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "x"}) == "$8\r\nskiplist\r\n");
  // The count then depends on the skiplist's random node levels (in Redis too): any integer.
  for (auto* range : {"[b [n", "[b +", "- [c", "[a +"}) {
    std::string_view rv(range);
    size_t sp = rv.find(' ');
    std::string reply = f.run({"ZLEXCOUNT", "x", rv.substr(0, sp), rv.substr(sp + 1)});
    INFO(range);
    CHECK(reply.size() > 3);
    CHECK(reply[0] == ':');
  }
  // No overlap with the ends (the last member sorts below the minimum): 0, as in Redis.
  CHECK(f.run({"ZADD", "z", "0", "m0", "1", "m1", "2", "b", "3", "A"}) == ":4\r\n");
  CHECK(f.run({"ZLEXCOUNT", "z", "[a", "+"}) == ":0\r\n");
  CHECK(f.run({"ZLEXCOUNT", "z", "-", "[b"}) == ":0\r\n");
  // The listpack encoding counts forward from the first member in range.
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-entries", "128"}) == "+OK\r\n");
  CHECK(f.run({"ZADD", "lx", "0", "m", "1", "c", "2", "b", "3", "a", "4", "q"}) == ":5\r\n");
  CHECK(f.run({"ZLEXCOUNT", "lx", "[b", "[n"}) == ":4\r\n");
  CHECK(f.run({"ZLEXCOUNT", "lx", "[b", "+"}) == ":5\r\n");
  CHECK(f.run({"ZLEXCOUNT", "lx", "-", "[c"}) == ":0\r\n");
}
