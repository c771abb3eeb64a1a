// In-process tests for the list family. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands, so these run (and hold Sable to Redis's bytes)
// on a machine without redis-server.
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("push, pop, range and index", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "l", "a", "b", "c"}) == ":3\r\n");
  CHECK(f.run({"LPUSH", "l", "z", "y"}) == ":5\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*5\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"LLEN", "l"}) == ":5\r\n");
  CHECK(f.run({"LLEN", "missing"}) == ":0\r\n");
  CHECK(f.run({"LINDEX", "l", "0"}) == "$1\r\ny\r\n");
  CHECK(f.run({"LINDEX", "l", "-1"}) == "$1\r\nc\r\n");
  CHECK(f.run({"LINDEX", "l", "5"}) == "$-1\r\n");
  CHECK(f.run({"LINDEX", "l", "-6"}) == "$-1\r\n");
  CHECK(f.run({"LINDEX", "missing", "0"}) == "$-1\r\n");
  CHECK(f.run({"LRANGE", "l", "1", "2"}) == "*2\r\n$1\r\nz\r\n$1\r\na\r\n");
  CHECK(f.run({"LRANGE", "l", "-2", "-1"}) == "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"LRANGE", "l", "-100", "100"}) ==
        "*5\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"LRANGE", "l", "3", "1"}) == "*0\r\n");
  CHECK(f.run({"LRANGE", "l", "5", "10"}) == "*0\r\n");
  CHECK(f.run({"LRANGE", "missing", "0", "-1"}) == "*0\r\n");
  CHECK(f.run({"LRANGE", "l", "-9223372036854775808", "9223372036854775807"}) ==
        "*5\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"LPOP", "l"}) == "$1\r\ny\r\n");
  CHECK(f.run({"RPOP", "l"}) == "$1\r\nc\r\n");
  CHECK(f.run({"LPOP", "l", "2"}) == "*2\r\n$1\r\nz\r\n$1\r\na\r\n");
  CHECK(f.run({"RPOP", "l", "0"}) == "*0\r\n");
  CHECK(f.run({"LPOP", "l", "10"}) == "*1\r\n$1\r\nb\r\n");
  CHECK(f.run({"EXISTS", "l"}) == ":0\r\n");
  CHECK(f.run({"LPOP", "missing"}) == "$-1\r\n");
  CHECK(f.run({"LPOP", "missing", "2"}) == "*-1\r\n");
  CHECK(f.run({"RPOP", "missing", "0"}) == "*-1\r\n");
  CHECK(f.run({"LPUSHX", "missing", "a"}) == ":0\r\n");
  CHECK(f.run({"RPUSHX", "missing", "a"}) == ":0\r\n");
  CHECK(f.run({"RPUSH", "l", "1"}) == ":1\r\n");
  CHECK(f.run({"LPUSHX", "l", "0", "-1"}) == ":3\r\n");
  CHECK(f.run({"RPUSHX", "l", "2", "3"}) == ":5\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*5\r\n$2\r\n-1\r\n$1\r\n0\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
}

TEST_CASE("list argument errors", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "l", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"LPOP", "l", "-1"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"LPOP", "l", "x"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"LPOP", "l", "1", "2"}) == "-ERR wrong number of arguments for 'lpop' command\r\n");
  CHECK(f.run({"RPOP", "l", "-9223372036854775808"}) ==
        "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"LRANGE", "l", "a", "1"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "1.5"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LINDEX", "l", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LSET", "l", "5", "x"}) == "-ERR index out of range\r\n");
  CHECK(f.run({"LSET", "l", "-3", "x"}) == "-ERR index out of range\r\n");
  CHECK(f.run({"LSET", "l", "x", "y"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LSET", "missing", "0", "x"}) == "-ERR no such key\r\n");
  CHECK(f.run({"LSET", "l", "1", "B"}) == "+OK\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) == "*2\r\n$1\r\na\r\n$1\r\nB\r\n");
  CHECK(f.run({"LPUSH", "l"}) == "-ERR wrong number of arguments for 'lpush' command\r\n");
  CHECK(f.run({"RPUSH"}) == "-ERR wrong number of arguments for 'rpush' command\r\n");
  CHECK(f.run({"LRANGE", "l", "0"}) == "-ERR wrong number of arguments for 'lrange' command\r\n");
  CHECK(f.run({"LINSERT", "l", "BEFORE", "a"}) ==
        "-ERR wrong number of arguments for 'linsert' command\r\n");
  CHECK(f.run({"LINSERT", "l", "MIDDLE", "a", "x"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LINSERT", "l", "BEFORE", "nope", "x"}) == ":-1\r\n");
  CHECK(f.run({"LINSERT", "missing", "AFTER", "a", "x"}) == ":0\r\n");
  CHECK(f.run({"LINSERT", "l", "after", "a", "x"}) == ":3\r\n");
  CHECK(f.run({"LREM", "l", "x", "a"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LREM", "l", "0"}) == "-ERR wrong number of arguments for 'lrem' command\r\n");
  CHECK(f.run({"LTRIM", "l", "0"}) == "-ERR wrong number of arguments for 'ltrim' command\r\n");
  CHECK(f.run({"LTRIM", "l", "x", "1"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "0"}) ==
        "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
        "use negative to start from the end of the list\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "-9223372036854775808"}) == ":0\r\n");
  CHECK(f.run({"LPOS", "l", "a", "COUNT", "-1"}) == "-ERR COUNT can't be negative\r\n");
  CHECK(f.run({"LPOS", "l", "a", "MAXLEN", "-1"}) == "-ERR MAXLEN can't be negative\r\n");
  CHECK(f.run({"LPOS", "l", "a", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LMOVE", "l", "l2", "UP", "LEFT"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LMOVE", "l", "l2", "LEFT"}) ==
        "-ERR wrong number of arguments for 'lmove' command\r\n");
  CHECK(f.run({"RPOPLPUSH", "l"}) == "-ERR wrong number of arguments for 'rpoplpush' command\r\n");
  CHECK(f.run({"LMPOP", "0", "LEFT", "l"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"LMPOP", "1", "l"}) == "-ERR wrong number of arguments for 'lmpop' command\r\n");
  CHECK(f.run({"LMPOP", "1", "l", "MIDDLE"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LMPOP", "1", "l", "LEFT", "COUNT", "0"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"LMPOP", "1", "l", "LEFT", "COUNT", "-1"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"LMPOP", "2", "l", "LEFT"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LMPOP", "x", "l", "LEFT"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"LMPOP", "-1", "l", "LEFT"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LMPOP", "1", "l", "LEFT", "FOO"}) == "-ERR syntax error\r\n");
}

TEST_CASE("list wrongtype", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"SET", "s", "x"}) == "+OK\r\n");
  CHECK(f.run({"LPUSH", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"RPUSH", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LPUSHX", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"RPUSHX", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LPOP", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"RPOP", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LLEN", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LRANGE", "s", "0", "-1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LINDEX", "s", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LSET", "s", "0", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LINSERT", "s", "BEFORE", "a", "b"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LREM", "s", "0", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LTRIM", "s", "0", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LPOS", "s", "a"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LMOVE", "s", "d", "LEFT", "LEFT"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"LMOVE", "l", "s", "LEFT", "LEFT"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"RPOPLPUSH", "l", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"LMPOP", "2", "missing", "s", "LEFT"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"LMPOP", "2", "l", "s", "LEFT"}) == "*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n");
}

TEST_CASE("linsert, lrem, ltrim and lpos", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "l", "a", "b", "a", "c", "a", "d"}) == ":6\r\n");
  CHECK(f.run({"LINSERT", "l", "BEFORE", "a", "x"}) == ":7\r\n");
  CHECK(f.run({"LINSERT", "l", "AFTER", "d", "y"}) == ":8\r\n");
  CHECK(f.run({"LINSERT", "l", "AFTER", "b", "z"}) == ":9\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*9\r\n$1\r\nx\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\na\r\n$"
        "1\r\nd\r\n"
        "$1\r\ny\r\n");
  CHECK(f.run({"LREM", "l", "2", "a"}) == ":2\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*7\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ny\r\n");
  CHECK(f.run({"RPUSH", "l", "a", "a"}) == ":9\r\n");
  CHECK(f.run({"LREM", "l", "-1", "a"}) == ":1\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*8\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ny\r\n$"
        "1\r\na\r\n");
  CHECK(f.run({"LREM", "l", "0", "a"}) == ":2\r\n");
  CHECK(f.run({"LREM", "l", "0", "nope"}) == ":0\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*6\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ny\r\n");
  CHECK(f.run({"DEL", "l"}) == ":1\r\n");
  CHECK(f.run({"RPUSH", "l", "a", "b", "c", "a", "b", "c", "a"}) == ":7\r\n");
  CHECK(f.run({"LPOS", "l", "a"}) == ":0\r\n");
  CHECK(f.run({"LPOS", "l", "c"}) == ":2\r\n");
  CHECK(f.run({"LPOS", "l", "nope"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "missing", "a"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "2"}) == ":3\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "-1"}) == ":6\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "-2"}) == ":3\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "9"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "l", "a", "COUNT", "0"}) == "*3\r\n:0\r\n:3\r\n:6\r\n");
  CHECK(f.run({"LPOS", "l", "a", "COUNT", "2"}) == "*2\r\n:0\r\n:3\r\n");
  CHECK(f.run({"LPOS", "l", "a", "COUNT", "2", "RANK", "-1"}) == "*2\r\n:6\r\n:3\r\n");
  CHECK(f.run({"LPOS", "l", "a", "COUNT", "0", "MAXLEN", "4"}) == "*2\r\n:0\r\n:3\r\n");
  CHECK(f.run({"LPOS", "l", "c", "MAXLEN", "2"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "l", "nope", "COUNT", "0"}) == "*0\r\n");
  CHECK(f.run({"LPOS", "missing", "a", "COUNT", "0"}) == "*0\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "9223372036854775807"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "l", "a", "RANK", "-9223372036854775807"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "l", "a", "COUNT", "9223372036854775807"}) == "*3\r\n:0\r\n:3\r\n:6\r\n");
  CHECK(f.run({"LTRIM", "l", "1", "-2"}) == "+OK\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) ==
        "*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"LTRIM", "l", "2", "1"}) == "+OK\r\n");
  CHECK(f.run({"EXISTS", "l"}) == ":0\r\n");
  CHECK(f.run({"RPUSH", "l", "a", "b", "c"}) == ":3\r\n");
  CHECK(f.run({"LTRIM", "l", "-100", "100"}) == "+OK\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) == "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  CHECK(f.run({"LTRIM", "l", "-9223372036854775808", "9223372036854775807"}) == "+OK\r\n");
  CHECK(f.run({"LLEN", "l"}) == ":3\r\n");
  CHECK(f.run({"LTRIM", "missing", "0", "1"}) == "+OK\r\n");
}

TEST_CASE("lmove, rpoplpush and lmpop", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "src", "a", "b", "c"}) == ":3\r\n");
  CHECK(f.run({"LMOVE", "src", "dst", "LEFT", "RIGHT"}) == "$1\r\na\r\n");
  CHECK(f.run({"LMOVE", "src", "dst", "RIGHT", "LEFT"}) == "$1\r\nc\r\n");
  CHECK(f.run({"LRANGE", "dst", "0", "-1"}) == "*2\r\n$1\r\nc\r\n$1\r\na\r\n");
  CHECK(f.run({"LRANGE", "src", "0", "-1"}) == "*1\r\n$1\r\nb\r\n");
  CHECK(f.run({"LMOVE", "src", "src", "LEFT", "RIGHT"}) == "$1\r\nb\r\n");
  CHECK(f.run({"RPOPLPUSH", "src", "dst"}) == "$1\r\nb\r\n");
  CHECK(f.run({"EXISTS", "src"}) == ":0\r\n");
  CHECK(f.run({"LRANGE", "dst", "0", "-1"}) == "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n");
  CHECK(f.run({"RPOPLPUSH", "missing", "dst"}) == "$-1\r\n");
  CHECK(f.run({"LMOVE", "missing", "dst", "LEFT", "LEFT"}) == "$-1\r\n");
  CHECK(f.run({"RPUSH", "l1", "1", "2", "3"}) == ":3\r\n");
  CHECK(f.run({"RPUSH", "l2", "x"}) == ":1\r\n");
  CHECK(f.run({"LMPOP", "2", "missing", "l1", "LEFT"}) == "*2\r\n$2\r\nl1\r\n*1\r\n$1\r\n1\r\n");
  CHECK(f.run({"LMPOP", "2", "missing", "l1", "RIGHT", "COUNT", "5"}) ==
        "*2\r\n$2\r\nl1\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
  CHECK(f.run({"LMPOP", "2", "l1", "l2", "LEFT"}) == "*2\r\n$2\r\nl2\r\n*1\r\n$1\r\nx\r\n");
  CHECK(f.run({"LMPOP", "2", "l1", "l2", "LEFT", "COUNT", "9223372036854775807"}) == "*-1\r\n");
  CHECK(f.run({"LMPOP", "1", "l2", "LEFT"}) == "*-1\r\n");
  CHECK(f.run({"LMPOP", "3", "a", "b", "c", "RIGHT", "COUNT", "2"}) == "*-1\r\n");
  f.run({"HELLO", "3"});
  CHECK(f.run({"LMPOP", "1", "dst", "LEFT", "COUNT", "1"}) ==
        "*2\r\n$3\r\ndst\r\n*1\r\n$1\r\nb\r\n");
  CHECK(f.run({"LPOP", "missing", "1"}) == "_\r\n");
  CHECK(f.run({"LPOP", "missing"}) == "_\r\n");
  CHECK(f.run({"LRANGE", "dst", "0", "-1"}) == "*2\r\n$1\r\nc\r\n$1\r\na\r\n");
}

TEST_CASE("lset and index on long lists", "[commands][list]") {
  CommandFixture f;
  for (int i = 0; i < 300; ++i) f.run({"RPUSH", "l", std::to_string(i)});
  CHECK(f.run({"LLEN", "l"}) == ":300\r\n");
  CHECK(f.run({"LINDEX", "l", "150"}) == "$3\r\n150\r\n");
  CHECK(f.run({"LINDEX", "l", "-1"}) == "$3\r\n299\r\n");
  CHECK(f.run({"LSET", "l", "150", "mid"}) == "+OK\r\n");
  CHECK(f.run({"LSET", "l", "-1", "end"}) == "+OK\r\n");
  CHECK(f.run({"LINDEX", "l", "150"}) == "$3\r\nmid\r\n");
  CHECK(f.run({"LRANGE", "l", "148", "152"}) ==
        "*5\r\n$3\r\n148\r\n$3\r\n149\r\n$3\r\nmid\r\n$3\r\n151\r\n$3\r\n152\r\n");
  CHECK(f.run({"LRANGE", "l", "-3", "-1"}) == "*3\r\n$3\r\n297\r\n$3\r\n298\r\n$3\r\nend\r\n");
  CHECK(f.run({"LPOS", "l", "299"}) == "$-1\r\n");
  CHECK(f.run({"LPOS", "l", "end"}) == ":299\r\n");
  CHECK(f.run({"LREM", "l", "0", "5"}) == ":1\r\n");
  CHECK(f.run({"LLEN", "l"}) == ":299\r\n");
  CHECK(f.run({"LINSERT", "l", "AFTER", "mid", "after"}) == ":300\r\n");
  CHECK(f.run({"LRANGE", "l", "149", "152"}) ==
        "*4\r\n$3\r\nmid\r\n$5\r\nafter\r\n$3\r\n151\r\n$3\r\n152\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "l"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LTRIM", "l", "100", "199"}) == "+OK\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "2"}) == "*3\r\n$3\r\n101\r\n$3\r\n102\r\n$3\r\n103\r\n");
  CHECK(f.run({"LLEN", "l"}) == ":100\r\n");
}

TEST_CASE("list encoding is quicklist at any size", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "l"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"CONFIG", "SET", "list-max-listpack-size", "2"}) == "+OK\r\n");
  CHECK(f.run({"RPUSH", "l2", "a", "b", "c", "d", "e"}) == ":5\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "l2"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LRANGE", "l2", "0", "-1"}) ==
        "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
  CHECK(f.run({"CONFIG", "SET", "list-max-listpack-size", "-1"}) == "+OK\r\n");
  CHECK(f.run({"RPUSH", "l3", std::string(5000, 'x')}) == ":1\r\n");
  CHECK(f.run({"LLEN", "l3"}) == ":1\r\n");
  CHECK(f.run({"CONFIG", "SET", "list-compress-depth", "1"}) == "+OK\r\n");
  for (int i = 0; i < 50; ++i)
    f.run({"RPUSH", "l4", (std::string("element-").append(std::to_string(i)))});
  CHECK(f.run({"LINDEX", "l4", "25"}) == "$10\r\nelement-25\r\n");
  CHECK(f.run({"LRANGE", "l4", "24", "26"}) ==
        "*3\r\n$10\r\nelement-24\r\n$10\r\nelement-25\r\n$10\r\nelement-26\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "l4"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LRANGE", "l4", "-1", "-1"}) == "*1\r\n$10\r\nelement-49\r\n");
}

TEST_CASE("blocking pops with data ready and their argument errors", "[commands][list]") {
  CommandFixture f;
  CHECK(f.run({"RPUSH", "l", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}) == ":10\r\n");
  CHECK(f.run({"BLPOP", "missing", "l", "0"}) == "*2\r\n$1\r\nl\r\n$1\r\na\r\n");
  CHECK(f.run({"BRPOP", "l", "1.5"}) == "*2\r\n$1\r\nl\r\n$1\r\nj\r\n");
  CHECK(f.run({"BLMOVE", "l", "dst", "LEFT", "RIGHT", "0"}) == "$1\r\nb\r\n");
  CHECK(f.run({"BRPOPLPUSH", "l", "dst", "0"}) == "$1\r\ni\r\n");
  CHECK(f.run({"BLMPOP", "0", "2", "missing", "dst", "LEFT", "COUNT", "5"}) ==
        "*2\r\n$3\r\ndst\r\n*2\r\n$1\r\ni\r\n$1\r\nb\r\n");
  CHECK(f.run({"BLPOP", "l", "-1"}) == "-ERR timeout is negative\r\n");
  CHECK(f.run({"BLPOP", "l", "x"}) == "-ERR timeout is not a float or out of range\r\n");
  CHECK(f.run({"BLPOP", "l", "inf"}) == "-ERR timeout is negative\r\n");
  CHECK(f.run({"BLPOP", "l", "9223372036854775807"}) == "-ERR timeout is negative\r\n");
  CHECK(f.run({"BLPOP", "l", "1e400"}) == "-ERR timeout is negative\r\n");
  CHECK(f.run({"BLMPOP", "x", "1", "l", "LEFT"}) ==
        "-ERR timeout is not a float or out of range\r\n");
  CHECK(f.run({"BLMPOP", "-1", "1", "l", "LEFT"}) == "-ERR timeout is negative\r\n");
  CHECK(f.run({"BLMPOP", "0", "0", "l", "LEFT"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"BLMPOP", "0", "1", "l"}) ==
        "-ERR wrong number of arguments for 'blmpop' command\r\n");
  CHECK(f.run({"BLMOVE", "l", "dst", "UP", "LEFT", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SET", "s", "x"}) == "+OK\r\n");
  CHECK(f.run({"BLPOP", "s", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"RPUSH", "dst", "z"}) == ":1\r\n");
  CHECK(f.run({"BLMOVE", "dst", "s", "LEFT", "LEFT", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"BLPOP"}) == "-ERR wrong number of arguments for 'blpop' command\r\n");
}
