// The one place every command family is registered.
#include "server/command.h"

namespace sable {

void register_all_commands(CommandTable& t) {
  RegisterConnectionFamily(t);
  RegisterStringFamily(t);
  RegisterBitopsFamily(t);
  RegisterKeysFamily(t);
  RegisterListFamily(t);
  RegisterHashFamily(t);
  RegisterSetFamily(t);
  RegisterServerFamily(t);
  RegisterClientFamily(t);
  RegisterClientTrackingCommands(t);
  RegisterTxFamily(t);
  RegisterZSetFamily(t);
  RegisterPubsubFamily(t);
  RegisterMonitorCommand(t);
}

}  // namespace sable
