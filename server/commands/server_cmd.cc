// Server commands (INFO CONFIG COMMAND TIME DBSIZE SLOWLOG MEMORY DEBUG SHUTDOWN …).
#include "server/commands/common.h"

namespace sable {

void RegisterServerFamily(CommandTable& t) {}

}  // namespace sable
