// RDB persistence: the snapshot format Redis 7.0 writes (version 10), saved and loaded here.
//
// The writer walks every database and emits simple encodings any Redis 7.0 loads (strings with
// int/LZF encodings, lists as quicklist-2 of plain nodes, sets, ZSET_2 and hashes as plain
// collections). The loader accepts those plus the compact encodings Redis writes itself
// (listpack, intset, ziplist and quicklist nodes) and rebuilds objects through the engines with
// the configured thresholds. Saving writes a temporary file, flushes and fsyncs it, then renames
// it over the target, so a failed save never damages the previous snapshot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

class Server;
struct Entry;
struct Value;

// CRC-64/Jones (reflected, poly 0xad93d23594c935a9, init 0), the checksum Redis appends.
uint64_t crc64(uint64_t crc, const void* data, size_t len);

// Writes every database to `path` through "temp-<pid>.rdb" in the working directory. Returns an
// error text (already logged) or empty on success.
std::string rdb_save(Server& s, const std::string& path);

// Loads `path` into the databases and the function libraries. Returns an error text, empty on
// success. `*missing` is set when the file does not exist (not an error). A key or library that
// exists already is an error, unless `merge` (DEBUG RELOAD MERGE): then the file's replaces it.
std::string rdb_load(Server& s, const std::string& path, bool* missing, size_t* keys_loaded,
                     bool merge = false);

// The same from bytes in memory (the whole file).
std::string rdb_load_bytes(Server& s, std::string_view data, size_t* keys_loaded,
                           bool merge = false);

// FUNCTION DUMP: every library as Redis serialises them (a function opcode and the code for each),
// then the DUMP footer (RDB version, CRC-64).
std::string function_dump_payload(Server& s);
// DUMP key: the entry's value as Redis serialises it (type byte, RDB value, then the footer).
std::string dump_payload(Server& s, Entry* e);
// RESTORE: checks a payload's footer and decodes its value into *out, which then owns it (store
// it, or free_value it); string bytes it refers to live in *holder. Returns the error reply text
// (empty on success).
std::string read_dump_payload(Server& s, std::string_view payload, Value* out, std::string* holder);

// FUNCTION RESTORE: checks a payload's footer and reads the library codes it holds. Returns the
// error reply text (empty on success).
std::string read_function_payload(std::string_view payload, std::vector<std::string>* codes);

// Background save: forks a child that saves; returns an error text or empty. The parent learns
// the outcome from rdb_check_child (called from cron).
std::string rdb_bgsave(Server& s);
void rdb_check_child(Server& s);
// Save points: starts a BGSAVE from cron when one is due.
void rdb_cron(Server& s);

}  // namespace sable
