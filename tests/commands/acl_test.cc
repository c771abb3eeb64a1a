// ACL: the rule parser, descriptions, the permission matcher and the dispatcher's checks.
#include "server/acl/acl.h"

#include <catch.hpp>

#include "tests/commands/command_fixture.h"

using sable::testing::CommandFixture;
namespace acl = sable::acl;

TEST_CASE("acl: default user and descriptions", "[acl]") {
  CommandFixture f;
  CHECK(f.run({"ACL", "LIST"}) == "*1\r\n$34\r\nuser default on nopass ~* &* +@all\r\n");
  CHECK(f.run({"ACL", "WHOAMI"}) == "$7\r\ndefault\r\n");
  CHECK(f.run({"ACL", "SETUSER", "v", "+@string", "-get", "+client|kill", "(+get ~x*)"}) ==
        "+OK\r\n");
  acl::User* v = f.server().acl->find("v");
  REQUIRE(v);
  CHECK(f.server().acl->describe_user(*v) ==
        "user v off resetchannels -@all +@string -get +client|kill (~x* resetchannels -@all +get)");
  f.run({"ACL", "SETUSER", "w", "+@all", "-@dangerous", "+debug|sleep"});
  CHECK(f.server().acl->describe_user(*f.server().acl->find("w")) ==
        "user w off resetchannels +@all -@dangerous +debug|sleep");
  f.run({"ACL", "SETUSER", "u", "on", ">p1", "~k*", "%R~r*", "&ch*", "+get"});
  CHECK(f.server().acl->describe_user(*f.server().acl->find("u")) ==
        "user u on #f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a ~k* %R~r* "
        "resetchannels &ch* -@all +get");
  f.run({"ACL", "SETUSER", "x3", "~a", "resetkeys", "~b", "reset"});
  CHECK(f.server().acl->describe_user(*f.server().acl->find("x3")) ==
        "user x3 off sanitize-payload resetchannels -@all");
}

TEST_CASE("acl: rule errors", "[acl]") {
  CommandFixture f;
  CHECK(f.run({"ACL", "SETUSER", "x", "+foo"}) ==
        "-ERR Error in ACL SETUSER modifier '+foo': Unknown command or category name in ACL\r\n");
  CHECK(f.run({"ACL", "SETUSER", "x", "badrule"}) ==
        "-ERR Error in ACL SETUSER modifier 'badrule': Syntax error\r\n");
  CHECK(f.run({"ACL", "SETUSER", "x", "%X~a"}) ==
        "-ERR Error in ACL SETUSER modifier '%X~a': Syntax error\r\n");
  CHECK(f.run({"ACL", "SETUSER", "x", "(~x"}) ==
        "-ERR Unmatched parenthesis in acl selector starting at '(~x'.\r\n");
  CHECK(f.run({"ACL", "SETUSER", "x", "<nopw"}) ==
        "-ERR Error in ACL SETUSER modifier '<nopw': The password you are trying to remove from "
        "the user does not exist\r\n");
  CHECK(
      f.run({"ACL", "SETUSER", "x", "allkeys", "%R~x"})
          .rfind("-ERR Error in ACL SETUSER modifier '%R~x': Adding a pattern after the * pattern",
                 0) == 0);
  // An error changes nothing.
  CHECK(f.server().acl->find("x") == nullptr);
  CHECK(f.run({"ACL", "DELUSER", "default"}) == "-ERR The 'default' user cannot be removed\r\n");
  CHECK(f.run({"ACL", "CAT", "foo"}) == "-ERR Unknown category 'foo'\r\n");
}

TEST_CASE("acl: permission matcher", "[acl]") {
  CommandFixture f;
  f.run({"ACL", "SETUSER", "t", "on", "nopass", "+get", "+set", "+del", "~k*", "%W~w*", "%R~r*",
         "&c*", "+publish", "+psubscribe"});
  acl::Acl& a = *f.server().acl;
  const acl::User& t = *a.find("t");
  CHECK_FALSE(t.unrestricted);
  CHECK(a.default_user()->unrestricted);
  auto check = [&](std::initializer_list<std::string_view> args) {
    std::vector<std::string_view> argv(args);
    const sable::CommandSpec* container = nullptr;
    const sable::CommandSpec* cmd = f.server().commands.lookup(argv, &container);
    REQUIRE(cmd);
    size_t pos = 0;
    return a.check(t, *cmd, argv, &pos);
  };
  CHECK(check({"GET", "k1"}) == acl::kOk);
  CHECK(check({"GET", "x"}) == acl::kDeniedKey);
  CHECK(check({"GET", "w1"}) == acl::kDeniedKey);
  CHECK(check({"SET", "w1", "v"}) == acl::kOk);
  CHECK(check({"SET", "w1", "v", "GET"}) == acl::kDeniedKey);
  CHECK(check({"GET", "r1"}) == acl::kOk);
  CHECK(check({"DEL", "r1"}) == acl::kDeniedKey);
  CHECK(check({"LPUSH", "k", "v"}) == acl::kDeniedCmd);
  CHECK(check({"PUBLISH", "c1", "m"}) == acl::kOk);
  CHECK(check({"PUBLISH", "d1", "m"}) == acl::kDeniedChannel);
  CHECK(check({"PSUBSCRIBE", "c*"}) == acl::kOk);
  CHECK(check({"PSUBSCRIBE", "c1*"}) == acl::kDeniedChannel);
  CHECK(check({"AUTH", "x", "y"}) == acl::kOk);  // no-auth commands are always allowed
}

TEST_CASE("acl: dispatcher, AUTH, LOG, DRYRUN", "[acl]") {
  CommandFixture f;
  f.run({"ACL", "SETUSER", "t", "on", ">pw", "+get", "+multi", "+exec", "~k*"});
  sable::Client& c = f.new_client();
  CHECK(f.run_as(c, {"AUTH", "t", "bad"}) ==
        "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  CHECK(f.run_as(c, {"AUTH", "t", "pw"}) == "+OK\r\n");
  CHECK(f.run_as(c, {"ACL", "WHOAMI"}) ==
        "-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n");
  CHECK(f.run_as(c, {"GET", "x"}) ==
        "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n");
  CHECK(f.run_as(c, {"GET", "k"}) == "$-1\r\n");
  CHECK(f.run_as(c, {"MULTI"}) == "+OK\r\n");
  CHECK(f.run_as(c, {"SET", "k", "v"}) ==
        "-NOPERM this user has no permissions to run the 'set' command\r\n");
  CHECK(f.run_as(c, {"EXEC"}) ==
        "-EXECABORT Transaction discarded because of previous errors.\r\n");
  std::string log = f.run({"ACL", "LOG", "1"});
  CHECK(log.find("$7\r\ncontext\r\n$5\r\nmulti\r\n$6\r\nobject\r\n$3\r\nset\r\n") !=
        std::string::npos);
  CHECK(f.run({"ACL", "DRYRUN", "t", "get", "zz"}) ==
        "$51\r\nThis user has no permissions to access the 'zz' key\r\n");
  CHECK(f.run({"ACL", "DRYRUN", "t", "get", "k1"}) == "+OK\r\n");
  CHECK(f.run({"ACL", "DRYRUN", "nob", "get", "k1"}) == "-ERR User 'nob' not found\r\n");
  CHECK(f.run({"ACL", "LOG", "RESET"}) == "+OK\r\n");
  CHECK(f.run({"ACL", "LOG"}) == "*0\r\n");
  // requirepass is the default user's password.
  f.server().config_registry.set("requirepass", "secret");
  CHECK_FALSE(f.server().acl->default_needs_no_auth());
  CHECK(f.server().acl->authenticate("default", "secret") != nullptr);
  CHECK(f.server().acl->authenticate("default", "nope") == nullptr);
  // Deleting a user closes its clients.
  CHECK(f.run({"ACL", "DELUSER", "t", "nobody"}) == ":1\r\n");
}

TEST_CASE("acl: sha256 and constant-time compare", "[acl]") {
  CHECK(acl::sha256_hex("p1") ==
        "f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a");
  CHECK(acl::equal_const_time("abc", "abc"));
  CHECK_FALSE(acl::equal_const_time("abc", "abd"));
  CHECK_FALSE(acl::equal_const_time("abc", "ab"));
}
