// The command table's start-up checks: the real table (init_command_layer) passes them, and each
// kind of inconsistent row is refused with its name, through CommandTable::problems() (which is
// what init_command_layer aborts on).
#include <catch.hpp>
#include <string>
#include <vector>

#include "server/command.h"
#include "server/commands/key_finders.h"

using sable::CommandRow;
using sable::CommandSpec;
using sable::CommandTable;
using sable::FamilyRows;

namespace {

void CmdNothing(sable::CommandContext&) {}

// A valid row to start each bad one from.
CommandRow good_row(const char* name) {
  return {.name = name,
          .arity = 2,
          .flags = sable::kCmdReadonly | sable::kCmdFast,
          .keys = {1, 1, 1},
          .acl = "@keyspace @read @fast",
          .summary = "A test command",
          .since = "7.0.0",
          .complexity = "O(1)",
          .usage = "key",
          .handler = CmdNothing};
}

// The problems of a table holding a container "box" and then `row`.
std::vector<std::string> problems_with(CommandRow row) {
  CommandTable t;
  FamilyRows rows(t, "test");
  rows.add({.name = "box",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container",
            .since = "7.0.0",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "box",
            .name = "inside",
            .arity = 2,
            .acl = "@slow",
            .summary = "A subcommand",
            .since = "7.0.0",
            .handler = CmdNothing});
  rows.add(std::move(row));
  return t.problems();
}

// True when exactly one problem is reported, it names `fullname`, and it says `what`.
bool refused(const std::vector<std::string>& problems, const std::string& fullname,
             const std::string& what) {
  INFO("problems: " << (problems.empty() ? std::string("none") : problems[0]));
  return problems.size() == 1 && problems[0].find("'" + fullname + "'") != std::string::npos &&
         problems[0].find(what) != std::string::npos;
}

void visit(const CommandTable& t, auto fn) {
  for (const CommandSpec* c : t.all()) {
    fn(*c);
    for (auto& sub : c->subcommands) fn(*sub);
  }
}

}  // namespace

TEST_CASE("the real command table passes its start-up checks", "[commands][command_table]") {
  CommandTable t;
  sable::init_command_layer(t);  // aborts the test binary if a row is wrong
  CHECK(t.problems().empty());
  REQUIRE(t.size() > 150);
  size_t rows = 0, movable = 0;
  visit(t, [&](const CommandSpec& c) {
    INFO(c.fullname);
    ++rows;
    CHECK(c.handler != nullptr);
    CHECK(!c.acl_categories.empty());
    CHECK(!c.group.empty());
    CHECK(c.has_flag(sable::kCmdMovableKeys) == (c.get_keys != nullptr));
    movable += c.get_keys != nullptr;
    if (!c.usage.empty()) CHECK(sable::has_argument_docs(c));
  });
  CHECK(rows > 250);
  CHECK(movable >= 16);
  const CommandSpec* lmpop = t.find("lmpop");
  REQUIRE(lmpop);
  std::vector<std::string_view> argv{"lmpop", "2", "a", "b", "LEFT"};
  CHECK(lmpop->key_positions(argv) == std::vector<size_t>{2, 3});
}

TEST_CASE("a good row is accepted and resolved", "[commands][command_table]") {
  CommandTable t;
  FamilyRows rows(t, "test");
  CommandRow r = good_row("probe");
  r.key_finder = sable::keys_by_numkeys<1, false>;
  r.keys = {};
  r.usage = "numkeys key ...";
  rows.add(std::move(r));
  REQUIRE(t.problems().empty());
  const CommandSpec* c = t.find("PROBE");
  REQUIRE(c);
  CHECK(c->group == "test");
  CHECK(c->acl_categories == "keyspace read fast");
  CHECK(c->has_flag(sable::kCmdMovableKeys));
  std::vector<std::string_view> argv{"probe", "2", "a", "b"};
  CHECK(c->key_positions(argv) == std::vector<size_t>{2, 3});
}

TEST_CASE("inconsistent rows are refused with their name", "[commands][command_table]") {
  CommandRow r = good_row("bad");
  SECTION("no handler") {
    r.handler = nullptr;
    CHECK(refused(problems_with(r), "bad", "no handler"));
  }
  SECTION("no ACL categories") {
    r.acl = "";
    CHECK(refused(problems_with(r), "bad", "no ACL categories"));
  }
  SECTION("an unknown ACL category") {
    r.acl = "@keyspace @read @fast @nosuch";
    CHECK(refused(problems_with(r), "bad", "unknown ACL category '@nosuch'"));
  }
  SECTION("a category its flags imply is missing") {
    r.acl = "@keyspace @fast";
    CHECK(refused(problems_with(r), "bad", "@read"));
  }
  SECTION("@slow on a fast command") {
    r.acl = "@keyspace @read @fast @slow";
    CHECK(refused(problems_with(r), "bad", "@slow with kCmdFast"));
  }
  SECTION("a duplicate name") {
    r.name = "box";
    CHECK(refused(problems_with(r), "box", "declared twice"));
  }
  SECTION("a duplicate subcommand") {
    r = CommandRow{.container = "box",
                   .name = "inside",
                   .arity = 2,
                   .acl = "@slow",
                   .summary = "Again",
                   .since = "7.0.0",
                   .handler = CmdNothing};
    CHECK(refused(problems_with(r), "box|inside", "declared twice"));
  }
  SECTION("a subcommand of a missing container") {
    r.container = "nosuch";
    CHECK(refused(problems_with(r), "nosuch|bad", "container 'nosuch' is not a command"));
  }
  SECTION("the movable flag declared by hand") {
    r.flags |= sable::kCmdMovableKeys;
    CHECK(refused(problems_with(r), "bad", "kCmdMovableKeys is set by the table"));
  }
  SECTION("a key range that is not one") {
    r.keys = {2, 1, 1};
    CHECK(refused(problems_with(r), "bad", "key range {2, 1, 1}"));
  }
  SECTION("a usage line that does not parse") {
    r.usage = "key [unclosed";
    CHECK(refused(problems_with(r), "bad", "usage line does not parse"));
  }
  SECTION("arity zero") {
    r.arity = 0;
    CHECK(refused(problems_with(r), "bad", "arity 0"));
  }
  SECTION("an upper-case name") {
    r.name = "Bad";
    CHECK(refused(problems_with(r), "Bad", "lower case"));
  }
  SECTION("write and readonly together") {
    r.flags |= sable::kCmdWrite;
    r.acl = "@keyspace @read @write @fast";
    CHECK(refused(problems_with(r), "bad", "both kCmdWrite and kCmdReadonly"));
  }
  SECTION("a container row without subcommands") {
    r.handler = FamilyRows::CmdContainer;
    CHECK(refused(problems_with(r), "bad", "a container without subcommands"));
  }
  SECTION("a key spec with too few parts") {
    r.key_specs = "RO access | index 1";
    CHECK(refused(problems_with(r), "bad", "FLAGS | BEGIN | FIND"));
  }
  SECTION("a key spec with an unknown flag") {
    r.key_specs = "RO readish | index 1 | range 0 1 0";
    CHECK(refused(problems_with(r), "bad", "unknown key spec flag 'readish'"));
  }
  SECTION("a key spec with a bad begin") {
    r.key_specs = "RO access | index one | range 0 1 0";
    CHECK(refused(problems_with(r), "bad", "key spec begin"));
  }
  SECTION("a key spec with a bad find") {
    r.key_specs = "RO access | index 1 | range 0 1";
    CHECK(refused(problems_with(r), "bad", "key spec find"));
  }
  SECTION("key specs on a command without keys") {
    r.keys = {};
    r.key_specs = "RO access | index 1 | range 0 1 0";
    CHECK(refused(problems_with(r), "bad", ".key_specs without .keys"));
  }
  SECTION("an unknown tip") {
    r.tips = "nondeterministic_output request_policy:everywhere";
    CHECK(refused(problems_with(r), "bad", "unknown tip 'request_policy:everywhere'"));
  }
}

TEST_CASE("declared key specs and tips are parsed into the spec", "[commands][command_table]") {
  CommandTable t;
  FamilyRows rows(t, "test");
  CommandRow r = good_row("probe");
  r.keys = {1, 2, 1};
  r.key_specs =
      "RW access delete | index 1 | range 0 1 0; OW update | keyword STORE -1 | range 0 1 0 | "
      "the destination, anywhere";
  r.tips = "nondeterministic_output request_policy:all_shards";
  rows.add(std::move(r));
  rows.add(good_row("plain"));
  REQUIRE(t.problems().empty());
  auto specs = t.find("probe")->key_specs();
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].flags == std::vector<std::string>{"RW", "access", "delete"});
  CHECK((specs[0].begin_type == "index" && specs[0].index == 1));
  CHECK((specs[1].begin_type == "keyword" && specs[1].keyword == "STORE" &&
         specs[1].startfrom == -1));
  CHECK((specs[1].find_type == "range" && specs[1].a == 0 && specs[1].b == 1));
  CHECK(specs[1].notes == "the destination, anywhere");
  CHECK(t.find("probe")->tips ==
        std::vector<std::string>{"nondeterministic_output", "request_policy:all_shards"});
  // Without declared specs, one is derived from the key range.
  auto derived = t.find("plain")->key_specs();
  REQUIRE(derived.size() == 1);
  CHECK(derived[0].flags == std::vector<std::string>{"RO", "access"});
  CHECK((derived[0].index == 1 && derived[0].find_type == "range" && derived[0].a == 0));
}

TEST_CASE("rename-command moves a row to another name or out of the table",
          "[commands][command_table]") {
  CommandTable t;
  FamilyRows rows(t, "test");
  // Enough rows for the lookup index to grow past its first size.
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) names.push_back("cmd" + std::to_string(i));
  for (auto& n : names) rows.add(good_row(n.c_str()));
  const CommandSpec* c5 = t.find("cmd5");
  REQUIRE(c5 != nullptr);
  REQUIRE(t.size() == 40);

  CHECK(t.rename("nosuch", "x") == "No such command in rename-command");
  CHECK(t.rename("cmd5", "CMD6") == "Target command name already exists");
  CHECK(t.rename("cmd5", "cmd5").empty());  // to its own name: a no-op, as in Redis
  CHECK(t.find("cmd5") == c5);

  CHECK(t.rename("CMD5", "Renamed").empty());
  CHECK(t.find("cmd5") == nullptr);
  CHECK(t.find("renamed") == c5);
  CHECK(t.find("RENAMED") == c5);
  CHECK(t.find_original("cmd5") == c5);
  CHECK(c5->name == "cmd5");  // COMMAND INFO keeps the declared name
  CHECK(t.size() == 40);
  CHECK(t.rename("cmd5", "y") == "No such command in rename-command");

  std::string long_name(100, 'z');
  CHECK(t.rename("cmd7", long_name).empty());
  CHECK(t.find(std::string(100, 'Z')) == t.find_original("cmd7"));
  CHECK(t.find("cmd7") == nullptr);

  CHECK(t.rename("cmd9", "").empty());
  CHECK(t.find("cmd9") == nullptr);
  CHECK(t.size() == 39);
  for (const CommandSpec* c : t.all()) CHECK(c->name != "cmd9");
  // Every other row is still found by its name.
  for (auto& n : names)
    if (n != "cmd5" && n != "cmd7" && n != "cmd9") CHECK(t.find(n) != nullptr);
}
