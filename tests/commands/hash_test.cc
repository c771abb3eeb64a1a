// In-process tests for the hash family. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands, so these run (and hold Sable to Redis's bytes)
// on a machine without redis-server.
#include "command_fixture.h"
#include "reply_util.h"

using sable::testing::CommandFixture;
using sable::testing::unordered;

TEST_CASE("hset, hget, hmget, hdel and hlen", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"HSET", "h", "f1", "v1", "f2", "v2"}) == ":2\r\n");
  CHECK(f.run({"HSET", "h", "f1", "x", "f3", "v3"}) == ":1\r\n");
  CHECK(f.run({"HGET", "h", "f1"}) == "$1\r\nx\r\n");
  CHECK(f.run({"HGET", "h", "nope"}) == "$-1\r\n");
  CHECK(f.run({"HGET", "missing", "f"}) == "$-1\r\n");
  CHECK(f.run({"HMGET", "h", "f1", "nope", "f3"}) == "*3\r\n$1\r\nx\r\n$-1\r\n$2\r\nv3\r\n");
  CHECK(f.run({"HMGET", "missing", "a", "b"}) == "*2\r\n$-1\r\n$-1\r\n");
  CHECK(f.run({"HLEN", "h"}) == ":3\r\n");
  CHECK(f.run({"HLEN", "missing"}) == ":0\r\n");
  CHECK(f.run({"HEXISTS", "h", "f2"}) == ":1\r\n");
  CHECK(f.run({"HEXISTS", "h", "nope"}) == ":0\r\n");
  CHECK(f.run({"HSTRLEN", "h", "f3"}) == ":2\r\n");
  CHECK(f.run({"HSTRLEN", "h", "nope"}) == ":0\r\n");
  CHECK(f.run({"HSETNX", "h", "f1", "y"}) == ":0\r\n");
  CHECK(f.run({"HSETNX", "h", "f4", "y"}) == ":1\r\n");
  CHECK(f.run({"HMSET", "h", "a", "1", "b", "2"}) == "+OK\r\n");
  CHECK(f.run({"HDEL", "h", "f1", "f1", "nope"}) == ":1\r\n");
  CHECK(f.run({"HDEL", "missing", "f"}) == ":0\r\n");
  CHECK(f.run({"HGETALL", "h"}) ==
        "*10\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf4\r\n$1\r\ny\r\n$1\r\na\r\n"
        "$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"HKEYS", "h"}) ==
        "*5\r\n$2\r\nf2\r\n$2\r\nf3\r\n$2\r\nf4\r\n$1\r\na\r\n$1\r\nb\r\n");
  CHECK(f.run({"HVALS", "h"}) == "*5\r\n$2\r\nv2\r\n$2\r\nv3\r\n$1\r\ny\r\n$1\r\n1\r\n$1\r\n2\r\n");
  CHECK(f.run({"HGETALL", "missing"}) == "*0\r\n");
  CHECK(f.run({"HKEYS", "missing"}) == "*0\r\n");
  CHECK(f.run({"HDEL", "h", "f2", "f3", "f4", "a", "b"}) == ":5\r\n");
  CHECK(f.run({"EXISTS", "h"}) == ":0\r\n");
  CHECK(f.run({"TYPE", "h"}) == "+none\r\n");
}

TEST_CASE("hash arity and wrongtype errors", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"HSET", "h", "f"}) == "-ERR wrong number of arguments for 'hset' command\r\n");
  CHECK(f.run({"HSET", "h", "f", "v", "g"}) ==
        "-ERR wrong number of arguments for 'hset' command\r\n");
  CHECK(f.run({"HMSET", "h", "f"}) == "-ERR wrong number of arguments for 'hmset' command\r\n");
  CHECK(f.run({"HSETNX", "h", "f"}) == "-ERR wrong number of arguments for 'hsetnx' command\r\n");
  CHECK(f.run({"HGET", "h"}) == "-ERR wrong number of arguments for 'hget' command\r\n");
  CHECK(f.run({"HMGET", "h"}) == "-ERR wrong number of arguments for 'hmget' command\r\n");
  CHECK(f.run({"HDEL", "h"}) == "-ERR wrong number of arguments for 'hdel' command\r\n");
  CHECK(f.run({"HLEN"}) == "-ERR wrong number of arguments for 'hlen' command\r\n");
  CHECK(f.run({"HINCRBY", "h", "f"}) == "-ERR wrong number of arguments for 'hincrby' command\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "f"}) ==
        "-ERR wrong number of arguments for 'hincrbyfloat' command\r\n");
  CHECK(f.run({"HSTRLEN", "h"}) == "-ERR wrong number of arguments for 'hstrlen' command\r\n");
  CHECK(f.run({"HEXISTS", "h"}) == "-ERR wrong number of arguments for 'hexists' command\r\n");
  CHECK(f.run({"HGETALL"}) == "-ERR wrong number of arguments for 'hgetall' command\r\n");
  CHECK(f.run({"HRANDFIELD"}) == "-ERR wrong number of arguments for 'hrandfield' command\r\n");
  CHECK(f.run({"HSCAN", "h"}) == "-ERR wrong number of arguments for 'hscan' command\r\n");
  CHECK(f.run({"SET", "s", "str"}) == "+OK\r\n");
  CHECK(f.run({"HSET", "s", "f", "v"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HGET", "s", "f"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HMGET", "s", "f"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HLEN", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HDEL", "s", "f"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HGETALL", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HKEYS", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HVALS", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HEXISTS", "s", "f"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HSTRLEN", "s", "f"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HSETNX", "s", "f", "v"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HINCRBY", "s", "f", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "s", "f", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HRANDFIELD", "s"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"HSCAN", "s", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"GET", "s"}) == "$3\r\nstr\r\n");
}

TEST_CASE("hincrby and hincrbyfloat", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"HINCRBY", "h", "n", "5"}) == ":5\r\n");
  CHECK(f.run({"HINCRBY", "h", "n", "-10"}) == ":-5\r\n");
  CHECK(f.run({"HINCRBY", "h", "n", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"HINCRBY", "h", "n", "1.5"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"HINCRBY", "h", "n", "9223372036854775808"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"HSET", "h", "big", "9223372036854775807", "small", "-9223372036854775808", "s",
               "abc", "sp", " 1", "f", "1.5"}) == ":5\r\n");
  CHECK(f.run({"HINCRBY", "h", "big", "1"}) == "-ERR increment or decrement would overflow\r\n");
  CHECK(f.run({"HINCRBY", "h", "small", "-1"}) == "-ERR increment or decrement would overflow\r\n");
  CHECK(f.run({"HINCRBY", "h", "big", "0"}) == ":9223372036854775807\r\n");
  CHECK(f.run({"HINCRBY", "h", "big", "-9223372036854775808"}) == ":-1\r\n");
  CHECK(f.run({"HINCRBY", "h", "s", "1"}) == "-ERR hash value is not an integer\r\n");
  CHECK(f.run({"HINCRBY", "h", "sp", "1"}) == "-ERR hash value is not an integer\r\n");
  CHECK(f.run({"HINCRBY", "h", "f", "1"}) == "-ERR hash value is not an integer\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "f", "0.25"}) == "$4\r\n1.75\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "f", "-1.75"}) == "$1\r\n0\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "n", "x"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "n", "nan"}) == "-ERR value is not a valid float\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "n", "inf"}) == "-ERR value is NaN or Infinity\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "s", "1"}) == "-ERR hash value is not a float\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "nf", "1e308"}) ==
        "$308\r\n"
        "999999999999999999966858796558456456605600998474155672077970479949217348688380618721001269"
        "218885393204467472250540132231521347495939605835974208144301964187679591000196031907786631"
        "096045071066679391533957889389145605435630612683649016186302170865892534448816237913008557"
        "57318142424510452728255046343928578048\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "nf", "1e308"}) ==
        "$309\r\n"
        "199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253"
        "843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326"
        "219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711"
        "514636284849020905456510092687857156096\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "n", "3.0e0"}) == "$2\r\n-2\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "e", "5.0e3"}) == "$4\r\n5000\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "e", "0.1"}) == "$22\r\n5000.10000000000000009\r\n");
  CHECK(f.run({"HGET", "h", "n"}) == "$2\r\n-2\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "big", "1"}) == "$1\r\n0\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"HGETALL", "h"}), 2) ==
        unordered("*16\r\n$2\r\nnf\r\n$309\r\n"
                  "19999999999999999999337175931169129132112019969483113441559409598984346973767612"
                  "37442002538437770786408934944501080264463042694991879211671948416288603928375359"
                  "18200039206381557326219209014213335878306791577877829121087126122536729803237260"
                  "434173178506889763247582601711514636284849020905456510092687857156096\r\n"
                  "$3\r\nbig\r\n$1\r\n0\r\n$2\r\nsp\r\n$2\r\n 1\r\n$5\r\nsmall\r\n$20\r\n"
                  "-9223372036854775808\r\n$1\r\ne\r\n$22\r\n5000.10000000000000009\r\n"
                  "$1\r\nf\r\n$1\r\n0\r\n$1\r\nn\r\n$2\r\n-2\r\n$1\r\ns\r\n$3\r\nabc\r\n",
                  2));
}

TEST_CASE("hrandfield counts and errors", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"HRANDFIELD", "missing"}) == "$-1\r\n");
  CHECK(f.run({"HRANDFIELD", "missing", "5"}) == "*0\r\n");
  CHECK(f.run({"HRANDFIELD", "missing", "5", "WITHVALUES"}) == "*0\r\n");
  CHECK(f.run({"HSET", "h", "a", "1"}) == ":1\r\n");
  CHECK(f.run({"HRANDFIELD", "h"}) == "$1\r\na\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "1"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "1", "WITHVALUES"}) == "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "-3"}) == "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "-2", "WITHVALUES"}) ==
        "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "0"}) == "*0\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "0", "WITHVALUES"}) == "*0\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "5", "WITHVALUES"}) == "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "1", "WITHSCORES"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "1", "WITHVALUES", "extra"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "-9223372036854775808"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "-9223372036854775808", "WITHVALUES"}) ==
        "-ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "9223372036854775807"}) == "*1\r\n$1\r\na\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"}) ==
        "-ERR value is out of range\r\n");
  CHECK(f.run({"HRANDFIELD", "h", "9223372036854775808"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"HSET", "h", "b", "2", "c", "3"}) == ":2\r\n");
  CHECK(unordered(f.run({"HRANDFIELD", "h", "3", "WITHVALUES"}), 2) ==
        unordered("*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", 2));
  CHECK(unordered(f.run({"HRANDFIELD", "h", "100", "WITHVALUES"}), 2) ==
        unordered("*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", 2));
  CHECK(unordered(f.run({"HRANDFIELD", "h", "3"}), 1) ==
        unordered("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", 1));
  f.run({"HELLO", "3"});
  CHECK(unordered(f.run({"HRANDFIELD", "h", "3", "WITHVALUES"}), 1) ==
        unordered("*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\nc\r\n$"
                  "1\r\n3\r\n",
                  1));
  CHECK(f.run({"HSET", "one", "a", "1"}) == ":1\r\n");
  CHECK(f.run({"HRANDFIELD", "one", "1", "WITHVALUES"}) == "*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"HRANDFIELD", "one", "-2", "WITHVALUES"}) ==
        "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"HRANDFIELD", "missing", "1", "WITHVALUES"}) == "*0\r\n");
}

TEST_CASE("hscan on a listpack hash", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"HSET", "h", "a", "1", "b", "2", "c", "3", "ab", "4"}) == ":4\r\n");
  CHECK(f.run({"HSCAN", "h", "0"}) ==
        "*2\r\n$1\r\n0\r\n*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"
        "$2\r\nab\r\n$1\r\n4\r\n");
  CHECK(f.run({"HSCAN", "h", "0", "MATCH", "a*"}) ==
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nab\r\n$1\r\n4\r\n");
  CHECK(f.run({"HSCAN", "h", "0", "COUNT", "1"}) ==
        "*2\r\n$1\r\n0\r\n*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"
        "$2\r\nab\r\n$1\r\n4\r\n");
  CHECK(f.run({"HSCAN", "h", "0", "COUNT", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"HSCAN", "h", "0", "COUNT", "-1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"HSCAN", "h", "x"}) == "-ERR invalid cursor\r\n");
  CHECK(f.run({"HSCAN", "h", "0", "FOO", "bar"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"HSCAN", "h", "0", "MATCH"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"HSCAN", "missing", "0"}) == "*2\r\n$1\r\n0\r\n*0\r\n");
  CHECK(f.run({"HSCAN", "h", "18446744073709551615"}) ==
        "*2\r\n$1\r\n0\r\n*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"
        "$2\r\nab\r\n$1\r\n4\r\n");
  CHECK(f.run({"HSCAN", "h", "18446744073709551616"}) == "-ERR invalid cursor\r\n");
}

TEST_CASE("hash encoding follows hash-max-listpack-entries", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"CONFIG", "SET", "hash-max-listpack-entries", "4"}) == "+OK\r\n");
  CHECK(f.run({"HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HSET", "h", "e", "5"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HDEL", "h", "a", "b", "c", "d"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HGETALL", "h"}) == "*2\r\n$1\r\ne\r\n$1\r\n5\r\n");
  CHECK(f.run({"HSET", "h2", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"}) == ":5\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h2"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"HGETALL", "h2"}), 2) ==
        unordered("*10\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n1\r\n$"
                  "1\r\ne\r\n$1\r\n"
                  "5\r\n$1\r\nd\r\n$1\r\n4\r\n",
                  2));
  CHECK(f.run({"HLEN", "h2"}) == ":5\r\n");
  CHECK(f.run({"CONFIG", "SET", "hash-max-listpack-entries", "0"}) == "+OK\r\n");
  CHECK(f.run({"HSET", "h3", "a", "1"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h3"}) == "$9\r\nhashtable\r\n");
}

TEST_CASE("hash encoding follows hash-max-listpack-value", "[commands][hash]") {
  CommandFixture f;
  CHECK(f.run({"CONFIG", "SET", "hash-max-listpack-value", "8"}) == "+OK\r\n");
  CHECK(f.run({"HSET", "h", "f", "12345678"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HSET", "h", "f", "123456789"}) == ":0\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HSET", "h2", "123456789", "v"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h2"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HSET", "h3", "f", "1"}) == ":1\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h3", "f", "0.123456789"}) == "$11\r\n1.123456789\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h3"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HSET", "h4", "f", "1"}) == ":1\r\n");
  CHECK(f.run({"HINCRBY", "h4", "f", "999999999"}) == ":1000000000\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h4"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HSETNX", "h5", "f", "123456789"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h5"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HMGET", "h", "f"}) == "*1\r\n$9\r\n123456789\r\n");
  CHECK(f.run({"CONFIG", "SET", "hash-max-listpack-value", "64"}) == "+OK\r\n");
  CHECK(f.run({"HSET", "h6", std::string(64, 'x'), std::string(64, 'y')}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h6"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HSET", "h7", "f", std::string(65, 'y')}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h7"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HSTRLEN", "h7", "f"}) == ":65\r\n");
}

TEST_CASE("big hash converts past 512 entries by default", "[commands][hash]") {
  CommandFixture f;
  for (int i = 0; i < 512; ++i)
    f.run({"HSET", "h", (std::string("f").append(std::to_string(i))),
           (std::string("v").append(std::to_string(i)))});
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HSET", "h", "extra", "v"}) == ":1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "h"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HLEN", "h"}) == ":513\r\n");
  CHECK(f.run({"HGET", "h", "f77"}) == "$3\r\nv77\r\n");
  CHECK(f.run({"HSTRLEN", "h", "f100"}) == ":4\r\n");
  CHECK(f.run({"HMGET", "h", "f0", "f127", "nope"}) == "*3\r\n$2\r\nv0\r\n$4\r\nv127\r\n$-1\r\n");
  CHECK(f.run({"HDEL", "h", "f0", "f1", "nope"}) == ":2\r\n");
  CHECK(f.run({"HLEN", "h"}) == ":511\r\n");
  CHECK(f.run({"HEXISTS", "h", "f1"}) == ":0\r\n");
  CHECK(f.run({"HINCRBY", "h", "f5", "1"}) == "-ERR hash value is not an integer\r\n");
  CHECK(f.run({"HINCRBY", "h", "counter", "7"}) == ":7\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "counter", "0.5"}) == "$3\r\n7.5\r\n");
}

TEST_CASE("hash replies in resp3", "[commands][hash][resp3]") {
  CommandFixture f;
  f.run({"HELLO", "3"});
  CHECK(f.run({"HSET", "h", "a", "1", "b", "2"}) == ":2\r\n");
  CHECK(f.run({"HGETALL", "h"}) == "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"HGETALL", "missing"}) == "%0\r\n");
  CHECK(f.run({"HKEYS", "h"}) == "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  CHECK(f.run({"HGET", "h", "nope"}) == "_\r\n");
  CHECK(f.run({"HMGET", "h", "a", "nope"}) == "*2\r\n$1\r\n1\r\n_\r\n");
  CHECK(f.run({"HINCRBYFLOAT", "h", "a", "1.5"}) == "$3\r\n2.5\r\n");
  CHECK(f.run({"HSCAN", "h", "0"}) ==
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$3\r\n2.5\r\n$1\r\nb\r\n$1\r\n2\r\n");
}
