// INFO report generation, shared by the INFO command and anything else that wants the same text
// (MEMORY STATS reads a few of the same figures).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace sable {

class Server;
class Client;

// Builds the INFO text for the requested section names (any case; "all", "everything",
// "default" expand as in Redis 7.0; no names means "default"). Sections come out in Redis's fixed
// order whatever order they were asked in; unknown names contribute nothing.
std::string build_info(Server& server, std::span<const std::string_view> sections);

// The allocator's own view of memory (jemalloc's stats.allocated/active/resident) and its name
// as INFO reports it ("jemalloc-5.3.0", or "libc").
struct AllocatorFigures {
  size_t allocated = 0, active = 0, resident = 0;
  std::string name = "libc";
};
AllocatorFigures allocator_figures();

// Redis's bytesToHuman: "919.01K", "6.54M", "512B".
std::string bytes_to_human(unsigned long long n);

// Highest used_memory seen so far (sampled whenever INFO or MEMORY runs) and the figure measured
// when the command table was built, which stands in for Redis's used_memory_startup.
size_t peak_used_memory(size_t current);
size_t startup_used_memory();
void record_startup_memory();
// INFO errorstats: counts one error reply by its code (installed as ReplyWriter::error_observer).
void count_error_reply(std::string_view msg);

// Appends a HELP reply in Redis's layout: "<CMD> <subcommand> ... Subcommands are:", the given
// lines, then the HELP entry (defined in server_cmd.cc, used by every container's HELP).
class ReplyWriter;
void reply_help(ReplyWriter& r, std::string_view cmd, std::initializer_list<const char*> lines);
// Gives the server a fresh random replication id (INFO replication's master_replid).
void new_replication_id(Server& s);

}  // namespace sable
