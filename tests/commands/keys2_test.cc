// More in-process tests for the generic keys family (keys_test.cc covers TTL arithmetic). Every
// expected reply was captured from a real redis-server 7.0.15 sent the same commands.
#include "command_fixture.h"
#include "reply_util.h"

using sable::testing::CommandFixture;
using sable::testing::unordered;

TEST_CASE("del, exists, type and touch", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"SET", "a", "1"}) == "+OK\r\n");
  CHECK(f.run({"RPUSH", "l", "x"}) == ":1\r\n");
  CHECK(f.run({"SADD", "s", "m"}) == ":1\r\n");
  CHECK(f.run({"ZADD", "z", "1", "m"}) == ":1\r\n");
  CHECK(f.run({"HSET", "h", "f", "v"}) == ":1\r\n");
  CHECK(f.run({"TYPE", "a"}) == "+string\r\n");
  CHECK(f.run({"TYPE", "l"}) == "+list\r\n");
  CHECK(f.run({"TYPE", "s"}) == "+set\r\n");
  CHECK(f.run({"TYPE", "z"}) == "+zset\r\n");
  CHECK(f.run({"TYPE", "h"}) == "+hash\r\n");
  CHECK(f.run({"TYPE", "missing"}) == "+none\r\n");
  CHECK(f.run({"EXISTS", "a", "a", "missing", "l"}) == ":3\r\n");
  CHECK(f.run({"DEL", "a", "missing", "a"}) == ":1\r\n");
  CHECK(f.run({"UNLINK", "l", "missing"}) == ":1\r\n");
  CHECK(f.run({"TOUCH", "s", "z", "missing"}) == ":2\r\n");
  CHECK(f.run({"DEL"}) == "-ERR wrong number of arguments for 'del' command\r\n");
  CHECK(f.run({"EXISTS"}) == "-ERR wrong number of arguments for 'exists' command\r\n");
  CHECK(f.run({"TYPE"}) == "-ERR wrong number of arguments for 'type' command\r\n");
  CHECK(f.run({"TYPE", "a", "b"}) == "-ERR wrong number of arguments for 'type' command\r\n");
}

TEST_CASE("rename and renamenx", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"SET", "a", "1"}) == "+OK\r\n");
  CHECK(f.run({"RENAME", "a", "b"}) == "+OK\r\n");
  CHECK(f.run({"GET", "b"}) == "$1\r\n1\r\n");
  CHECK(f.run({"RENAME", "missing", "c"}) == "-ERR no such key\r\n");
  CHECK(f.run({"RENAMENX", "missing", "c"}) == "-ERR no such key\r\n");
  CHECK(f.run({"SET", "c", "2"}) == "+OK\r\n");
  CHECK(f.run({"RENAMENX", "b", "c"}) == ":0\r\n");
  CHECK(f.run({"RENAMENX", "b", "d"}) == ":1\r\n");
  CHECK(f.run({"RENAME", "d", "d"}) == "+OK\r\n");
  CHECK(f.run({"RENAMENX", "d", "d"}) == ":0\r\n");
  CHECK(f.run({"RENAME", "missing", "missing"}) == "-ERR no such key\r\n");
  CHECK(f.run({"EXPIRE", "d", "100"}) == ":1\r\n");
  CHECK(f.run({"RENAME", "d", "e"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "e"}) == ":100\r\n");
  CHECK(f.run({"RPUSH", "l", "x"}) == ":1\r\n");
  CHECK(f.run({"RENAME", "l", "e"}) == "+OK\r\n");
  CHECK(f.run({"TYPE", "e"}) == "+list\r\n");
  CHECK(f.run({"RENAME", "a"}) == "-ERR wrong number of arguments for 'rename' command\r\n");
  CHECK(f.run({"RENAMENX", "a"}) == "-ERR wrong number of arguments for 'renamenx' command\r\n");
}

TEST_CASE("copy and move", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"SET", "a", "1"}) == "+OK\r\n");
  CHECK(f.run({"COPY", "a", "b"}) == ":1\r\n");
  CHECK(f.run({"COPY", "a", "b"}) == ":0\r\n");
  CHECK(f.run({"COPY", "a", "b", "REPLACE"}) == ":1\r\n");
  CHECK(f.run({"COPY", "missing", "b"}) == ":0\r\n");
  CHECK(f.run({"COPY", "a", "a"}) == "-ERR source and destination objects are the same\r\n");
  CHECK(f.run({"COPY", "a", "c", "DB", "1"}) == ":1\r\n");
  CHECK(f.run({"COPY", "a", "c", "DB", "16"}) == "-ERR DB index is out of range\r\n");
  CHECK(f.run({"COPY", "a", "c", "DB", "-1"}) == "-ERR DB index is out of range\r\n");
  CHECK(f.run({"COPY", "a", "c", "DB", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"COPY", "a", "c", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"MOVE", "a", "1"}) == ":1\r\n");
  CHECK(f.run({"MOVE", "a", "0"}) == "-ERR source and destination objects are the same\r\n");
  CHECK(f.run({"MOVE", "missing", "1"}) == ":0\r\n");
  CHECK(f.run({"MOVE", "a", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"MOVE", "a", "16"}) == "-ERR DB index is out of range\r\n");
  CHECK(f.run({"SELECT", "1"}) == "+OK\r\n");
  CHECK(f.run({"EXISTS", "a", "c"}) == ":2\r\n");
  CHECK(f.run({"MOVE", "a", "0"}) == ":1\r\n");
  CHECK(f.run({"SELECT", "0"}) == "+OK\r\n");
  CHECK(f.run({"EXISTS", "a"}) == ":1\r\n");
  CHECK(f.run({"SADD", "s", "1", "2"}) == ":2\r\n");
  CHECK(f.run({"COPY", "s", "s2"}) == ":1\r\n");
  CHECK(f.run({"SMEMBERS", "s2"}) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s2"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"HSET", "h", "f", "v"}) == ":1\r\n");
  CHECK(f.run({"COPY", "h", "h2"}) == ":1\r\n");
  CHECK(f.run({"HGETALL", "h2"}) == "*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
  CHECK(f.run({"ZADD", "z", "1", "m"}) == ":1\r\n");
  CHECK(f.run({"COPY", "z", "z2"}) == ":1\r\n");
  CHECK(f.run({"ZRANGE", "z2", "0", "-1", "WITHSCORES"}) == "*2\r\n$1\r\nm\r\n$1\r\n1\r\n");
  CHECK(f.run({"RPUSH", "l", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"COPY", "l", "l2"}) == ":1\r\n");
  CHECK(f.run({"LRANGE", "l2", "0", "-1"}) == "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
}

TEST_CASE("keys, scan and dbsize", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"MSET", "one", "1", "two", "2", "three", "3", "four", "4"}) == "+OK\r\n");
  CHECK(f.run({"RPUSH", "list", "x"}) == ":1\r\n");
  CHECK(f.run({"DBSIZE"}) == ":5\r\n");
  CHECK(f.run({"KEYS", "missing*"}) == "*0\r\n");
  CHECK(unordered(f.run({"KEYS", "t[wh]*"}), 1) ==
        unordered("*2\r\n$5\r\nthree\r\n$3\r\ntwo\r\n", 1));
  CHECK(f.run({"KEYS", "f?ur"}) == "*1\r\n$4\r\nfour\r\n");
  CHECK(unordered(f.run({"KEYS", "*e"}), 1) == unordered("*2\r\n$3\r\none\r\n$5\r\nthree\r\n", 1));
  CHECK(f.run({"SCAN", "0", "MATCH", "nomatch", "COUNT", "100"}) == "*2\r\n$1\r\n0\r\n*0\r\n");
  CHECK(f.run({"SCAN", "0", "TYPE", "list"}) == "*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlist\r\n");
  CHECK(f.run({"SCAN", "0", "TYPE", "hash"}) == "*2\r\n$1\r\n0\r\n*0\r\n");
  CHECK(f.run({"SCAN", "0", "TYPE", "nosuchtype"}) == "*2\r\n$1\r\n0\r\n*0\r\n");
  CHECK(f.run({"SCAN", "x"}) == "-ERR invalid cursor\r\n");
  CHECK(f.run({"SCAN", "0", "COUNT", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SCAN", "0", "COUNT", "-1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SCAN", "0", "MATCH"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SCAN", "0", "FOO", "bar"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SCAN", "18446744073709551616"}) == "-ERR invalid cursor\r\n");
  CHECK(f.run({"FLUSHDB"}) == "+OK\r\n");
  CHECK(f.run({"DBSIZE"}) == ":0\r\n");
  CHECK(f.run({"FLUSHDB", "ASYNC"}) == "+OK\r\n");
  CHECK(f.run({"FLUSHDB", "SYNC"}) == "+OK\r\n");
  CHECK(f.run({"FLUSHDB", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"FLUSHALL", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"RANDOMKEY"}) == "$-1\r\n");
  CHECK(f.run({"SET", "only", "1"}) == "+OK\r\n");
  CHECK(f.run({"RANDOMKEY"}) == "$4\r\nonly\r\n");
}

TEST_CASE("object subcommands", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "missing"}) == "$-1\r\n");
  CHECK(f.run({"OBJECT", "REFCOUNT", "missing"}) == "$-1\r\n");
  CHECK(f.run({"OBJECT", "IDLETIME", "missing"}) == "$-1\r\n");
  CHECK(f.run({"OBJECT", "FREQ", "k"}) ==
        "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
        "that when switching between policies at runtime LRU and LFU data will take some time to "
        "adjust.\r\n");
  CHECK(f.run({"OBJECT", "FOO", "k"}) == "-ERR unknown subcommand 'FOO'. Try OBJECT HELP.\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k", "extra"}) ==
        "-ERR wrong number of arguments for 'object|encoding' command\r\n");
  CHECK(f.run({"OBJECT"}) == "-ERR wrong number of arguments for 'object' command\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "l"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"SADD", "s", "1"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"ZADD", "z", "1", "a"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "z"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HSET", "h", "f", "v"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$8\r\nlistpack\r\n");
}

TEST_CASE("expire errors and persist", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"EXPIRE", "k", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"EXPIRE", "k", "1.5"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"EXPIRE", "k", "100", "FOO"}) == "-ERR Unsupported option FOO\r\n");
  CHECK(f.run({"PEXPIRE", "k", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"EXPIREAT", "k", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"PEXPIREAT", "k", "1.5"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"EXPIRE", "missing", "100"}) == ":0\r\n");
  CHECK(f.run({"PERSIST", "missing"}) == ":0\r\n");
  CHECK(f.run({"PERSIST", "k"}) == ":0\r\n");
  CHECK(f.run({"EXPIRE", "k", "100"}) == ":1\r\n");
  CHECK(f.run({"PERSIST", "k"}) == ":1\r\n");
  CHECK(f.run({"TTL", "k"}) == ":-1\r\n");
  CHECK(f.run({"TTL", "missing"}) == ":-2\r\n");
  CHECK(f.run({"PTTL", "missing"}) == ":-2\r\n");
  CHECK(f.run({"EXPIRETIME", "k"}) == ":-1\r\n");
  CHECK(f.run({"EXPIRETIME", "missing"}) == ":-2\r\n");
  CHECK(f.run({"PEXPIRETIME", "missing"}) == ":-2\r\n");
  CHECK(f.run({"EXPIRE", "k", "-9223372036854775808"}) ==
        "-ERR invalid expire time in 'expire' command\r\n");
  CHECK(f.run({"EXPIRE", "k", "0"}) == ":1\r\n");
  CHECK(f.run({"EXISTS", "k"}) == ":0\r\n");
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"PEXPIRE", "k", "-9223372036854775808"}) == ":1\r\n");
  CHECK(f.run({"EXISTS", "k"}) == ":0\r\n");
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"EXPIREAT", "k", "-1"}) == ":1\r\n");
  CHECK(f.run({"EXISTS", "k"}) == ":0\r\n");
  CHECK(f.run({"EXPIRE"}) == "-ERR wrong number of arguments for 'expire' command\r\n");
  CHECK(f.run({"TTL"}) == "-ERR wrong number of arguments for 'ttl' command\r\n");
}

TEST_CASE("sort", "[commands][keys]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "l", "3", "1", "2", "10"}) == ":4\r\n");
  CHECK(f.run({"SORT", "l"}) == "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
  CHECK(f.run({"SORT", "l", "DESC"}) == "*4\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n");
  CHECK(f.run({"SORT", "l", "ALPHA"}) == "*4\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"SORT", "l", "LIMIT", "1", "2"}) == "*2\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"SORT", "l", "LIMIT", "1", "-1"}) == "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
  CHECK(f.run({"SORT", "l", "LIMIT", "-1", "2"}) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"SORT", "l", "LIMIT", "x", "1"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SORT", "l", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"RPUSH", "s", "b", "a", "c"}) == ":3\r\n");
  CHECK(f.run({"SORT", "s"}) == "-ERR One or more scores can't be converted into double\r\n");
  CHECK(f.run({"SORT", "s", "ALPHA", "DESC"}) == "*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n");
  CHECK(f.run({"MSET", "w_1", "30", "w_2", "10", "w_3", "20", "w_10", "0"}) == "+OK\r\n");
  CHECK(f.run({"SORT", "l", "BY", "w_*"}) == "*4\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n1\r\n");
  CHECK(
      f.run({"SORT", "l", "BY", "w_*", "GET", "#", "GET", "w_*"}) ==
      "*8\r\n$2\r\n10\r\n$1\r\n0\r\n$1\r\n2\r\n$2\r\n10\r\n$1\r\n3\r\n$2\r\n20\r\n$1\r\n1\r\n$2\r\n"
      "30\r\n");
  CHECK(f.run({"SORT", "l", "BY", "nosort"}) ==
        "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n");
  CHECK(f.run({"SORT", "l", "STORE", "dst"}) == ":4\r\n");
  CHECK(f.run({"LRANGE", "dst", "0", "-1"}) ==
        "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
  CHECK(f.run({"SORT", "missing"}) == "*0\r\n");
  CHECK(f.run({"SORT", "missing", "STORE", "dst"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "dst"}) == ":0\r\n");
  CHECK(f.run({"SET", "str", "x"}) == "+OK\r\n");
  CHECK(f.run({"SORT", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SORT_RO", "l", "STORE", "d"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SORT_RO", "l", "DESC"}) == "*4\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n");
  CHECK(f.run({"HSET", "h1", "f", "3"}) == ":1\r\n");
  CHECK(f.run({"HSET", "h2", "f", "1"}) == ":1\r\n");
  CHECK(f.run({"RPUSH", "hl", "1", "2"}) == ":2\r\n");
  CHECK(f.run({"SORT", "hl", "BY", "h*->f", "GET", "h*->f"}) == "*2\r\n$1\r\n1\r\n$1\r\n3\r\n");
  CHECK(f.run({"ZADD", "z", "3", "a", "1", "b", "2", "c"}) == ":3\r\n");
  CHECK(f.run({"SORT", "z", "ALPHA"}) == "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"SORT", "z", "BY", "nosort"}) == "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n");
}

// Which error wins when several arguments are wrong, captured from redis-server 7.0.15.
TEST_CASE("keys, SORT and SCAN argument precedence", "[commands][keys]") {
  CommandFixture f;
  const std::string syntax = "-ERR syntax error\r\n";
  const std::string not_int = "-ERR value is not an integer or out of range\r\n";
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"RPUSH", "l", "3", "1", "2"}) == ":3\r\n");
  CHECK(f.run({"SORT", "l", "LIMIT", "x"}) == syntax);  // LIMIT needs two arguments
  CHECK(f.run({"SORT", "l", "LIMIT", "1", "x"}) == not_int);
  CHECK(f.run({"SORT_RO", "l", "STORE", "d"}) == syntax);
  CHECK(f.run({"EXPIRE", "k", "10", "NX", "XX", "FOO"}) == "-ERR Unsupported option FOO\r\n");
  CHECK(f.run({"EXPIRE", "k", "x", "FOO"}) == "-ERR Unsupported option FOO\r\n");
  CHECK(f.run({"EXPIRE", "k", "x", "NX", "XX"}) ==
        "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
  CHECK(f.run({"COPY", "k", "d", "DB", "x", "FOO"}) == not_int);
  CHECK(f.run({"COPY", "k", "d", "DB", "99", "FOO"}) == "-ERR DB index is out of range\r\n");
  CHECK(f.run({"COPY", "k", "d", "FOO", "DB", "x"}) == syntax);
  CHECK(f.run({"SWAPDB", "x", "y"}) == "-ERR invalid first DB index\r\n");
  CHECK(f.run({"SWAPDB", "0", "4294967296"}) == "-ERR invalid second DB index\r\n");
  CHECK(f.run({"MOVE", "k", "4294967296"}) ==
        "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
  CHECK(f.run({"SCAN", "0", "COUNT", "x", "FOO"}) == not_int);
  CHECK(f.run({"SCAN", "0", "COUNT"}) == syntax);
  CHECK(f.run({"SCAN", "0", "COUNT", "0"}) == syntax);
  CHECK(f.run({"SET", "k", "v", "EX", "10", "PX", "x"}) == syntax);
  CHECK(f.run({"SET", "k", "v", "EX", "x", "PX", "10"}) == syntax);
  CHECK(f.run({"GETEX", "k", "PERSIST", "EX", "10"}) == syntax);
  CHECK(f.run({"FLUSHDB", "ASYNC", "x"}) == syntax);
  CHECK(f.run({"FLUSHDB", "FOO"}) == syntax);
}
