// In-process tests of the collection commands' option grammars and their error precedence (LPOS,
// the MPOP family, ZADD, ZRANGE, the sorted-set algebra, SINTERCARD, random counts, GEO*). Every
// expected reply was captured from a real redis-server 7.0.15 sent the same commands in order.
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("LPOS options: RANK, COUNT, MAXLEN in Redis's order", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"rpush", "l", "a", "b", "c", "a"}) == ":4\r\n");
  CHECK(f.run({"lpos", "l", "a", "rank", "0"}) ==
        "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
        "use negative to start from the end of the list\r\n");
  CHECK(f.run({"lpos", "l", "a", "rank", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"lpos", "l", "a", "rank"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lpos", "l", "a", "count", "-1"}) == "-ERR COUNT can't be negative\r\n");
  CHECK(f.run({"lpos", "l", "a", "count", "x"}) == "-ERR COUNT can't be negative\r\n");
  CHECK(f.run({"lpos", "l", "a", "maxlen", "-1"}) == "-ERR MAXLEN can't be negative\r\n");
  CHECK(f.run({"lpos", "l", "a", "rank", "0", "count", "-1"}) ==
        "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
        "use negative to start from the end of the list\r\n");
  CHECK(f.run({"lpos", "l", "a", "count", "-1", "rank", "0"}) ==
        "-ERR COUNT can't be negative\r\n");
  CHECK(f.run({"lpos", "l", "a", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lpos", "l", "a", "rank", "-1", "count", "0"}) == "*2\r\n:3\r\n:0\r\n");
  CHECK(f.run({"lpos", "l", "a", "rank", "1", "count", "0", "maxlen", "2"}) == "*1\r\n:0\r\n");
  CHECK(f.run({"lpos", "missing", "a", "count", "2"}) == "*0\r\n");
}

TEST_CASE("MPOP grammar shared by LMPOP and ZMPOP", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"rpush", "l", "a", "b", "c"}) == ":3\r\n");
  CHECK(f.run({"zadd", "z", "1", "a", "2", "b"}) == ":2\r\n");
  CHECK(f.run({"lmpop", "0", "l", "left"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"lmpop", "x", "l", "left"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"lmpop", "1", "l"}) == "-ERR wrong number of arguments for 'lmpop' command\r\n");
  CHECK(f.run({"lmpop", "2", "l", "left"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lmpop", "1", "l", "up"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lmpop", "1", "l", "left", "count"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lmpop", "1", "l", "left", "count", "0"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"lmpop", "1", "l", "left", "count", "x"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"lmpop", "1", "l", "left", "count", "1", "count", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lmpop", "1", "l", "left", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"lmpop", "1", "l", "right", "count", "2"}) ==
        "*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
  CHECK(f.run({"zmpop", "0", "z", "min"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"zmpop", "1", "z"}) == "-ERR wrong number of arguments for 'zmpop' command\r\n");
  CHECK(f.run({"zmpop", "1", "z", "left"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zmpop", "1", "z", "min", "count", "0"}) ==
        "-ERR count should be greater than 0\r\n");
  CHECK(f.run({"zmpop", "1", "z", "max", "count", "1", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zmpop", "1", "z", "max", "count", "5"}) ==
        "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"blmpop", "x", "1", "l", "left"}) ==
        "-ERR timeout is not a float or out of range\r\n");
  CHECK(f.run({"blmpop", "0", "1", "l", "left", "count", "0"}) ==
        "-ERR count should be greater than 0\r\n");
}

TEST_CASE("ZADD options and their conflicts", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"zadd", "z", "nx", "xx", "1", "a"}) ==
        "-ERR XX and NX options at the same time are not compatible\r\n");
  CHECK(f.run({"zadd", "z", "gt", "lt", "1", "a"}) ==
        "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
  CHECK(f.run({"zadd", "z", "nx", "gt", "1", "a"}) ==
        "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
  CHECK(f.run({"zadd", "z", "incr", "1", "a", "2", "b"}) ==
        "-ERR INCR option supports a single increment-element pair\r\n");
  CHECK(f.run({"zadd", "z", "1"}) == "-ERR wrong number of arguments for 'zadd' command\r\n");
  CHECK(f.run({"zadd", "z", "nx", "xx", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zadd", "z", "nx", "xx", "x", "a"}) ==
        "-ERR XX and NX options at the same time are not compatible\r\n");
  CHECK(f.run({"zadd", "z", "gt", "lt", "x", "a"}) ==
        "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
  CHECK(f.run({"zadd", "z", "x", "a"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"zadd", "z", "ch", "1", "a", "2", "b"}) == ":2\r\n");
  CHECK(f.run({"zadd", "z", "ch", "gt", "0", "a", "5", "b"}) == ":1\r\n");
  CHECK(f.run({"zadd", "z", "xx", "incr", "5", "zz"}) == "$-1\r\n");
  CHECK(f.run({"zadd", "z", "incr", "nx", "1", "a"}) == "$-1\r\n");
  CHECK(f.run({"zadd", "missing", "xx", "1", "a"}) == ":0\r\n");
  CHECK(f.run({"exists", "missing"}) == ":0\r\n");
  CHECK(f.run({"zincrby", "z", "nx", "a"}) == "-ERR syntax error\r\n");
}

TEST_CASE("ZRANGE options: BYSCORE BYLEX REV LIMIT WITHSCORES", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"zadd", "z", "1", "a", "2", "b", "3", "c"}) == ":3\r\n");
  CHECK(
      f.run({"zrange", "z", "0", "-1", "limit", "0", "1"}) ==
      "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
  CHECK(f.run({"zrange", "z", "0", "-1", "bylex", "withscores"}) ==
        "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
  CHECK(f.run({"zrange", "z", "-", "+", "bylex", "limit", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrange", "z", "0", "1", "byscore", "byscore"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrange", "z", "0", "1", "rev", "rev"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrange", "z", "0", "1", "byscore", "bylex"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrange", "z", "0", "1", "limit", "x", "1", "byscore"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"zrange", "z", "0", "1", "limit", "1", "x", "byscore"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"zrange", "z", "0", "1", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrange", "z", "x", "1"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"zrange", "z", "(1", "x", "byscore"}) == "-ERR min or max is not a float\r\n");
  CHECK(f.run({"zrange", "z", "3", "(1", "byscore", "rev", "limit", "0", "1", "withscores"}) ==
        "*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"zrange", "z", "+", "-", "bylex", "rev", "limit", "1", "1"}) == "*1\r\n$1\r\nb\r\n");
  CHECK(f.run({"zrangestore", "d", "z", "0", "-1", "withscores"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrangestore", "d", "z", "0", "1", "byscore", "limit", "0", "1"}) == ":1\r\n");
  CHECK(f.run({"zrangebyscore", "z", "0", "10", "rev"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrangebylex", "z", "-", "+", "withscores"}) ==
        "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
  CHECK(
      f.run({"zrevrange", "z", "0", "-1", "limit", "0", "1"}) ==
      "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
}

TEST_CASE("ZUNION ZINTER ZDIFF options and ZINTERCARD LIMIT", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"zadd", "z", "1", "a", "2", "b"}) == ":2\r\n");
  CHECK(f.run({"zadd", "z2", "1", "a", "3", "c"}) == ":2\r\n");
  CHECK(f.run({"set", "s", "x"}) == "+OK\r\n");
  CHECK(f.run({"zunion", "0", "z"}) ==
        "-ERR at least 1 input key is needed for 'zunion' command\r\n");
  CHECK(f.run({"zinterstore", "d", "0", "z"}) ==
        "-ERR at least 1 input key is needed for 'zinterstore' command\r\n");
  CHECK(f.run({"zunion", "x", "z"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"zunion", "3", "z", "z2"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zunion", "2", "z", "z2", "weights", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zunion", "2", "z", "z2", "weights", "1", "x"}) ==
        "-ERR weight value is not a float\r\n");
  CHECK(f.run({"zunion", "2", "z", "z2", "weights", "1", "2", "withscores"}) ==
        "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n6\r\n");
  CHECK(f.run({"zunion", "2", "z", "z2", "aggregate", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zunion", "2", "z", "z2", "aggregate", "MIN", "withscores"}) ==
        "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"zunion", "2", "z", "s", "weights", "x"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"zunion", "2", "z", "z2", "limit", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zinter", "2", "z", "z2", "weights", "2", "3", "aggregate", "max", "withscores"}) ==
        "*2\r\n$1\r\na\r\n$1\r\n3\r\n");
  CHECK(f.run({"zdiff", "2", "z", "z2", "weights", "1", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zdiffstore", "d", "2", "z", "z2", "withscores"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zintercard", "0", "z"}) ==
        "-ERR at least 1 input key is needed for 'zintercard' command\r\n");
  CHECK(f.run({"zintercard", "2", "z", "z2", "limit", "-1"}) == "-ERR LIMIT can't be negative\r\n");
  CHECK(f.run({"zintercard", "2", "z", "z2", "limit"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zintercard", "2", "z", "z2", "withscores"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zintercard", "2", "z", "s", "limit", "-1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"zintercard", "2", "z", "z2", "limit", "0"}) == ":1\r\n");
}

TEST_CASE("SINTERCARD LIMIT and SPOP SRANDMEMBER counts", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"sadd", "a", "1", "2", "3"}) == ":3\r\n");
  CHECK(f.run({"sadd", "b", "2", "3", "4"}) == ":3\r\n");
  CHECK(f.run({"set", "s", "x"}) == "+OK\r\n");
  CHECK(f.run({"sintercard", "0", "a"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"sintercard", "x", "a"}) == "-ERR numkeys should be greater than 0\r\n");
  CHECK(f.run({"sintercard", "3", "a", "b"}) ==
        "-ERR Number of keys can't be greater than number of args\r\n");
  CHECK(f.run({"sintercard", "2", "a", "b", "limit"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"sintercard", "2", "a", "b", "limit", "-1"}) == "-ERR LIMIT can't be negative\r\n");
  CHECK(f.run({"sintercard", "2", "a", "b", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"sintercard", "2", "a", "b", "limit", "0", "limit", "1"}) == ":1\r\n");
  CHECK(f.run({"sintercard", "2", "a", "s", "limit", "-1"}) == "-ERR LIMIT can't be negative\r\n");
  CHECK(f.run({"sintercard", "2", "a", "s", "limit", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"spop", "a", "x", "y"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"spop", "a", "-1"}) == "-ERR value is out of range, must be positive\r\n");
  CHECK(f.run({"spop", "s", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"srandmember", "a", "x", "y"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"srandmember", "a", "-9223372036854775808"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
}

TEST_CASE("HRANDFIELD and ZRANDMEMBER counts", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"hset", "h", "a", "1"}) == ":1\r\n");
  CHECK(f.run({"zadd", "z", "1", "a"}) == ":1\r\n");
  CHECK(f.run({"hrandfield", "h", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"hrandfield", "h", "1", "withvalue"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"hrandfield", "h", "1", "withvalues", "x"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"hrandfield", "h", "-9223372036854775808", "withvalues"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"hrandfield", "h", "9223372036854775807", "withvalues"}) ==
        "-ERR value is out of range\r\n");
  CHECK(f.run({"hrandfield", "h", "1", "withvalues"}) == "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"zrandmember", "z", "1", "withscore"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"zrandmember", "z", "-9223372036854775808"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"zrandmember", "z", "4611686018427387904", "withscores"}) ==
        "-ERR value is out of range\r\n");
  CHECK(f.run({"zrandmember", "z", "1", "withscores"}) == "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
}

TEST_CASE("GEOADD GEODIST GEORADIUS GEOSEARCH options", "[commands][options]") {
  CommandFixture f;
  CHECK(f.run({"geoadd", "g", "200", "100", "m"}) ==
        "-ERR invalid longitude,latitude pair 200.000000,100.000000\r\n");
  CHECK(f.run({"geoadd", "g", "x", "1", "m"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"geoadd", "g", "nx", "xx", "1", "1", "m"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"geoadd", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
               "Catania"}) == ":2\r\n");
  CHECK(f.run({"geodist", "g", "Palermo", "Catania", "foo"}) ==
        "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n");
  CHECK(f.run({"geodist", "g", "Palermo", "Catania", "km", "x"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "foo"}) ==
        "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "-1", "km"}) == "-ERR radius cannot be negative\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "x", "km"}) == "-ERR need numeric radius\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "km", "count", "0"}) ==
        "-ERR COUNT must be > 0\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "km", "count", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "km", "count"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "km", "any"}) ==
        "-ERR the ANY argument requires COUNT argument\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "km", "store", "d", "withdist"}) ==
        "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD "
        "options\r\n");
  CHECK(f.run({"georadius", "g", "15", "37", "200", "km", "count", "1", "store", "d"}) == ":1\r\n");
  CHECK(f.run({"georadius_ro", "g", "15", "37", "200", "km", "store", "d"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"georadius", "missing", "15", "37", "200", "km", "count", "0"}) ==
        "-ERR COUNT must be > 0\r\n");
  CHECK(f.run({"georadiusbymember", "g", "nosuch", "200", "km"}) ==
        "-ERR could not decode requested zset member\r\n");
  CHECK(f.run({"georadiusbymember", "missing", "nosuch", "x", "km"}) == "*0\r\n");
  CHECK(f.run({"georadiusbymember", "missing", "nosuch", "x", "km", "foo"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"geosearch", "g", "frommember", "nosuch", "byradius", "200", "km"}) ==
        "-ERR could not decode requested zset member\r\n");
  CHECK(f.run({"geosearch", "missing", "frommember", "nosuch", "byradius", "200", "km"}) ==
        "*0\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "15", "37", "bybox", "-1", "400", "km"}) ==
        "-ERR height or width cannot be negative\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "15", "37", "bybox", "1", "x", "km"}) ==
        "-ERR need numeric height\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "15", "37", "bybox", "x", "1", "km"}) ==
        "-ERR need numeric width\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "15", "37", "bybox", "1", "1", "foo"}) ==
        "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "15", "37"}) ==
        "-ERR wrong number of arguments for 'geosearch' command\r\n");
  CHECK(f.run({"geosearch", "g", "byradius", "1", "km"}) ==
        "-ERR wrong number of arguments for 'geosearch' command\r\n");
  CHECK(f.run({"geosearch", "g", "frommember", "Palermo", "fromlonlat", "1", "1", "byradius", "1",
               "km"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "1", "1", "byradius", "1", "km", "bybox", "1", "1",
               "km"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "1", "1", "byradius", "1", "km", "storedist"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"geosearch", "g", "fromlonlat", "15", "37", "byradius", "200", "km", "any"}) ==
        "-ERR the ANY argument requires COUNT argument\r\n");
  CHECK(f.run({"geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "200", "km",
               "withdist"}) ==
        "-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n");
  CHECK(f.run({"geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "200", "km",
               "store", "d"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"geosearchstore", "d", "g", "fromlonlat", "15", "37", "byradius", "200", "km",
               "storedist"}) == ":2\r\n");
  CHECK(f.run({"zrange", "d", "0", "-1"}) == "*2\r\n$7\r\nCatania\r\n$7\r\nPalermo\r\n");
}
