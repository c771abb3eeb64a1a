// The one place every command family is registered.
#include "server/command.h"

namespace sable {

void register_all_commands(CommandTable& t) {
  RegisterConnectionFamily(t);
  RegisterStringFamily(t);
  RegisterKeysFamily(t);
  RegisterServerFamily(t);
  RegisterTxFamily(t);
  RegisterMonitorCommand(t);
}

}  // namespace sable
