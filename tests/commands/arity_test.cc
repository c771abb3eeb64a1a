// Every row of the command table: a call with one argument too few or too many is rejected by the
// dispatcher with Redis's wrong-arity error, and the handler never runs.
#include <string>
#include <vector>

#include "command_fixture.h"

using sable::CommandSpec;
using sable::testing::CommandFixture;

namespace {

// The argument counts that break `c`'s arity: one too many for a fixed arity, one too few for a
// fixed or minimum arity (when the command name(s) still fit).
bool accepts(const CommandSpec& c, int argc) {
  return c.arity > 0 ? argc == c.arity : argc >= -c.arity;
}

std::vector<int> wrong_arities(const CommandSpec& c) {
  std::vector<int> out;
  for (int argc : {c.arity > 0 ? c.arity + 1 : 0, c.arity > 0 ? c.arity - 1 : -c.arity - 1}) {
    if (argc < 1 || accepts(c, argc)) continue;
    // A subcommand vector cut down to the container's name alone is the container's call.
    if (c.parent && argc < 2 && accepts(*c.parent, argc)) continue;
    out.push_back(argc);
  }
  return out;
}

std::string arity_error(const std::string& name) {
  return "-ERR wrong number of arguments for '" + name + "' command\r\n";
}

}  // namespace

TEST_CASE("every command rejects a wrong number of arguments", "[commands][dispatch]") {
  CommandFixture f;
  std::vector<const CommandSpec*> specs;
  for (const CommandSpec* c : f.server().commands.all()) {
    specs.push_back(c);
    for (auto& sub : c->subcommands) specs.push_back(sub.get());
  }
  REQUIRE(specs.size() > 150);
  size_t checked = 0;
  for (const CommandSpec* c : specs) {
    for (int argc : wrong_arities(*c)) {
      std::vector<std::string> argv;
      if (c->parent) argv.push_back(c->parent->name);
      argv.push_back(c->name);
      argv.resize(static_cast<size_t>(argc), "x");
      std::vector<std::string_view> views(argv.begin(), argv.end());
      uint64_t calls = c->stats.calls;
      f.server().execute(f.client(), views);
      std::string reply;
      reply.swap(f.client().reply.buffer());
      // With only the container's name left, the container's own arity is what fails.
      const CommandSpec& named = c->parent && argc < 2 ? *c->parent : *c;
      std::string expected = arity_error(named.fullname);
      if (named.fullname == "exec")
        expected =
            "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
            "command\r\n";
      INFO(c->fullname << " called with " << argc << " arguments");
      CHECK(reply == expected);
      CHECK(c->stats.calls == calls);
      ++checked;
    }
  }
  CHECK(checked > 150);
  CHECK(f.run({"PING"}) == "+PONG\r\n");
}
