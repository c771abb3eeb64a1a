// In-process tests of the server layer: the log's kept level and file, the parsed eviction
// policy, the dispatcher's per-row properties (transaction controls, the subscribe context, EXEC's
// refusals, OOM inside MULTI, MISCONF), and the argument grammar and error precedence of the
// CLIENT, HELLO, SHUTDOWN and MEMORY commands (each as Redis 7.0 answers).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "command_fixture.h"
#include "server/log.h"

using sable::testing::CommandFixture;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("the log filters by its parsed level and keeps writing to its file", "[server][log]") {
  std::string a = "/tmp/sable-log-test-" + std::to_string(getpid()) + "-a.log";
  std::string b = "/tmp/sable-log-test-" + std::to_string(getpid()) + "-b.log";
  std::remove(a.c_str());
  std::remove(b.c_str());
  {
    sable::Log log;
    log.configure("warning", a);
    CHECK_FALSE(log.enabled(sable::kLogNotice));
    CHECK(log.enabled(sable::kLogWarning));
    log.write(sable::kLogWarning, "first");
    log.write(sable::kLogWarning, "second");
    log.configure("debug", a);  // same file: stays open, only the level changes
    CHECK(log.enabled(sable::kLogDebug));
    log.write(sable::kLogDebug, "third");
    log.configure("nothing", b);
    CHECK_FALSE(log.enabled(sable::kLogWarning));
    log.configure("notice", b);
    log.write(sable::kLogNotice, "fourth");
  }
  std::string text_a = read_file(a), text_b = read_file(b);
  CHECK(text_a.find(" # first\n") != std::string::npos);
  CHECK(text_a.find(" # second\n") != std::string::npos);
  CHECK(text_a.find(" . third\n") != std::string::npos);
  CHECK(text_a.find("fourth") == std::string::npos);
  CHECK(text_b.find(":M ") != std::string::npos);
  CHECK(text_b.find(" * fourth\n") != std::string::npos);
  std::remove(a.c_str());
  std::remove(b.c_str());
}

TEST_CASE("maxmemory-policy is parsed once, by CONFIG SET and at init", "[server][config]") {
  using sable::EvictionPolicy;
  CHECK(sable::parse_eviction_policy("noeviction") == EvictionPolicy::kNoEviction);
  CHECK(sable::parse_eviction_policy("allkeys-lru") == EvictionPolicy::kAllKeysLru);
  CHECK(sable::parse_eviction_policy("allkeys-lfu") == EvictionPolicy::kAllKeysLfu);
  CHECK(sable::parse_eviction_policy("allkeys-random") == EvictionPolicy::kAllKeysRandom);
  CHECK(sable::parse_eviction_policy("volatile-lru") == EvictionPolicy::kVolatileLru);
  CHECK(sable::parse_eviction_policy("volatile-lfu") == EvictionPolicy::kVolatileLfu);
  CHECK(sable::parse_eviction_policy("volatile-random") == EvictionPolicy::kVolatileRandom);
  CHECK(sable::parse_eviction_policy("volatile-ttl") == EvictionPolicy::kVolatileTtl);
  CommandFixture f;
  CHECK(f.server().config.eviction_policy == EvictionPolicy::kNoEviction);
  CHECK(f.run({"CONFIG", "SET", "maxmemory-policy", "VOLATILE-TTL"}) == "+OK\r\n");
  CHECK(f.server().config.eviction_policy == EvictionPolicy::kVolatileTtl);
  // A failed multi-directive CONFIG SET puts the old value back, parsed form included.
  CHECK(f.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "hz", "x"}).rfind("-ERR", 0) ==
        0);
  CHECK(f.server().config.eviction_policy == EvictionPolicy::kVolatileTtl);
}

TEST_CASE("dispatcher: transaction controls run at once inside MULTI", "[server][dispatch]") {
  CommandFixture f;
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  CHECK(f.run({"MULTI"}) == "-ERR MULTI calls can not be nested\r\n");
  CHECK(f.run({"WATCH", "k"}) == "-ERR WATCH inside MULTI is not allowed\r\n");
  CHECK(f.run({"PING"}) == "+QUEUED\r\n");
  CHECK(f.run({"SAVE"}) == "-ERR Command not allowed inside a transaction\r\n");
  CHECK(f.run({"DISCARD"}) == "+OK\r\n");
  CHECK(f.run({"DISCARD"}) == "-ERR DISCARD without MULTI\r\n");
  CHECK(f.run({"EXEC"}) == "-ERR EXEC without MULTI\r\n");
}

TEST_CASE("dispatcher: a RESP2 subscriber may run only the subscribe-context commands",
          "[server][dispatch]") {
  CommandFixture f;
  CHECK(f.run({"SUBSCRIBE", "ch"}) == "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
  CHECK(f.run({"GET", "k"}) ==
        "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
        "are allowed in this context\r\n");
  CHECK(f.run({"CLIENT", "ID"}).find("Can't execute 'client|id'") != std::string::npos);
  CHECK(f.run({"PING"}) == "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
  CHECK(f.run({"PSUBSCRIBE", "p*"}) == "*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:2\r\n");
  CHECK(f.run({"SSUBSCRIBE", "s"}) == "*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n");
  CHECK(f.run({"RESET"}) == "+RESET\r\n");
  CHECK(f.run({"GET", "k"}) == "$-1\r\n");
}

TEST_CASE("dispatcher: memory and disk-error refusals", "[server][dispatch]") {
  CommandFixture f;
  f.server().config.maxmemory = 1;  // always over the limit; noeviction cannot get under it
  CHECK(f.run({"GET", "k"}) == "$-1\r\n");
  CHECK(f.run({"SET", "k", "v"}) == "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  // Queueing takes memory: inside MULTI even a read is refused, but not the transaction's end.
  CHECK(f.run({"GET", "k"}) == "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  CHECK(f.run({"MULTI"}) == "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  CHECK(f.run({"EXEC"}) == "-EXECABORT Transaction discarded because of previous errors.\r\n");
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  CHECK(f.run({"DISCARD"}) == "+OK\r\n");
  f.server().config.maxmemory = 0;

  // A failed background save refuses writes and PING; EXEC counts its queued writes.
  f.server().rdb_last_bgsave_ok = false;
  CHECK(f.run({"PING"}).rfind("-MISCONF ", 0) == 0);
  CHECK(f.run({"GET", "k"}) == "$-1\r\n");
  f.server().rdb_last_bgsave_ok = true;
  CHECK(f.run({"MULTI"}) == "+OK\r\n");
  CHECK(f.run({"SET", "k", "v"}) == "+QUEUED\r\n");
  f.server().rdb_last_bgsave_ok = false;
  CHECK(f.run({"EXEC"}).rfind("-EXECABORT Transaction discarded because of: MISCONF ", 0) == 0);
  CHECK(f.run({"EXEC"}) == "-ERR EXEC without MULTI\r\n");
  f.server().rdb_last_bgsave_ok = true;
}

TEST_CASE("dispatcher: a protected command names itself in upper case", "[server][dispatch]") {
  CommandFixture f;
  f.server().config.enable_debug_command = "no";
  CHECK(f.run({"debug", "help"}) ==
        "-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
        "you can run it from a local connection, otherwise you need to set this option in the "
        "configuration file, and then restart the server.\r\n");
}

TEST_CASE("CLIENT KILL filters: grammar and error precedence", "[server][client]") {
  CommandFixture f;
  CHECK(f.run({"CLIENT", "KILL", "1.2.3.4:5"}) == "-ERR No such client\r\n");
  CHECK(f.run({"CLIENT", "KILL", "ID"}) == "-ERR No such client\r\n");  // the old form
  CHECK(f.run({"CLIENT", "KILL", "ID", "0"}) == "-ERR client-id should be greater than 0\r\n");
  CHECK(f.run({"CLIENT", "KILL", "ID", "x", "TYPE", "bad"}) ==
        "-ERR client-id should be greater than 0\r\n");
  CHECK(f.run({"CLIENT", "KILL", "TYPE", "bad", "ID", "x"}) ==
        "-ERR Unknown client type 'bad'\r\n");
  CHECK(f.run({"CLIENT", "KILL", "USER", "bob", "ID", "1"}) == "-ERR No such user 'bob'\r\n");
  CHECK(f.run({"CLIENT", "KILL", "SKIPME", "maybe"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "KILL", "ADDR", "a:1", "LADDR"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "KILL", "NOPE", "x"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "KILL", "laddr", "1.1.1.1:1", "skipme", "no"}) == ":0\r\n");
  // A client the kill frees (so not one the fixture frees again).
  sable::Client* other = f.server().create_fake_client();
  f.server().clients[other->id] = other;
  uint64_t other_id = other->id;
  std::string id = std::to_string(other_id);
  CHECK(f.run({"CLIENT", "KILL", "ID", id, "TYPE", "pubsub"}) == ":0\r\n");
  CHECK(f.run({"CLIENT", "KILL", "ID", id, "TYPE", "normal", "USER", "default"}) == ":1\r\n");
  CHECK(f.server().find_client(other_id) == nullptr);
}

TEST_CASE("CLIENT LIST, NO-EVICT, REPLY, UNBLOCK and PAUSE arguments", "[server][client]") {
  CommandFixture f;
  CHECK(f.run({"CLIENT", "LIST", "TYPE", "bad"}) == "-ERR Unknown client type 'bad'\r\n");
  CHECK(f.run({"CLIENT", "LIST", "TYPE", "normal", "x"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "LIST", "ID"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "LIST", "ID", "1", "x"}) == "-ERR Invalid client ID\r\n");
  CHECK(f.run({"CLIENT", "LIST", "ID", "99999"}) == "$0\r\n\r\n");
  CHECK(f.run({"CLIENT", "NO-EVICT", "maybe"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "NO-EVICT", "on"}) == "+OK\r\n");
  CHECK(f.client().has(sable::kClientNoEvict));
  CHECK(f.run({"CLIENT", "NO-EVICT", "OFF"}) == "+OK\r\n");
  CHECK_FALSE(f.client().has(sable::kClientNoEvict));
  CHECK(f.run({"CLIENT", "REPLY", "maybe"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "REPLY", "on"}) == "+OK\r\n");
  // Redis checks UNBLOCK's reason and PAUSE's mode before the number before them.
  CHECK(f.run({"CLIENT", "UNBLOCK", "x", "bad"}) ==
        "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
  CHECK(f.run({"CLIENT", "UNBLOCK", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"CLIENT", "UNBLOCK", "1", "2", "3"}) ==
        "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n");
  CHECK(f.run({"CLIENT", "PAUSE", "x", "bad"}) ==
        "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
  CHECK(f.run({"CLIENT", "PAUSE", "x"}) == "-ERR timeout is not an integer or out of range\r\n");
  CHECK(f.run({"CLIENT", "PAUSE", "10", "WRITE", "x"}) ==
        "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n");
}

TEST_CASE("CLIENT TRACKING options are read in order", "[server][client]") {
  CommandFixture f;
  CHECK(f.run({"CLIENT", "TRACKING", "on", "redirect"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "on", "prefix"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "on", "redirect", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "on", "redirect", "99999"}) ==
        "-ERR The client ID you want redirect to does not exist\r\n");
  std::string id = std::to_string(f.client().id);
  CHECK(f.run({"CLIENT", "TRACKING", "on", "redirect", id, "redirect", "x"}) ==
        "-ERR A client can only redirect to a single other client\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "maybe", "bcast"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "maybe", "nope"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "on", "optin", "optout"}) ==
        "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "on", "prefix", "a"}) ==
        "-ERR PREFIX option requires BCAST mode to be enabled\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "ab"}) ==
        "-ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client "
        "must not overlap.\r\n");
  CHECK(f.run({"CLIENT", "CACHING", "yes"}) ==
        "-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
        "OPTOUT mode enabled\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "ON", "OPTIN", "NOLOOP"}) == "+OK\r\n");
  CHECK(f.run({"CLIENT", "CACHING", "no"}) ==
        "-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n");
  CHECK(f.run({"CLIENT", "CACHING", "maybe"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"CLIENT", "CACHING", "YES"}) == "+OK\r\n");
  CHECK(f.run({"CLIENT", "TRACKING", "off"}) == "+OK\r\n");
}

TEST_CASE("HELLO, SHUTDOWN and MEMORY USAGE options", "[server][connection]") {
  CommandFixture f;
  CHECK(f.run({"HELLO", "x"}) == "-ERR Protocol version is not an integer or out of range\r\n");
  CHECK(f.run({"HELLO", "4"}) == "-NOPROTO unsupported protocol version\r\n");
  CHECK(f.run({"HELLO", "3", "AUTH", "default"}) == "-ERR Syntax error in HELLO option 'AUTH'\r\n");
  CHECK(f.run({"HELLO", "3", "SETNAME"}) == "-ERR Syntax error in HELLO option 'SETNAME'\r\n");
  CHECK(f.run({"HELLO", "3", "setname", "a b"}) ==
        "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
  f.server().config_registry.set("requirepass", "pw");  // the default user's password
  // AUTH is checked where it stands: a wrong password wins over a later bad option.
  CHECK(f.run({"HELLO", "3", "AUTH", "default", "bad", "NOPE"}) ==
        "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  f.server().config.requirepass.clear();
  CHECK(f.run({"SHUTDOWN", "nope"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SHUTDOWN", "NOSAVE", "SAVE"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SHUTDOWN", "NOW", "ABORT"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"SHUTDOWN", "abort"}) == "-ERR No shutdown in progress.\r\n");
  CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
  CHECK(f.run({"MEMORY", "USAGE", "k", "SAMPLES"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"MEMORY", "USAGE", "k", "SAMPLES", "x"}) ==
        "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"MEMORY", "USAGE", "k", "SAMPLES", "-1"}) == "-ERR syntax error\r\n");
  CHECK(f.run({"MEMORY", "USAGE", "k", "SAMPLES", "5", "SAMPLES", "0"}).rfind(":", 0) == 0);
  CHECK(f.run({"MEMORY", "USAGE", "missing"}) == "$-1\r\n");
}
