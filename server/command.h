// The declarative command table.
//
// Every command is one CommandSpec row: name, arity (negative means "at least"), flags, key
// positions and a handler, plus the documentation COMMAND DOCS reports. The dispatcher alone checks
// that a command exists, its arity, authentication, pub/sub context, MULTI queueing and OOM;
// handlers never count their own arguments. Container commands (CLIENT, CONFIG, OBJECT …) hold
// their subcommands as rows of their own, looked up by the second argument.
//
// Families register their rows explicitly (RegisterStringFamily(table) …) from one place:
// register_all_commands() in commands/registry.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/latency.h"

namespace sable {

class Client;
class Server;
class Db;
class ReplyWriter;

enum CmdFlag : uint32_t {
  kCmdWrite = 1u << 0,
  kCmdReadonly = 1u << 1,
  kCmdDenyOom = 1u << 2,
  kCmdAdmin = 1u << 3,
  kCmdPubsub = 1u << 4,
  kCmdNoScript = 1u << 5,
  kCmdBlocking = 1u << 6,
  kCmdLoading = 1u << 7,
  kCmdStale = 1u << 8,
  kCmdSkipMonitor = 1u << 9,
  kCmdSkipSlowlog = 1u << 10,
  kCmdFast = 1u << 11,
  kCmdNoAuth = 1u << 12,
  kCmdMayReplicate = 1u << 13,
  kCmdNoMulti = 1u << 14,
  kCmdAllowBusy = 1u << 15,
  kCmdSentinel = 1u << 16,
  kCmdNoMandatoryKeys = 1u << 17,
  kCmdNoAsyncLoading = 1u << 18,
  kCmdProtected = 1u << 19,
  kCmdTouchesArbitraryKeys = 1u << 20,
  kCmdMovableKeys = 1u << 21,  // keys not described by first/last/step (ZUNION, SORT … STORE)
};

// What a handler sees: the client, its arguments (argv[0] is the command name) and its database.
struct CommandContext {
  Server& server;
  Client& client;
  std::span<const std::string_view> argv;
  ReplyWriter& reply;
  Db& db;
  const struct CommandSpec& spec;

  size_t argc() const { return argv.size(); }
  std::string_view arg(size_t i) const { return argv[i]; }
};

using Handler = void (*)(CommandContext& ctx);
// Finds the key positions of a command whose keys first/last/step cannot describe (numkeys
// arguments, SORT … STORE). Positions index into argv.
using KeysFn = std::vector<size_t> (*)(std::span<const std::string_view> argv);

struct CommandStats {
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;
  uint64_t failed_calls = 0;
  LatencyHistogram latency;  // LATENCY HISTOGRAM, INFO latencystats (latency-tracking)
};

struct CommandSpec {
  std::string name;  // lower case: "get", or the subcommand's own name ("kill")
  int arity = 0;     // counts argv[0] (and the subcommand name for subcommands)
  uint32_t flags = 0;
  int first_key = 0, last_key = 0, key_step = 0;  // last_key -1: through the last argument
  Handler handler = nullptr;
  std::string group;    // "string", "generic", "connection", "server" …
  std::string summary;  // one line, for COMMAND DOCS
  std::string since;    // Redis version that introduced it
  std::string complexity;
  std::string acl_categories;  // space separated, without '@', e.g. "write string fast"
  KeysFn get_keys = nullptr;   // set for kCmdMovableKeys commands
  std::string usage;  // argument syntax for COMMAND DOCS, set by apply_usage_docs (usage.cc)

  // Filled in by the table.
  std::string fullname;  // "get", "client|kill"
  CommandSpec* parent = nullptr;
  std::vector<std::unique_ptr<CommandSpec>> subcommands;
  mutable CommandStats stats;

  bool has_flag(uint32_t f) const { return (flags & f) != 0; }
  const CommandSpec* find_sub(std::string_view name) const;
  // Keys this invocation touches (positions into argv): get_keys for movable-key commands,
  // first/last/step otherwise.
  std::vector<size_t> key_positions(std::span<const std::string_view> argv) const;
};

class CommandTable {
 public:
  // Adds a top-level command and returns it (so subcommands can be attached).
  CommandSpec& add(CommandSpec spec);
  // Adds a subcommand under an existing container command.
  CommandSpec& add_sub(std::string_view parent, CommandSpec spec);

  // Finds the command for argv: the top-level name, then the subcommand for containers. Returns
  // nullptr when unknown; *container is set when argv[0] is a container but argv[1] is not one of
  // its subcommands.
  const CommandSpec* lookup(std::span<const std::string_view> argv,
                            const CommandSpec** container) const;
  const CommandSpec* find(std::string_view name) const;  // top-level, any case
  CommandSpec* find_mutable(std::string_view name);
  // "client|kill" style full names, any case.
  const CommandSpec* find_fullname(std::string_view name) const;
  const std::vector<CommandSpec*>& all() const { return order_; }
  size_t size() const { return order_.size(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<CommandSpec>> by_name_;
  std::vector<CommandSpec*> order_;
};

// Registers one family's rows with its group filled in, positionally:
//   FamilyRows add(t, "list");
//   add("lpush", -3, kCmdWrite | kCmdDenyOom | kCmdFast, 1, 1, 1, CmdLPush,
//       "Prepend one or multiple elements to a list", "1.0.0", "O(1) …", "write list fast");
class FamilyRows {
 public:
  FamilyRows(CommandTable& t, std::string group) : t_(t), group_(std::move(group)) {}
  CommandSpec& operator()(const char* name, int arity, uint32_t flags, int first, int last,
                          int step, Handler h, const char* summary, const char* since,
                          const char* complexity, const char* acl) {
    return t_.add({.name = name,
                   .arity = arity,
                   .flags = flags,
                   .first_key = first,
                   .last_key = last,
                   .key_step = step,
                   .handler = h,
                   .group = group_,
                   .summary = summary,
                   .since = since,
                   .complexity = complexity,
                   .acl_categories = acl});
  }
  // A keyless top-level command.
  CommandSpec& top(const char* name, int arity, uint32_t flags, Handler h, const char* summary,
                   const char* since, const char* complexity, const char* acl) {
    return (*this)(name, arity, flags, 0, 0, 0, h, summary, since, complexity, acl);
  }
  // A container command (CONFIG, DEBUG …) whose subcommands are rows of their own.
  CommandSpec& container(const char* name, const char* summary, const char* since) {
    return top(name, -2, 0, CmdContainer, summary, since, "Depends on subcommand.", "");
  }
  // A keyless subcommand row under an existing container.
  CommandSpec& sub(const char* parent, const char* name, int arity, uint32_t flags, Handler h,
                   const char* summary, const char* since, const char* complexity,
                   const char* acl = "") {
    return t_.add_sub(parent, {.name = name,
                               .arity = arity,
                               .flags = flags,
                               .handler = h,
                               .group = group_,
                               .summary = summary,
                               .since = since,
                               .complexity = complexity,
                               .acl_categories = acl});
  }
  // The handler of a container row: it never runs for a known subcommand, and the dispatcher
  // answers for an unknown one, so this only covers a direct call.
  static void CmdContainer(CommandContext& ctx);

 private:
  CommandTable& t_;
  std::string group_;
};

// Lower-cases ASCII into `out` (returns false when longer than `cap`).
bool ascii_lower(std::string_view in, char* out, size_t cap);
bool iequals(std::string_view a, std::string_view b);

// Registration, one function per family, all called from register_all_commands.
void RegisterConnectionFamily(CommandTable& t);
void RegisterStringFamily(CommandTable& t);
void RegisterBitopsFamily(CommandTable& t);
void RegisterClientFamily(CommandTable& t);
void RegisterKeysFamily(CommandTable& t);
void RegisterServerFamily(CommandTable& t);
void RegisterIntrospectionFamily(CommandTable& t);  // COMMAND
void RegisterSlowlogLatencyFamily(CommandTable& t);
void RegisterDebugFamily(CommandTable& t);
void RegisterHashFamily(CommandTable& t);
void RegisterListFamily(CommandTable& t);
void RegisterSetFamily(CommandTable& t);
void RegisterZSetFamily(CommandTable& t);
void RegisterGeoFamily(CommandTable& t);
void RegisterClusterFamily(CommandTable& t);
void RegisterPubsubFamily(CommandTable& t);
void RegisterTxFamily(CommandTable& t);
void RegisterPersistenceFamily(CommandTable& t);
void RegisterMonitorCommand(CommandTable& t);
void RegisterScriptingFamily(CommandTable& t);
void RegisterClientTrackingCommands(CommandTable& t);  // after RegisterClientFamily
void register_all_commands(CommandTable& t);
// Start-up of the command layer: every family's rows, then its observers (INFO errorstats) and
// the start-up memory baseline INFO reports.
void init_command_layer(CommandTable& t);
// usage.cc: fills CommandSpec::usage, and writes the COMMAND DOCS `arguments` built from it.
void apply_usage_docs(CommandTable& t);
bool has_argument_docs(const CommandSpec& c);
void reply_argument_docs(ReplyWriter& r, const CommandSpec& c);

}  // namespace sable
