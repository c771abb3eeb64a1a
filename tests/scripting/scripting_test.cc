// Scripting semantics in-process: the script cache and SCRIPT subcommands, EVAL's argument and
// shebang checks, what a script may run (read-only, OOM), error statistics, transactions and
// WATCH, the frozen clock, the nesting limit of replies, and scripts that must fail cleanly rather
// than crash (runaway recursion, huge unpack ranges, pathological patterns, cyclic tables).
// Expected texts are Redis 7.0.15's.
#include <catch.hpp>
#include <string>
#include <string_view>

#include "commands/command_fixture.h"
#include "server/server.h"

using sable::testing::CommandFixture;

namespace {

std::string eval(CommandFixture& f, std::string_view script) {
  return f.run({"EVAL", script, "0"});
}

// The value of `field` in an INFO section, or "".
std::string info_field(CommandFixture& f, std::string_view section, std::string_view field) {
  std::string info = f.run({"INFO", section});
  std::string key = std::string(field) + ":";
  size_t at = info.find(key);
  if (at == std::string::npos) return "";
  size_t end = info.find("\r\n", at);
  return info.substr(at + key.size(), end - at - key.size());
}

size_t count(std::string_view s, std::string_view what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string_view::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("EVAL argument checks and the script cache", "[scripting]") {
  CommandFixture f;
  CHECK(f.run({"EVAL", "return 1", "x"}) == "-ERR value is not an integer or out of range\r\n");
  CHECK(f.run({"EVAL", "return 1", "2", "a"}) ==
        "-ERR Number of keys can't be greater than number of args\r\n");
  CHECK(f.run({"EVAL", "return 1", "-1"}) == "-ERR Number of keys can't be negative\r\n");
  CHECK(f.run({"EVAL", "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}", "2", "a", "b", "c", "d"}) ==
        "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
  CHECK(f.run({"EVALSHA", "notasha", "0"}) == "-NOSCRIPT No matching script. Please use EVAL.\r\n");
  CHECK(f.run({"EVALSHA", "ffd632c7d33e571e9f24556ebed26c3479a87130", "0"}) ==
        "-NOSCRIPT No matching script. Please use EVAL.\r\n");
  CHECK(f.run({"SCRIPT", "LOAD", "return 'loaded'"}) ==
        "$40\r\nb534286061d4b9e4026607613b95c06c06015ae8\r\n");
  CHECK(f.run({"EVALSHA", "B534286061D4B9E4026607613B95C06C06015AE8", "0"}) == "$6\r\nloaded\r\n");
  CHECK(f.run({"EVAL", "return 1+1", "0"}) == ":2\r\n");
  CHECK(f.run({"SCRIPT", "EXISTS", "a27e7e8a43702b7046d4f6a7ccf5b60cef6b9bd9",
               "a27e7e8a43702b7046d4f6a7ccf5b60cef6b9bda"}) == "*2\r\n:1\r\n:0\r\n");
  CHECK(info_field(f, "memory", "number_of_cached_scripts") == "3");
  CHECK(f.run({"SCRIPT", "FLUSH", "ASYNC"}) == "+OK\r\n");
  CHECK(f.run({"SCRIPT", "FLUSH", "NOW"}) ==
        "-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n");
  CHECK(info_field(f, "memory", "number_of_cached_scripts") == "0");
  CHECK(f.run({"EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"}) ==
        "-NOSCRIPT No matching script. Please use EVAL.\r\n");
  CHECK(f.run({"SCRIPT", "LOAD", "return +"}) ==
        "-ERR Error compiling script (new function): user_script:1: unexpected symbol near "
        "'+'\r\n");
  CHECK(f.run({"SCRIPT", "KILL"}) == "-NOTBUSY No scripts in execution right now.\r\n");
  CHECK(f.run({"SCRIPT", "DEBUG", "NO"}) == "+OK\r\n");
  CHECK(f.run({"SCRIPT", "HELP"}).rfind("*17\r\n+SCRIPT <subcommand>", 0) == 0);
  CHECK(f.run({"SCRIPT", "NOSUCH"}) == "-ERR unknown subcommand 'NOSUCH'. Try SCRIPT HELP.\r\n");
}

TEST_CASE("Shebang flags and what a script may run", "[scripting]") {
  CommandFixture f;
  CHECK(eval(f, "#!lua") == "-ERR Invalid script shebang\r\n");
  CHECK(eval(f, "#!python\nreturn 1") == "-ERR Unexpected engine in script shebang: #!python\r\n");
  CHECK(eval(f, "#!lua x\nreturn 1") == "-ERR Unknown lua shebang option: x\r\n");
  CHECK(eval(f, "#!lua flags=allow-oom,what?\nreturn 1") ==
        "-ERR Unexpected flag in script shebang: what?\r\n");
  CHECK(eval(f, "#!lua flags=no-writes,allow-oom\nreturn 1") == ":1\r\n");
  // The shebang line is skipped but keeps its line: errors name line 2.
  CHECK(eval(f, "#!lua flags=no-writes\nreturn redis.call('set','x',1)") ==
        "-ERR Write commands are not allowed from read-only scripts. script: "
        "0da8acfc3df79811000ffcaca482af70e298d476, on @user_script:2.\r\n");
  CHECK(f.run({"EVAL_RO", "#!lua\nreturn 1", "0"}) ==
        "-ERR Can not execute a script with write flag using *_ro command.\r\n");
  CHECK(f.run({"EVAL_RO", "return redis.call('del', KEYS[1])", "1", "k"})
            .rfind("-ERR Write commands are not allowed from read-only scripts.", 0) == 0);

  f.run({"SET", "x", "123"});
  f.run({"CONFIG", "SET", "maxmemory", "1"});
  // Without shebang, only deny-oom commands are refused, from inside the script.
  CHECK(f.run({"EVAL", "return redis.call('set','x','1')", "1", "x"}) ==
        "-OOM command not allowed when used memory > 'maxmemory'. script: "
        "8b2ae6dd76cda7fc3e27f97431ae27d7b08a221d, on @user_script:1.\r\n");
  CHECK(f.run({"EVAL", "return redis.call('get','x')", "1", "x"}) == "$3\r\n123\r\n");
  // With a shebang the script is a deny-oom write command for the dispatcher.
  CHECK(eval(f, "#!lua flags=\nreturn 1") ==
        "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  CHECK(eval(f, "#!lua flags=allow-oom\nreturn redis.call('set','x','2')") == "+OK\r\n");
  CHECK(eval(f, "#!lua flags=no-writes\nreturn redis.call('get','x')") == "$1\r\n2\r\n");
  f.run({"CONFIG", "SET", "maxmemory", "0"});
}

TEST_CASE("Script errors are counted as Redis counts them", "[scripting]") {
  CommandFixture f;
  f.run({"CONFIG", "RESETSTAT"});
  f.run({"SET", "str", "x"});
  f.run({"EVAL", "return redis.call('incr', 'str')", "0"});               // error raised
  f.run({"EVAL", "return redis.pcall('incr', 'str')", "0"});              // error returned
  f.run({"EVAL", "local t = redis.pcall('incr', 'str') return 1", "0"});  // error caught
  f.run({"EVAL", "return redis.call('nosuch')", "0"});                    // refused by the checks
  f.run({"EVAL", "return redis.error_reply('MY err')", "0"});             // the script's own error
  f.run({"EVAL_RO", "return redis.call('set','x','y')", "0"});
  f.run({"EVAL", "return {1, redis.pcall('incr','str'), redis.pcall('incr','str')}", "0"});
  CHECK(info_field(f, "errorstats", "errorstat_ERR") == "count=7");
  CHECK(info_field(f, "errorstats", "errorstat_MY") == "count=1");
  CHECK(info_field(f, "stats", "total_error_replies") == "8");
  std::string eval_stat = info_field(f, "commandstats", "cmdstat_eval");
  CHECK(eval_stat.find("calls=6,") == 0);
  CHECK(eval_stat.find("rejected_calls=0,failed_calls=6") != std::string::npos);
  CHECK(info_field(f, "commandstats", "cmdstat_incr").find("rejected_calls=0,failed_calls=5") !=
        std::string::npos);
  CHECK(info_field(f, "commandstats", "cmdstat_set").find("rejected_calls=1,failed_calls=0") !=
        std::string::npos);
}

TEST_CASE("Replies nested past the Lua stack end where Redis's do", "[scripting]") {
  CommandFixture f;
  std::string r = eval(f, "local a = {}; local b = {a}; a[1] = b; return a");
  CHECK(count(r, "*1\r\n") == 7995);
  CHECK(r.size() == 32010);
  CHECK(r.substr(r.size() - 30) == "-ERR reached lua stack limit\r\n");
  r = eval(f, "local a = {}; a.map = {x=a}; return a");
  CHECK(r.size() == 29368);
  // The connection stays in step.
  CHECK(f.run({"PING"}) == "+PONG\r\n");
}

TEST_CASE("Scripts and transactions, WATCH, databases and the clock", "[scripting]") {
  CommandFixture f;
  sable::Client& other = f.new_client();
  CHECK(f.run({"WATCH", "w"}) == "+OK\r\n");
  CHECK(f.run_as(other, {"EVAL", "return redis.call('incr', 'w')", "0"}) == ":1\r\n");
  f.run({"MULTI"});
  f.run({"GET", "w"});
  CHECK(f.run({"EXEC"}) == "*-1\r\n");
  f.run({"MULTI"});
  CHECK(f.run({"EVAL", "return redis.call('incr', KEYS[1])", "1", "c"}) == "+QUEUED\r\n");
  f.run({"EVAL", "return redis.call('incr', KEYS[1])", "1", "c"});
  CHECK(f.run({"EXEC"}) == "*2\r\n:1\r\n:2\r\n");

  // SELECT inside a script changes only the script's database.
  f.run({"SELECT", "1"});
  f.run({"SET", "k", "db1"});
  CHECK(eval(f, "redis.call('select', '0') redis.call('set', 'k', 'db0') return 1") == ":1\r\n");
  CHECK(f.run({"GET", "k"}) == "$3\r\ndb1\r\n");
  CHECK(eval(f, "return redis.call('get', 'k')") == "$3\r\ndb1\r\n");
  f.run({"SELECT", "0"});
  CHECK(f.run({"GET", "k"}) == "$3\r\ndb0\r\n");

  // Keys do not expire while a script runs.
  f.run({"DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1"});
  CHECK(eval(f,
             "redis.call('SET', 'key', 'value', 'PX', '1') redis.call('DEBUG', 'SLEEP', 0.01) "
             "return redis.call('EXISTS', 'key')") == ":1\r\n");
  f.run({"DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0"});
  sable::update_clock();
  CHECK(f.run({"EXISTS", "key"}) == ":0\r\n");
}

TEST_CASE("Scripts that would exhaust the server fail cleanly", "[scripting]") {
  CommandFixture f;
  CHECK(eval(f, "local function g(n) return g(n+1)+1 end return g(1)").find("stack overflow") !=
        std::string::npos);
  CHECK(eval(f, "return select('#', unpack({}, -2, 2147483647))")
            .find("too many results to unpack") != std::string::npos);
  CHECK(eval(f, "return #{cmsgpack.unpack(string.rep('\\1', 10000))}")
            .find("stack overflow (too many return values at once") != std::string::npos);
  CHECK(eval(f, "local t = cmsgpack.unpack(string.rep('\\145', 100000) .. '\\1')")
            .find("stack overflow (in function mp_decode_to_lua_array)") != std::string::npos);
  CHECK(eval(f, "local a = {} a[1] = a a[2] = a return #cmsgpack.pack(a)") == ":131071\r\n");
  CHECK(eval(f, "return struct.unpack('c2147483647', 'ab')").find("data string too short") !=
        std::string::npos);
  CHECK(eval(f, "return struct.pack('i99999999999999999999', 1)").find("integral size overflow") !=
        std::string::npos);
  // Lua 5.1's matcher recurses once per quantifier: a pattern past the C stack is refused.
  CHECK(eval(f, "return string.find(string.rep('a', 2000000), string.rep('a?', 1000000))")
            .find("pattern too complex") != std::string::npos);
  CHECK(eval(f, "return string.find(string.rep('a', 2000), string.rep('a?', 1000))") == ":1\r\n");
  CHECK(eval(f, "return bit.tohex(65535, -2147483648)") == "$8\r\n0000FFFF\r\n");
  CHECK(
      eval(f, "local s = '' .. string.rep('x', 10) return loadstring(string.dump(function() end))")
          .rfind("$-1", 0) == 0);
  CHECK(f.run({"PING"}) == "+PONG\r\n");
}
