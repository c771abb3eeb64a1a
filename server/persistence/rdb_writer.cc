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
#include "server/persistence/rdb_format.h"
#include "server/persistence/rdb_stream.h"
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

namespace {

// Buffered encoder over a FILE*, keeping the running checksum of everything written.
class Encoder {
 public:
  Encoder(FILE* f, bool compress) : f_(f), compress_(compress) {}
  bool failed() const { return failed_; }
  bool compress() const { return compress_; }
  uint64_t crc() const { return crc_; }

  void raw(const void* p, size_t n) {
    crc_ = crc64(crc_, p, n);
    if (std::fwrite(p, 1, n, f_) != n) failed_ = true;
  }
  void byte(uint8_t b) { raw(&b, 1); }
  void len(uint64_t v) {
    unsigned char b[9];
    if (v < (1 << 6)) {
      b[0] = static_cast<unsigned char>(v);
      raw(b, 1);
    } else if (v < (1 << 14)) {
      b[0] = static_cast<unsigned char>((v >> 8) | 0x40);
      b[1] = static_cast<unsigned char>(v & 0xFF);
      raw(b, 2);
    } else if (v <= UINT32_MAX) {
      b[0] = rdb::kLen32;
      for (int i = 0; i < 4; ++i) b[1 + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
      raw(b, 5);
    } else {
      b[0] = rdb::kLen64;
      for (int i = 0; i < 8; ++i) b[1 + i] = static_cast<unsigned char>(v >> (56 - 8 * i));
      raw(b, 9);
    }
  }
  // An integer in the 8/16/32-bit special encodings; false when it does not fit.
  bool small_int(int64_t v) {
    unsigned char b[5];
    if (v >= INT8_MIN && v <= INT8_MAX) {
      b[0] = (rdb::kEncVal << 6) | rdb::kEncInt8;
      b[1] = static_cast<unsigned char>(v & 0xFF);
      raw(b, 2);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
      b[0] = (rdb::kEncVal << 6) | rdb::kEncInt16;
      b[1] = static_cast<unsigned char>(v & 0xFF);
      b[2] = static_cast<unsigned char>((v >> 8) & 0xFF);
      raw(b, 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      b[0] = (rdb::kEncVal << 6) | rdb::kEncInt32;
      for (int i = 0; i < 4; ++i) b[1 + i] = static_cast<unsigned char>((v >> (8 * i)) & 0xFF);
      raw(b, 5);
    } else {
      return false;
    }
    return true;
  }
  void integer_string(int64_t v) {
    if (small_int(v)) return;
    char buf[24];
    size_t n = format_int64(v, buf);
    len(n);
    raw(buf, n);
  }
  // A string as Redis writes it: integer when it is a canonical integer that fits 32 bits,
  // LZF when long enough and it shrinks, raw bytes otherwise.
  void str(std::string_view s) {
    int64_t v;
    if (s.size() <= 11 && parse_int64(s, &v) && small_int(v)) return;
    if (compress_ && s.size() > 20) {
      lzf_buf_.resize(s.size());
      unsigned int out = lzf_compress(s.data(), static_cast<unsigned int>(s.size()),
                                      lzf_buf_.data(), static_cast<unsigned int>(s.size() - 4));
      if (out > 0) {
        byte((rdb::kEncVal << 6) | rdb::kEncLzf);
        len(out);
        len(s.size());
        raw(lzf_buf_.data(), out);
        return;
      }
    }
    len(s.size());
    raw(s.data(), s.size());
  }
  void binary_double(double d) {
    unsigned char b[8];
    std::memcpy(b, &d, 8);  // little-endian host
    raw(b, 8);
  }

 private:
  FILE* f_;
  bool compress_;
  bool failed_ = false;
  uint64_t crc_ = 0;
  std::string lzf_buf_;
};

void write_aux(Encoder& e, std::string_view key, std::string_view value) {
  e.byte(rdb::kAux);
  e.str(key);
  e.str(value);
}

// Type byte, key (unless !with_key: a DUMP payload), then the value body.
void write_key_value(Encoder& e, Entry* en, const Config& cfg, bool with_key = true) {
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
      // Our list nodes are Redis 7 listpacks byte for byte: written as packed nodes, as they are.
      List l(obj);
      e.byte(rdb::kListQuicklist2);
      if (with_key) e.str(key);
      e.len(l.node_count());
      l.for_each_listpack([&](std::string_view lp) {
        e.len(rdb::kQuicklistPacked);
        e.str(lp);
      });
      break;
    }
    case ObjType::kSet: {
      Set s(entry::encoding(en), obj);
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

std::string cwd_name() {
  char buf[4096];
  return getcwd(buf, sizeof(buf)) ? buf : "?";
}

// Writes the whole snapshot to `f`. Returns false on a write error.
bool write_snapshot(Server& s, FILE* f) {
  Encoder e(f, s.config.rdbcompression);
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
  for (auto& dbp : s.dbs) {
    Db& db = *dbp;
    if (db.size() == 0) continue;
    e.byte(rdb::kSelectDb);
    e.len(static_cast<uint64_t>(db.id()));
    e.byte(rdb::kResizeDb);
    e.len(db.size());
    e.len(db.expires_size());
    db.for_each([&](Entry* en) {
      if (e.failed()) return;
      if (entry::has_expire(en)) {
        e.byte(rdb::kExpireTimeMs);
        int64_t when = entry::expire_at(en);
        unsigned char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((when >> (8 * i)) & 0xFF);
        e.raw(b, 8);
      }
      write_key_value(e, en, s.config);
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
  if (s.rdb_child_pid != -1) return "Background save already in progress";
  s.rdb_last_bgsave_try_sec = wall_ms() / 1000;
  s.dirty_before_bgsave = s.dirty;
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
  if (s.rdb_child_pid != -1) {
    rdb_check_child(s);
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
