// libFuzzer target: the command dispatcher with every family, in process. The input is a list of
// commands, one per line, arguments separated by spaces (a byte 0x01 stands for an empty
// argument); each runs as one client, a second client sometimes takes a turn. Whatever the
// commands, the server must reply to each and keep running.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/blocking.h"
#include "server/client.h"
#include "server/server.h"

namespace {

struct Harness {
  ~Harness() {
    for (auto& [id, c] : std::map<uint64_t, sable::Client*>(server->clients))
      server->free_client(c);
  }
  std::unique_ptr<sable::Server> server;
  sable::Client* a;
  sable::Client* b;
  Harness() {
    server = std::make_unique<sable::Server>();
    server->config.loglevel = "nothing";
    server->config.save_params.clear();
    server->config.proto_max_bulk_len = 1 << 20;  // strings stay small (SETRANGE, SETBIT …)
    server->init();
    a = server->create_fake_client();
    b = server->create_fake_client();
    server->clients[a->id] = a;
    server->clients[b->id] = b;
  }
};

bool same_word(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i]) != lower[i]) return false;
  return true;
}

// Commands that would stop the fuzzer, write files, sleep, or free the harness's own clients are
// left out; CONFIG only reads (a CONFIG SET would carry over to every later input).
bool refused(const std::vector<std::string>& args) {
  static constexpr std::string_view kSkip[] = {
      "shutdown", "debug",        "monitor",  "sync", "psync",   "replicaof", "slaveof", "save",
      "bgsave",   "bgrewriteaof", "failover", "wait", "waitaof", "quit",      "lastsave",
      "migrate"};
  for (std::string_view s : kSkip)
    if (same_word(args[0], s)) return true;
  if (same_word(args[0], "config") && !(args.size() > 1 && same_word(args[1], "get"))) return true;
  if (same_word(args[0], "client") && args.size() > 1 &&
      (same_word(args[1], "kill") || same_word(args[1], "pause")))
    return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One server for the whole run (clients, scripts and settings carry over; keys do not),
  // destroyed at exit.
  static Harness harness;
  Harness* h = &harness;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  int lines = 0;
  while (!in.empty() && lines++ < 64) {
    size_t nl = in.find('\n');
    std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    std::vector<std::string> args;
    size_t pos = 0;
    while (pos <= line.size() && args.size() < 32) {
      size_t sp = line.find(' ', pos);
      std::string arg(
          line.substr(pos, sp == std::string_view::npos ? line.size() - pos : sp - pos));
      if (arg == "\x01") arg.clear();
      args.push_back(std::move(arg));
      if (sp == std::string_view::npos) break;
      pos = sp + 1;
    }
    if (args.empty() || args[0].empty() || refused(args)) continue;
    std::vector<std::string_view> argv(args.begin(), args.end());
    sable::Client* c = (line.size() % 5 == 0) ? h->b : h->a;
    h->server->execute(*c, argv);
    c->reply.buffer().clear();
    // A blocked client is released (with its timeout reply) before it runs anything else.
    if (c->has(sable::kClientBlocked)) h->server->blocking->unblock(*c, false);
    c->reply.buffer().clear();
  }
  // Each input starts from an empty keyspace: values left behind would look leaked to the leak
  // check libFuzzer runs after an input that allocated more than it freed (entries hold their
  // pointers unaligned, out of its sight).
  std::vector<std::string_view> flush{"FLUSHALL"};
  h->server->execute(*h->a, flush);
  h->a->reply.buffer().clear();
  return 0;
}
