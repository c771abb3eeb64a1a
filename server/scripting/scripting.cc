// The scripting facade: engines, script client, the running script, BUSY and KILL.
#include "server/scripting/scripting.h"

#include "server/errors.h"
#include "server/scripting/eval.h"
#include "server/scripting/script_run.h"
#include "server/server.h"

namespace sable::scripting {

Scripting::Scripting(Server& server)
    : server_(server), eval_(std::make_unique<EvalScripts>(server)) {}

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

bool Scripting::busy() const { return current_ && current_->timed_out(); }

std::string_view Scripting::busy_error() const {
  return current_ && !current_->eval_mode() ? err::kBusyFunction : err::kBusyEval;
}

void Scripting::kill(ReplyWriter& reply, bool script_kill) {
  if (!current_) return reply.error(err::kNotBusy);
  std::string why = current_->kill(script_kill);
  if (!why.empty()) return reply.error(why);
  reply.ok();
}

size_t Scripting::lua_memory() const { return eval_->vm_memory(); }

}  // namespace sable::scripting
