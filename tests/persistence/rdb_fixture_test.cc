// Loads the RDB files in tests/persistence/fixtures/ (written by a real redis-server 7.0.15, see
// make_fixtures.py there) into an in-process Server and checks every key, value, TTL and OBJECT
// ENCODING against what that redis-server reports after loading the same file; damaged copies
// must be refused with Redis's error text and leave the server usable.
#include <string>

#include "commands/command_fixture.h"
#include "commands/reply_util.h"
#include "server/persistence/rdb.h"

using sable::testing::CommandFixture;
using sable::testing::unordered;

namespace {
// Loads fixture `name` into f's server; returns the loader's error text (empty on success).
std::string load(CommandFixture& f, const std::string& name) {
  bool missing = false;
  size_t keys = 0;
  std::string err = sable::rdb_load(
      f.server(), std::string(SABLE_SOURCE_DIR) + "/tests/persistence/fixtures/" + name, &missing,
      &keys);
  if (missing) return "fixture not found: " + name;
  return err;
}
}  // namespace

TEST_CASE("strings: int, embstr, raw and LZF-compressed", "[rdb][persistence]") {
  CommandFixture f;
  REQUIRE(load(f, "strings.rdb") == "");
  CHECK(f.run({"DBSIZE"}) == ":12\r\n");
  CHECK(f.run({"GET", "int8"}) == "$1\r\n7\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "int8"}) == "$3\r\nint\r\n");
  CHECK(f.run({"GET", "int16"}) == "$4\r\n-300\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "int16"}) == "$3\r\nint\r\n");
  CHECK(f.run({"GET", "int32"}) == "$5\r\n70000\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "int32"}) == "$3\r\nint\r\n");
  CHECK(f.run({"GET", "int64"}) == "$19\r\n9223372036854775807\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "int64"}) == "$3\r\nint\r\n");
  CHECK(f.run({"GET", "notint"}) == "$3\r\n007\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "notint"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"GET", "empty"}) == "$0\r\n\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "empty"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"EXISTS", "empty"}) == ":1\r\n");
  CHECK(f.run({"GET", "embstr"}) == "$11\r\nhello world\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "embstr"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"GET", "binary"}) == std::string("$5\r\na\000b\377c\r\n", 11));
  CHECK(f.run({"OBJECT", "ENCODING", "binary"}) == "$6\r\nembstr\r\n");
  CHECK(f.run({"GET", "raw"}) ==
        "$60\r\n"
        "!Fk6[&Kp;`+Pu@e0UzEj5Z%Jo:_*Ot?d/TyDi4Y$In9^)Ns>c.SxCh3X#Hm8\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "raw"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"GET", "lzf"}) ==
        "$512\r\n"
        "abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghab"
        "cdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcd"
        "efghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdef"
        "ghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"
        "abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghab"
        "cdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh\r\n");
  CHECK(f.run({"STRLEN", "lzf"}) == ":512\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "lzf"}) == "$3\r\nraw\r\n");
  CHECK(f.run({"GET", "ttl"}) == "$1\r\nv\r\n");
  CHECK(f.run({"PEXPIRETIME", "ttl"}) == ":4102444800123\r\n");
  CHECK(f.run({"PEXPIRETIME", "ttl-int"}) == ":4102444800000\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "ttl-int"}) == "$3\r\nint\r\n");
  CHECK(f.run({"PEXPIRETIME", "int8"}) == ":-1\r\n");
  CHECK(f.run({"EXISTS", "gone"}) == ":0\r\n");
  CHECK(f.run({"INCR", "int8"}) == ":8\r\n");
  CHECK(f.run({"APPEND", "lzf", "!"}) == ":513\r\n");
  CHECK(f.run({"STRLEN", "lzf"}) == ":513\r\n");
}

TEST_CASE("hashes: listpack and hashtable", "[rdb][persistence]") {
  CommandFixture f;
  REQUIRE(load(f, "hashes.rdb") == "");
  CHECK(f.run({"DBSIZE"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "lp"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HGETALL", "lp"}) ==
        "*8\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$1\r\n2\r\n$2\r\nf3\r\n$2\r\n-3\r\n$1\r\nn\r\n"
        "$19\r\n9223372036854775807\r\n");
  CHECK(f.run({"HINCRBY", "lp", "f2", "1"}) == ":3\r\n");
  CHECK(f.run({"HGET", "lp", "n"}) == "$19\r\n9223372036854775807\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "lp-ttl"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"HGETALL", "lp-ttl"}) == "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  CHECK(f.run({"PEXPIRETIME", "lp-ttl"}) == ":4102444800000\r\n");
  CHECK(f.run({"PEXPIRETIME", "lp"}) == ":-1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "ht"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"HLEN", "ht"}) == ":513\r\n");
  CHECK(f.run({"HGET", "ht", "f0"}) == "$1\r\n0\r\n");
  CHECK(f.run({"HGET", "ht", "f255"}) == "$3\r\n255\r\n");
  CHECK(f.run({"HGET", "ht", "f512"}) == "$3\r\n512\r\n");
  CHECK(f.run({"HGET", "ht", "f513"}) == "$-1\r\n");
  CHECK(f.run({"HINCRBY", "ht", "f100", "1"}) == ":101\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "longval"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"HGETALL", "longval"}), 2) ==
        unordered("*4\r\n$1\r\nf\r\n$65\r\n"
                  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
                  "$1\r\ng\r\n$5\r\nshort\r\n",
                  2));
  CHECK(f.run({"HSTRLEN", "longval", "f"}) == ":65\r\n");
}

TEST_CASE("sets: intset widths and hashtable", "[rdb][persistence]") {
  CommandFixture f;
  REQUIRE(load(f, "sets.rdb") == "");
  CHECK(f.run({"DBSIZE"}) == ":6\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "i16"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SMEMBERS", "i16"}) == "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "i32"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SMEMBERS", "i32"}) == "*3\r\n$6\r\n-70000\r\n$1\r\n1\r\n$5\r\n70000\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "i64"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SMEMBERS", "i64"}) ==
        "*3\r\n$20\r\n-9223372036854775808\r\n$1\r\n1\r\n$19\r\n"
        "9223372036854775807\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "strs"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"SMEMBERS", "strs"}), 1) ==
        unordered("*3\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n", 1));
  CHECK(f.run({"OBJECT", "ENCODING", "mixed"}) == "$9\r\nhashtable\r\n");
  CHECK(unordered(f.run({"SMEMBERS", "mixed"}), 1) ==
        unordered("*3\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n2\r\n", 1));
  CHECK(f.run({"OBJECT", "ENCODING", "bigint"}) == "$9\r\nhashtable\r\n");
  CHECK(f.run({"SCARD", "bigint"}) == ":600\r\n");
  CHECK(f.run({"SISMEMBER", "bigint", "0"}) == ":1\r\n");
  CHECK(f.run({"SISMEMBER", "bigint", "599"}) == ":1\r\n");
  CHECK(f.run({"SISMEMBER", "bigint", "600"}) == ":0\r\n");
  CHECK(f.run({"SMISMEMBER", "bigint", "300", "-1", "42"}) == "*3\r\n:1\r\n:0\r\n:1\r\n");
}

TEST_CASE("sorted sets: listpack and skiplist", "[rdb][persistence]") {
  CommandFixture f;
  REQUIRE(load(f, "zsets.rdb") == "");
  CHECK(f.run({"DBSIZE"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "lp"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"ZRANGE", "lp", "0", "-1", "WITHSCORES"}) ==
        "*12\r\n$2\r\nlo\r\n$4\r\n-inf\r\n$1\r\nc\r\n$12\r\n-10000000000\r\n$4\r\nzero\r\n"
        "$1\r\n0\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$2\r\nhi\r\n$3\r\ninf\r\n");
  CHECK(f.run({"ZSCORE", "lp", "hi"}) == "$3\r\ninf\r\n");
  CHECK(f.run({"ZSCORE", "lp", "lo"}) == "$4\r\n-inf\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "lp-frac"}) == "$8\r\nlistpack\r\n");
  CHECK(f.run({"ZRANGE", "lp-frac", "0", "-1", "WITHSCORES"}) ==
        "*4\r\n$1\r\nx\r\n$19\r\n0.10000000000000001\r\n$2\r\npi\r\n$16\r\n"
        "3.14159265358979\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "skip"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZCARD", "skip"}) == ":200\r\n");
  CHECK(f.run({"ZRANGE", "skip", "0", "4", "WITHSCORES"}) ==
        "*10\r\n$2\r\nm0\r\n$1\r\n0\r\n$2\r\nm1\r\n$3\r\n1.5\r\n$2\r\nm2\r\n$1\r\n3\r\n$2\r\nm3\r\n"
        "$3\r\n4.5\r\n$2\r\nm4\r\n$1\r\n6\r\n");
  CHECK(f.run({"ZRANGE", "skip", "-2", "-1", "WITHSCORES"}) ==
        "*4\r\n$4\r\nm198\r\n$3\r\n297\r\n$4\r\nm199\r\n$5\r\n298.5\r\n");
  CHECK(f.run({"ZSCORE", "skip", "m101"}) == "$5\r\n151.5\r\n");
  CHECK(f.run({"ZRANK", "skip", "m150"}) == ":150\r\n");
  CHECK(f.run({"ZRANGEBYSCORE", "skip", "30", "33", "WITHSCORES"}) ==
        "*6\r\n$3\r\nm20\r\n$2\r\n30\r\n$3\r\nm21\r\n$4\r\n31.5\r\n$3\r\nm22\r\n$2\r\n33\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "longmember"}) == "$8\r\nskiplist\r\n");
  CHECK(f.run({"ZRANGE", "longmember", "0", "-1", "WITHSCORES"}) ==
        "*2\r\n$65\r\n"
        "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n"
        "$1\r\n1\r\n");
  CHECK(f.run({"PEXPIRETIME", "longmember"}) == ":4102444800000\r\n");
}

TEST_CASE("lists: quicklist nodes, LZF-compressed nodes and plain nodes", "[rdb][persistence]") {
  CommandFixture f;
  REQUIRE(load(f, "lists.rdb") == "");
  CHECK(f.run({"DBSIZE"}) == ":4\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "small"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LRANGE", "small", "0", "-1"}) ==
        "*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\n-2\r\n$1\r\nb\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "nodes"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LLEN", "nodes"}) == ":22\r\n");
  CHECK(f.run({"LRANGE", "nodes", "0", "-1"}) ==
        "*22\r\n$2\r\ne0\r\n$2\r\ne1\r\n$2\r\ne2\r\n$2\r\ne3\r\n$2\r\ne4\r\n$2\r\ne5\r\n$2\r\n"
        "e6\r\n$2\r\ne7\r\n$2\r\ne8\r\n$2\r\ne9\r\n$3\r\ne10\r\n$3\r\ne11\r\n$3\r\ne12\r\n$3\r\n"
        "e13\r\n$3\r\ne14\r\n$3\r\ne15\r\n$3\r\ne16\r\n$3\r\ne17\r\n$3\r\ne18\r\n$3\r\ne19\r\n"
        "$3\r\ne20\r\n$3\r\ne21\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "packed"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LLEN", "packed"}) == ":40\r\n");
  CHECK(f.run({"LINDEX", "packed", "0"}) ==
        "$55\r\n"
        "compressible-element-000-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n");
  CHECK(f.run({"LINDEX", "packed", "17"}) ==
        "$55\r\n"
        "compressible-element-017-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n");
  CHECK(f.run({"LINDEX", "packed", "-1"}) ==
        "$55\r\n"
        "compressible-element-039-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n");
  CHECK(f.run({"LRANGE", "packed", "20", "21"}) ==
        "*2\r\n$55\r\n"
        "compressible-element-020-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n"
        "$55\r\n"
        "compressible-element-021-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "plain"}) == "$9\r\nquicklist\r\n");
  CHECK(f.run({"LRANGE", "plain", "0", "-1"}) ==
        "*3\r\n$4\r\nhead\r\n$150\r\n"
        "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
        "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp\r\n"
        "$4\r\ntail\r\n");
  CHECK(f.run({"LPOP", "plain"}) == "$4\r\nhead\r\n");
  CHECK(f.run({"RPUSH", "small", "c"}) == ":5\r\n");
}

TEST_CASE("several databases and TTLs", "[rdb][persistence]") {
  CommandFixture f;
  REQUIRE(load(f, "databases.rdb") == "");
  CHECK(f.run({"DBSIZE"}) == ":1\r\n");
  CHECK(f.run({"GET", "k"}) == "$3\r\ndb0\r\n");
  CHECK(f.run({"SELECT", "3"}) == "+OK\r\n");
  CHECK(f.run({"DBSIZE"}) == ":2\r\n");
  CHECK(f.run({"GET", "k"}) == "$3\r\ndb3\r\n");
  CHECK(f.run({"LRANGE", "l", "0", "-1"}) == "*1\r\n$1\r\nx\r\n");
  CHECK(f.run({"PEXPIRETIME", "l"}) == ":4102444800000\r\n");
  CHECK(f.run({"SELECT", "15"}) == "+OK\r\n");
  CHECK(f.run({"DBSIZE"}) == ":2\r\n");
  CHECK(f.run({"GET", "k"}) == "$4\r\ndb15\r\n");
  CHECK(f.run({"SMEMBERS", "s"}) == "*1\r\n$1\r\n1\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$6\r\nintset\r\n");
  CHECK(f.run({"SELECT", "1"}) == "+OK\r\n");
  CHECK(f.run({"DBSIZE"}) == ":0\r\n");
}

TEST_CASE("damaged files are refused with Redis's error text", "[rdb][persistence]") {
  CommandFixture f;
  // Redis 7.0.15 logs these same texts and exits when it starts on these files.
  CHECK(load(f, "truncated.rdb") ==
        "Short read or OOM loading DB. Unrecoverable error, aborting now.");
  CHECK(f.run({"PING"}) == "+PONG\r\n");
  CommandFixture g;
  CHECK(
      load(g, "bad-checksum.rdb") ==
      "Wrong RDB checksum expected: (e21fa5b89bb1e824) but got (c06dbb8bb41d36f2). Aborting now.");
  CHECK(g.run({"PING"}) == "+PONG\r\n");
  // Redis adds the offset and its source line: "Internal error in RDB reading offset 0, function at
  // rdb.c:2071 -> Listpack integrity check failed."
  CommandFixture h;
  CHECK(load(h, "bad-listpack.rdb").find("Listpack integrity check failed.") != std::string::npos);
  CHECK(h.run({"PING"}) == "+PONG\r\n");
  bool missing = false;
  size_t keys = 1;
  CHECK(sable::rdb_load(h.server(),
                        std::string(SABLE_SOURCE_DIR) + "/tests/persistence/fixtures/none.rdb",
                        &missing, &keys) == "");
  CHECK(missing);
  CHECK(keys == 0);
}
