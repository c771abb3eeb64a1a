// LOLWUT, MODULE and the enable-module-command check, run in-process.
#include <catch.hpp>
#include <string>

#include "tests/commands/command_fixture.h"

using sable::testing::CommandFixture;

TEST_CASE("LOLWUT: the version line, and the drawings' captions", "[commands][lolwut]") {
  CommandFixture f;
  CHECK(f.run({"LOLWUT"}) == "$18\r\nRedis ver. 7.0.15\n\r\n");
  CHECK(f.run({"LOLWUT", "VERSION", "7", "1"}) == "$18\r\nRedis ver. 7.0.15\n\r\n");
  CHECK(f.run({"LOLWUT", "VERSION", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"LOLWUT", "VERSION", "5", "1.5"}) ==
        "-ERR value is not an integer or out of range\r\n");
  std::string five = f.run({"LOLWUT", "VERSION", "5", "2", "1", "1"});
  CHECK(five.find("Georg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15\n") !=
        std::string::npos);
  // Version 4294967301 is 5 once cut to 32 bits, as in Redis.
  CHECK(f.run({"LOLWUT", "VERSION", "4294967301", "2", "1", "1"}) == five);
  std::string six = f.run({"LOLWUT", "VERSION", "6", "1", "1"});
  CHECK(six.find("\x1b[0;97;107m \x1b[0m\nDedicated to the 8 bit game developers") !=
        std::string::npos);
  // Sizes are clamped, so the largest drawing stays bounded.
  CHECK(f.run({"LOLWUT", "VERSION", "6", "-9", "-9"}) == six);
}

TEST_CASE("MODULE: no modules, LOAD refused by enable-module-command", "[commands][module]") {
  CommandFixture f;
  CHECK(f.run({"MODULE", "LIST"}) == "*0\r\n");
  std::string refused = f.run({"MODULE", "LOAD", "/nonexistent.so"});
  CHECK(
      refused.starts_with("-ERR MODULE command not allowed. If the enable-module-command option"));
  CHECK(f.run({"MODULE", "UNLOAD", "x"}) == refused);
  f.server().config.enable_module_command = "yes";
  CHECK(f.run({"MODULE", "LOAD", "/nonexistent.so"}) ==
        "-ERR Error loading the extension. Please check the server logs.\r\n");
  CHECK(f.run({"MODULE", "LOADEX", "/nonexistent.so", "CONFIG", "a"}) ==
        "-ERR Error loading the extension. Please check the server logs.\r\n");
  CHECK(f.run({"MODULE", "UNLOAD", "x"}) ==
        "-ERR Error unloading module: no such module with that name\r\n");
  // DEBUG keeps answering to its own option.
  f.server().config.enable_debug_command = "no";
  CHECK(f.run({"DEBUG", "SLEEP", "0"})
            .starts_with("-ERR DEBUG command not allowed. If the enable-debug-command option"));
  CHECK(f.run({"MODULE", "UNLOAD", "x"}) ==
        "-ERR Error unloading module: no such module with that name\r\n");
}
