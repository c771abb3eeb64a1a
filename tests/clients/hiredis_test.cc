// hiredis (Debian libhiredis-dev 0.14) against a Sable it starts itself on a free loopback port:
// the synchronous API (every RESP2 reply type, binary arguments, pipelining, transactions,
// scripts, a blocking pop served by a second connection, a multi-megabyte value) and the async API
// on a libuv loop (ordered callbacks for a pipelined batch, pub/sub across two connections, the
// disconnect callback after CLIENT KILL, reconnecting).
//
// The server binary comes from $SABLE_SERVER (ctest sets it), else from the path CMake compiled
// in. Setting it to /usr/bin/redis-server runs the same expectations against Redis.
#define CATCH_CONFIG_RUNNER
#include <arpa/inet.h>
#include <hiredis/adapters/libuv.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include <catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#ifndef SABLE_SERVER_PATH
#define SABLE_SERVER_PATH "build/release/sable-server"
#endif

namespace {

// The server under test: started once for the whole run, stopped with SIGTERM at exit.
struct TestServer {
  pid_t pid = -1;
  int port = 0;
  std::string dir;

  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }

  bool Start() {
    const char* env = std::getenv("SABLE_SERVER");
    std::string binary = env && *env ? env : SABLE_SERVER_PATH;
    char tmpl[] = "/tmp/sable-hiredis-XXXXXX";
    if (!mkdtemp(tmpl)) return false;
    dir = tmpl;
    port = FreePort();
    std::string port_str = std::to_string(port);
    std::vector<std::string> args = {binary, "--port", port_str, "--bind", "127.0.0.1"};
    if (binary.find("redis-server") != std::string::npos) {
      args.insert(args.end(), {"--save", "", "--appendonly", "no", "--dir", dir});
    }
    pid = fork();
    if (pid == 0) {
      if (chdir(dir.c_str()) != 0) _exit(126);
      std::string log = dir + "/server.log";
      if (!freopen(log.c_str(), "w", stdout)) _exit(126);
      dup2(fileno(stdout), 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    // Waits up to 30 s (sanitizer builds start slowly) for the port to accept a connection.
    for (int i = 0; i < 1500; ++i) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return false;
      }
      timeval tv{0, 200000};
      redisContext* c = redisConnectWithTimeout("127.0.0.1", port, tv);
      if (c && !c->err) {
        redisFree(c);
        return true;
      }
      if (c) redisFree(c);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // SIGTERM, then waits for a clean exit (0); anything else fails the run.
  int Stop() {
    if (pid <= 0) return -1;
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1500; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    pid = -1;
    return -2;
  }
};

TestServer g_server;

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// A synchronous connection with a 10 s connect and I/O timeout, so no test can hang.
Context Connect() {
  timeval tv{10, 0};
  Context c(redisConnectWithTimeout("127.0.0.1", g_server.port, tv));
  REQUIRE(c);
  INFO("connect error: " << c->errstr);
  REQUIRE(c->err == 0);
  REQUIRE(redisSetTimeout(c.get(), tv) == REDIS_OK);
  return c;
}

template <typename... Args>
Reply Cmd(redisContext* c, const char* fmt, Args... args) {
  Reply r(static_cast<redisReply*>(redisCommand(c, fmt, args...)));
  INFO("command " << fmt << " failed: " << c->errstr);
  REQUIRE(r);
  return r;
}

std::string Str(const redisReply* r) { return std::string(r->str, r->len); }

void RequireStatus(const redisReply* r, const std::string& text) {
  INFO("reply type " << r->type << " text " << (r->str ? Str(r) : std::string("(none)")));
  REQUIRE(r->type == REDIS_REPLY_STATUS);
  REQUIRE(Str(r) == text);
}

void RequireBulk(const redisReply* r, const std::string& text) {
  INFO("reply type " << r->type);
  REQUIRE(r->type == REDIS_REPLY_STRING);
  REQUIRE(Str(r) == text);
}

void RequireInt(const redisReply* r, long long v) {
  INFO("reply type " << r->type << " text " << (r->str ? Str(r) : std::string("(none)")));
  REQUIRE(r->type == REDIS_REPLY_INTEGER);
  REQUIRE(r->integer == v);
}

void RequireError(const redisReply* r, const std::string& text) {
  INFO("reply type " << r->type);
  REQUIRE(r->type == REDIS_REPLY_ERROR);
  REQUIRE(Str(r) == text);
}

// True when the server knows the command (COMMAND INFO gives a nil entry otherwise).
bool HasCommand(redisContext* c, const char* name) {
  Reply r = Cmd(c, "COMMAND INFO %s", name);
  return r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
         r->element[0]->type == REDIS_REPLY_ARRAY;
}

void Flush(redisContext* c) { RequireStatus(Cmd(c, "FLUSHALL").get(), "OK"); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Synchronous API

TEST_CASE("sync: status, error, integer and nil replies", "[hiredis][sync]") {
  Context c = Connect();
  Flush(c.get());
  RequireStatus(Cmd(c.get(), "PING").get(), "PONG");
  RequireStatus(Cmd(c.get(), "SET %s %s", "k", "v").get(), "OK");
  RequireInt(Cmd(c.get(), "INCR %s", "n").get(), 1);
  RequireInt(Cmd(c.get(), "INCRBY %s %lld", "n", -5LL).get(), -4);
  RequireError(Cmd(c.get(), "INCR %s", "k").get(), "ERR value is not an integer or out of range");
  RequireError(Cmd(c.get(), "LPUSH %s %s", "k", "x").get(),
               "WRONGTYPE Operation against a key holding the wrong kind of value");
  Reply unknown = Cmd(c.get(), "NOSUCHCOMMAND a b");
  REQUIRE(unknown->type == REDIS_REPLY_ERROR);
  REQUIRE(Str(unknown.get()).rfind("ERR unknown command 'NOSUCHCOMMAND'", 0) == 0);
  RequireError(Cmd(c.get(), "GET").get(), "ERR wrong number of arguments for 'get' command");
  REQUIRE(Cmd(c.get(), "GET %s", "missing")->type == REDIS_REPLY_NIL);
  RequireInt(Cmd(c.get(), "DEL %s %s %s", "k", "n", "missing").get(), 2);
  // The connection is still usable after every error.
  RequireStatus(Cmd(c.get(), "PING").get(), "PONG");
}

TEST_CASE("sync: binary-safe arguments with %b and argv", "[hiredis][sync]") {
  Context c = Connect();
  Flush(c.get());
  const std::string key("bin\0key\r\n", 9);
  std::string value;
  for (int i = 0; i < 256; ++i) value.push_back(static_cast<char>(i));
  value += std::string("\r\n$3\r\n*1\r\n\0\0", 12);
  RequireStatus(Cmd(c.get(), "SET %b %b", key.data(), key.size(), value.data(), value.size()).get(),
                "OK");
  RequireBulk(Cmd(c.get(), "GET %b", key.data(), key.size()).get(), value);
  RequireInt(Cmd(c.get(), "STRLEN %b", key.data(), key.size()).get(),
             static_cast<long long>(value.size()));
  // An empty value is a bulk of length zero, not nil.
  RequireStatus(Cmd(c.get(), "SET %s %b", "empty", "", size_t{0}).get(), "OK");
  Reply empty = Cmd(c.get(), "GET empty");
  REQUIRE(empty->type == REDIS_REPLY_STRING);
  REQUIRE(empty->len == 0);

  // redisCommandArgv with explicit lengths.
  const char* argv[] = {"HSET", "h", "f\0one", "v\0one", "f2", "v2"};
  size_t lens[] = {4, 1, 5, 5, 2, 2};
  Reply r(static_cast<redisReply*>(redisCommandArgv(c.get(), 6, argv, lens)));
  REQUIRE(r);
  RequireInt(r.get(), 2);
  RequireBulk(Cmd(c.get(), "HGET h %b", "f\0one", size_t{5}).get(), std::string("v\0one", 5));
}

TEST_CASE("sync: arrays, nil inside arrays and nested arrays", "[hiredis][sync]") {
  Context c = Connect();
  Flush(c.get());
  RequireInt(Cmd(c.get(), "RPUSH l a b c").get(), 3);
  Reply range = Cmd(c.get(), "LRANGE l 0 -1");
  REQUIRE(range->type == REDIS_REPLY_ARRAY);
  REQUIRE(range->elements == 3);
  RequireBulk(range->element[0], "a");
  RequireBulk(range->element[2], "c");
  REQUIRE(Cmd(c.get(), "LRANGE nothing 0 -1")->elements == 0);

  Cmd(c.get(), "SET x 1");
  Reply mget = Cmd(c.get(), "MGET x nope x");
  REQUIRE(mget->type == REDIS_REPLY_ARRAY);
  REQUIRE(mget->elements == 3);
  RequireBulk(mget->element[0], "1");
  REQUIRE(mget->element[1]->type == REDIS_REPLY_NIL);
  RequireBulk(mget->element[2], "1");

  // XRANGE: [[id, [field, value, ...]], ...] (while Sable has no streams, this part is skipped).
  if (!HasCommand(c.get(), "xadd")) {
    WARN("no XADD on this server: XRANGE/XREAD nesting not checked");
  } else {
    RequireBulk(Cmd(c.get(), "XADD s 1-1 f1 v1 f2 v2").get(), "1-1");
    RequireBulk(Cmd(c.get(), "XADD s 2-0 g w").get(), "2-0");
    Reply xr = Cmd(c.get(), "XRANGE s - +");
    REQUIRE(xr->type == REDIS_REPLY_ARRAY);
    REQUIRE(xr->elements == 2);
    REQUIRE(xr->element[0]->type == REDIS_REPLY_ARRAY);
    REQUIRE(xr->element[0]->elements == 2);
    RequireBulk(xr->element[0]->element[0], "1-1");
    redisReply* fields = xr->element[0]->element[1];
    REQUIRE(fields->type == REDIS_REPLY_ARRAY);
    REQUIRE(fields->elements == 4);
    RequireBulk(fields->element[0], "f1");
    RequireBulk(fields->element[3], "v2");
    RequireBulk(xr->element[1]->element[1]->element[1], "w");

    // XREAD: three levels deep ([[stream, [[id, [f, v]]]]]).
    Reply xread = Cmd(c.get(), "XREAD COUNT 1 STREAMS s 0");
    REQUIRE(xread->type == REDIS_REPLY_ARRAY);
    REQUIRE(xread->elements == 1);
    RequireBulk(xread->element[0]->element[0], "s");
    RequireBulk(xread->element[0]->element[1]->element[0]->element[0], "1-1");
    REQUIRE(Cmd(c.get(), "XREAD STREAMS s 5-0")->type == REDIS_REPLY_NIL);
  }

  // RESP2 maps are flat arrays.
  Cmd(c.get(), "HSET h a 1");
  Reply all = Cmd(c.get(), "HGETALL h");
  REQUIRE(all->type == REDIS_REPLY_ARRAY);
  REQUIRE(all->elements == 2);
  // Scores come back as bulk strings in RESP2.
  Cmd(c.get(), "ZADD z 1.5 m");
  Reply zr = Cmd(c.get(), "ZRANGE z 0 -1 WITHSCORES");
  REQUIRE(zr->elements == 2);
  RequireBulk(zr->element[1], "1.5");
  // SCAN: [cursor, [keys]].
  Reply scan = Cmd(c.get(), "SCAN 0 COUNT 100");
  REQUIRE(scan->type == REDIS_REPLY_ARRAY);
  REQUIRE(scan->elements == 2);
  RequireBulk(scan->element[0], "0");
  REQUIRE(scan->element[1]->elements == (HasCommand(c.get(), "xadd") ? 5 : 4));
}

TEST_CASE("sync: pipelining with redisAppendCommand", "[hiredis][sync]") {
  Context c = Connect();
  Flush(c.get());
  constexpr int kCount = 2000;
  for (int i = 0; i < kCount; ++i) {
    REQUIRE(redisAppendCommand(c.get(), "RPUSH p %d", i) == REDIS_OK);
  }
  REQUIRE(redisAppendCommand(c.get(), "LRANGE p 0 2") == REDIS_OK);
  REQUIRE(redisAppendCommand(c.get(), "GET p") == REDIS_OK);
  REQUIRE(redisAppendCommand(c.get(), "LLEN p") == REDIS_OK);
  for (int i = 0; i < kCount; ++i) {
    void* raw = nullptr;
    REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
    Reply r(static_cast<redisReply*>(raw));
    RequireInt(r.get(), i + 1);
  }
  void* raw = nullptr;
  REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
  Reply head(static_cast<redisReply*>(raw));
  REQUIRE(head->elements == 3);
  RequireBulk(head->element[2], "2");
  REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
  Reply wrong(static_cast<redisReply*>(raw));
  REQUIRE(wrong->type == REDIS_REPLY_ERROR);
  REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
  Reply len(static_cast<redisReply*>(raw));
  RequireInt(len.get(), kCount);
}

TEST_CASE("sync: a value of several megabytes", "[hiredis][sync]") {
  Context c = Connect();
  Flush(c.get());
  std::string big(6 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131 + i / 977) & 0xff);
  RequireStatus(Cmd(c.get(), "SET big %b", big.data(), big.size()).get(), "OK");
  RequireInt(Cmd(c.get(), "STRLEN big").get(), static_cast<long long>(big.size()));
  Reply back = Cmd(c.get(), "GET big");
  REQUIRE(back->type == REDIS_REPLY_STRING);
  REQUIRE(back->len == big.size());
  REQUIRE(std::memcmp(back->str, big.data(), big.size()) == 0);
  RequireBulk(Cmd(c.get(), "GETRANGE big 1000 1003").get(), big.substr(1000, 4));
  // A large value appended twice and read back as part of an array.
  RequireInt(Cmd(c.get(), "APPEND big %b", big.data(), big.size()).get(),
             static_cast<long long>(2 * big.size()));
  Reply arr = Cmd(c.get(), "MGET big nope");
  REQUIRE(arr->elements == 2);
  REQUIRE(arr->element[0]->len == 2 * big.size());
  REQUIRE(std::memcmp(arr->element[0]->str + big.size(), big.data(), big.size()) == 0);
}

TEST_CASE("sync: SELECT keeps databases apart per connection", "[hiredis][sync]") {
  Context c = Connect();
  Context other = Connect();
  Flush(c.get());
  RequireStatus(Cmd(c.get(), "SELECT 3").get(), "OK");
  RequireStatus(Cmd(c.get(), "SET dbkey three").get(), "OK");
  REQUIRE(Cmd(other.get(), "GET dbkey")->type == REDIS_REPLY_NIL);
  RequireStatus(Cmd(other.get(), "SELECT 3").get(), "OK");
  RequireBulk(Cmd(other.get(), "GET dbkey").get(), "three");
  RequireStatus(Cmd(c.get(), "SELECT 0").get(), "OK");
  REQUIRE(Cmd(c.get(), "GET dbkey")->type == REDIS_REPLY_NIL);
  RequireError(Cmd(c.get(), "SELECT 99").get(), "ERR DB index is out of range");
  RequireError(Cmd(c.get(), "SELECT x").get(), "ERR value is not an integer or out of range");
  RequireInt(Cmd(c.get(), "MOVE nope 3").get(), 0);
}

TEST_CASE("sync: MULTI / EXEC / DISCARD / WATCH", "[hiredis][sync]") {
  Context c = Connect();
  Context other = Connect();
  Flush(c.get());
  RequireStatus(Cmd(c.get(), "MULTI").get(), "OK");
  RequireStatus(Cmd(c.get(), "SET a 1").get(), "QUEUED");
  RequireStatus(Cmd(c.get(), "INCR a").get(), "QUEUED");
  RequireStatus(Cmd(c.get(), "LPUSH a x").get(), "QUEUED");
  RequireStatus(Cmd(c.get(), "RPUSH l2 p q").get(), "QUEUED");
  RequireStatus(Cmd(c.get(), "LRANGE l2 0 -1").get(), "QUEUED");
  RequireStatus(Cmd(c.get(), "GET missing").get(), "QUEUED");
  Reply exec = Cmd(c.get(), "EXEC");
  REQUIRE(exec->type == REDIS_REPLY_ARRAY);
  REQUIRE(exec->elements == 6);
  RequireStatus(exec->element[0], "OK");
  RequireInt(exec->element[1], 2);
  RequireError(exec->element[2],
               "WRONGTYPE Operation against a key holding the wrong kind of value");
  RequireInt(exec->element[3], 2);
  REQUIRE(exec->element[4]->type == REDIS_REPLY_ARRAY);
  RequireBulk(exec->element[4]->element[1], "q");
  REQUIRE(exec->element[5]->type == REDIS_REPLY_NIL);

  RequireStatus(Cmd(c.get(), "MULTI").get(), "OK");
  RequireStatus(Cmd(c.get(), "SET a discarded").get(), "QUEUED");
  RequireStatus(Cmd(c.get(), "DISCARD").get(), "OK");
  RequireBulk(Cmd(c.get(), "GET a").get(), "2");
  RequireError(Cmd(c.get(), "EXEC").get(), "ERR EXEC without MULTI");

  // A queueing error aborts the whole transaction.
  RequireStatus(Cmd(c.get(), "MULTI").get(), "OK");
  RequireError(Cmd(c.get(), "SET onlyone").get(),
               "ERR wrong number of arguments for 'set' command");
  RequireError(Cmd(c.get(), "EXEC").get(),
               "EXECABORT Transaction discarded because of previous errors.");

  // WATCH: another connection's write makes EXEC return a nil array.
  RequireStatus(Cmd(c.get(), "WATCH a").get(), "OK");
  RequireStatus(Cmd(other.get(), "SET a changed").get(), "OK");
  RequireStatus(Cmd(c.get(), "MULTI").get(), "OK");
  RequireStatus(Cmd(c.get(), "SET a mine").get(), "QUEUED");
  REQUIRE(Cmd(c.get(), "EXEC")->type == REDIS_REPLY_NIL);
  RequireBulk(Cmd(c.get(), "GET a").get(), "changed");
}

TEST_CASE("sync: EVAL reply conversions", "[hiredis][sync]") {
  Context c = Connect();
  Flush(c.get());
  Reply r = Cmd(c.get(), "EVAL %s %d %s %s %s", "return {KEYS[1], ARGV[1], 3, {4, 'five'}, false}",
                1, "key1", "arg1", "unused");
  REQUIRE(r->type == REDIS_REPLY_ARRAY);
  // A Lua false inside a table becomes nil.
  REQUIRE(r->elements == 5);
  RequireBulk(r->element[0], "key1");
  RequireBulk(r->element[1], "arg1");
  RequireInt(r->element[2], 3);
  REQUIRE(r->element[3]->type == REDIS_REPLY_ARRAY);
  RequireBulk(r->element[3]->element[1], "five");
  REQUIRE(r->element[4]->type == REDIS_REPLY_NIL);
  RequireStatus(Cmd(c.get(), "EVAL %s 0", "return redis.status_reply('FINE')").get(), "FINE");
  RequireError(Cmd(c.get(), "EVAL %s 0", "return redis.error_reply('MYERR custom')").get(),
               "MYERR custom");
  REQUIRE(Cmd(c.get(), "EVAL %s 0", "return false")->type == REDIS_REPLY_NIL);
  RequireInt(Cmd(c.get(), "EVAL %s 0", "return true").get(), 1);
  RequireInt(Cmd(c.get(), "EVAL %s 0", "return 3.99").get(), 3);
  RequireInt(Cmd(c.get(), "EVAL %s 1 %s %s", "return redis.call('INCRBY', KEYS[1], ARGV[1])",
                 "counter", "41")
                 .get(),
             41);
  Reply sha = Cmd(c.get(), "SCRIPT LOAD %s", "return ARGV[1] .. ARGV[1]");
  REQUIRE(sha->type == REDIS_REPLY_STRING);
  REQUIRE(sha->len == 40);
  RequireBulk(Cmd(c.get(), "EVALSHA %b 0 ab", sha->str, sha->len).get(), "abab");
  Reply noscript = Cmd(c.get(), "EVALSHA %s 0", "ffffffffffffffffffffffffffffffffffffffff");
  REQUIRE(noscript->type == REDIS_REPLY_ERROR);
  REQUIRE(Str(noscript.get()).rfind("NOSCRIPT", 0) == 0);
  Reply bad = Cmd(c.get(), "EVAL %s 0", "return redis.call('NOSUCH')");
  REQUIRE(bad->type == REDIS_REPLY_ERROR);
}

TEST_CASE("sync: BLPOP served by a second connection", "[hiredis][sync]") {
  Context c = Connect();
  Context pusher = Connect();
  Flush(c.get());
  // A timeout with nothing to pop is a nil array.
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(Cmd(c.get(), "BLPOP empty 0.1")->type == REDIS_REPLY_NIL);
  REQUIRE(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(90));

  REQUIRE(redisAppendCommand(c.get(), "BLPOP q1 q2 5") == REDIS_OK);
  int done = 0;
  while (!done) REQUIRE(redisBufferWrite(c.get(), &done) == REDIS_OK);
  // Waits (bounded) until the server reports the client as blocked, then pushes.
  bool blocked = false;
  for (int i = 0; i < 200 && !blocked; ++i) {
    Reply info = Cmd(pusher.get(), "INFO clients");
    blocked = Str(info.get()).find("blocked_clients:1") != std::string::npos;
    if (!blocked) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(blocked);
  t0 = std::chrono::steady_clock::now();
  RequireInt(Cmd(pusher.get(), "RPUSH q2 first second").get(), 2);
  void* raw = nullptr;
  REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
  Reply popped(static_cast<redisReply*>(raw));
  REQUIRE(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  REQUIRE(popped->type == REDIS_REPLY_ARRAY);
  REQUIRE(popped->elements == 2);
  RequireBulk(popped->element[0], "q2");
  RequireBulk(popped->element[1], "first");
  RequireInt(Cmd(c.get(), "LLEN q2").get(), 1);

  // The same from a thread, with BRPOPLPUSH-style movement.
  std::thread waiter([] {
    Context w = Connect();
    Reply r = Cmd(w.get(), "BLMOVE src dst LEFT RIGHT 5");
    RequireBulk(r.get(), "moved");
  });
  for (int i = 0; i < 200; ++i) {
    Reply info = Cmd(pusher.get(), "INFO clients");
    if (Str(info.get()).find("blocked_clients:1") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  RequireInt(Cmd(pusher.get(), "LPUSH src moved").get(), 1);
  waiter.join();
  RequireBulk(Cmd(c.get(), "LINDEX dst 0").get(), "moved");
}

TEST_CASE("sync: killed connection, then redisReconnect", "[hiredis][sync]") {
  Context c = Connect();
  Context killer = Connect();
  RequireStatus(Cmd(c.get(), "CLIENT SETNAME sync-victim").get(), "OK");
  RequireStatus(Cmd(c.get(), "SELECT 5").get(), "OK");
  Reply id = Cmd(c.get(), "CLIENT ID");
  REQUIRE(id->type == REDIS_REPLY_INTEGER);
  RequireInt(Cmd(killer.get(), "CLIENT KILL ID %lld", id->integer).get(), 1);
  // The next command on the killed connection fails with end-of-file.
  Reply none(static_cast<redisReply*>(redisCommand(c.get(), "PING")));
  REQUIRE_FALSE(none);
  REQUIRE(c->err == REDIS_ERR_EOF);
  REQUIRE(redisReconnect(c.get()) == REDIS_OK);
  REQUIRE(c->err == 0);
  // A new connection: default database, no name.
  RequireStatus(Cmd(c.get(), "PING").get(), "PONG");
  REQUIRE(Cmd(c.get(), "CLIENT GETNAME")->type == REDIS_REPLY_NIL);
  Reply info = Cmd(c.get(), "CLIENT INFO");
  REQUIRE(Str(info.get()).find(" db=0 ") != std::string::npos);
  // CLIENT KILL by name-less filters: TYPE normal SKIPME yes kills the others.
  Context third = Connect();
  Reply killed = Cmd(killer.get(), "CLIENT KILL TYPE normal SKIPME yes");
  REQUIRE(killed->type == REDIS_REPLY_INTEGER);
  REQUIRE(killed->integer >= 2);
  REQUIRE_FALSE(Reply(static_cast<redisReply*>(redisCommand(third.get(), "PING"))));
  RequireStatus(Cmd(killer.get(), "PING").get(), "PONG");
}

// ---------------------------------------------------------------------------------------------
// Async API on libuv

namespace {

// A loop with a watchdog: the timer is unreferenced, so the loop ends as soon as every
// connection is closed, or the watchdog stops it after `seconds`.
struct Loop {
  uv_loop_t loop;
  uv_timer_t watchdog;
  bool timed_out = false;

  Loop() {
    uv_loop_init(&loop);
    uv_timer_init(&loop, &watchdog);
    watchdog.data = this;
  }
  ~Loop() {
    uv_close(reinterpret_cast<uv_handle_t*>(&watchdog), nullptr);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
  }
  void Run(int seconds) {
    uv_timer_start(
        &watchdog,
        [](uv_timer_t* t) {
          auto* self = static_cast<Loop*>(t->data);
          self->timed_out = true;
          uv_stop(&self->loop);
        },
        seconds * 1000, 0);
    uv_unref(reinterpret_cast<uv_handle_t*>(&watchdog));
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_timer_stop(&watchdog);
  }
};

redisAsyncContext* AsyncConnect(Loop& loop) {
  redisAsyncContext* ac = redisAsyncConnect("127.0.0.1", g_server.port);
  REQUIRE(ac);
  INFO("async connect error: " << ac->errstr);
  REQUIRE(ac->err == 0);
  REQUIRE(redisLibuvAttach(ac, &loop.loop) == REDIS_OK);
  return ac;
}

// Per-test state reached from the C callbacks through ac->data / privdata.
struct AsyncState {
  std::vector<std::string> log;
  int connects = 0;
  int disconnects = 0;
  int disconnect_status = 12345;
  long long client_id = -1;
  redisAsyncContext* second = nullptr;
  Loop* loop = nullptr;
};

std::string Describe(const redisReply* r) {
  if (!r) return "(null)";
  switch (r->type) {
    case REDIS_REPLY_STATUS:
      return "+" + Str(r);
    case REDIS_REPLY_ERROR:
      return "-" + Str(r);
    case REDIS_REPLY_INTEGER:
      return ":" + std::to_string(r->integer);
    case REDIS_REPLY_NIL:
      return "nil";
    case REDIS_REPLY_STRING:
      return "$" + Str(r);
    case REDIS_REPLY_ARRAY: {
      std::string s = "[";
      for (size_t i = 0; i < r->elements; ++i) s += (i ? "," : "") + Describe(r->element[i]);
      return s + "]";
    }
  }
  return "?";
}

}  // namespace

TEST_CASE("async: a pipelined batch calls back in order", "[hiredis][async]") {
  {
    Context c = Connect();
    Flush(c.get());
  }
  Loop loop;
  AsyncState st;
  redisAsyncContext* ac = AsyncConnect(loop);
  ac->data = &st;
  redisAsyncSetConnectCallback(ac, [](const redisAsyncContext* a, int status) {
    auto* s = static_cast<AsyncState*>(a->data);
    if (status == REDIS_OK) s->connects++;
  });
  redisAsyncSetDisconnectCallback(ac, [](const redisAsyncContext* a, int status) {
    auto* s = static_cast<AsyncState*>(a->data);
    s->disconnects++;
    s->disconnect_status = status;
  });
  auto record = [](redisAsyncContext* a, void* r, void*) {
    static_cast<AsyncState*>(a->data)->log.push_back(Describe(static_cast<redisReply*>(r)));
  };
  constexpr int kCount = 500;
  for (int i = 0; i < kCount; ++i) {
    REQUIRE(redisAsyncCommand(ac, record, nullptr, "INCR counter") == REDIS_OK);
  }
  REQUIRE(redisAsyncCommand(ac, record, nullptr, "SET %s %b", "bin", "a\0b", size_t{3}) ==
          REDIS_OK);
  REQUIRE(redisAsyncCommand(ac, record, nullptr, "GET nope") == REDIS_OK);
  REQUIRE(redisAsyncCommand(ac, record, nullptr, "LPUSH counter x") == REDIS_OK);
  REQUIRE(redisAsyncCommand(ac, record, nullptr, "MULTI") == REDIS_OK);
  REQUIRE(redisAsyncCommand(ac, record, nullptr, "INCR counter") == REDIS_OK);
  REQUIRE(redisAsyncCommand(ac, record, nullptr, "EXEC") == REDIS_OK);
  REQUIRE(redisAsyncCommand(
              ac,
              [](redisAsyncContext* a, void* r, void*) {
                static_cast<AsyncState*>(a->data)->log.push_back(
                    Describe(static_cast<redisReply*>(r)));
                redisAsyncDisconnect(a);  // after its pending replies, a clean close
              },
              nullptr, "STRLEN bin") == REDIS_OK);
  loop.Run(20);
  REQUIRE_FALSE(loop.timed_out);
  REQUIRE(st.connects == 1);
  REQUIRE(st.disconnects == 1);
  REQUIRE(st.disconnect_status == REDIS_OK);
  REQUIRE(st.log.size() == kCount + 7);
  for (int i = 0; i < kCount; ++i) REQUIRE(st.log[i] == ":" + std::to_string(i + 1));
  CHECK(st.log[kCount] == "+OK");
  CHECK(st.log[kCount + 1] == "nil");
  CHECK(st.log[kCount + 2] == "-WRONGTYPE Operation against a key holding the wrong kind of value");
  CHECK(st.log[kCount + 3] == "+OK");
  CHECK(st.log[kCount + 4] == "+QUEUED");
  CHECK(st.log[kCount + 5] == "[:" + std::to_string(kCount + 1) + "]");
  CHECK(st.log[kCount + 6] == ":3");
}

TEST_CASE("async: SUBSCRIBE on one connection, PUBLISH from another", "[hiredis][async]") {
  Loop loop;
  AsyncState st;
  st.loop = &loop;
  redisAsyncContext* sub = AsyncConnect(loop);
  redisAsyncContext* pub = AsyncConnect(loop);
  sub->data = &st;
  pub->data = &st;
  st.second = pub;
  // Every push on the subscription (the confirmations, then each message) comes to this callback.
  auto on_sub = [](redisAsyncContext* a, void* r, void*) {
    auto* s = static_cast<AsyncState*>(a->data);
    auto* reply = static_cast<redisReply*>(r);
    if (!reply) return;  // the context is going away
    s->log.push_back(Describe(reply));
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 3) return;
    std::string kind = Str(reply->element[0]);
    if (kind == "subscribe" && reply->element[2]->integer == 2) {
      // Both channels are confirmed: publish from the other connection.
      auto on_pub = [](redisAsyncContext* p, void* pr, void*) {
        static_cast<AsyncState*>(p->data)->log.push_back("pub" +
                                                         Describe(static_cast<redisReply*>(pr)));
      };
      redisAsyncCommand(s->second, on_pub, nullptr, "PUBLISH news one");
      redisAsyncCommand(s->second, on_pub, nullptr, "PUBLISH nobody-listens x");
      redisAsyncCommand(s->second, on_pub, nullptr, "PUBLISH %s %b", "sport", "t\0wo", size_t{4});
      redisAsyncCommand(s->second, on_pub, nullptr, "PUBLISH news three");
    }
    if (kind == "message" && Str(reply->element[2]) == "three") {
      redisAsyncDisconnect(s->second);
      redisAsyncDisconnect(a);
    }
  };
  REQUIRE(redisAsyncCommand(sub, on_sub, nullptr, "SUBSCRIBE news sport") == REDIS_OK);
  loop.Run(20);
  REQUIRE_FALSE(loop.timed_out);
  std::vector<std::string> want = {"[$subscribe,$news,:1]",
                                   "[$subscribe,$sport,:2]",
                                   "pub:1",
                                   "[$message,$news,$one]",
                                   "pub:0",
                                   "pub:1",
                                   std::string("[$message,$sport,$t\0wo]", 23),
                                   "pub:1",
                                   "[$message,$news,$three]"};
  // The publisher's replies and the subscriber's messages interleave in an order that depends
  // on the scheduling; each side's own order is fixed.
  std::vector<std::string> sub_side, pub_side, want_sub, want_pub;
  for (auto& e : st.log) (e.rfind("pub", 0) == 0 ? pub_side : sub_side).push_back(e);
  for (auto& e : want) (e.rfind("pub", 0) == 0 ? want_pub : want_sub).push_back(e);
  CHECK(sub_side == want_sub);
  CHECK(pub_side == want_pub);
}

TEST_CASE("async: PSUBSCRIBE pattern messages", "[hiredis][async]") {
  Loop loop;
  AsyncState st;
  redisAsyncContext* sub = AsyncConnect(loop);
  redisAsyncContext* pub = AsyncConnect(loop);
  sub->data = &st;
  pub->data = &st;
  st.second = pub;
  auto on_sub = [](redisAsyncContext* a, void* r, void*) {
    auto* s = static_cast<AsyncState*>(a->data);
    auto* reply = static_cast<redisReply*>(r);
    if (!reply) return;
    s->log.push_back(Describe(reply));
    std::string kind = Str(reply->element[0]);
    if (kind == "psubscribe") {
      redisAsyncCommand(s->second, nullptr, nullptr, "PUBLISH room.1 hello");
      redisAsyncCommand(s->second, nullptr, nullptr, "PUBLISH hall.1 skipped");
      redisAsyncCommand(s->second, nullptr, nullptr, "PUBLISH room.22 bye");
    }
    if (kind == "pmessage" && Str(reply->element[3]) == "bye") {
      redisAsyncDisconnect(s->second);
      redisAsyncDisconnect(a);
    }
  };
  REQUIRE(redisAsyncCommand(sub, on_sub, nullptr, "PSUBSCRIBE room.*") == REDIS_OK);
  loop.Run(20);
  REQUIRE_FALSE(loop.timed_out);
  std::vector<std::string> want = {"[$psubscribe,$room.*,:1]", "[$pmessage,$room.*,$room.1,$hello]",
                                   "[$pmessage,$room.*,$room.22,$bye]"};
  CHECK(st.log == want);
}

TEST_CASE("async: CLIENT KILL fires the disconnect callback, then reconnect", "[hiredis][async]") {
  Loop loop;
  AsyncState st;
  st.loop = &loop;
  redisAsyncContext* ac = AsyncConnect(loop);
  ac->data = &st;
  auto on_disconnect = [](const redisAsyncContext* a, int status) {
    auto* s = static_cast<AsyncState*>(a->data);
    s->disconnects++;
    if (s->disconnects == 1) {
      s->disconnect_status = status;
      s->log.push_back(std::string("first disconnect: ") + (a->errstr[0] ? a->errstr : "-"));
      // Reconnects on the same loop and checks the new connection works.
      redisAsyncContext* again = redisAsyncConnect("127.0.0.1", g_server.port);
      if (!again || again->err || redisLibuvAttach(again, &s->loop->loop) != REDIS_OK) {
        s->log.push_back("reconnect failed");
        return;
      }
      again->data = s;
      redisAsyncSetDisconnectCallback(again, [](const redisAsyncContext* b, int st2) {
        auto* s2 = static_cast<AsyncState*>(b->data);
        s2->disconnects++;
        s2->log.push_back(std::string("second disconnect ") + (st2 == REDIS_OK ? "ok" : "err"));
      });
      redisAsyncCommand(
          again,
          [](redisAsyncContext* b, void* r, void*) {
            static_cast<AsyncState*>(b->data)->log.push_back("after reconnect " +
                                                             Describe(static_cast<redisReply*>(r)));
          },
          nullptr, "PING");
      redisAsyncCommand(
          again,
          [](redisAsyncContext* b, void* r, void*) {
            static_cast<AsyncState*>(b->data)->log.push_back("after reconnect " +
                                                             Describe(static_cast<redisReply*>(r)));
            redisAsyncDisconnect(b);
          },
          nullptr, "GET killed-marker");
    }
  };
  redisAsyncSetDisconnectCallback(ac, on_disconnect);
  REQUIRE(redisAsyncCommand(ac, nullptr, nullptr, "CLIENT SETNAME victim") == REDIS_OK);
  REQUIRE(redisAsyncCommand(
              ac,
              [](redisAsyncContext* a, void* r, void*) {
                auto* s = static_cast<AsyncState*>(a->data);
                auto* reply = static_cast<redisReply*>(r);
                if (!reply || reply->type != REDIS_REPLY_INTEGER) return;
                s->client_id = reply->integer;
                // A second (synchronous) connection kills this one.
                timeval tv{5, 0};
                redisContext* killer = redisConnectWithTimeout("127.0.0.1", g_server.port, tv);
                if (!killer || killer->err) {
                  s->log.push_back("killer connect failed");
                  if (killer) redisFree(killer);
                  return;
                }
                auto* kr = static_cast<redisReply*>(
                    redisCommand(killer, "CLIENT KILL ID %lld", s->client_id));
                s->log.push_back("kill " + Describe(kr));
                if (kr) freeReplyObject(kr);
                kr = static_cast<redisReply*>(redisCommand(killer, "SET killed-marker yes"));
                if (kr) freeReplyObject(kr);
                redisFree(killer);
              },
              nullptr, "CLIENT ID") == REDIS_OK);
  // A command queued after the kill gets no reply: its callback sees a null reply.
  REQUIRE(redisAsyncCommand(
              ac,
              [](redisAsyncContext* a, void* r, void*) {
                static_cast<AsyncState*>(a->data)->log.push_back(
                    std::string("late reply ") +
                    (r ? Describe(static_cast<redisReply*>(r)) : std::string("null")));
              },
              nullptr, "BLPOP never-filled 10") == REDIS_OK);
  loop.Run(20);
  REQUIRE_FALSE(loop.timed_out);
  REQUIRE(st.client_id > 0);
  REQUIRE(st.disconnects == 2);
  REQUIRE(st.disconnect_status == REDIS_ERR);
  std::vector<std::string> want = {"kill :1",
                                   "late reply null",
                                   "first disconnect: Server closed the connection",
                                   "after reconnect +PONG",
                                   "after reconnect $yes",
                                   "second disconnect ok"};
  CHECK(st.log == want);
}

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  if (!g_server.Start()) {
    std::fprintf(stderr, "could not start the server under test\n");
    g_server.Stop();
    return 2;
  }
  int rc = Catch::Session().run(argc, argv);
  int stop = g_server.Stop();
  if (stop != 0) {
    std::fprintf(stderr, "server did not exit cleanly after SIGTERM (status %d)\n", stop);
    if (rc == 0) rc = 3;
  }
  return rc;
}
