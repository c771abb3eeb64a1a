// The scripting facade: engines, script client, the running script, BUSY and KILL.
#include "server/scripting/scripting.h"

#include "server/errors.h"
#include "server/scripting/eval.h"
#include "server/scripting/functions.h"
#include "server/scripting/script_run.h"
#include "server/server.h"

namespace sable::scripting {

Scripting::Scripting(Server& server)
    : server_(server),
      eval_(std::make_unique<EvalScripts>(server)),
      functions_(std::make_unique<Functions>(server)) {
  const char* names[] = {"eval", "eval_ro", "evalsha", "evalsha_ro", "fcall", "fcall_ro"};
  for (int i = 0; i < 6; ++i) eval_rows_[i] = server.commands.find(names[i]);
}

Scripting::~Scripting() { delete client_; }

Client& Scripting::script_client() {
  if (!client_) {
    client_ = server_.create_fake_client();
    client_->authenticated = true;
    client_->addr = "lua";  // what MONITOR shows for a script's commands: [db lua]
    client_->flags |= kClientScript | kClientDenyBlocking;
  }
  return *client_;
}

bool Scripting::timed_out() const { return current_->timed_out(); }

std::string_view Scripting::busy_error() const {
  return current_ && !current_->eval_mode() ? err::kBusyFunction : err::kBusyEval;
}

uint32_t Scripting::command_flags(const CommandSpec& cmd,
                                  std::span<const std::string_view> argv) const {
  int which = -1;
  for (int i = 0; i < 6; ++i)
    if (&cmd == eval_rows_[i]) which = i;
  if (which < 0) return cmd.flags;
  uint32_t script;
  bool known = which >= 4 ? functions_->flags_of(argv, &script)
                          : eval_->flags_of(argv, /*by_sha=*/which >= 2, &script);
  if (!known || (script & kScriptCompat)) return cmd.flags;
  uint32_t f = cmd.flags & ~(kCmdStale | kCmdDenyOom | kCmdWrite | kCmdMayReplicate);
  if (!(script & (kScriptAllowOom | kScriptNoWrites))) f |= kCmdDenyOom;
  if (!(script & kScriptNoWrites)) f |= kCmdWrite;
  if (script & kScriptAllowStale) f |= kCmdStale;
  return f;
}

void Scripting::kill(ReplyWriter& reply, bool script_kill) {
  if (!current_) return reply.error(err::kNotBusy);
  std::string why = current_->kill(script_kill);
  if (!why.empty()) return reply.error(why);
  reply.ok();
}

size_t Scripting::lua_memory() const { return eval_->vm_memory() + functions_->vm_memory(); }

}  // namespace sable::scripting
