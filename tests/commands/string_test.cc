// In-process tests for the string family. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands, so these run (and hold Sable to Redis's bytes)
// on a machine without redis-server.
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("set options and errors", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "v", "EX", "100"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "k"}) == ":100\r\n");
  CHECK(f.run({"SET", "k", "v", "PX", "100000"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "k"}) == ":100\r\n");
  CHECK(f.run({"SET", "k", "v", "KEEPTTL"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "k"}) == ":100\r\n");
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "k"}) == ":-1\r\n");
  CHECK(f.run({"SET", "k", "v", "EX", "10", "KEEPTTL"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SET", "k", "v", "EX", "10", "PX", "10"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SET", "k", "v", "EX"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SET", "k", "v", "EX", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "k", "v", "EX", "-1"}) == "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "PX", "0"}) == "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "EX", "9223372036854775807"}) ==
        "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "PX", "9223372036854775807"}) ==
        "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "EXAT", "0"}) == "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "PXAT", "-1"}) == "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "EXAT", "9223372036854775807"}) ==
        "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "NX", "GET"}) == "$1\r\nv\r\n");
  CHECK(f.run({"SET", "k", "w", "GET"}) == "$1\r\nv\r\n");
  CHECK(f.run({"GET", "k"}) == "$1\r\nw\r\n");
  CHECK(f.run({"SET", "new", "v", "GET"}) == "$-1\r\n");
  CHECK(f.run({"SET", "k", "v", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SET", "k", "v", "nx"}) == "$-1\r\n");
  CHECK(f.run({"SET", "k", "v", "xx", "get"}) == "$1\r\nw\r\n");
  CHECK(f.run({"SET", "k"}) == "-ERR wrong number of arguments for 'set' command\r\n");
  CHECK(f.run({"SET"}) == "-ERR wrong number of arguments for 'set' command\r\n");
  CHECK(f.run({"SETNX", "k", "x"}) == ":0\r\n");
  CHECK(f.run({"SETNX", "k2", "x"}) == ":1\r\n");
  CHECK(f.run({"SETEX", "k", "0", "v"}) == "-ERR invalid expire time in 'setex' command\r\n");
  CHECK(f.run({"SETEX", "k", "-1", "v"}) == "-ERR invalid expire time in 'setex' command\r\n");
  CHECK(f.run({"SETEX", "k", "x", "v"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SETEX", "k", "100", "v"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "k"}) == ":100\r\n");
  CHECK(f.run({"PSETEX", "k", "0", "v"}) == "-ERR invalid expire time in 'psetex' command\r\n");
  CHECK(f.run({"PSETEX", "k", "100000", "v"}) == "+OK\r\n");
  CHECK(f.run({"TTL", "k"}) == ":100\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"SET", "l", "v", "GET"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"TYPE", "l"}) == "+list\r\n");
  CHECK(f.run({"SET", "l", "v"}) == "+OK\r\n");
  CHECK(f.run({"TYPE", "l"}) == "+string\r\n");
  CHECK(f.run({"GETSET", "l", "w"}) == "$1\r\nv\r\n");
  CHECK(f.run({"GETSET", "l2", "w"}) == "$-1\r\n");
  CHECK(f.run({"GETSET", "k"}) == "-ERR wrong number of arguments for 'getset' command\r\n");
}

TEST_CASE("get, mget, mset and getdel", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"MSET", "a", "1", "b", "2"}) == "+OK\r\n");
  CHECK(f.run({"MSET", "a", "1", "b"}) == "-ERR wrong number of arguments for 'mset' command\r\n");
  CHECK(f.run({"MGET", "a", "b", "missing"}) == "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n");
  CHECK(f.run({"MGET", "missing"}) == "*1\r\n$-1\r\n");
  CHECK(f.run({"MSETNX", "a", "9", "c", "3"}) == ":0\r\n");
  CHECK(f.run({"MSETNX", "c", "3", "d", "4"}) == ":1\r\n");
  CHECK(f.run({"MGET", "c", "d"}) == "*2\r\n$1\r\n3\r\n$1\r\n4\r\n");
  CHECK(f.run({"MSETNX", "c"}) == "-ERR wrong number of arguments for 'msetnx' command\r\n");
  CHECK(f.run({"RPUSH", "l", "x"}) == ":1\r\n");
  CHECK(f.run({"MGET", "a", "l", "b"}) == "*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n");
  CHECK(f.run({"GET", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"GETDEL", "a"}) == "$1\r\n1\r\n");
  CHECK(f.run({"GETDEL", "a"}) == "$-1\r\n");
  CHECK(f.run({"GETDEL", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"STRLEN", "b"}) == ":1\r\n");
  CHECK(f.run({"STRLEN", "missing"}) == ":0\r\n");
  CHECK(f.run({"STRLEN", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SET", "e", ""}) == "+OK\r\n");
  CHECK(f.run({"GET", "e"}) == "$0\r\n\r\n");
  CHECK(f.run({"STRLEN", "e"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "e"}) == ":1\r\n");
}

TEST_CASE("getex", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"GETEX", "k"}) == "$1\r\nv\r\n");
  CHECK(f.run({"TTL", "k"}) == ":-1\r\n");
  CHECK(f.run({"GETEX", "k", "EX", "100"}) == "$1\r\nv\r\n");
  CHECK(f.run({"TTL", "k"}) == ":100\r\n");
  CHECK(f.run({"GETEX", "k", "PX", "200000"}) == "$1\r\nv\r\n");
  CHECK(f.run({"TTL", "k"}) == ":200\r\n");
  CHECK(f.run({"GETEX", "k", "PERSIST"}) == "$1\r\nv\r\n");
  CHECK(f.run({"TTL", "k"}) == ":-1\r\n");
  CHECK(f.run({"GETEX", "k", "EXAT", "4102444800"}) == "$1\r\nv\r\n");
  CHECK(f.run({"EXPIRETIME", "k"}) == ":4102444800\r\n");
  CHECK(f.run({"GETEX", "k", "PXAT", "4102444800123"}) == "$1\r\nv\r\n");
  CHECK(f.run({"PEXPIRETIME", "k"}) == ":4102444800123\r\n");
  CHECK(f.run({"GETEX", "k", "EX", "0"}) == "-ERR invalid expire time in 'getex' command\r\n");
  CHECK(f.run({"GETEX", "k", "EX", "-1"}) == "-ERR invalid expire time in 'getex' command\r\n");
  CHECK(f.run({"GETEX", "k", "EX", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"GETEX", "k", "EX", "10", "PX", "10"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"GETEX", "k", "PERSIST", "EX", "10"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"GETEX", "k", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"GETEX", "k", "EX"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"GETEX", "k", "EX", "9223372036854775807"}) ==
        "-ERR invalid expire time in 'getex' command\r\n");
  CHECK(f.run({"GETEX", "missing", "EX", "10"}) == "$-1\r\n");
  CHECK(f.run({"GETEX", "missing"}) == "$-1\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"GETEX", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"GETEX", "k", "EXAT", "1"}) == "$1\r\nv\r\n");
  CHECK(f.run({"EXISTS", "k"}) == ":0\r\n");
}

TEST_CASE("incr, decr and incrbyfloat", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"INCR", "n"}) == ":1\r\n");
  CHECK(f.run({"INCRBY", "n", "10"}) == ":11\r\n");
  CHECK(f.run({"DECR", "n"}) == ":10\r\n");
  CHECK(f.run({"DECRBY", "n", "20"}) == ":-10\r\n");
  CHECK(f.run({"INCRBY", "n", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"INCRBY", "n", "1.0"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"DECRBY", "n", "-9223372036854775808"}) == "-ERR decrement would overflow\r\n");
  CHECK(f.run({"SET", "n", "9223372036854775807"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "n"}) == "-ERR increment or decrement would overflow\r\n");
  CHECK(f.run({"INCRBY", "n", "-1"}) == ":9223372036854775806\r\n");
  CHECK(f.run({"SET", "n", "-9223372036854775808"}) == "+OK\r\n");
  CHECK(f.run({"DECR", "n"}) == "-ERR increment or decrement would overflow\r\n");
  CHECK(f.run({"DECRBY", "n", "1"}) == "-ERR increment or decrement would overflow\r\n");
  CHECK(f.run({"INCRBY", "n", "9223372036854775807"}) == ":-1\r\n");
  CHECK(f.run({"SET", "s", "abc"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "s"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "s", " 1"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "s"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "s", "1.5"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "s"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "s", "01"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "s"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "s", "9223372036854775808"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "s"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "s", ""}) == "+OK\r\n");
  CHECK(f.run({"INCR", "s"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "1.5"}) == "$3\r\n1.5\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "-0.5"}) == "$1\r\n1\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "1e2"}) == "$3\r\n101\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "abc"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "inf"}) == "-ERR increment would produce NaN or Infinity\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "nan"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", " 1"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"SET", "f", "1e308"}) == "+OK\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "1e308"}) ==
        "$309\r\n"
        "199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253"
        "843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326"
        "219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711"
        "514636284849020905456510092687857156096\r\n");
  CHECK(f.run({"SET", "f", "abc"}) == "+OK\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "1"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"SET", "f", "3"}) == "+OK\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "0.1"}) == "$3\r\n3.1\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "2.0e-1"}) == "$3\r\n3.3\r\n");
  CHECK(f.run({"SET", "f", "5.0e3"}) == "+OK\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "0"}) == "$4\r\n5000\r\n");
  CHECK(f.run({"SET", "f", "10"}) == "+OK\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "1.00000000000000000000001"}) == "$2\r\n11\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"INCR", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"INCRBYFLOAT", "l", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"INCR"}) == "-ERR wrong number of arguments for 'incr' command\r\n");
  CHECK(f.run({"INCRBY", "n"}) == "-ERR wrong number of arguments for 'incrby' command\r\n");
  CHECK(f.run({"DECRBY", "n", "1", "2"}) ==
        "-ERR wrong number of arguments for 'decrby' command\r\n");
  CHECK(f.run({"INCRBYFLOAT", "n"}) ==
        "-ERR wrong number of arguments for 'incrbyfloat' command\r\n");
}

TEST_CASE("append, getrange and setrange", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"APPEND", "k", "hello"}) == ":5\r\n");
  CHECK(f.run({"APPEND", "k", " world"}) == ":11\r\n");
  CHECK(f.run({"GET", "k"}) == "$11\r\nhello world\r\n");
  CHECK(f.run({"APPEND", "n", ""}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "n"}) == ":1\r\n");
  CHECK(f.run({"SET", "i", "10"}) == "+OK\r\n");
  CHECK(f.run({"APPEND", "i", "5"}) == ":3\r\n");
  CHECK(f.run({"GET", "i"}) == "$3\r\n105\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "i"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"GETRANGE", "k", "0", "4"}) == "$5\r\nhello\r\n");
  CHECK(f.run({"GETRANGE", "k", "-5", "-1"}) == "$5\r\nworld\r\n");
  CHECK(f.run({"GETRANGE", "k", "6", "100"}) == "$5\r\nworld\r\n");
  CHECK(f.run({"GETRANGE", "k", "5", "2"}) == "$0\r\n\r\n");
  CHECK(f.run({"GETRANGE", "k", "-100", "-50"}) == "$1\r\nh\r\n");
  CHECK(f.run({"GETRANGE", "k", "100", "200"}) == "$0\r\n\r\n");
  CHECK(f.run({"GETRANGE", "k", "0", "-100"}) == "$1\r\nh\r\n");
  CHECK(f.run({"GETRANGE", "missing", "0", "-1"}) == "$0\r\n\r\n");
  CHECK(f.run({"GETRANGE", "k", "x", "1"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"GETRANGE", "k", "-9223372036854775808", "9223372036854775807"}) ==
        "$11\r\nhello world\r\n");
  CHECK(f.run({"SUBSTR", "k", "0", "1"}) == "$2\r\nhe\r\n");
  CHECK(f.run({"SETRANGE", "k", "6", "WORLD"}) == ":11\r\n");
  CHECK(f.run({"GET", "k"}) == "$11\r\nhello WORLD\r\n");
  CHECK(f.run({"SETRANGE", "k", "13", "!"}) == ":14\r\n");
  CHECK(f.run({"GET", "k"}) == std::string("$14\r\nhello WORLD\000\000!\r\n", 21));
  CHECK(f.run({"SETRANGE", "k", "-1", "x"}) == "-ERR offset is out of range\r\n");
  CHECK(f.run({"SETRANGE", "k", "536870912", "x"}) ==
        "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
  CHECK(f.run({"SETRANGE", "k", "536870911", ""}) == ":14\r\n");
  CHECK(f.run({"SETRANGE", "k", "x", "y"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SETRANGE", "missing", "0", ""}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "missing"}) == ":0\r\n");
  CHECK(f.run({"SETRANGE", "missing", "2", "ab"}) == ":4\r\n");
  CHECK(f.run({"GET", "missing"}) == std::string("$4\r\n\000\000ab\r\n", 10));
  CHECK(f.run({"SETRANGE", "i", "0", "9"}) == ":3\r\n");
  CHECK(f.run({"GET", "i"}) == "$3\r\n905\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"APPEND", "l", "x"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"GETRANGE", "l", "0", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SETRANGE", "l", "0", "x"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"STRLEN", "k"}) == ":14\r\n");
}

TEST_CASE("string encodings", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "123"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nint\r\n");
  CHECK(f.run({"SET", "k", "-9223372036854775808"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nint\r\n");
  CHECK(f.run({"SET", "k", "9223372036854775808"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", "0123"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", " 12"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", "-0"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", "1.5"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", "abc"}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", std::string(44, 'x')}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", std::string(45, 'x')}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"SET", "k", "abc"}) == "+OK\r\n");
  CHECK(f.run({"APPEND", "k", "d"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"SET", "k", "5"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "k"}) == ":6\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nint\r\n");
  CHECK(f.run({"INCRBYFLOAT", "k", "0.5"}) == "$3\r\n6.5\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"SET", "k", "abc"}) == "+OK\r\n");
  CHECK(f.run({"SETRANGE", "k", "0", "x"}) == ":3\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"GETEX", "k", "PERSIST"}) == "$3\r\nxbc\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"SET", "k", std::string(20000, 'y')}) == "+OK\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "k"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"STRLEN", "k"}) == ":20000\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "missing"}) == "$-1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING"}) ==
        "-ERR wrong number of arguments for 'object|encoding' command\r\n");
}

TEST_CASE("lcs", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"SET", "a", "ohmytext"}) == "+OK\r\n");
  CHECK(f.run({"SET", "b", "mynewtext"}) == "+OK\r\n");
  CHECK(f.run({"LCS", "a", "b"}) == "$6\r\nmytext\r\n");
  CHECK(f.run({"LCS", "a", "b", "LEN"}) == ":6\r\n");
  CHECK(f.run({"LCS", "a", "b", "IDX"}) ==
        "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n"
        ":2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
  CHECK(f.run({"LCS", "a", "b", "IDX", "MINMATCHLEN", "4"}) ==
        "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n"
        ":6\r\n");
  CHECK(f.run({"LCS", "a", "b", "IDX", "WITHMATCHLEN"}) ==
        "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n"
        "*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
  CHECK(f.run({"LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}) ==
        "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\n"
        "len\r\n:6\r\n");
  CHECK(f.run({"LCS", "a", "missing"}) == "$0\r\n\r\n");
  CHECK(f.run({"LCS", "missing", "missing", "LEN"}) == ":0\r\n");
  CHECK(f.run({"LCS", "a", "b", "LEN", "IDX"}) ==
        "-ERR If you want both the length and indexes, please just use IDX.\r\n");
  CHECK(f.run({"LCS", "a", "b", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"LCS", "a", "b", "IDX", "MINMATCHLEN", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LCS", "a", "b", "IDX", "MINMATCHLEN", "-5"}) ==
        "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n"
        ":2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
  CHECK(f.run({"RPUSH", "l", "x"}) == ":1\r\n");
  CHECK(f.run({"LCS", "a", "l"}) == "-ERR The specified keys must contain string values\r\n");
  CHECK(f.run({"LCS", "a"}) == "-ERR wrong number of arguments for 'lcs' command\r\n");
  f.run({"HELLO", "3"});
  CHECK(f.run({"LCS", "a", "b", "IDX", "WITHMATCHLEN"}) ==
        "%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n"
        "*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
}
