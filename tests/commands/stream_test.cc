// In-process tests for the stream family. Every expected reply was captured from a real
// redis-server 7.0.15 sent the same commands (replies that hold the clock are only run).
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("XADD, XRANGE, XLEN, XDEL, XTRIM: options, IDs and errors", "[commands][stream]") {
  CommandFixture f;
  CHECK(f.run({"flushall"}) == "+OK\r\n");
  CHECK(f.run({"xadd", "s"}) == "-ERR wrong number of arguments for 'xadd' command\r\n");
  CHECK(f.run({"xadd", "s", "*"}) == "-ERR wrong number of arguments for 'xadd' command\r\n");
  CHECK(f.run({"xadd", "s", "*", "a"}) == "-ERR wrong number of arguments for 'xadd' command\r\n");
  CHECK(f.run({"xadd", "s", "0-0", "a", "1"}) ==
        "-ERR The ID specified in XADD must be greater than 0-0\r\n");
  CHECK(f.run({"xadd", "s", "0", "a", "1"}) ==
        "-ERR The ID specified in XADD must be greater than 0-0\r\n");
  CHECK(f.run({"xadd", "s", "abc", "a", "1"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xadd", "s", "maxlen", "-1", "*", "a", "1"}) ==
        "-ERR The MAXLEN argument must be >= 0.\r\n");
  CHECK(f.run({"xadd", "s", "limit", "10", "*", "a", "1"}) ==
        "-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n");
  CHECK(f.run({"xadd", "s", "maxlen", "1", "limit", "10", "*", "a", "1"}) ==
        "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n");
  CHECK(f.run({"xadd", "s", "maxlen", "~", "1", "limit", "-1", "*", "a", "1"}) ==
        "-ERR The LIMIT argument must be >= 0.\r\n");
  CHECK(f.run({"xadd", "s", "maxlen", "1", "minid", "1", "*", "a", "1"}) ==
        "-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n");
  CHECK(f.run({"xadd", "s", "minid", "abc", "*", "a", "1"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xadd", "s", "nomkstream", "*", "a", "1"}) == "$-1\r\n");
  f.run({"xadd", "s", "18446744073709551615-18446744073709551615", "a", "1"});
  CHECK(f.run({"xadd", "s", "*", "a", "1"}) ==
        "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
  CHECK(f.run({"xadd", "s", "18446744073709551615-*", "a", "1"}) ==
        "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
  CHECK(f.run({"xadd", "s", "5", "a", "1"}) ==
        "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
  f.run({"xadd", "s2", "18446744073709551615-*", "a", "1"});
  f.run({"xadd", "s2", "18446744073709551615-*", "a", "1"});
  CHECK(f.run({"xrange", "s2", "-", "+", "count", "-1"}) == "*-1\r\n");
  CHECK(f.run({"xrange", "s2", "-", "+", "count", "0"}) == "*-1\r\n");
  CHECK(f.run({"xrange", "s2", "(", "+"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s2", "(-", "+"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s2", "-", "(+"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s2", "abc", "+"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s2", "-", "+", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"xrange", "s2", "-", "+", "count"}) == "-ERR syntax error\r\n");
  f.run({"xrevrange", "s2", "+", "-", "count", "1"});
  CHECK(f.run({"xlen", "nokey"}) == ":0\r\n");
  CHECK(f.run({"xdel", "s2", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xtrim", "s2"}) == "-ERR wrong number of arguments for 'xtrim' command\r\n");
  CHECK(f.run({"xtrim", "s2", "maxlen"}) ==
        "-ERR wrong number of arguments for 'xtrim' command\r\n");
  CHECK(f.run({"xtrim", "s2", "foo", "1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"xtrim", "s2", "maxlen", "~", "0", "limit", "0"}) == ":2\r\n");
  CHECK(f.run({"xtrim", "s2", "minid", "0", "limit", "3"}) ==
        "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n");
  f.run({"xadd", "s3", "maxlen", "~", "0", "limit", "0", "*", "a", "1"});
  CHECK(f.run({"xadd", "s3", "nomkstream", "maxlen", "0", "1-1", "a", "b"}) ==
        "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
  CHECK(f.run({"xadd", "s4", "1-1", "a", "b", "c"}) ==
        "-ERR wrong number of arguments for 'xadd' command\r\n");
  f.run({"xadd", "s5", "1-18446744073709551615", "a", "1"});
  CHECK(f.run({"xadd", "s5", "1-*", "a", "1"}) == "-ERR Elements are too large to be stored\r\n");
  CHECK(f.run({"xadd", "s5", "1-5", "a", "1"}) ==
        "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
  CHECK(f.run({"xadd", "s5", "1", "a", "1"}) ==
        "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
  CHECK(f.run({"xadd", "s5", "0-*", "a", "1"}) ==
        "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
  CHECK(f.run({"xadd", "s6", "0-*", "a", "1"}) == "$3\r\n0-1\r\n");
  CHECK(f.run({"xadd", "s7", "maxlen", "=", "1", "1-1", "a", "1"}) == "$3\r\n1-1\r\n");
  CHECK(f.run({"xadd", "s7", "maxlen", "~", "abc", "2-1", "a", "1"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xadd", "s7", "limit", "5", "maxlen", "~", "5", "3-1", "a", "1"}) ==
        "$3\r\n3-1\r\n");
  CHECK(f.run({"xadd", "s7", "maxlen", "~", "1", "limit", "abc", "4-1", "a", "1"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xadd", "s7", "nomkstream", "nomkstream", "5-1", "a", "1"}) == "$3\r\n5-1\r\n");
  CHECK(f.run({"xadd", "s7", "+5", "a", "1"}) ==
        "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
  CHECK(f.run({"xadd", "s7", " 6", "a", "1"}) == "$3\r\n6-0\r\n");
  CHECK(f.run({"xadd", "s7", "-1", "a", "1"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s7", "(0-0", "(18446744073709551615-18446744073709551615"}) ==
        "*4\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$"
        "1\r\n1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n6-0\r\n*2\r\n$"
        "1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xrange", "s7", "(18446744073709551615-18446744073709551615", "+"}) ==
        "-ERR invalid start ID for the interval\r\n");
  CHECK(f.run({"xrange", "s7", "-", "(0-0"}) == "-ERR invalid end ID for the interval\r\n");
  CHECK(f.run({"xrange", "s7", "-1", "+"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s7", "1-2-3", "+"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xrange", "s7", "(1", "+"}) ==
        "*4\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$"
        "1\r\n1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n6-0\r\n*2\r\n$"
        "1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xrevrange", "s7", "(1", "-"}) ==
        "*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xtrim", "s7", "maxlen", "~", "0", "limit", "0", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"xtrim", "s7", "minid", "~", "5", "limit", "10"}) == ":0\r\n");
  CHECK(f.run({"xtrim", "s7", "maxlen", "~", "5", "limit", "10", "nomkstream"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"xtrim", "nokey", "foo"}) ==
        "-ERR wrong number of arguments for 'xtrim' command\r\n");
  CHECK(f.run({"xadd", "s3", "maxlen", "~", "0", "limit", "-1", "*", "a", "1"}) ==
        "-ERR The LIMIT argument must be >= 0.\r\n");
  CHECK(f.run({"xadd", "s7", "minid", "~", "(5", "*", "a", "1"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
}

TEST_CASE("XREAD and XGROUP: options and errors", "[commands][stream]") {
  CommandFixture f;
  CHECK(f.run({"flushall"}) == "+OK\r\n");
  CHECK(f.run({"xadd", "s", "1-1", "a", "1"}) == "$3\r\n1-1\r\n");
  CHECK(f.run({"xread", "streams", "s"}) ==
        "-ERR wrong number of arguments for 'xread' command\r\n");
  CHECK(f.run({"xread", "streams", "s", "t", "0"}) ==
        "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be "
        "specified.\r\n");
  CHECK(f.run({"xread", "count", "-1", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xread", "count", "0", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xread", "count", "abc", "streams", "s", "0"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xread", "block", "-1", "streams", "s", "0"}) == "-ERR timeout is negative\r\n");
  CHECK(f.run({"xread", "block", "abc", "streams", "s", "0"}) ==
        "-ERR timeout is not an integer or out of range\r\n");
  CHECK(f.run({"xread", "foo", "streams", "s", "0"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"xread", "streams", "s", ">"}) ==
        "-ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> "
        "<consumer> option.\r\n");
  CHECK(f.run({"xread", "streams", "s", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xread", "streams", "s", "$"}) == "*-1\r\n");
  CHECK(f.run({"xread", "streams", "s", "nokey", "0", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xread", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xread", "count", "1", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "c", "streams", "s", ">"}) ==
        "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n");
  CHECK(f.run({"xreadgroup", "streams", "s", ">"}) ==
        "-ERR wrong number of arguments for 'xreadgroup' command\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "streams", "s", ">"}) ==
        "-ERR wrong number of arguments for 'xreadgroup' command\r\n");
  CHECK(f.run({"xread", "group", "g", "c", "streams", "s", ">"}) ==
        "-ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.\r\n");
  CHECK(f.run({"xread", "noack", "streams", "s", "0"}) ==
        "-ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.\r\n");
  CHECK(f.run({"xreadgroup", "count", "1", "streams", "s", "0", "0", "0"}) ==
        "-ERR Missing GROUP option for XREADGROUP\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "c", "noack", "streams", "s", "0"}) ==
        "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g", "$"}) == "+OK\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g", "$"}) ==
        "-BUSYGROUP Consumer Group name already exists\r\n");
  CHECK(f.run({"xgroup", "create", "nokey", "g", "$"}) ==
        "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
        "to use the MKSTREAM option to create an empty stream automatically.\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g2", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g3", "0", "entriesread", "-5"}) ==
        "-ERR value for ENTRIESREAD must be positive or -1\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g3", "0", "entriesread", "-1"}) == "+OK\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g4", "0", "entriesread", "abc"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g5", "0", "foo"}) ==
        "-ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP.\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g6", "0", "mkstream", "entriesread", "3"}) == "+OK\r\n");
  CHECK(f.run({"xgroup", "setid", "s", "nog", "0"}) ==
        "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
  CHECK(f.run({"xgroup", "setid", "s", "g", "0", "entriesread", "-3"}) ==
        "-ERR value for ENTRIESREAD must be positive or -1\r\n");
  CHECK(f.run({"xgroup", "setid", "nokey", "g", "0"}) ==
        "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
        "to use the MKSTREAM option to create an empty stream automatically.\r\n");
  CHECK(f.run({"xgroup", "destroy", "s", "nog"}) == ":0\r\n");
  CHECK(f.run({"xgroup", "destroy", "nokey", "g"}) ==
        "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
        "to use the MKSTREAM option to create an empty stream automatically.\r\n");
  CHECK(f.run({"xgroup", "createconsumer", "s", "g", "c1"}) == ":1\r\n");
  CHECK(f.run({"xgroup", "createconsumer", "s", "g", "c1"}) == ":0\r\n");
  CHECK(f.run({"xgroup", "createconsumer", "s", "nog", "c1"}) ==
        "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
  CHECK(f.run({"xgroup", "delconsumer", "s", "g", "c1"}) == ":0\r\n");
  CHECK(f.run({"xgroup", "delconsumer", "s", "g", "nocons"}) == ":0\r\n");
  CHECK(f.run({"xgroup", "delconsumer", "s", "nog", "c"}) ==
        "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
  CHECK(f.run({"xgroup", "foo", "s"}) == "-ERR unknown subcommand 'foo'. Try XGROUP HELP.\r\n");
  CHECK(f.run({"xgroup"}) == "-ERR wrong number of arguments for 'xgroup' command\r\n");
  CHECK(f.run({"xgroup", "create", "s"}) ==
        "-ERR wrong number of arguments for 'xgroup|create' command\r\n");
  CHECK(f.run({"xgroup", "help"}) ==
        "*17\r\n+XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CREATE <key> "
        "<groupname> <id|$> [option]\r\n+    Create a new consumer group. Options are:\r\n+    * "
        "MKSTREAM\r\n+      Create the empty stream if it does not exist.\r\n+    * ENTRIESREAD "
        "entries_read\r\n+      Set the group's entries_read counter (internal "
        "use).\r\n+CREATECONSUMER <key> <groupname> <consumer>\r\n+    Create a new consumer in "
        "the specified group.\r\n+DELCONSUMER <key> <groupname> <consumer>\r\n+    Remove the "
        "specified consumer.\r\n+DESTROY <key> <groupname>\r\n+    Remove the specified "
        "group.\r\n+SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]\r\n+    Set the "
        "current group ID and entries_read counter.\r\n+HELP\r\n+    Prints this help.\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g7", "$", "extra"}) ==
        "-ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP.\r\n");
  CHECK(f.run({"xgroup", "destroy", "s", "g7", "extra"}) ==
        "-ERR wrong number of arguments for 'xgroup|destroy' command\r\n");
  CHECK(f.run({"xgroup", "create", "ms", "g", "$", "mkstream"}) == "+OK\r\n");
  CHECK(f.run({"xinfo", "stream", "ms"}) ==
        "*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:"
        "1\r\n$17\r\nlast-generated-id\r\n$3\r\n0-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-"
        "0\r\n$13\r\nentries-added\r\n:0\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$"
        "6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n");
  CHECK(
      f.run({"xinfo", "groups", "s"}) ==
      "*3\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$"
      "17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*"
      "12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-"
      "delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:1\r\n*12\r\n$"
      "4\r\nname\r\n$2\r\ng6\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-"
      "delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:-2\r\n");
  CHECK(
      f.run({"xinfo", "stream", "s", "full"}) ==
      "*18\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:"
      "2\r\n$17\r\nlast-generated-id\r\n$3\r\n1-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$"
      "13\r\nentries-added\r\n:1\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$"
      "7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$6\r\ngroups\r\n*3\r\n*"
      "14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-"
      "read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$"
      "9\r\nconsumers\r\n*0\r\n*14\r\n$4\r\nname\r\n$2\r\ng3\r\n$17\r\nlast-delivered-id\r\n$"
      "3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:1\r\n$9\r\npel-count\r\n:0\r\n$"
      "7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n*14\r\n$4\r\nname\r\n$2\r\ng6\r\n$17\r\nlast-"
      "delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:-2\r\n$9\r\npel-"
      "count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n");
}

TEST_CASE("XACK, XPENDING, XCLAIM, XAUTOCLAIM, XSETID, XINFO: errors", "[commands][stream]") {
  CommandFixture f;
  CHECK(f.run({"flushall"}) == "+OK\r\n");
  CHECK(f.run({"xadd", "s", "1-1", "a", "1"}) == "$3\r\n1-1\r\n");
  CHECK(f.run({"xadd", "s", "2-1", "a", "1"}) == "$3\r\n2-1\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g", "0"}) == "+OK\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "c", "count", "1", "streams", "s", ">"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xack", "s", "g", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xack", "s", "nog", "1-1"}) == ":0\r\n");
  CHECK(f.run({"xack", "nokey", "g", "1-1"}) == ":0\r\n");
  CHECK(f.run({"xpending", "s", "g"}) ==
        "*4\r\n:1\r\n$3\r\n1-1\r\n$3\r\n1-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n");
  CHECK(f.run({"xack", "s", "g", "1-1", "1-1", "5"}) == ":1\r\n");
  CHECK(f.run({"xpending", "s", "g"}) == "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n");
  CHECK(f.run({"xpending", "s", "nog"}) == "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
  CHECK(f.run({"xpending", "nokey", "g"}) ==
        "-NOGROUP No such key 'nokey' or consumer group 'g'\r\n");
  CHECK(f.run({"xpending", "s", "g", "-", "+", "10"}) == "*0\r\n");
  CHECK(f.run({"xpending", "s", "g", "-", "+", "-1"}) == "*0\r\n");
  CHECK(f.run({"xpending", "s", "g", "-", "+", "0"}) == "*0\r\n");
  CHECK(f.run({"xpending", "s", "g", "-", "+", "abc"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xpending", "s", "g", "idle", "-5", "-", "+", "10"}) == "*0\r\n");
  CHECK(f.run({"xpending", "s", "g", "idle", "abc", "-", "+", "10"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xpending", "s", "g", "idle", "0", "-", "+", "10", "c"}) == "*0\r\n");
  CHECK(f.run({"xpending", "s", "g", "idle", "0", "-", "+", "10", "c", "extra"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"xpending", "s", "g", "-", "+"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"xpending", "s", "g", "-", "+", "10", "nocons"}) == "*0\r\n");
  CHECK(f.run({"xpending", "s", "g", "(1-1", "+", "10"}) == "*0\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "1-1"}) == "*0\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "abc", "1-1"}) ==
        "-ERR Invalid min-idle-time argument for XCLAIM\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "-5", "1-1"}) == "*0\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "1-1", "retrycount", "abc"}) ==
        "-ERR Invalid RETRYCOUNT option argument for XCLAIM\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "1-1", "time", "abc"}) ==
        "-ERR Invalid TIME option argument for XCLAIM\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "1-1", "foo"}) ==
        "-ERR Unrecognized XCLAIM option 'foo'\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "abc"}) ==
        "-ERR Unrecognized XCLAIM option 'abc'\r\n");
  CHECK(f.run({"xclaim", "s", "nog", "c2", "0", "1-1"}) ==
        "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
  CHECK(f.run({"xclaim", "nokey", "g", "c2", "0", "1-1"}) ==
        "-NOGROUP No such key 'nokey' or consumer group 'g'\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "1-1", "lastid", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xclaim", "s", "g", "c2", "0", "1-1", "justid"}) == "*0\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "0"}) == "*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "0", "count", "0"}) ==
        "-ERR COUNT must be > 0\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "0", "count", "-1"}) ==
        "-ERR COUNT must be > 0\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "0", "count", "abc"}) ==
        "-ERR COUNT must be > 0\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "0", "justid", "foo"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "-1", "0"}) == "*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "abc", "0"}) ==
        "-ERR Invalid min-idle-time argument for XAUTOCLAIM\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xautoclaim", "s", "nog", "c3", "0", "0"}) ==
        "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
  CHECK(f.run({"xautoclaim", "nokey", "g", "c3", "0", "0"}) ==
        "-NOGROUP No such key 'nokey' or consumer group 'g'\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "c3", "0", "0", "count", "8070450532247928833"}) ==
        "-ERR COUNT must be > 0\r\n");
  CHECK(f.run({"xsetid", "s", "1-1"}) ==
        "-ERR The ID specified in XSETID is smaller than the target stream top item\r\n");
  CHECK(f.run({"xsetid", "s", "5-5"}) == "+OK\r\n");
  CHECK(f.run({"xsetid", "nokey", "5-5"}) == "-ERR no such key\r\n");
  CHECK(f.run({"xsetid", "s", "6-0", "entriesadded", "1"}) ==
        "-ERR The entries_added specified in XSETID is smaller than the target stream length\r\n");
  CHECK(f.run({"xsetid", "s", "6-0", "entriesadded", "-1"}) ==
        "-ERR entries_added must be positive\r\n");
  CHECK(f.run({"xsetid", "s", "6-0", "maxdeletedid", "7-0"}) ==
        "-ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id\r\n");
  CHECK(f.run({"xsetid", "s", "6-0", "maxdeletedid", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xsetid", "s", "6-0", "foo"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"xsetid", "s", "abc"}) ==
        "-ERR Invalid stream ID specified as stream command argument\r\n");
  CHECK(f.run({"xinfo", "stream", "nokey"}) == "-ERR no such key\r\n");
  CHECK(f.run({"xinfo", "groups", "nokey"}) == "-ERR no such key\r\n");
  CHECK(f.run({"xinfo", "consumers", "s", "nog"}) ==
        "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
  CHECK(f.run({"xinfo", "consumers", "nokey", "g"}) == "-ERR no such key\r\n");
  CHECK(f.run({"xinfo", "stream", "s", "full", "count", "abc"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"xinfo", "stream", "s", "foo"}) ==
        "-ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP.\r\n");
  CHECK(f.run({"xinfo", "stream", "s", "full", "foo"}) ==
        "-ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP.\r\n");
  CHECK(f.run({"xinfo", "foo"}) == "-ERR unknown subcommand 'foo'. Try XINFO HELP.\r\n");
  CHECK(f.run({"xinfo", "help"}) ==
        "*9\r\n+XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CONSUMERS <key> "
        "<groupname>\r\n+    Show consumers of <groupname>.\r\n+GROUPS <key>\r\n+    Show the "
        "stream consumer groups.\r\n+STREAM <key> [FULL [COUNT <count>]\r\n+    Show information "
        "about the stream.\r\n+HELP\r\n+    Prints this help.\r\n");
  CHECK(f.run({"xdel", "nokey", "1-1"}) == ":0\r\n");
  CHECK(f.run({"xlen", "s"}) == ":2\r\n");
  CHECK(f.run({"set", "str", "x"}) == "+OK\r\n");
  CHECK(f.run({"xlen", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"xadd", "str", "*", "a", "1"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"xinfo", "stream", "str"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"xgroup", "create", "str", "g", "$"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"xread", "streams", "str", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "c", "streams", "str", "0"}) ==
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
}

TEST_CASE("consumer groups: delivery, history, claims, lag, RESP3 shapes", "[commands][stream]") {
  CommandFixture f;
  CHECK(f.run({"flushall"}) == "+OK\r\n");
  CHECK(f.run({"xadd", "s", "1-1", "a", "1"}) == "$3\r\n1-1\r\n");
  CHECK(f.run({"xadd", "s", "2-1", "b", "2"}) == "$3\r\n2-1\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g", "$"}) == "+OK\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "alice", "streams", "s", ">"}) == "*-1\r\n");
  CHECK(f.run({"xinfo", "consumers", "s", "g"}) == "*0\r\n");
  CHECK(f.run({"xgroup", "setid", "s", "g", "0"}) == "+OK\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "bob", "count", "1", "streams", "s", ">"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"xdel", "s", "1-1"}) == ":1\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "bob", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*-1\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "bob", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*-1\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "bob", "streams", "s", "$"}) ==
        "-ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history "
        "of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID "
        "would just return an empty result set.\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "bob", "streams", "s", "1-1"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*0\r\n");
  CHECK(f.run({"xinfo", "stream", "s"}) ==
        "*20\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:"
        "2\r\n$17\r\nlast-generated-id\r\n$3\r\n2-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n1-"
        "1\r\n$13\r\nentries-added\r\n:2\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n2-1\r\n$"
        "6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$"
        "1\r\n2\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"xinfo", "groups", "s"}) ==
        "*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:1\r\n$"
        "17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n:1\r\n$3\r\nlag\r\n:1\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "alice", "count", "1", "streams", "s", ">"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "carol", "streams", "s", "0"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*0\r\n");
  CHECK(f.run({"xadd", "s", "3-1", "c", "3"}) == "$3\r\n3-1\r\n");
  CHECK(f.run({"xadd", "s", "4-1", "c", "3"}) == "$3\r\n4-1\r\n");
  CHECK(f.run({"xreadgroup", "group", "g", "dave", "noack", "streams", "s", ">"}) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n4-"
        "1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"xinfo", "groups", "s"}) ==
        "*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:4\r\n$7\r\npending\r\n:2\r\n$"
        "17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n:4\r\n$3\r\nlag\r\n:0\r\n");
  CHECK(f.run({"xpending", "s", "g"}) ==
        "*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n*2\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n*2\r\n$"
        "3\r\nbob\r\n$1\r\n1\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "bob", "0", "0", "count", "1", "justid"}) ==
        "*3\r\n$3\r\n2-1\r\n*0\r\n*1\r\n$3\r\n1-1\r\n");
  CHECK(f.run({"xautoclaim", "s", "g", "bob", "0", "0"}) ==
        "*3\r\n$3\r\n0-0\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*0\r\n");
  CHECK(f.run({"xclaim", "s", "g", "carol", "0", "1-1", "2-1", "3-1", "justid"}) ==
        "*1\r\n$3\r\n2-1\r\n");
  CHECK(f.run({"xpending", "s", "g"}) ==
        "*4\r\n:1\r\n$3\r\n2-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$5\r\ncarol\r\n$1\r\n1\r\n");
  CHECK(f.run({"xclaim", "s", "g", "eve", "0", "3-1", "force", "justid"}) == "*1\r\n$3\r\n3-1\r\n");
  CHECK(f.run({"xclaim", "s", "g", "eve", "0", "4-1", "force", "retrycount", "7"}) ==
        "*1\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"xgroup", "delconsumer", "s", "g", "eve"}) == ":2\r\n");
  CHECK(f.run({"xgroup", "destroy", "s", "g"}) == ":1\r\n");
  CHECK(f.run({"xinfo", "groups", "s"}) == "*0\r\n");
  CHECK(f.run({"xgroup", "create", "s", "g2", "0", "entriesread", "1"}) == "+OK\r\n");
  CHECK(f.run({"xinfo", "groups", "s"}) ==
        "*1\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$"
        "17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:1\r\n$3\r\nlag\r\n:3\r\n");
  CHECK(f.run({"xsetid", "s", "9-9", "entriesadded", "10", "maxdeletedid", "5-5"}) == "+OK\r\n");
  CHECK(f.run({"xinfo", "stream", "s"}) ==
        "*20\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:"
        "2\r\n$17\r\nlast-generated-id\r\n$3\r\n9-9\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n5-"
        "5\r\n$13\r\nentries-added\r\n:10\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n2-1\r\n$"
        "6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$"
        "1\r\n2\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"xgroup", "setid", "s", "g2", "$", "entriesread", "4"}) == "+OK\r\n");
  CHECK(f.run({"xinfo", "groups", "s"}) ==
        "*1\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$"
        "17\r\nlast-delivered-id\r\n$3\r\n9-9\r\n$12\r\nentries-read\r\n:4\r\n$3\r\nlag\r\n:6\r\n");
  f.run({"hello", "3"});
  CHECK(f.run({"xread", "streams", "s", "0"}) ==
        "%1\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n3-1\r\n*"
        "2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"xinfo", "groups", "s"}) ==
        "*1\r\n%6\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$"
        "17\r\nlast-delivered-id\r\n$3\r\n9-9\r\n$12\r\nentries-read\r\n:4\r\n$3\r\nlag\r\n:6\r\n");
  CHECK(f.run({"xinfo", "stream", "s"}) ==
        "%10\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:"
        "2\r\n$17\r\nlast-generated-id\r\n$3\r\n9-9\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n5-"
        "5\r\n$13\r\nentries-added\r\n:10\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n2-1\r\n$"
        "6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$"
        "1\r\n2\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  CHECK(f.run({"xpending", "s", "g2"}) == "*4\r\n:0\r\n_\r\n_\r\n_\r\n");
  CHECK(f.run({"xrange", "s", "-", "+", "count", "1"}) ==
        "*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK(f.run({"xadd", "e", "1-1", "a", "1"}) == "$3\r\n1-1\r\n");
  CHECK(f.run({"xdel", "e", "1-1"}) == ":1\r\n");
  CHECK(f.run({"xinfo", "stream", "e"}) ==
        "%10\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:"
        "1\r\n$17\r\nlast-generated-id\r\n$3\r\n1-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n1-"
        "1\r\n$13\r\nentries-added\r\n:1\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$"
        "6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n_\r\n$10\r\nlast-entry\r\n_\r\n");
  CHECK(f.run({"xrange", "e", "-", "+"}) == "*0\r\n");
}

namespace {
// What a blocked client has been sent since the last look.
std::string take_output(sable::Client& c) {
  std::string out;
  out.swap(c.reply.buffer());
  return out;
}
}  // namespace

TEST_CASE("blocking XREAD: $ is the last ID when blocking, served by a later XADD",
          "[commands][stream][blocking]") {
  CommandFixture f;
  sable::Client& other = f.new_client();
  f.run({"XADD", "s", "1-1", "a", "1"});
  CHECK(f.run({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}).empty());
  CHECK(f.client().has(sable::kClientBlocked));
  // A deletion and re-creation does not serve the old entries, nor does a non-stream value.
  f.run_as(other, {"DEL", "s"});
  f.run_as(other, {"LPUSH", "s", "x"});
  CHECK(take_output(f.client()).empty());
  f.run_as(other, {"DEL", "s"});
  CHECK(f.run_as(other, {"XADD", "s", "2-1", "b", "2"}) == "$3\r\n2-1\r\n");
  CHECK(take_output(f.client()) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  CHECK_FALSE(f.client().has(sable::kClientBlocked));
  // Inside MULTI it does not block.
  f.run({"MULTI"});
  f.run({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"});
  CHECK(f.run({"EXEC"}) == "*1\r\n*-1\r\n");
}

TEST_CASE("blocking XREADGROUP: served by XADD, errors when the key or group goes",
          "[commands][stream][blocking]") {
  CommandFixture f;
  sable::Client& other = f.new_client();
  f.run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
  CHECK(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}).empty());
  f.run_as(other, {"XADD", "s", "1-1", "a", "1"});
  CHECK(take_output(f.client()) ==
        "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  CHECK(f.run({"XPENDING", "s", "g"}) ==
        "*4\r\n:1\r\n$3\r\n1-1\r\n$3\r\n1-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n");

  CHECK(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}).empty());
  f.run_as(other, {"XGROUP", "DESTROY", "s", "g"});
  CHECK(take_output(f.client()) ==
        "-NOGROUP the consumer group this client was blocked on no longer exists\r\n");

  f.run({"XGROUP", "CREATE", "s", "g", "$"});
  CHECK(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}).empty());
  f.run_as(other, {"DEL", "s"});
  CHECK(take_output(f.client()) == "-UNBLOCKED the stream key no longer exists\r\n");

  f.run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
  CHECK(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}).empty());
  f.run_as(other, {"FLUSHALL"});
  CHECK(take_output(f.client()) == "-UNBLOCKED the stream key no longer exists\r\n");
}

TEST_CASE("streams as keys: TYPE, OBJECT ENCODING, COPY, RENAME, SCAN TYPE", "[commands][stream]") {
  CommandFixture f;
  f.run({"XADD", "s", "1-1", "a", "1"});
  f.run({"XGROUP", "CREATE", "s", "g", "0"});
  CHECK(f.run({"TYPE", "s"}) == "+stream\r\n");
  CHECK(f.run({"OBJECT", "ENCODING", "s"}) == "$6\r\nstream\r\n");
  CHECK(f.run({"COPY", "s", "t"}) == ":1\r\n");
  f.run({"XADD", "s", "2-1", "b", "2"});
  CHECK(f.run({"XLEN", "t"}) == ":1\r\n");
  CHECK(f.run({"XINFO", "GROUPS", "t"}).find("$1\r\ng\r\n") != std::string::npos);
  CHECK(f.run({"RENAME", "t", "u"}) == "+OK\r\n");
  CHECK(f.run({"SCAN", "0", "TYPE", "stream"}).find("$1\r\nu\r\n") != std::string::npos);
  CHECK(f.run({"DEL", "u", "s"}) == ":2\r\n");
  CHECK(f.run({"DBSIZE"}) == ":0\r\n");
}
