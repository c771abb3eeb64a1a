// In-process command tests for the dispatcher, connection, string and transaction commands.
#include "command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("dispatcher rejects unknown commands and bad arity", "[commands][dispatch]") {
  CommandFixture f;
  CHECK(f.run({"NOPE", "a", "b"}) ==
        "-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n");
  CHECK(f.run({"GET"}) == "-ERR wrong number of arguments for 'get' command\r\n");
  CHECK(f.run({"get", "k", "extra"}) == "-ERR wrong number of arguments for 'get' command\r\n");
}

TEST_CASE("ping, echo and select", "[commands][connection]") {
  CommandFixture f;
  CHECK(f.run({"PING"}) == "+PONG\r\n");
  CHECK(f.run({"PING", "hi"}) == "$2\r\nhi\r\n");
  CHECK(f.run({"ECHO", std::string_view("a\0b", 3)}) == std::string("$3\r\na\0b\r\n", 9));
  CHECK(f.run({"SELECT", "15"}) == "+OK\r\n");
  CHECK(f.run({"SELECT", "16"}) == "-ERR DB index is out of range\r\n");
  CHECK(f.run({"SELECT", "x"}) == "-ERR value is not an integer or out of range\r\n");
}

TEST_CASE("set, get and counters", "[commands][string]") {
  CommandFixture f;
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"GET", "k"}) == "$1\r\nv\r\n");
  CHECK(f.run({"GET", "missing"}) == "$-1\r\n");
  CHECK(f.run({"SET", "k", "w", "NX"}) == "$-1\r\n");
  CHECK(f.run({"SET", "k", "w", "XX", "GET"}) == "$1\r\nv\r\n");
  CHECK(f.run({"SET", "k", "v", "EX", "0"}) == "-ERR invalid expire time in 'set' command\r\n");
  CHECK(f.run({"SET", "k", "v", "NX", "XX"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"INCR", "k"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"SET", "n", "9223372036854775807"}) == "+OK\r\n");
  CHECK(f.run({"INCR", "n"}) == "-ERR increment or decrement would overflow\r\n");
  CHECK(f.run({"DECRBY", "c", "5"}) == ":-5\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "10.5"}) == "$4\r\n10.5\r\n");
  CHECK(f.run({"INCRBYFLOAT", "f", "5.0e3"}) == "$6\r\n5010.5\r\n");
}

TEST_CASE("multi queues and exec runs", "[commands][tx]") {
  CommandFixture f;
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  CHECK(f.run({"SET", "a", "1"}) == "+QUEUED\r\n");
  CHECK(f.run({"INCR", "a"}) == "+QUEUED\r\n");
  CHECK(f.run({"EXEC"}) == "*2\r\n+OK\r\n:2\r\n");
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  CHECK(f.run({"GET"}) == "-ERR wrong number of arguments for 'get' command\r\n");
  CHECK(f.run({"EXEC"}) == "-EXECABORT Transaction discarded because of previous errors.\r\n");
}

TEST_CASE("watch is invalidated by another client's write", "[commands][tx]") {
  CommandFixture f;
  auto& other = f.new_client();
  CHECK(f.run({"WATCH", "w"}) == "+OK\r\n");
  CHECK(f.run_as(other, {"SET", "w", "1"}) == "+OK\r\n");
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  CHECK(f.run({"GET", "w"}) == "+QUEUED\r\n");
  CHECK(f.run({"EXEC"}) == "*-1\r\n");
}

TEST_CASE("resp3 after hello 3", "[commands][resp3]") {
  CommandFixture f;
  std::string hello = f.run({"HELLO", "3"});
  CHECK(hello.rfind("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n", 0) == 0);
  CHECK(f.run({"GET", "missing"}) == "_\r\n");
  CHECK(f.run({"HELLO", "4"}) == "-NOPROTO unsupported protocol version\r\n");
}

TEST_CASE("a handler that runs out of memory answers -OOM and drops its partial reply",
          "[commands][dispatch]") {
  CommandFixture f;
  sable::FamilyRows(f.server().commands, "test")
      .add({.name = "oomtest",
            .arity = 1,
            .acl = "@slow",
            .summary = "Runs out of memory",
            .since = "7.0.0",
            .handler = [](sable::CommandContext& ctx) {
              ctx.reply.array_len(3);
              ctx.reply.bulk("partial");
              throw std::bad_alloc();
            }});
  CHECK(f.run({"OOMTEST"}) == "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  CHECK(f.run({"PING"}) == "+PONG\r\n");
  CHECK(f.run({"SORT_RO", "L", "BY", "a", "LIMIT", "2", "9223372036854775807"}) == "*0\r\n");
}
