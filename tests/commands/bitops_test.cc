// In-process tests for the bit commands. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands, so these run (and hold Sable to Redis's bytes)
// on a machine without redis-server.
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("setbit and getbit", "[commands][bitops]") {
  CommandFixture f;
  CHECK(f.run({"SETBIT", "k", "7", "1"}) == ":0\r\n");
  CHECK(f.run({"GET", "k"}) == "$1\r\n\001\r\n");
  CHECK(f.run({"SETBIT", "k", "7", "0"}) == ":1\r\n");
  CHECK(f.run({"SETBIT", "k", "0", "1"}) == ":0\r\n");
  CHECK(f.run({"GETBIT", "k", "0"}) == ":1\r\n");
  CHECK(f.run({"GETBIT", "k", "1"}) == ":0\r\n");
  CHECK(f.run({"GETBIT", "k", "100"}) == ":0\r\n");
  CHECK(f.run({"GETBIT", "missing", "0"}) == ":0\r\n");
  CHECK(f.run({"SETBIT", "k", "100", "1"}) == ":0\r\n");
  CHECK(f.run({"STRLEN", "k"}) == ":13\r\n");
  CHECK(f.run({"SETBIT", "k", "-1", "1"}) ==
        "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"SETBIT", "k", "4294967296", "1"}) ==
        "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"SETBIT", "k", "4294967295", "2"}) ==
        "-ERR bit is not an integer or out of range\r\n");
  CHECK(f.run({"SETBIT", "k", "0", "x"}) == "-ERR bit is not an integer or out of range\r\n");
  CHECK(f.run({"SETBIT", "k", "x", "1"}) ==
        "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"GETBIT", "k", "-1"}) == "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"GETBIT", "k", "4294967296"}) ==
        "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"SETBIT", "l", "0", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"GETBIT", "l", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"SET", "i", "1"}) == "+OK\r\n");
  CHECK(f.run({"SETBIT", "i", "7", "0"}) == ":1\r\n");
  CHECK(f.run({"GET", "i"}) == "$1\r\n0\r\n");
  CHECK(f.run({"GETBIT", "k"}) == "-ERR wrong number of arguments for 'getbit' command\r\n");
}

TEST_CASE("bitcount and bitpos", "[commands][bitops]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "foobar"}) == "+OK\r\n");
  CHECK(f.run({"BITCOUNT", "k"}) == ":26\r\n");
  CHECK(f.run({"BITCOUNT", "k", "0", "0"}) == ":4\r\n");
  CHECK(f.run({"BITCOUNT", "k", "1", "1"}) == ":6\r\n");
  CHECK(f.run({"BITCOUNT", "k", "-2", "-1"}) == ":7\r\n");
  CHECK(f.run({"BITCOUNT", "k", "5", "30", "BIT"}) == ":17\r\n");
  CHECK(f.run({"BITCOUNT", "k", "0", "-1", "BYTE"}) == ":26\r\n");
  CHECK(f.run({"BITCOUNT", "k", "1", "0"}) == ":0\r\n");
  CHECK(f.run({"BITCOUNT", "k", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"BITCOUNT", "k", "0", "1", "FOO"}) == "-ERR syntax error\r\n");
  // An inverted negative range answers 0 before the unit is looked at (Redis 7.0.15).
  CHECK(f.run({"BITCOUNT", "k", "-1", "-2", "FOO"}) == ":0\r\n");
  CHECK(f.run({"BITCOUNT", "k", "0", "x", "FOO"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"BITCOUNT", "k", "x", "1"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"BITCOUNT", "k", "-9223372036854775808", "9223372036854775807"}) == ":26\r\n");
  CHECK(f.run({"BITCOUNT", "k", "-9223372036854775808", "9223372036854775807", "BIT"}) ==
        ":26\r\n");
  CHECK(f.run({"BITCOUNT", "missing"}) == ":0\r\n");
  CHECK(f.run({"BITCOUNT", "missing", "0", "1"}) == ":0\r\n");
  CHECK(f.run({"SET", "z", std::string_view("\377\360\000", 3)}) == "+OK\r\n");
  CHECK(f.run({"BITPOS", "z", "0"}) == ":12\r\n");
  CHECK(f.run({"BITPOS", "z", "1"}) == ":0\r\n");
  CHECK(f.run({"BITPOS", "z", "0", "2"}) == ":16\r\n");
  CHECK(f.run({"BITPOS", "z", "1", "2"}) == ":-1\r\n");
  CHECK(f.run({"BITPOS", "z", "1", "0", "-1", "BIT"}) == ":0\r\n");
  CHECK(f.run({"BITPOS", "z", "0", "7", "15", "BIT"}) == ":12\r\n");
  CHECK(f.run({"BITPOS", "z", "1", "20", "23", "BIT"}) == ":-1\r\n");
  CHECK(f.run({"BITPOS", "z", "0", "0", "0"}) == ":-1\r\n");
  CHECK(f.run({"SET", "ones", "\377\377"}) == "+OK\r\n");
  CHECK(f.run({"BITPOS", "ones", "0"}) == ":16\r\n");
  CHECK(f.run({"BITPOS", "ones", "0", "0", "-1"}) == ":-1\r\n");
  CHECK(f.run({"BITPOS", "ones", "0", "0"}) == ":16\r\n");
  CHECK(f.run({"BITPOS", "missing", "0"}) == ":0\r\n");
  CHECK(f.run({"BITPOS", "missing", "1"}) == ":-1\r\n");
  CHECK(f.run({"BITPOS", "z", "2"}) == "-ERR The bit argument must be 1 or 0.\r\n");
  CHECK(f.run({"BITPOS", "z", "1", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"BITPOS", "z", "1", "0", "1", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"BITPOS", "z", "1", "-9223372036854775808", "9223372036854775807"}) == ":0\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"BITCOUNT", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"BITPOS", "l", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
}

TEST_CASE("bitop", "[commands][bitops]") {
  CommandFixture f;
  CHECK(f.run({"SET", "a", "\017\360"}) == "+OK\r\n");
  CHECK(f.run({"SET", "b", "\377"}) == "+OK\r\n");
  CHECK(f.run({"BITOP", "AND", "d", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"GET", "d"}) == std::string("$2\r\n\017\000\r\n", 8));
  CHECK(f.run({"BITOP", "OR", "d", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"GET", "d"}) == "$2\r\n\377\360\r\n");
  CHECK(f.run({"BITOP", "XOR", "d", "a", "b"}) == ":2\r\n");
  CHECK(f.run({"GET", "d"}) == "$2\r\n\360\360\r\n");
  CHECK(f.run({"BITOP", "NOT", "d", "a"}) == ":2\r\n");
  CHECK(f.run({"GET", "d"}) == "$2\r\n\360\017\r\n");
  CHECK(f.run({"BITOP", "NOT", "d", "a", "b"}) ==
        "-ERR BITOP NOT must be called with a single source key.\r\n");
  CHECK(f.run({"BITOP", "FOO", "d", "a"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"BITOP", "AND", "d", "missing", "missing"}) == ":0\r\n");
  CHECK(f.run({"EXISTS", "d"}) == ":0\r\n");
  CHECK(f.run({"BITOP", "OR", "d", "a", "missing"}) == ":2\r\n");
  CHECK(f.run({"GET", "d"}) == "$2\r\n\017\360\r\n");
  CHECK(f.run({"RPUSH", "l", "x"}) == ":1\r\n");
  CHECK(f.run({"BITOP", "AND", "d", "a", "l"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"BITOP", "AND", "d"}) == "-ERR wrong number of arguments for 'bitop' command\r\n");
  CHECK(f.run({"SET", "i", "255"}) == "+OK\r\n");
  CHECK(f.run({"BITOP", "AND", "d", "i", "i"}) == ":3\r\n");
  CHECK(f.run({"GET", "d"}) == "$3\r\n255\r\n");
}

TEST_CASE("bitfield", "[commands][bitops]") {
  CommandFixture f;
  CHECK(f.run({"BITFIELD", "k", "SET", "u8", "0", "255"}) == "*1\r\n:0\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u8", "0", "GET", "i8", "0", "GET", "u4", "4"}) ==
        "*3\r\n:255\r\n:-1\r\n:15\r\n");
  CHECK(f.run({"BITFIELD", "k", "INCRBY", "u8", "0", "1"}) == "*1\r\n:0\r\n");
  CHECK(f.run({"BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "INCRBY", "i8", "0",
               "-300"}) == "*2\r\n:255\r\n:-128\r\n");
  CHECK(f.run({"BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300"}) ==
        "*1\r\n$-1\r\n");
  CHECK(f.run({"BITFIELD", "k", "OVERFLOW", "WRAP", "INCRBY", "i8", "0", "200"}) ==
        "*1\r\n:72\r\n");
  CHECK(f.run({"BITFIELD", "k", "SET", "i64", "0", "-1", "GET", "i64", "0"}) ==
        "*2\r\n:5188146770730811392\r\n:-1\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u63", "0"}) == "*1\r\n:9223372036854775807\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u64", "0"}) ==
        "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
        "i64 is.\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "i65", "0"}) ==
        "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
        "i64 is.\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u0", "0"}) ==
        "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
        "i64 is.\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "x8", "0"}) ==
        "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
        "i64 is.\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u8", "-1"}) ==
        "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u8", "#1"}) == "*1\r\n:255\r\n");
  CHECK(f.run({"BITFIELD", "k", "SET", "u8", "#2", "7", "GET", "u8", "16"}) ==
        "*2\r\n:255\r\n:7\r\n");
  CHECK(f.run({"BITFIELD", "k", "SET", "u8", "0", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"BITFIELD", "k", "INCRBY", "u8", "0", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"BITFIELD", "k", "OVERFLOW", "NOPE", "GET", "u8", "0"}) ==
        "-ERR Invalid OVERFLOW type specified\r\n");
  CHECK(f.run({"BITFIELD", "k", "FOO"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u8"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"BITFIELD", "k", "GET", "u8", "4294967296"}) ==
        "-ERR bit offset is not an integer or out of range\r\n");
  CHECK(f.run({"BITFIELD", "missing", "GET", "u8", "0"}) == "*1\r\n:0\r\n");
  CHECK(f.run({"BITFIELD", "k"}) == "*0\r\n");
  CHECK(f.run({"BITFIELD_RO", "k", "GET", "u8", "0", "GET", "u8", "8"}) ==
        "*2\r\n:255\r\n:255\r\n");
  CHECK(f.run({"BITFIELD_RO", "k", "SET", "u8", "0", "1"}) ==
        "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
  CHECK(f.run({"BITFIELD_RO", "missing", "GET", "i16", "0"}) == "*1\r\n:0\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"BITFIELD", "l", "GET", "u8", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"BITFIELD", "k", "SET", "i8", "0", "9223372036854775807", "GET", "i8", "0"}) ==
        "*2\r\n:-1\r\n:-1\r\n");
  CHECK(f.run({"BITFIELD", "k", "INCRBY", "i64", "0", "-9223372036854775808"}) ==
        "*1\r\n:9223099357971087359\r\n");
}

// Which error wins when several arguments are wrong, captured from redis-server 7.0.15.
TEST_CASE("bitmap argument precedence", "[commands][bitops]") {
  CommandFixture f;
  const std::string syntax = "-ERR syntax error\r\n";
  const std::string not_int = "-ERR value is not an integer or out of range\r\n";
  CHECK(f.run({"SET", "k", "foobar"}) == "+OK\r\n");
  CHECK(f.run({"BITPOS", "k", "1", "0", "x", "foo"}) == syntax);   // the unit before the end
  CHECK(f.run({"BITPOS", "k", "1", "x", "1", "foo"}) == not_int);  // the start before the unit
  CHECK(f.run({"BITFIELD", "k", "GET", "u8"}) == syntax);          // no room for the offset
  CHECK(f.run({"BITFIELD", "k", "GET", "u8", "0", "OVERFLOW", "bad", "GET", "x", "0"}) ==
        "-ERR Invalid OVERFLOW type specified\r\n");
  CHECK(f.run({"BITFIELD_RO", "k", "GET", "u8", "0", "SET", "u8", "0", "x"}) == not_int);
  CHECK(f.run({"BITFIELD_RO", "k", "SET", "u8", "0", "1"}) ==
        "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
  CHECK(f.run({"RPUSH", "l", "a"}) == ":1\r\n");
  CHECK(f.run({"LCS", "k", "l", "MINMATCHLEN"}) ==
        "-ERR The specified keys must contain string values\r\n");
  CHECK(f.run({"LCS", "k", "k", "MINMATCHLEN"}) == syntax);
}
