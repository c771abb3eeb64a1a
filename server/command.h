// The declarative command table.
//
// Each command is one declaration, a CommandRow with named fields in its family's Register*Family
// function (server/commands/<family>.cc), and nothing about it is attached anywhere else:
//
//   FamilyRows rows(t, "list");  // the family's COMMAND DOCS group
//   rows.add({.name = "lpos",
//             .arity = -3,                   // argv[0] counts; negative means "at least"
//             .flags = kCmdReadonly,
//             .keys = {1, 1, 1},             // first, last (-1: the last argument), step
//             .acl = "@read @list @slow",
//             .summary = "Return the index of matching elements on a list",
//             .since = "6.0.6",
//             .complexity = "O(N) where N is the number of elements in the list …",
//             .usage = "key element [RANK rank] [COUNT num-matches] [MAXLEN len]",
//             .handler = CmdLPos});
//
// The dispatcher reads the row to check that a command exists, its arity, authentication, pub/sub
// context, MULTI queueing and OOM (handlers never count their own arguments); COMMAND, COMMAND
// INFO / DOCS / LIST / GETKEYS, key extraction and ACL categories read it too. Keys that
// first/last/step cannot describe (a numkeys argument, SORT … STORE) come from a .key_finder
// (commands/key_finders.h), and the table sets kCmdMovableKeys for it. Where Redis declares key
// specs that the range alone would not give (several specs, keyword searches, notes), the row
// says them in .key_specs; COMMAND INFO tips are in .tips. A container (CLIENT,
// CONFIG, OBJECT …) is a row whose handler is FamilyRows::CmdContainer (or its own); each of its
// subcommands is a row naming it, {.container = "client", .name = "kill", …}, looked up by the
// second argument.
//
// The table checks every row as it is added: a lower-case name, a plausible arity, a handler,
// not both kCmdWrite and kCmdReadonly, a real first/last/step, .acl naming known categories
// including each one the flags imply (write → @write, readonly → @read, admin → @admin
// @dangerous, pubsub → @pubsub, blocking → @blocking, and @fast exactly when kCmdFast, else
// @slow), a summary and a since, a usage line that parses, key specs and tips that parse, no
// name declared twice and an existing container. init_command_layer() lists every problem and
// refuses to start.
//
// Families register explicitly (RegisterStringFamily(table) …) from one place:
// register_all_commands() in commands/registry.cc.
#pragma once

#include <cstdint>
#include <deque>
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
  // Properties only the dispatcher reads (Redis tests the command's function for these; COMMAND
  // does not report them):
  kCmdTxControl = 1u << 22,         // runs at once inside MULTI, not queued (MULTI EXEC WATCH …)
  kCmdSubscribeContext = 1u << 23,  // allowed on a RESP2 connection with subscriptions
  kCmdRunsQueue = 1u << 24,   // EXEC: checked with its queued commands' flags; a refusal aborts
  kCmdMultiNoOom = 1u << 25,  // not refused for memory inside MULTI (EXEC DISCARD QUIT RESET)
  kCmdDenyOnDiskError = 1u << 26,  // refused like a write while background saves fail (PING)
  kCmdScriptFlags =
      1u << 27,  // EVAL/FCALL family: the script's own flags decide (Scripting::command_flags)
  kCmdAsking = 1u << 28,  // RESTORE-ASKING: served during a slot migration in cluster mode
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
// arguments, SORT … STORE). Positions index into argv. Shared finders: commands/key_finders.h.
using KeysFn = std::vector<size_t> (*)(std::span<const std::string_view> argv);

// Where a command's keys are: argv[first], argv[first + step] … through argv[last]; last -1 means
// the last argument, -2 the one before it. {0, 0, 0}: no keys (or only a key finder knows them).
struct KeyRange {
  int first = 0, last = 0, step = 0;
};

// One key specification as COMMAND INFO reports it (what cluster-aware clients read to find a
// command's keys). A row declares its specs as text, parsed and checked when the row is added:
//   .key_specs = "RW access delete | index 1 | range 0 1 0; RW insert | index 2 | range 0 1 0"
// Each spec is FLAGS | BEGIN | FIND [| NOTES], specs separated by ';':
//   FLAGS  RO RW OW RM, access update insert delete, not_key incomplete variable_flags
//   BEGIN  "index N" | "keyword WORD STARTFROM" | "unknown"
//   FIND   "range LASTKEY KEYSTEP LIMIT" | "keynum NUMKEYSIDX FIRSTKEY KEYSTEP" | "unknown"
// A row without .key_specs gets one spec derived from .keys (see CommandSpec::key_specs).
struct KeySpec {
  std::vector<std::string> flags;
  std::string begin_type = "unknown";  // index keyword unknown
  int64_t index = 0;
  std::string keyword;
  int64_t startfrom = 0;
  std::string find_type = "unknown";  // range keynum unknown
  int64_t a = 0, b = 0, c = 0;  // range: lastkey keystep limit; keynum: numkeysidx firstkey keystep
  std::string notes;
};

// Parses a .key_specs text; on a malformed one returns false with *error saying why.
bool parse_key_specs(std::string_view text, std::vector<KeySpec>* out, std::string* error);

// One command as its family declares it, with designated initialisers in this order (fields left
// out keep their defaults). See the header comment for an example.
struct CommandRow {
  std::string container;  // a subcommand's container ("client" for CLIENT KILL); empty otherwise
  std::string name;       // lower case: "get", or the subcommand's own name ("kill")
  int arity = 0;          // counts argv[0] (and the subcommand name); negative means "at least"
  uint32_t flags = 0;     // CmdFlag bits, except kCmdMovableKeys (the table sets it)
  KeyRange keys;          // what COMMAND INFO reports as first/last/step
  KeysFn key_finder = nullptr;  // when keys are found by reading the arguments
  std::string key_specs;        // Redis's declared key specs (format above); empty: from .keys
  std::string acl;              // every ACL category, e.g. "@write @list @fast" (checks above)
  std::string summary;          // one line, for COMMAND DOCS
  std::string since;            // the Redis version that introduced it
  std::string complexity;
  std::string usage;  // the argument syntax without the name, for COMMAND DOCS (usage.cc)
  std::string tips;   // COMMAND INFO tips, space separated: "nondeterministic_output" …
  Handler handler = nullptr;
  std::string group;  // COMMAND DOCS group, only where it differs from the family's
};

struct CommandStats {
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;
  uint64_t failed_calls = 0;
  LatencyHistogram latency;  // LATENCY HISTOGRAM, INFO latencystats (latency-tracking)
};

// A row as the table holds it: the declared CommandRow with its keys, categories and group
// resolved, plus what the table fills in (full name, container, subcommands, statistics).
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
  std::string usage;           // argument syntax for COMMAND DOCS
  std::vector<KeySpec> declared_key_specs;  // parsed .key_specs (empty: derived from the range)
  std::vector<std::string> tips;            // COMMAND INFO tips

  // Filled in by the table.
  std::string fullname;  // "get", "client|kill"
  CommandSpec* parent = nullptr;
  std::vector<std::unique_ptr<CommandSpec>> subcommands;
  mutable CommandStats stats;
  uint32_t acl_id = 0;  // index into ACL command bitmaps (server/acl), set at start-up

  bool has_flag(uint32_t f) const { return (flags & f) != 0; }
  const CommandSpec* find_sub(std::string_view name) const;
  // Keys this invocation touches (positions into argv): get_keys for movable-key commands,
  // first/last/step otherwise.
  std::vector<size_t> key_positions(std::span<const std::string_view> argv) const;
  // The key specs COMMAND INFO reports: the declared ones, else one derived from first/last/step
  // with flags inferred from the command flags (none for a command without keys).
  std::vector<KeySpec> key_specs() const;
};

// ACL categories in Redis's order (the order COMMAND INFO lists them in), without the '@'.
inline constexpr const char* kAclCategoryNames[] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting"};

class CommandTable {
 public:
  // Finds the command for argv: the top-level name, then the subcommand for containers. Returns
  // nullptr when unknown; *container is set when argv[0] is a container but argv[1] is not one of
  // its subcommands.
  const CommandSpec* lookup(std::span<const std::string_view> argv,
                            const CommandSpec** container) const;
  const CommandSpec* find(std::string_view name) const;  // top-level, any case
  // A top-level row by the name it was declared with, whatever `rename-command` did to it (for
  // the server's own uses of a command, as GEOADD's of ZADD).
  const CommandSpec* find_original(std::string_view name) const;
  // "client|kill" style full names, any case.
  const CommandSpec* find_fullname(std::string_view name) const;
  const std::vector<CommandSpec*>& all() const { return order_; }
  size_t size() const { return order_.size(); }

  // What is wrong with the rows added so far, one line per problem, each naming its row; empty
  // when the table is consistent. init_command_layer() refuses to start otherwise.
  std::vector<std::string> problems() const;

  // `rename-command name newname` (config file and command line only): the command answers to
  // `newname` (any case) and no longer to `name`; an empty `newname` takes it out of the table.
  // COMMAND, COMMAND INFO and INFO commandstats keep calling it by its declared name, as Redis
  // does. Returns Redis's start-up error text, or empty.
  std::string rename(std::string_view name, std::string_view newname);

 private:
  friend class FamilyRows;
  // Checks `row`, records its problems, and adds it unless it cannot be placed (a duplicate name,
  // a missing container).
  void insert(CommandRow row, const std::string& family_group);

  // Adds a top-level row to index_ (growing it when half full), and places one row in it.
  void index_add();
  void index_place(const std::string* name, const CommandSpec* c);
  void index_rebuild(size_t slots);
  const CommandSpec* find_long(std::string_view name) const;

  std::unordered_map<std::string, std::unique_ptr<CommandSpec>> by_name_;  // owns the rows
  std::vector<CommandSpec*> order_;
  // The name each row of order_ is looked up by: its own, or one `rename-command` gave it (held
  // in renamed_, whose elements never move).
  std::vector<const std::string*> index_names_;
  std::deque<std::string> renamed_;
  // The per-request lookup: open addressing over the lower-case names with a hash computed while
  // lower-casing argv[0], so a lookup builds no std::string (a power-of-two size, at most half
  // full; an empty slot ends a probe).
  struct IndexSlot {
    uint64_t hash = 0;
    const std::string* name = nullptr;
    const CommandSpec* spec = nullptr;
  };
  std::vector<IndexSlot> index_;
  std::vector<std::string> problems_;
};

// The one way a family adds its rows, with the family's COMMAND DOCS group filled in:
//   FamilyRows rows(t, "list");
//   rows.add({.name = "lpush", …, .handler = CmdLPush});
class FamilyRows {
 public:
  FamilyRows(CommandTable& t, std::string group) : t_(t), group_(std::move(group)) {}
  void add(CommandRow row) { t_.insert(std::move(row), group_); }

  // The handler of a container row (CONFIG, OBJECT …): it never runs for a known subcommand, and
  // the dispatcher answers for an unknown one, so this only covers a direct call.
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
void RegisterConfigFamily(CommandTable& t);         // CONFIG (commands/config.cc)
void RegisterMemoryFamily(CommandTable& t);         // MEMORY (commands/memory.cc)
void RegisterIntrospectionFamily(CommandTable& t);  // COMMAND
void RegisterSlowlogLatencyFamily(CommandTable& t);
void RegisterDebugFamily(CommandTable& t);
void RegisterHashFamily(CommandTable& t);
void RegisterListFamily(CommandTable& t);
void RegisterStreamFamily(CommandTable& t);
void RegisterSetFamily(CommandTable& t);
void RegisterZSetFamily(CommandTable& t);
void RegisterGeoFamily(CommandTable& t);
void RegisterHllFamily(CommandTable& t);  // PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST
void RegisterClusterFamily(CommandTable& t);
void RegisterMigrateFamily(CommandTable& t);  // MIGRATE RESTORE-ASKING (commands/migrate.cc)
void RegisterPubsubFamily(CommandTable& t);
void RegisterTxFamily(CommandTable& t);
void RegisterPersistenceFamily(CommandTable& t);
void RegisterMonitorCommand(CommandTable& t);
void RegisterScriptingFamily(CommandTable& t);
void RegisterAclFamily(CommandTable& t);               // ACL (commands/acl.cc)
void RegisterLolwutFamily(CommandTable& t);            // LOLWUT (commands/lolwut.cc)
void RegisterModuleFamily(CommandTable& t);            // MODULE (commands/module.cc)
void RegisterClientTrackingCommands(CommandTable& t);  // after RegisterClientFamily
void register_all_commands(CommandTable& t);
// Start-up of the command layer: every family's rows, then its observers (INFO errorstats) and
// the start-up memory baseline INFO reports.
void init_command_layer(CommandTable& t);
// usage.cc: whether a usage line parses (argument names are typed by the command `cmd`), and the
// COMMAND DOCS `arguments` built from a row's usage line.
bool usage_parses(std::string_view usage, std::string_view cmd);
bool has_argument_docs(const CommandSpec& c);
void reply_argument_docs(ReplyWriter& r, const CommandSpec& c);

}  // namespace sable
