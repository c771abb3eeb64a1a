// The RDB writer: CRC-64, the snapshot encoder, SAVE's file handling and the BGSAVE child.
//
// Output is RDB version 10 as Redis 7.0 writes it. Lists are quicklist-2 objects whose packed
// nodes are our list nodes as they are (datatypes/listpack.h keeps them in Redis's listpack
// format); sets/hashes are written member by member and sorted sets as ZSET_2 with binary scores
// (their in-memory listpacks use shapes of our own). Strings use Redis's integer and LZF
// encodings.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
extern "C" {
#include <liblzf/lzf.h>
}

#include "datatypes/clock.h"
#include "datatypes/hash_type.h"
#include "datatypes/list_type.h"
#include "datatypes/numbers.h"
#include "datatypes/set_type.h"
#include "datatypes/stream_type.h"
#include "datatypes/zset_type.h"
#include "server/persistence/rdb.h"
#include "server/persistence/rdb_encoder.h"
#include "server/persistence/rdb_format.h"
#include "server/persistence/rdb_stream.h"
#include "server/persistence/snapshot.h"
#include "server/scripting/functions.h"
#include "server/scripting/scripting.h"
#include "server/server.h"
#include "server/version.h"

namespace sable {

namespace {
// Table for the reflected Jones polynomial: bit-reversed 0xad93d23594c935a9.
struct Crc64Table {
  uint64_t t[256];
  Crc64Table() {
    constexpr uint64_t kPoly = 0x95ac9329ac4bc9b5ULL;
    for (uint64_t i = 0; i < 256; ++i) {
      uint64_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
      t[i] = c;
    }
  }
};
const Crc64Table kCrcTable;
}  // namespace

uint64_t crc64(uint64_t crc, const void* data, size_t len) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < len; ++i) crc = kCrcTable.t[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return crc;
}

void write_aux(Encoder& e, std::string_view key, std::string_view value) {
  e.byte(rdb::kAux);
  e.str(key);
  e.str(value);
}

void write_key_value(Encoder& e, Entry* en, const Config& cfg, bool with_key) {
  std::string_view key = entry::key(en);
  // Collections hold an object pointer; strings may be embedded (no pointer to read).
  void* obj = entry::type(en) == ObjType::kString ? nullptr : entry::object(en);
  switch (entry::type(en)) {
    case ObjType::kString: {
      char scratch[32];
      e.byte(rdb::kString);
      if (with_key) e.str(key);
      e.str(entry::string_value(en, scratch));
      break;
    }
    case ObjType::kList: {
      // Our list nodes are Redis 7 listpacks byte for byte: written as packed nodes, as they are,
      // and a compressed node as its LZF image, as Redis writes it.
      List l(obj);
      e.byte(rdb::kListQuicklist2);
      if (with_key) e.str(key);
      e.len(l.node_count());
      l.for_each_node([&](const List::NodeImage& n) {
        e.len(rdb::kQuicklistPacked);
        if (n.compressed)
          e.lzf_blob(n.bytes, n.raw_size);
        else
          e.str(n.bytes);
      });
      break;
    }
    case ObjType::kSet: {
      Set s(entry::encoding(en), obj);
      if (s.enc == Encoding::kIntset) {  // Redis's intset layout: width, length, values (LE)
        const auto* is = static_cast<const Intset*>(obj);
        e.byte(rdb::kSetIntset);
        if (with_key) e.str(key);
        e.str(std::string_view(reinterpret_cast<const char*>(is),
                               8 + size_t{is->width} * is->length));
        break;
      }
      e.byte(rdb::kSet);
      if (with_key) e.str(key);
      e.len(s.size());
      s.for_each([&](std::string_view m) { e.str(m); });
      break;
    }
    case ObjType::kZSet: {
      auto* z = static_cast<ZSet*>(obj);
      e.byte(rdb::kZSet2);
      if (with_key) e.str(key);
      e.len(z->size());
      // Redis writes skiplists from the tail; any order loads the same.
      for (ZSet::Iter it = z->begin(true); it.valid(); it.next()) {
        e.str(it.member());
        e.binary_double(it.score());
      }
      break;
    }
    case ObjType::kHash: {
      Hash h(entry::encoding(en), obj);
      e.byte(rdb::kHash);
      if (with_key) e.str(key);
      e.len(h.size());
      h.for_each([&](std::string_view f, std::string_view v) {
        e.str(f);
        e.str(v);
      });
      break;
    }
    case ObjType::kStream: {
      std::string body;
      write_stream(static_cast<const Stream*>(obj)->to_image(), &body,
                   {static_cast<size_t>(cfg.stream_node_max_entries),
                    static_cast<size_t>(cfg.stream_node_max_bytes)},
                   e.compress());
      e.byte(kRdbStreamWriteType);
      if (with_key) e.str(key);
      e.raw(body.data(), body.size());
      break;
    }
  }
}

// Each function library: the FUNCTION2 opcode and its code (what Redis 7.0 writes).
void write_functions(Encoder& e, Server& s) {
  for (const auto& [name, lib] : s.scripting->functions().libraries()) {
    e.byte(rdb::kFunction2);
    e.str(lib.code);
  }
}

void write_preamble(Encoder& e, Server& s) {
  char magic[10];
  std::snprintf(magic, sizeof(magic), "REDIS%04d", rdb::kVersion);
  e.raw(magic, 9);
  write_aux(e, "redis-ver", kRedisVersion);
  e.byte(rdb::kAux);
  e.str("redis-bits");
  e.integer_string(64);
  e.byte(rdb::kAux);
  e.str("ctime");
  e.integer_string(wall_ms() / 1000);
  e.byte(rdb::kAux);
  e.str("used-mem");
  e.integer_string(static_cast<int64_t>(Server::used_memory()));
  e.byte(rdb::kAux);
  e.str("aof-base");
  e.integer_string(0);
  write_functions(e, s);
}

void write_db_header(Encoder& e, int db, uint64_t size, uint64_t expires) {
  e.byte(rdb::kSelectDb);
  e.len(static_cast<uint64_t>(db));
  e.byte(rdb::kResizeDb);
  e.len(size);
  e.len(expires);
}

void write_entry(Encoder& e, Entry* en, const Config& cfg) {
  if (entry::has_expire(en)) {
    e.byte(rdb::kExpireTimeMs);
    int64_t when = entry::expire_at(en);
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((when >> (8 * i)) & 0xFF);
    e.raw(b, 8);
  }
  write_key_value(e, en, cfg);
}

namespace {

std::string cwd_name() {
  char buf[4096];
  return getcwd(buf, sizeof(buf)) ? buf : "?";
}

// Writes the whole snapshot to `f`. Returns false on a write error.
bool write_snapshot(Server& s, FILE* f) {
  Encoder e(f, s.config.rdbcompression);
  write_preamble(e, s);
  for (auto& dbp : s.dbs) {
    Db& db = *dbp;
    if (db.size() == 0) continue;
    write_db_header(e, db.id(), db.size(), db.expires_size());
    db.for_each([&](Entry* en) {
      if (e.failed()) return;
      write_entry(e, en, s.config);
      // rdb-key-save-delay: slows a save down on purpose (tests of saves in progress).
      if (long long d = s.config.rdb_key_save_delay; d > 0) ::usleep(static_cast<useconds_t>(d));
    });
  }
  e.byte(rdb::kEof);
  uint64_t crc = s.config.rdbchecksum ? e.crc() : 0;
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((crc >> (8 * i)) & 0xFF);
  if (std::fwrite(b, 1, 8, f) != 8) return false;
  return !e.failed();
}

}  // namespace
}  // namespace sable

namespace sable {

namespace {

// A DUMP-style payload: what `write` encodes, then the DUMP footer.
template <typename Write>
std::string payload_of(Server& s, Write write) {
  char* buf = nullptr;
  size_t size = 0;
  FILE* f = open_memstream(&buf, &size);
  if (!f) return {};
  Encoder e(f, s.config.rdbcompression);
  write(e);
  // The DUMP footer: the RDB version (2 bytes), then the CRC-64 of everything before it.
  unsigned char version[2] = {static_cast<unsigned char>(rdb::kVersion & 0xFF),
                              static_cast<unsigned char>(rdb::kVersion >> 8)};
  e.raw(version, 2);
  uint64_t crc = e.crc();
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((crc >> (8 * i)) & 0xFF);
  std::fwrite(b, 1, 8, f);
  std::fclose(f);
  std::string out(buf, size);
  std::free(buf);
  return out;
}

}  // namespace

std::string function_dump_payload(Server& s) {
  return payload_of(s, [&](Encoder& e) { write_functions(e, s); });
}

std::string dump_payload(Server& s, Entry* en) {
  return payload_of(s, [&](Encoder& e) { write_key_value(e, en, s.config, false); });
}

std::string rdb_save(Server& s, const std::string& path) {
  std::string tmp = fmt::format("temp-{}.rdb", getpid());
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) {
    std::string err =
        fmt::format("Failed opening the temp RDB file {} (in server root dir {}) for saving: {}",
                    tmp, cwd_name(), std::strerror(errno));
    s.log(kLogWarning, err);
    return err;
  }
  static thread_local char buffer[1 << 16];
  std::setvbuf(f, buffer, _IOFBF, sizeof(buffer));
  bool ok = write_snapshot(s, f);
  int saved_errno = errno;
  if (ok && (std::fflush(f) != 0 || fsync(fileno(f)) != 0)) {
    ok = false;
    saved_errno = errno;
  }
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    saved_errno = errno;
  }
  if (!ok) {
    unlink(tmp.c_str());
    std::string err = fmt::format("Write error saving DB on disk: {}", std::strerror(saved_errno));
    s.log(kLogWarning, err);
    return err;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = fmt::format(
        "Error moving temp DB file {} on the final destination {} (in server root dir {}): {}", tmp,
        path, cwd_name(), std::strerror(errno));
    unlink(tmp.c_str());
    s.log(kLogWarning, err);
    return err;
  }
  // Make the rename itself durable.
  int dfd = open(".", O_RDONLY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  s.log(kLogNotice, "DB saved on disk");
  s.dirty = 0;
  s.lastsave_sec = wall_ms() / 1000;
  s.rdb_last_bgsave_ok = true;
  ++s.rdb_saves;
  return {};
}

std::string rdb_bgsave(Server& s) {
  if (s.bgsave_in_progress()) return "Background save already in progress";
  s.rdb_last_bgsave_try_sec = wall_ms() / 1000;
  s.dirty_before_bgsave = s.dirty;
  if (s.config.bgsave_forkless) {
    std::string err = s.snapshot->start();
    if (!err.empty()) {
      s.rdb_last_bgsave_ok = false;
      return err;
    }
    s.log(kLogNotice, "Background saving started (written by the event loop, no fork)");
    s.rdb_save_start_ms = wall_ms();
    return {};
  }
  std::fflush(stdout);
  int64_t fork_start = wall_us();
  pid_t pid = fork();
  if (pid == 0) {
    std::string err = rdb_save(s, s.config.dbfilename);
    std::fflush(stdout);
    _exit(err.empty() ? 0 : 1);
  }
  if (pid < 0) {
    s.rdb_last_bgsave_ok = false;
    std::string err = fmt::format("Can't save in background: fork: {}", std::strerror(errno));
    s.log(kLogWarning, err);
    return err;
  }
  s.latency.add_if_needed(s.config.latency_monitor_threshold, "fork",
                          (wall_us() - fork_start) / 1000);
  s.log(kLogNotice, fmt::format("Background saving started by pid {}", pid));
  s.rdb_child_pid = pid;
  s.rdb_save_start_ms = wall_ms();
  return {};
}

void rdb_check_child(Server& s) {
  if (s.rdb_child_pid == -1) return;
  int status = 0;
  pid_t r = waitpid(s.rdb_child_pid, &status, WNOHANG);
  if (r == 0) return;
  bool ok = r == s.rdb_child_pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  int64_t now = wall_ms();
  if (ok) {
    s.log(kLogNotice, "Background saving terminated with success");
    s.dirty = s.dirty >= s.dirty_before_bgsave ? s.dirty - s.dirty_before_bgsave : 0;
    s.lastsave_sec = now / 1000;
    ++s.rdb_saves;
  } else if (r == s.rdb_child_pid && WIFSIGNALED(status)) {
    s.log(kLogWarning, fmt::format("Background saving terminated by signal {}", WTERMSIG(status)));
  } else {
    s.log(kLogWarning, "Background saving error");
  }
  if (!ok) unlink(fmt::format("temp-{}.rdb", s.rdb_child_pid).c_str());
  s.rdb_last_bgsave_ok = ok;
  s.rdb_last_bgsave_time_sec = (now - s.rdb_save_start_ms) / 1000;
  s.rdb_child_pid = -1;
  s.rdb_save_start_ms = -1;
}

void rdb_cron(Server& s) {
  if (s.bgsave_in_progress()) {
    rdb_check_child(s);
    s.snapshot->poll();
    return;
  }
  if (s.rdb_bgsave_scheduled) {
    s.rdb_bgsave_scheduled = false;
    rdb_bgsave(s);
    return;
  }
  int64_t now = wall_ms() / 1000;
  for (auto& [secs, changes] : s.config.save_params) {
    // After a failed attempt, wait 5 seconds before trying again (as Redis).
    if (s.dirty >= static_cast<uint64_t>(changes) && now - s.lastsave_sec > secs &&
        (s.rdb_last_bgsave_ok || now - s.rdb_last_bgsave_try_sec > 5)) {
      s.log(kLogNotice, fmt::format("{} changes in {} seconds. Saving...", changes, secs));
      rdb_bgsave(s);
      return;
    }
  }
}

}  // namespace sable
