// In-process tests for MIGRATE's argument checks and key positions (no connection is made: every
// call here fails or finds no key before connecting).
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("MIGRATE checks its options before anything else", "[commands][migrate]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "k", "0", "10", "BOGUS"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "k", "0", "10", "AUTH"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "k", "0", "10", "AUTH2", "u"}) ==
        "-ERR syntax error\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "k", "0", "10", "KEYS", "a"}) ==
        "-ERR When using MIGRATE KEYS option, the key argument must be set to the empty "
        "string\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "k", "x", "10"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "k", "0", "1.5"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "nokey", "0", "10"}) == "+NOKEY\r\n");
  CHECK(f.run({"MIGRATE", "127.0.0.1", "1", "", "0", "10", "COPY", "KEYS", "n1", "n2"}) ==
        "+NOKEY\r\n");
  CHECK(f.run({"GET", "k"}) == "$1\r\nv\r\n");
}

TEST_CASE("MIGRATE key positions follow Redis 7.0", "[commands][migrate]") {
  CommandFixture f;
  CHECK(f.run({"COMMAND", "GETKEYS", "MIGRATE", "h", "p", "k", "0", "0"}) == "*1\r\n$1\r\nk\r\n");
  CHECK(f.run({"COMMAND", "GETKEYS", "MIGRATE", "h", "p", "", "0", "0", "KEYS", "a", "b"}) ==
        "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  // No KEYS word found searching back from the next-to-last argument: the key argument.
  CHECK(f.run({"COMMAND", "GETKEYS", "MIGRATE", "h", "p", "", "0", "0", "KEYS"}) ==
        "*1\r\n$0\r\n\r\n");
  CHECK(f.run({"COMMAND", "GETKEYS", "MIGRATE", "h", "p", "x", "0", "0", "KEYS", "a"}) ==
        "-ERR Invalid arguments specified for command\r\n");
  CHECK(f.run({"COMMAND", "GETKEYS", "MIGRATE", "h", "p", "", "0", "0", "AUTH2", "keys", "keys",
               "KEYS", "z"}) == "*1\r\n$1\r\nz\r\n");
  CHECK(f.run({"COMMAND", "GETKEYSANDFLAGS", "MIGRATE", "h", "p", "", "0", "0", "KEYS", "a"}) ==
        "*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n");
}
