// In-process tests for the set family. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands, so these run (and hold Sable to Redis's bytes)
// on a machine without redis-server. Members of hashtable sets come back in an order Redis leaves
// unspecified, so those replies are compared as multisets.
#include "command_fixture.h"
#include "reply_util.h"

using sable::testing::CommandFixture;
using sable::testing::unordered;

TEST_CASE("sadd, srem, scard and membership", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SADD", "s", "3", "1", "2", "1"}) == ":3\r\n");
  CHECK(f.run({"SADD", "s", "2", "4"}) == ":1\r\n");
  CHECK(f.run({"SCARD", "s"}) == ":4\r\n");
  CHECK(f.run({"SCARD", "missing"}) == ":0\r\n");
  CHECK(f.run({"SMEMBERS", "s"}) == "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
  CHECK(f.run({"SMEMBERS", "missing"}) == "*0\r\n");
  CHECK(f.run({"SISMEMBER", "s", "1"}) == ":1\r\n");
  CHECK(f.run({"SISMEMBER", "s", "9"}) == ":0\r\n");
  CHECK(f.run({"SISMEMBER", "missing", "1"}) == ":0\r\n");
  CHECK(f.run({"SMISMEMBER", "s", "1", "9", "4"}) == "*3\r\n:1\r\n:0\r\n:1\r\n");
  CHECK(f.run({"SMISMEMBER", "missing", "a", "b"}) == "*2\r\n:0\r\n:0\r\n");
  CHECK(f.run({"SREM", "s", "1", "9", "1"}) == ":1\r\n");
  CHECK(f.run({"SREM", "missing", "a"}) == ":0\r\n");
  CHECK(f.run({"SMEMBERS", "s"}) == "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
  CHECK(f.run({"SADD", "s", "a"}) == ":1\r\n");
  CHECK(unordered(f.run({"SMEMBERS", "s"}), 1) ==
        unordered("*4\r\n$1\r\na\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n2\r\n", 1));
  CHECK(f.run({"SREM", "s", "2", "3", "4", "a"}) == ":4\r\n");
  CHECK(f.run({"EXISTS", "s"}) == ":0\r\n");
  CHECK(f.run({"TYPE", "s"}) == "+none\r\n");
}

TEST_CASE("set arity and wrongtype", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SADD", "s"}) == "-ERR wrong number of arguments for 'sadd' command\r\n");
  CHECK(f.run({"SREM", "s"}) == "-ERR wrong number of arguments for 'srem' command\r\n");
  CHECK(f.run({"SCARD"}) == "-ERR wrong number of arguments for 'scard' command\r\n");
  CHECK(f.run({"SISMEMBER", "s"}) == "-ERR wrong number of arguments for 'sismember' command\r\n");
  CHECK(f.run({"SMISMEMBER", "s"}) ==
        "-ERR wrong number of arguments for 'smismember' command\r\n");
  CHECK(f.run({"SMOVE", "s", "d"}) == "-ERR wrong number of arguments for 'smove' command\r\n");
  CHECK(f.run({"SPOP"}) == "-ERR wrong number of arguments for 'spop' command\r\n");
  CHECK(f.run({"SPOP", "s", "1", "2"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SRANDMEMBER"}) == "-ERR wrong number of arguments for 'srandmember' command\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "1", "2"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SINTERCARD"}) == "-ERR wrong number of arguments for 'sintercard' command\r\n");
  CHECK(f.run({"SINTERCARD", "1"}) ==
        "-ERR wrong number of arguments for 'sintercard' command\r\n");
  CHECK(f.run({"SSCAN", "s"}) == "-ERR wrong number of arguments for 'sscan' command\r\n");
  CHECK(f.run({"SET", "str", "x"}) == "+OK\r\n");
  CHECK(f.run({"SADD", "str", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SREM", "str", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SCARD", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SMEMBERS", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SISMEMBER", "str", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SMISMEMBER", "str", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SPOP", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SRANDMEMBER", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SINTER", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SUNION", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SDIFF", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SINTER", "missing", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SDIFF", "missing", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SINTERSTORE", "d", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SUNIONSTORE", "d", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SDIFFSTORE", "d", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SMOVE", "str", "d", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SADD", "s", "a"}) == ":1\r\n");
  CHECK(f.run({"SMOVE", "s", "str", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SINTERCARD", "1", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SSCAN", "str", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
}

TEST_CASE("spop and srandmember counts", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SPOP", "missing"}) == "$-1\r\n");
  CHECK(f.run({"SPOP", "missing", "3"}) == "*0\r\n");
  CHECK(f.run({"SRANDMEMBER", "missing"}) == "$-1\r\n");
  CHECK(f.run({"SRANDMEMBER", "missing", "3"}) == "*0\r\n");
  CHECK(f.run({"SRANDMEMBER", "missing", "-3"}) == "*0\r\n");
  CHECK(f.run({"SADD", "s", "a"}) == ":1\r\n");
  CHECK(f.run({"SRANDMEMBER", "s"}) == "$1\r\na\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "0"}) == "*0\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "5"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "-3"}) == "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "-9223372036854775808"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"SRANDMEMBER", "s", "9223372036854775807"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"SPOP", "s", "0"}) == "*0\r\n");
  CHECK(f.run({"SPOP", "s", "-1"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"SPOP", "s", "x"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"SPOP", "s", "-9223372036854775808"}) ==
        "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"SPOP", "s", "9223372036854775807"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"EXISTS", "s"}) == ":0\r\n");
  CHECK(f.run({"SADD", "s", "1", "2", "3"}) == ":3\r\n");
  CHECK(unordered(f.run({"SRANDMEMBER", "s", "3"}), 1) ==
        unordered("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n", 1));
  CHECK(unordered(f.run({"SRANDMEMBER", "s", "10"}), 1) ==
        unordered("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n", 1));
  CHECK(unordered(f.run({"SPOP", "s", "5"}), 1) ==
        unordered("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n", 1));
  CHECK(f.run({"EXISTS", "s"}) == ":0\r\n");
  CHECK(f.run({"SADD", "s", "a", "b", "c"}) == ":3\r\n");
  f.run({"SPOP", "s", "1"});
  CHECK(f.run({"SCARD", "s"}) == ":2\r\n");
  f.run({"SPOP", "s"});
  CHECK(f.run({"SCARD", "s"}) == ":1\r\n");
}

TEST_CASE("smove", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SADD", "a", "1", "2"}) == ":2\r\n");
  CHECK(f.run({"SMOVE", "a", "b", "1"}) == ":1\r\n");
  CHECK(f.run({"SMOVE", "a", "b", "1"}) == ":0\r\n");
  CHECK(f.run({"SMOVE", "missing", "b", "1"}) == ":0\r\n");
  CHECK(f.run({"SMOVE", "a", "a", "2"}) == ":1\r\n");
  CHECK(f.run({"SMOVE", "a", "b", "2"}) == ":1\r\n");
  CHECK(f.run({"EXISTS", "a"}) == ":0\r\n");
  CHECK(f.run({"SMEMBERS", "b"}) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"SADD", "c", "x"}) == ":1\r\n");
  CHECK(f.run({"SMOVE", "c", "b", "x"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "b"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"SMEMBERS", "b"}), 1) ==
        unordered("*3\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\n1\r\n", 1));
}

TEST_CASE("set algebra", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SADD", "a", "1", "2", "3", "4"}) == ":4\r\n");
  CHECK(f.run({"SADD", "b", "3", "4", "5"}) == ":3\r\n");
  CHECK(f.run({"SADD", "c", "4", "6"}) == ":2\r\n");
  CHECK(f.run({"SINTER", "a", "b"}) == "*2\r\n$1\r\n3\r\n$1\r\n4\r\n");
  CHECK(f.run({"SINTER", "a", "b", "c"}) == "*1\r\n$1\r\n4\r\n");
  CHECK(f.run({"SINTER", "a", "missing"}) == "*0\r\n");
  CHECK(f.run({"SINTER", "missing", "a"}) == "*0\r\n");
  CHECK(f.run({"SUNION", "a", "b"}) ==
        "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
  CHECK(f.run({"SUNION", "missing"}) == "*0\r\n");
  CHECK(f.run({"SDIFF", "a", "b"}) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"SDIFF", "a", "b", "c"}) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"SDIFF", "missing", "a"}) == "*0\r\n");
  CHECK(f.run({"SDIFF", "a", "missing"}) == "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
  CHECK(f.run({"SINTERSTORE", "d", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"SMEMBERS", "d"}) == "*2\r\n$1\r\n3\r\n$1\r\n4\r\n");
  CHECK(f.run({"SINTERSTORE", "d", "a", "missing"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "d"}) == ":0\r\n");
  CHECK(f.run({"SUNIONSTORE", "d", "a", "b", "c"}) == ":6\r\n");
  CHECK(f.run({"SMEMBERS", "d"}) ==
        "*6\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "d"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SDIFFSTORE", "d", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"SMEMBERS", "d"}) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"SDIFFSTORE", "d", "b", "b"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "d"}) == ":0\r\n");
  CHECK(f.run({"SET", "str", "x"}) == "+OK\r\n");
  CHECK(f.run({"SINTERSTORE", "str", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"TYPE", "str"}) == "+set\r\n");
  CHECK(f.run({"SINTERCARD", "2", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"SINTERCARD", "2", "a", "b", "LIMIT", "1"}) == ":1\r\n");
  CHECK(f.run({"SINTERCARD", "2", "a", "b", "LIMIT", "0"}) == ":2\r\n");
  CHECK(f.run({"SINTERCARD", "2", "a", "missing"}) == ":0\r\n");
  CHECK(f.run({"SINTERCARD", "2", "a", "b", "LIMIT", "-1"}) == "-ERR LIMIT can't be negative\r\n");
  CHECK(f.run({"SINTERCARD", "2", "a", "b", "LIMIT", "x"}) == "-ERR LIMIT can't be negative\r\n");
  CHECK(f.run({"SINTERCARD", "0", "a"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"SINTERCARD", "-1", "a"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"SINTERCARD", "3", "a", "b"}) ==
        "-ERR Number of keys can't be greater than number of args\r\n");
  CHECK(f.run({"SINTERCARD", "1", "a", "FOO", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SINTERCARD", "9223372036854775807", "a"}) ==
        "-ERR Number of keys can't be greater than number of args\r\n");
  CHECK(f.run({"SINTERCARD", "1", "a", "LIMIT", "9223372036854775807"}) == ":4\r\n");
  CHECK(f.run({"SADD", "w", "x", "y"}) == ":2\r\n");
  CHECK(unordered(f.run({"SUNION", "a", "w"}), 1) ==
        unordered("*6\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n4\r\n$1\r\nx\r\n$1\r\n3\r\n$1\r\ny\r\n", 1));
  CHECK(unordered(f.run({"SDIFF", "w", "a"}), 1) == unordered("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", 1));
  CHECK(f.run({"SINTER", "a", "w"}) == "*0\r\n");
}

TEST_CASE("sscan on an intset", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SADD", "s", "1", "2", "3", "10", "20"}) == ":5\r\n");
  CHECK(f.run({"SSCAN", "s", "0"}) ==
        "*2\r\n$1\r\n0\r\n*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n20\r\n");
  CHECK(f.run({"SSCAN", "s", "0", "MATCH", "1*"}) ==
        "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$2\r\n10\r\n");
  CHECK(f.run({"SSCAN", "s", "0", "COUNT", "1"}) ==
        "*2\r\n$1\r\n0\r\n*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n20\r\n");
  CHECK(f.run({"SSCAN", "s", "0", "COUNT", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SSCAN", "s", "abc"}) == "-ERR invalid cursor\r\n");
  CHECK(f.run({"SSCAN", "missing", "0"}) == "*2\r\n$1\r\n0\r\n*0\r\n");
  CHECK(f.run({"SSCAN", "s", "0", "MATCH"}) == "-ERR syntax error\r\n");
}

TEST_CASE("set encoding follows set-max-intset-entries", "[commands][set]") {
  CommandFixture f;
  CHECK(f.run({"SADD", "s", "1", "2", "3"}) == ":3\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SADD", "s", "-9223372036854775808", "9223372036854775807"}) == ":2\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SMEMBERS", "s"}) ==
        "*5\r\n$20\r\n-9223372036854775808\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$19\r\n"
        "9223372036854775807\r\n");
  CHECK(f.run({"SADD", "s", "9223372036854775808"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SREM", "s", "9223372036854775808"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SADD", "t", "01"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "t"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SADD", "u", " 1"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "u"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SADD", "v", "-0"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "v"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SADD", "w", "1.0"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "w"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"CONFIG", "SET", "set-max-intset-entries", "4"}) == "+OK\r\n");
  CHECK(f.run({"SADD", "i", "1", "2", "3", "4"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "i"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SADD", "i", "5"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "i"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"SMEMBERS", "i"}), 1) ==
        unordered("*5\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n5\r\n$1\r\n1\r\n", 1));
  CHECK(f.run({"SINTERSTORE", "j", "i", "i"}) == ":5\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "j"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"CONFIG", "SET", "set-max-intset-entries", "512"}) == "+OK\r\n");
  for (int i = 0; i < 512; ++i) f.run({"SADD", "big", std::to_string(i)});
  CHECK(f.run({"OBJECT", "ENCODING", "big"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SADD", "big", "512"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "big"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SCARD", "big"}) == ":513\r\n");
  CHECK(f.run({"SISMEMBER", "big", "300"}) == ":1\r\n");
  CHECK(f.run({"SREM", "big", "0", "1", "2"}) == ":3\r\n");
  CHECK(f.run({"SCARD", "big"}) == ":510\r\n");
  CHECK(f.run({"SINTERCARD", "2", "big", "big", "LIMIT", "10"}) == ":10\r\n");
  CHECK(f.run({"SADD", "dup", "5", "3", "5", "1"}) == ":3\r\n");
  CHECK(f.run({"SMEMBERS", "dup"}) == "*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n");
  CHECK(f.run({"SUNIONSTORE", "dst", "dup"}) == ":3\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "dst"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SMEMBERS", "dst"}) == "*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n");
}

TEST_CASE("set replies in resp3", "[commands][set][resp3]") {
  CommandFixture f;
  f.run({"HELLO", "3"});
  CHECK(f.run({"SADD", "s", "1", "2", "3"}) == ":3\r\n");
  CHECK(f.run({"SMEMBERS", "s"}) == "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"SMEMBERS", "missing"}) == "~0\r\n");
  CHECK(f.run({"SINTER", "s", "s"}) == "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"SUNION", "s", "missing"}) == "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"SDIFF", "s", "missing"}) == "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"SMISMEMBER", "s", "1", "9"}) == "*2\r\n:1\r\n:0\r\n");
  CHECK(f.run({"SPOP", "missing"}) == "_\r\n");
  CHECK(f.run({"SRANDMEMBER", "missing"}) == "_\r\n");
  CHECK(f.run({"SSCAN", "s", "0"}) == "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
}
