// The one place every command family is registered.
#include <cstdio>
#include <cstdlib>

#include "protocol/reply.h"
#include "server/command.h"
#include "server/commands/server_info.h"

namespace sable {

void register_all_commands(CommandTable& t) {
  RegisterConnectionFamily(t);
  RegisterStringFamily(t);
  RegisterBitopsFamily(t);
  RegisterKeysFamily(t);
  RegisterListFamily(t);
  RegisterStreamFamily(t);
  RegisterHashFamily(t);
  RegisterSetFamily(t);
  RegisterServerFamily(t);
  RegisterConfigFamily(t);
  RegisterMemoryFamily(t);
  RegisterIntrospectionFamily(t);
  RegisterSlowlogLatencyFamily(t);
  RegisterDebugFamily(t);
  RegisterClientFamily(t);
  RegisterClientTrackingCommands(t);
  RegisterTxFamily(t);
  RegisterPersistenceFamily(t);
  RegisterZSetFamily(t);
  RegisterGeoFamily(t);
  RegisterHllFamily(t);
  RegisterClusterFamily(t);
  RegisterMigrateFamily(t);
  RegisterPubsubFamily(t);
  RegisterMonitorCommand(t);
  RegisterScriptingFamily(t);
  RegisterAclFamily(t);
  RegisterLolwutFamily(t);
  RegisterModuleFamily(t);
}

void init_command_layer(CommandTable& t) {
  register_all_commands(t);
  // A wrong row is a programming error: refuse to start, naming every wrong row.
  if (std::vector<std::string> problems = t.problems(); !problems.empty()) {
    for (const std::string& p : problems) std::fprintf(stderr, "sable: %s\n", p.c_str());
    std::fprintf(stderr, "sable: the command table is inconsistent; not starting\n");
    std::abort();
  }
  ReplyWriter::error_observer = count_error_reply;
  record_startup_memory();
}

}  // namespace sable
