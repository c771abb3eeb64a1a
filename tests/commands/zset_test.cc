// In-process tests for the sorted-set family. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands, so these run (and hold Sable to Redis's bytes)
// on a machine without redis-server.
#include "command_fixture.h"
#include "reply_util.h"

using sable::testing::CommandFixture;
using sable::testing::unordered;

TEST_CASE("zadd, zscore, zrank and zrange", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) == ":3\r\n");
  CHECK(f.run({"ZADD", "z", "1.5", "a", "4", "d"}) == ":1\r\n");
  CHECK(f.run({"ZCARD", "z"}) == ":4\r\n");
  CHECK(f.run({"ZCARD", "missing"}) == ":0\r\n");
  CHECK(f.run({"ZSCORE", "z", "a"}) == "$3\r\n1.5\r\n");
  CHECK(f.run({"ZSCORE", "z", "nope"}) == "$-1\r\n");
  CHECK(f.run({"ZSCORE", "missing", "a"}) == "$-1\r\n");
  CHECK(f.run({"ZMSCORE", "z", "a", "nope", "d"}) == "*3\r\n$3\r\n1.5\r\n$-1\r\n$1\r\n4\r\n");
  CHECK(f.run({"ZMSCORE", "missing", "a"}) == "*1\r\n$-1\r\n");
  CHECK(f.run({"ZRANK", "z", "c"}) == ":2\r\n");
  CHECK(f.run({"ZREVRANK", "z", "c"}) == ":1\r\n");
  CHECK(f.run({"ZRANK", "z", "nope"}) == "$-1\r\n");
  CHECK(f.run({"ZRANK", "missing", "a"}) == "$-1\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1"}) == "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(
      f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
      "*8\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n"
      "4\r\n");
  CHECK(f.run({"ZRANGE", "z", "-2", "-1", "REV", "WITHSCORES"}) ==
        "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$3\r\n1.5\r\n");
  CHECK(f.run({"ZRANGE", "z", "5", "10"}) == "*0\r\n");
  CHECK(f.run({"ZRANGE", "z", "2", "1"}) == "*0\r\n");
  CHECK(f.run({"ZRANGE", "z", "-9223372036854775808", "9223372036854775807"}) ==
        "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZREVRANGE", "z", "0", "1", "WITHSCORES"}) ==
        "*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZRANGE", "missing", "0", "-1"}) == "*0\r\n");
  CHECK(f.run({"ZADD", "z", "0.1", "x", "1e3", "y", "-inf", "lo", "+inf", "hi"}) == ":4\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
        "*16\r\n$2\r\nlo\r\n$4\r\n-inf\r\n$1\r\nx\r\n$19\r\n0.10000000000000001\r\n$1\r\n"
        "a\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\n"
        "y\r\n$4\r\n1000\r\n$2\r\nhi\r\n$3\r\ninf\r\n");
  CHECK(f.run({"ZSCORE", "z", "y"}) == "$4\r\n1000\r\n");
  CHECK(f.run({"ZINCRBY", "z", "0.2", "x"}) == "$19\r\n0.30000000000000004\r\n");
  CHECK(f.run({"ZINCRBY", "z", "1", "new"}) == "$1\r\n1\r\n");
  CHECK(f.run({"ZINCRBY", "z", "+inf", "lo"}) == "-ERR resulting score is not a number (NaN)\r\n");
  CHECK(f.run({"ZINCRBY", "z", "-inf", "hi"}) == "-ERR resulting score is not a number (NaN)\r\n");
  CHECK(f.run({"ZINCRBY", "z", "nan", "x"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"ZINCRBY", "z", "x", "x"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"ZREM", "z", "a", "nope", "b"}) == ":2\r\n");
  CHECK(f.run({"ZREM", "missing", "a"}) == ":0\r\n");
  CHECK(f.run({"ZCARD", "z"}) == ":7\r\n");
  CHECK(f.run({"TYPE", "z"}) == "+zset\r\n");
}

TEST_CASE("zadd flags and errors", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "NX", "1", "a"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "z", "NX", "2", "a", "3", "b"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "z", "XX", "5", "a", "1", "c"}) == ":0\r\n");
  CHECK(f.run({"ZADD", "z", "GT", "1", "a"}) == ":0\r\n");
  CHECK(f.run({"ZADD", "z", "GT", "CH", "6", "a"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "z", "LT", "CH", "7", "a"}) == ":0\r\n");
  CHECK(f.run({"ZADD", "z", "LT", "1", "a"}) == ":0\r\n");
  CHECK(f.run({"ZADD", "z", "CH", "1", "a", "2", "b", "9", "new"}) == ":2\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "2", "a"}) == "$1\r\n3\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "NX", "2", "a"}) == "$-1\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "XX", "2", "nope"}) == "$-1\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "1", "a", "2", "b"}) ==
        "-ERR INCR option supports a single increment-element pair\r\n");
  CHECK(f.run({"ZADD", "z", "NX", "XX", "1", "a"}) ==
        "-ERR XX and NX options at the same time are not compatible\r\n");
  CHECK(f.run({"ZADD", "z", "NX", "GT", "1", "a"}) ==
        "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
  CHECK(f.run({"ZADD", "z", "GT", "LT", "1", "a"}) ==
        "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
  CHECK(f.run({"ZADD", "z", "1"}) == "-ERR wrong number of arguments for 'zadd' command\r\n");
  CHECK(f.run({"ZADD", "z", "1", "a", "2"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZADD", "z", "x", "a"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"ZADD", "z", "nan", "a"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"ZADD", "z", "1", "a", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZADD", "z"}) == "-ERR wrong number of arguments for 'zadd' command\r\n");
  CHECK(f.run({"ZADD", "z", "XX"}) == "-ERR wrong number of arguments for 'zadd' command\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
        "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n3\r\n$3\r\nnew\r\n$1\r\n9\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "inf", "a"}) == "$3\r\ninf\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "-inf", "a"}) ==
        "-ERR resulting score is not a number (NaN)\r\n");
  CHECK(f.run({"ZADD", "z", "1e309", "big"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"ZSCORE", "z", "big"}) == "$-1\r\n");
  CHECK(f.run({"ZADD", "z", "-0", "negzero"}) == ":1\r\n");
  CHECK(f.run({"ZSCORE", "z", "negzero"}) == "$1\r\n0\r\n");
  CHECK(f.run({"ZADD", "z", "0x10", "hex"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "z", " 1", "sp"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"ZADD", "z", "1.7976931348623157e308", "max"}) == ":1\r\n");
  CHECK(f.run({"ZSCORE", "z", "max"}) == "$23\r\n1.7976931348623157e+308\r\n");
  CHECK(f.run({"ZADD", "z", "0.1", "f"}) == ":1\r\n");
  CHECK(f.run({"ZSCORE", "z", "f"}) == "$19\r\n0.10000000000000001\r\n");
  CHECK(f.run({"ZADD", "z", "3.14159265358979323846", "pi"}) == ":1\r\n");
  CHECK(f.run({"ZSCORE", "z", "pi"}) == "$18\r\n3.1415926535897931\r\n");
}

TEST_CASE("zset wrongtype and arity", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"SET", "s", "x"}) == "+OK\r\n");
  CHECK(f.run({"ZADD", "s", "1", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZSCORE", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZCARD", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZRANGE", "s", "0", "-1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZRANK", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZREM", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZINCRBY", "s", "1", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZCOUNT", "s", "0", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZLEXCOUNT", "s", "-", "+"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZPOPMIN", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZRANDMEMBER", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZMSCORE", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZUNION", "1", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZINTERSTORE", "d", "1", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZRANGESTORE", "d", "s", "0", "-1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"ZSCORE", "z"}) == "-ERR wrong number of arguments for 'zscore' command\r\n");
  CHECK(f.run({"ZRANK", "z"}) == "-ERR wrong number of arguments for 'zrank' command\r\n");
  CHECK(f.run({"ZCARD"}) == "-ERR wrong number of arguments for 'zcard' command\r\n");
  CHECK(f.run({"ZRANGE", "z", "0"}) == "-ERR wrong number of arguments for 'zrange' command\r\n");
  CHECK(f.run({"ZINCRBY", "z", "1"}) == "-ERR wrong number of arguments for 'zincrby' command\r\n");
  CHECK(f.run({"ZREM", "z"}) == "-ERR wrong number of arguments for 'zrem' command\r\n");
  CHECK(f.run({"ZMSCORE", "z"}) == "-ERR wrong number of arguments for 'zmscore' command\r\n");
  CHECK(f.run({"ZPOPMIN"}) == "-ERR wrong number of arguments for 'zpopmin' command\r\n");
  CHECK(f.run({"ZRANDMEMBER"}) == "-ERR wrong number of arguments for 'zrandmember' command\r\n");
  CHECK(f.run({"ZCOUNT", "z", "0"}) == "-ERR wrong number of arguments for 'zcount' command\r\n");
  CHECK(f.run({"ZSCAN", "z"}) == "-ERR wrong number of arguments for 'zscan' command\r\n");
}

TEST_CASE("range by score and lex", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == ":5\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "2", "4"}) == "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "(2", "4"}) == "*2\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "(2", "(4"}) == "*1\r\n$1\r\nc\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES"}) ==
        "*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n"
        "4\r\n$1\r\ne\r\n$1\r\n5\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "2"}) ==
        "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "-1"}) ==
        "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2"}) == "*0\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "9223372036854775807"}) ==
        "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "0", "0"}) == "*0\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "5", "1"}) == "*0\r\n");
  CHECK(f.run({"ZREVRANGEBYSCORE", "z", "4", "2", "WITHSCORES"}) ==
        "*6\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "0", "2"}) ==
        "*2\r\n$1\r\ne\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "x", "1"}) == "-ERR min or max is not a float\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "(x", "1"}) == "-ERR min or max is not a float\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "1", "2", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "x", "1"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"ZCOUNT", "z", "2", "4"}) == ":3\r\n");
  CHECK(f.run({"ZCOUNT", "z", "(2", "+inf"}) == ":3\r\n");
  CHECK(f.run({"ZCOUNT", "z", "-inf", "(1"}) == ":0\r\n");
  CHECK(f.run({"ZCOUNT", "z", "x", "1"}) == "-ERR min or max is not a float\r\n");
  CHECK(f.run({"ZCOUNT", "missing", "0", "1"}) == ":0\r\n");
  CHECK(f.run({"ZRANGE", "z", "2", "4", "BYSCORE"}) == "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZRANGE", "z", "4", "2", "BYSCORE", "REV", "WITHSCORES"}) ==
        "*6\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "BYSCORE", "LIMIT", "1", "2"}) == "*0\r\n");
  CHECK(
      f.run({"ZRANGE", "z", "0", "-1", "LIMIT", "1", "2"}) ==
      "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES", "WITHSCORES"}) ==
        "*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n"
        "4\r\n$1\r\ne\r\n$1\r\n5\r\n");
  CHECK(f.run({"DEL", "z"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"}) == ":5\r\n");
  CHECK(f.run({"ZRANGEBYLEX", "z", "-", "+"}) ==
        "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
  CHECK(f.run({"ZRANGEBYLEX", "z", "[b", "(d"}) == "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"ZRANGEBYLEX", "z", "(a", "[c", "LIMIT", "1", "1"}) == "*1\r\n$1\r\nc\r\n");
  CHECK(f.run({"ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", "0", "2"}) ==
        "*2\r\n$1\r\ne\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZRANGEBYLEX", "z", "b", "d"}) == "-ERR min or max not valid string range item\r\n");
  CHECK(f.run({"ZRANGEBYLEX", "z", "[b"}) ==
        "-ERR wrong number of arguments for 'zrangebylex' command\r\n");
  CHECK(f.run({"ZLEXCOUNT", "z", "[b", "+"}) == ":4\r\n");
  CHECK(f.run({"ZLEXCOUNT", "z", "-", "(c"}) == ":2\r\n");
  CHECK(f.run({"ZLEXCOUNT", "z", "b", "c"}) == "-ERR min or max not valid string range item\r\n");
  CHECK(f.run({"ZRANGE", "z", "[b", "[d", "BYLEX"}) == "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZRANGE", "z", "[d", "[b", "BYLEX", "REV"}) ==
        "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n");
  CHECK(f.run({"ZRANGE", "z", "[b", "[d", "BYLEX", "WITHSCORES"}) ==
        "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
  CHECK(f.run({"ZRANGEBYLEX", "missing", "-", "+"}) == "*0\r\n");
}

TEST_CASE("zrem ranges and zrangestore", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"}) ==
        ":6\r\n");
  CHECK(f.run({"ZREMRANGEBYRANK", "z", "0", "0"}) == ":1\r\n");
  CHECK(f.run({"ZREMRANGEBYRANK", "z", "-1", "-1"}) == ":1\r\n");
  CHECK(f.run({"ZREMRANGEBYRANK", "z", "10", "20"}) == ":0\r\n");
  CHECK(f.run({"ZREMRANGEBYRANK", "z", "x", "1"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"ZREMRANGEBYSCORE", "z", "(2", "3"}) == ":1\r\n");
  CHECK(f.run({"ZREMRANGEBYSCORE", "z", "x", "1"}) == "-ERR min or max is not a float\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
        "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n");
  CHECK(f.run({"ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d"}) == ":4\r\n");
  CHECK(f.run({"ZREMRANGEBYLEX", "l", "[b", "(d"}) == ":2\r\n");
  CHECK(f.run({"ZREMRANGEBYLEX", "l", "b", "c"}) ==
        "-ERR min or max not valid string range item\r\n");
  CHECK(f.run({"ZRANGE", "l", "0", "-1"}) == "*2\r\n$1\r\na\r\n$1\r\nd\r\n");
  CHECK(f.run({"ZREMRANGEBYLEX", "missing", "-", "+"}) == ":0\r\n");
  CHECK(f.run({"ZRANGESTORE", "dst", "z", "0", "-1"}) == ":3\r\n");
  CHECK(f.run({"ZRANGE", "dst", "0", "-1", "WITHSCORES"}) ==
        "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n");
  CHECK(f.run({"ZRANGESTORE", "dst", "z", "10", "20"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "dst"}) == ":0\r\n");
  CHECK(f.run({"ZRANGESTORE", "dst", "l", "[a", "[c", "BYLEX"}) == ":1\r\n");
  CHECK(f.run({"ZRANGE", "dst", "0", "-1"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"ZRANGESTORE", "dst", "missing", "0", "-1"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "dst"}) == ":0\r\n");
  CHECK(f.run({"ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZREMRANGEBYRANK", "z", "0", "-1"}) == ":3\r\n");
  CHECK(f.run({"EXISTS", "z"}) == ":0\r\n");
}

TEST_CASE("zpop, zmpop and zrandmember", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) == ":3\r\n");
  CHECK(f.run({"ZPOPMIN", "z"}) == "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"ZPOPMAX", "z"}) == "*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZPOPMIN", "missing"}) == "*0\r\n");
  CHECK(f.run({"ZPOPMIN", "missing", "2"}) == "*0\r\n");
  CHECK(f.run({"ZPOPMIN", "z", "0"}) == "*0\r\n");
  CHECK(f.run({"ZPOPMIN", "z", "-1"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"ZPOPMIN", "z", "x"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"ZPOPMIN", "z", "1", "2"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZADD", "z", "4", "d", "5", "e"}) == ":2\r\n");
  CHECK(f.run({"ZPOPMAX", "z", "2"}) == "*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n");
  CHECK(f.run({"ZPOPMIN", "z", "9223372036854775807"}) == "*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"EXISTS", "z"}) == ":0\r\n");
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) == ":3\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MIN"}) == "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"ZMPOP", "2", "missing", "z", "MAX", "COUNT", "5"}) ==
        "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"ZMPOP", "1", "missing", "MIN"}) == "*-1\r\n");
  CHECK(f.run({"ZMPOP", "0", "z", "MIN"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"ZMPOP", "1", "z"}) == "-ERR wrong number of arguments for 'zmpop' command\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MID"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MIN", "COUNT", "0"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MIN", "COUNT", "-1"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"ZMPOP", "2", "z", "MIN"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZMPOP", "-1", "z", "MIN"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MIN", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZRANDMEMBER", "missing"}) == "$-1\r\n");
  CHECK(f.run({"ZRANDMEMBER", "missing", "3"}) == "*0\r\n");
  CHECK(f.run({"ZADD", "one", "7", "m"}) == ":1\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one"}) == "$1\r\nm\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "1", "WITHSCORES"}) == "*2\r\n$1\r\nm\r\n$1\r\n7\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "-3", "WITHSCORES"}) ==
        "*6\r\n$1\r\nm\r\n$1\r\n7\r\n$1\r\nm\r\n$1\r\n7\r\n$1\r\nm\r\n$1\r\n7\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "0"}) == "*0\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "1", "WITHVALUES"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "-9223372036854775808"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "-9223372036854775808", "WITHSCORES"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "-4611686018427387904", "WITHSCORES"}) ==
        "-ERR value is out of range\r\n");
  CHECK(f.run({"ZRANDMEMBER", "one", "9223372036854775807", "WITHSCORES"}) ==
        "-ERR value is out of range\r\n");
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) == ":3\r\n");
  CHECK(unordered(f.run({"ZRANDMEMBER", "z", "10", "WITHSCORES"}), 2) ==
        unordered("*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", 2));
  f.run({"HELLO", "3"});
  CHECK(f.run({"ZRANDMEMBER", "one", "1", "WITHSCORES"}) == "*1\r\n*2\r\n$1\r\nm\r\n,7\r\n");
  CHECK(f.run({"ZPOPMIN", "one"}) == "*2\r\n$1\r\nm\r\n,7\r\n");
  CHECK(f.run({"ZADD", "z2", "1", "x"}) == ":1\r\n");
  CHECK(f.run({"ZPOPMIN", "z2", "1"}) == "*1\r\n*2\r\n$1\r\nx\r\n,1\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MAX"}) == "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n");
  CHECK(f.run({"ZSCORE", "z", "a"}) == ",1\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
        "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n");
}

TEST_CASE("zunion, zinter and zdiff", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "a", "1", "x", "2", "y", "3", "z"}) == ":3\r\n");
  CHECK(f.run({"ZADD", "b", "10", "y", "20", "z", "30", "w"}) == ":3\r\n");
  CHECK(f.run({"SADD", "s", "x", "w"}) == ":2\r\n");
  CHECK(
      f.run({"ZUNION", "2", "a", "b", "WITHSCORES"}) ==
      "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n"
      "30\r\n");
  CHECK(f.run({"ZINTER", "2", "a", "b", "WITHSCORES"}) ==
        "*4\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n");
  CHECK(f.run({"ZDIFF", "2", "a", "b", "WITHSCORES"}) == "*2\r\n$1\r\nx\r\n$1\r\n1\r\n");
  CHECK(f.run({"ZUNION", "2", "a", "b", "WEIGHTS", "2", "0.5", "WITHSCORES"}) ==
        "*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n9\r\n$1\r\nw\r\n$2\r\n15\r\n$1\r\nz\r\n$2\r\n"
        "16\r\n");
  CHECK(
      f.run({"ZUNION", "2", "a", "b", "AGGREGATE", "MAX", "WITHSCORES"}) ==
      "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n"
      "30\r\n");
  CHECK(f.run({"ZINTER", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"}) ==
        "*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZUNION", "2", "a", "s", "WITHSCORES"}) ==
        "*8\r\n$1\r\nw\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$"
        "1\r\n3\r\n");
  CHECK(f.run({"ZINTER", "2", "a", "s"}) == "*1\r\n$1\r\nx\r\n");
  CHECK(f.run({"ZUNIONSTORE", "d", "2", "a", "b"}) == ":4\r\n");
  CHECK(
      f.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) ==
      "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n"
      "30\r\n");
  CHECK(f.run({"ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "-1"}) == ":2\r\n");
  CHECK(f.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) ==
        "*4\r\n$1\r\nz\r\n$3\r\n-17\r\n$1\r\ny\r\n$2\r\n-8\r\n");
  CHECK(f.run({"ZDIFFSTORE", "d", "2", "a", "b"}) == ":1\r\n");
  CHECK(f.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) == "*2\r\n$1\r\nx\r\n$1\r\n1\r\n");
  CHECK(f.run({"ZINTERSTORE", "d", "2", "a", "missing"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "d"}) == ":0\r\n");
  CHECK(f.run({"ZINTERCARD", "2", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"ZINTERCARD", "2", "a", "b", "LIMIT", "1"}) == ":1\r\n");
  CHECK(f.run({"ZINTERCARD", "2", "a", "b", "LIMIT", "-1"}) == "-ERR LIMIT can't be negative\r\n");
  CHECK(f.run({"ZINTERCARD", "0", "a"}) ==
        "-ERR at least 1 input key is needed for 'zintercard' command\r\n");
  CHECK(f.run({"ZUNION", "0", "a"}) ==
        "-ERR at least 1 input key is needed for 'zunion' command\r\n");
  CHECK(f.run({"ZUNION", "-1", "a"}) ==
        "-ERR at least 1 input key is needed for 'zunion' command\r\n");
  CHECK(f.run({"ZUNION", "3", "a", "b"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZUNION", "2", "a", "b", "WEIGHTS", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZUNION", "2", "a", "b", "WEIGHTS", "1", "x"}) ==
        "-ERR weight value is not a float\r\n");
  CHECK(f.run({"ZUNION", "2", "a", "b", "AGGREGATE", "AVG"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZUNION", "2", "a", "b", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZUNIONSTORE", "d", "0", "a"}) ==
        "-ERR at least 1 input key is needed for 'zunionstore' command\r\n");
  CHECK(f.run({"ZDIFF", "1", "a", "WITHSCORES"}) ==
        "*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZDIFF", "2", "missing", "a"}) == "*0\r\n");
  CHECK(f.run({"ZUNION", "9223372036854775807", "a"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZADD", "inf", "+inf", "m"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "ninf", "-inf", "m"}) == ":1\r\n");
  CHECK(f.run({"ZUNION", "2", "inf", "ninf", "WITHSCORES"}) == "*2\r\n$1\r\nm\r\n$1\r\n0\r\n");
  CHECK(f.run({"ZINTER", "2", "inf", "ninf", "WEIGHTS", "0", "1", "WITHSCORES"}) ==
        "*2\r\n$1\r\nm\r\n$4\r\n-inf\r\n");
}

TEST_CASE("zscan on a listpack zset", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "1", "a", "2", "b", "3", "ab"}) == ":3\r\n");
  CHECK(
      f.run({"ZSCAN", "z", "0"}) ==
      "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZSCAN", "z", "0", "MATCH", "a*"}) ==
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nab\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZSCAN", "z", "0", "COUNT", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"ZSCAN", "z", "x"}) == "-ERR invalid cursor\r\n");
  CHECK(f.run({"ZSCAN", "missing", "0"}) == "*2\r\n$1\r\n0\r\n*0\r\n");
}

TEST_CASE("zset encoding follows zset-max-listpack thresholds", "[commands][zset]") {
  CommandFixture f;
  CHECK(f.run({"ZADD", "z", "1", "a"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-entries", "3"}) == "+OK\r\n");
  CHECK(f.run({"ZADD", "z", "2", "b", "3", "c"}) == ":2\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"ZADD", "z", "4", "d"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZREM", "z", "a", "b", "c"}) == ":3\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) == "*2\r\n$1\r\nd\r\n$1\r\n4\r\n");
  CHECK(f.run({"ZADD", "z2", "1", "a", "2", "b", "3", "c", "4", "d"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z2"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZRANGE", "z2", "0", "-1", "WITHSCORES"}) ==
        "*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$"
        "1\r\n4\r\n");
  CHECK(f.run({"ZUNIONSTORE", "z3", "1", "z2"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z3"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZRANGESTORE", "z4", "z2", "0", "1"}) == ":2\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z4"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-entries", "128"}) == "+OK\r\n");
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-value", "8"}) == "+OK\r\n");
  CHECK(f.run({"ZADD", "v", "1", "12345678"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "v"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"ZADD", "v", "1", "123456789"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "v"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZINCRBY", "v2", "1", "123456789"}) == "$1\r\n1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "v2"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-value", "64"}) == "+OK\r\n");
  for (int i = 0; i < 128; ++i)
    f.run({"ZADD", "big", std::to_string(i), (std::string("m").append(std::to_string(i)))});
  CHECK(f.run({"OBJECT", "ENCODING", "big"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"ZADD", "big", "1000", "extra"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "big"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZCARD", "big"}) == ":129\r\n");
  CHECK(f.run({"ZRANK", "big", "m100"}) == ":100\r\n");
  CHECK(f.run({"ZSCORE", "big", "m77"}) == "$2\r\n77\r\n");
  CHECK(f.run({"ZRANGE", "big", "0", "2", "WITHSCORES"}) ==
        "*6\r\n$2\r\nm0\r\n$1\r\n0\r\n$2\r\nm1\r\n$1\r\n1\r\n$2\r\nm2\r\n$1\r\n2\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "big", "126", "(1000", "WITHSCORES"}) ==
        "*4\r\n$4\r\nm126\r\n$3\r\n126\r\n$4\r\nm127\r\n$3\r\n127\r\n");
  CHECK(f.run({"ZRANGE", "big", "-1", "-1"}) == "*1\r\n$5\r\nextra\r\n");
  CHECK(f.run({"ZREVRANK", "big", "m0"}) == ":128\r\n");
  CHECK(f.run({"ZCOUNT", "big", "10", "19"}) == ":10\r\n");
  CHECK(f.run({"ZREMRANGEBYSCORE", "big", "0", "99"}) == ":100\r\n");
  CHECK(f.run({"ZCARD", "big"}) == ":29\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "big"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"CONFIG", "SET", "zset-max-listpack-entries", "0"}) == "+OK\r\n");
  CHECK(f.run({"ZADD", "zero", "1", "a"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "zero"}) == "$8\r\nskiplist\r\n");
}

TEST_CASE("zset replies in resp3", "[commands][zset][resp3]") {
  CommandFixture f;
  f.run({"HELLO", "3"});
  CHECK(f.run({"ZADD", "z", "1", "a", "2.5", "b"}) == ":2\r\n");
  CHECK(f.run({"ZADD", "z", "INCR", "1", "a"}) == ",2\r\n");
  CHECK(f.run({"ZSCORE", "z", "b"}) == ",2.5\r\n");
  CHECK(f.run({"ZMSCORE", "z", "a", "nope"}) == "*2\r\n,2\r\n_\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
        "*2\r\n*2\r\n$1\r\na\r\n,2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "0", "1"}) ==
        "*1\r\n*2\r\n$1\r\na\r\n,2\r\n");
  CHECK(f.run({"ZINCRBY", "z", "0.5", "b"}) == ",3\r\n");
  CHECK(f.run({"ZPOPMIN", "z"}) == "*2\r\n$1\r\na\r\n,2\r\n");
  CHECK(f.run({"ZADD", "z", "5", "c"}) == ":1\r\n");
  CHECK(f.run({"ZPOPMAX", "z", "2"}) == "*2\r\n*2\r\n$1\r\nc\r\n,5\r\n*2\r\n$1\r\nb\r\n,3\r\n");
  CHECK(f.run({"ZADD", "z", "1", "x", "2", "y"}) == ":2\r\n");
  CHECK(f.run({"ZMPOP", "1", "z", "MIN", "COUNT", "2"}) ==
        "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,2\r\n");
  CHECK(f.run({"ZADD", "z", "+inf", "p", "-inf", "n"}) == ":2\r\n");
  CHECK(f.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) ==
        "*2\r\n*2\r\n$1\r\nn\r\n,-inf\r\n*2\r\n$1\r\np\r\n,inf\r\n");
  CHECK(f.run({"ZUNION", "1", "z", "WITHSCORES"}) ==
        "*2\r\n*2\r\n$1\r\nn\r\n,-inf\r\n*2\r\n$1\r\np\r\n,inf\r\n");
  CHECK(f.run({"ZRANK", "missing", "a"}) == "_\r\n");
  CHECK(f.run({"ZSCORE", "missing", "a"}) == "_\r\n");
  CHECK(f.run({"ZPOPMIN", "missing"}) == "*0\r\n");
}
