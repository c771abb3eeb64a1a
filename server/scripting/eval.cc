// EVAL and its script cache.
#include "server/scripting/eval.h"

#include <fmt/format.h>

#include <algorithm>

#include "datatypes/numbers.h"
#include "server/errors.h"
#include "server/scripting/lua_engine.h"
#include "server/scripting/script_run.h"
#include "server/scripting/scripting.h"
#include "server/server.h"

namespace sable::scripting {

namespace {

// A ceiling for the interpreter's heap, so that a script allocating without end fails with
// "not enough memory" instead of taking the machine: maxmemory when it is larger.
constexpr size_t kMinLuaHeapLimit = size_t{1} << 30;

std::string lower_sha(std::string_view sha) {
  std::string s(sha);
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

}  // namespace

EvalScripts::EvalScripts(Server& server) : server_(server) {}
EvalScripts::~EvalScripts() = default;

LuaEngine& EvalScripts::engine() {
  if (!engine_) engine_ = std::make_unique<LuaEngine>(server_);
  auto maxmemory = static_cast<size_t>(std::max<long long>(server_.config.maxmemory, 0));
  engine_->set_memory_limit(std::max(kMinLuaHeapLimit, maxmemory));
  return *engine_;
}

const EvalScripts::Script* EvalScripts::find_or_create(std::string_view body,
                                                       const std::string& sha, std::string* error) {
  auto it = scripts_.find(sha);
  if (it != scripts_.end()) return &it->second;
  uint32_t flags;
  size_t shebang_len;
  if (!parse_shebang(body, &flags, &shebang_len, error)) {
    *error = "ERR " + *error;
    return nullptr;
  }
  Script s{std::string(body), "f_" + sha, flags};
  // The shebang line is skipped but its newline kept, so line numbers stay the user's.
  std::string lua_error;
  if (!engine().define(s.function, body.substr(shebang_len), "@user_script", &lua_error)) {
    *error = fmt::format(err::kScriptCompileFmt, lua_error);
    return nullptr;
  }
  bodies_bytes_ += body.size() + sha.size();
  return &scripts_.emplace(sha, std::move(s)).first->second;
}

void EvalScripts::eval(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
                       bool by_sha, bool read_only) {
  // MONITOR shows the script before the commands it runs.
  if (!server_.monitors->empty()) server_.monitors->feed(c, argv);
  ReplyWriter& r = c.reply;
  if (by_sha && argv[1].size() != 40) return r.error(err::kNoScript);
  int64_t numkeys;
  if (!parse_int64(argv[2], &numkeys)) return r.error(err::kNotInteger);
  if (numkeys > static_cast<int64_t>(argv.size()) - 3) return r.error(err::kNumkeysTooMany);
  if (numkeys < 0) return r.error(err::kNumkeysNegative);

  std::string sha = by_sha ? lower_sha(argv[1]) : sha1_hex(argv[1]);
  const Script* script;
  if (by_sha) {
    auto it = scripts_.find(sha);
    if (it == scripts_.end()) return r.error(err::kNoScript);
    script = &it->second;
  } else {
    std::string error;
    script = find_or_create(argv[1], sha, &error);
    if (!script) return r.error(error);
  }
  std::string refused = check_can_run(server_, script->flags, read_only);
  if (!refused.empty()) return r.error(refused);

  auto keys = argv.subspan(3, static_cast<size_t>(numkeys));
  auto args = argv.subspan(3 + static_cast<size_t>(numkeys));
  LuaEngine& lua = engine();
  // No command that changes the cache may run while a script does (they are noscript and not
  // allow-busy), so the script entry stays valid throughout.
  ScriptRun run(server_, c, server_.scripting->script_client(), std::move(sha), true, script->flags,
                read_only, cmd, argv);
  uint64_t unrecorded = lua.call(run, script->function, LuaEngine::ArgsMode::kGlobals, keys, args);
  cmd.stats.failed_calls += unrecorded;
}

bool EvalScripts::load(std::string_view body, std::string* sha, std::string* error) {
  *sha = sha1_hex(body);
  return find_or_create(body, *sha, error) != nullptr;
}

bool EvalScripts::exists(std::string_view sha) const { return scripts_.count(lower_sha(sha)) != 0; }

void EvalScripts::flush() {
  scripts_.clear();
  bodies_bytes_ = 0;
  engine_.reset();
}

bool EvalScripts::flags_of(std::span<const std::string_view> argv, bool by_sha,
                           uint32_t* flags) const {
  if (argv.size() < 2) return false;
  if (by_sha) {
    if (argv[1].size() != 40) return false;
    auto it = scripts_.find(lower_sha(argv[1]));
    if (it == scripts_.end()) return false;
    *flags = it->second.flags;
    return true;
  }
  size_t shebang_len;
  std::string error;
  return parse_shebang(argv[1], flags, &shebang_len, &error);
}

size_t EvalScripts::scripts_memory() const {
  // The bodies and names, plus a hash-table entry per script, like Redis's estimate.
  return bodies_bytes_ + scripts_.size() * (sizeof(Script) + 32);
}

size_t EvalScripts::vm_memory() const { return engine_ ? engine_->memory() : 0; }

}  // namespace sable::scripting
