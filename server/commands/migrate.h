// MIGRATE's cached connections to target instances (commands/migrate.cc), for the cron and INFO.
#pragma once

#include <cstddef>

namespace sable {

class Server;

// Closes the cached connections idle for more than 10 seconds (runs at most once a second).
void migrate_cron(Server& s);
// How many connections are cached (INFO stats migrate_cached_sockets).
size_t migrate_cached_sockets();

}  // namespace sable
