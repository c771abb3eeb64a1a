// The one place every command family is registered.
#include "datatypes/numbers.h"
#include "protocol/reply.h"
#include "server/command.h"
#include "server/commands/server_info.h"

namespace sable {

namespace {
// Keys counted by a numkeys argument at `numkeys_at`, listed right after it, preceded by the
// keys at positions [1, numkeys_at) when `lead_keys` (a destination key).
template <size_t numkeys_at, bool lead_keys>
std::vector<size_t> keys_by_numkeys(std::span<const std::string_view> argv) {
  std::vector<size_t> keys;
  if constexpr (lead_keys)
    for (size_t i = 1; i < numkeys_at && i < argv.size(); ++i) keys.push_back(i);
  int64_t n;
  if (numkeys_at >= argv.size() || !parse_int64(argv[numkeys_at], &n) || n <= 0) return keys;
  for (size_t i = numkeys_at + 1; i < argv.size() && n-- > 0; ++i) keys.push_back(i);
  return keys;
}

// SORT key [... STORE destination ...]
// SORT_RO: its BY/GET patterns name keys only the data knows (so Redis flags it movablekeys),
// but the one key its arguments name is the first.
std::vector<size_t> sort_ro_keys(std::span<const std::string_view>) { return {1}; }

// Only the last STORE counts, as in SORT itself.
std::vector<size_t> sort_keys(std::span<const std::string_view> argv) {
  std::vector<size_t> keys{1};
  size_t store = 0;
  for (size_t i = 2; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (iequals(a, "LIMIT")) {
      i += 2;
    } else if (iequals(a, "BY") || iequals(a, "GET")) {
      ++i;
    } else if (iequals(a, "STORE") && i + 1 < argv.size()) {
      store = ++i;
    }
  }
  if (store) keys.push_back(store);
  return keys;
}

// Commands whose keys first/last/step cannot describe, with their key finders.
void mark_movable_keys(CommandTable& t) {
  const struct {
    const char* name;
    KeysFn fn;
  } rows[] = {
      {"zunion", keys_by_numkeys<1, false>},
      {"zinter", keys_by_numkeys<1, false>},
      {"zdiff", keys_by_numkeys<1, false>},
      {"zintercard", keys_by_numkeys<1, false>},
      {"sintercard", keys_by_numkeys<1, false>},
      {"lmpop", keys_by_numkeys<1, false>},
      {"zmpop", keys_by_numkeys<1, false>},
      {"zunionstore", keys_by_numkeys<2, true>},
      {"zinterstore", keys_by_numkeys<2, true>},
      {"zdiffstore", keys_by_numkeys<2, true>},
      {"blmpop", keys_by_numkeys<2, false>},
      {"bzmpop", keys_by_numkeys<2, false>},
      {"sort", sort_keys},
      {"sort_ro", sort_ro_keys},
  };
  for (const auto& r : rows) {
    if (CommandSpec* c = t.find_mutable(r.name)) {
      c->flags |= kCmdMovableKeys;
      c->get_keys = r.fn;
    }
  }
}
}  // namespace

void register_all_commands(CommandTable& t) {
  RegisterConnectionFamily(t);
  RegisterStringFamily(t);
  RegisterBitopsFamily(t);
  RegisterKeysFamily(t);
  RegisterListFamily(t);
  RegisterHashFamily(t);
  RegisterSetFamily(t);
  RegisterServerFamily(t);
  RegisterIntrospectionFamily(t);
  RegisterSlowlogLatencyFamily(t);
  RegisterDebugFamily(t);
  RegisterClientFamily(t);
  RegisterClientTrackingCommands(t);
  RegisterTxFamily(t);
  RegisterPersistenceFamily(t);
  RegisterZSetFamily(t);
  RegisterGeoFamily(t);
  RegisterClusterFamily(t);
  RegisterPubsubFamily(t);
  RegisterMonitorCommand(t);
  RegisterScriptingFamily(t);
  mark_movable_keys(t);
  apply_usage_docs(t);
}

void init_command_layer(CommandTable& t) {
  register_all_commands(t);
  ReplyWriter::error_observer = count_error_reply;
  record_startup_memory();
}

}  // namespace sable
