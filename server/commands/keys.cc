// Generic key commands (DEL EXISTS TYPE EXPIRE TTL SCAN KEYS RENAME …).
#include "server/commands/common.h"

namespace sable {

void RegisterKeysFamily(CommandTable& t) {}

}  // namespace sable
