// The RDB loader: reads a snapshot written by Sable or by Redis (up to RDB version 11) at
// start-up, before the server listens.
//
// The whole file is read into memory and decoded through a bounds-checked cursor; any short read
// or malformed encoding stops the load with an error (the caller exits), never a crash. Objects
// are rebuilt through the engines' public APIs with the configured thresholds, so OBJECT ENCODING
// after a load agrees with what Redis reports after loading the same file.
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
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
#include "server/errors.h"
#include "server/persistence/rdb.h"
#include "server/persistence/rdb_format.h"
#include "server/persistence/rdb_stream.h"
#include "server/scripting/functions.h"
#include "server/scripting/scripting.h"
#include "server/server.h"

namespace sable {
namespace {

constexpr const char* kShortRead =
    "Short read or OOM loading DB. Unrecoverable error, aborting now.";

struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void corrupt(const std::string& why) {
  throw LoadError("Internal error in RDB reading: " + why + ". Unrecoverable error, aborting now.");
}

class Cursor {
 public:
  Cursor(const unsigned char* p, size_t n) : p_(p), end_(p + n), begin_(p) {}
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  // The unread bytes (the stream codec reads its body from them and says how far it went).
  std::string_view rest() const { return {reinterpret_cast<const char*>(p_), left()}; }
  const unsigned char* take(size_t n) {
    if (n > left()) throw LoadError(kShortRead);
    const unsigned char* r = p_;
    p_ += n;
    return r;
  }
  uint8_t byte() { return *take(1); }
  uint64_t le(size_t n) {
    const unsigned char* b = take(n);
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(b[i]) << (8 * i);
    return v;
  }
  // A length, or (when *encoded is set) a special string encoding number.
  uint64_t len(bool* encoded = nullptr) {
    if (encoded) *encoded = false;
    uint8_t b = byte();
    int kind = (b & 0xC0) >> 6;
    if (kind == rdb::kEncVal) {
      if (!encoded) corrupt("Unexpected encoded length");
      *encoded = true;
      return b & 0x3F;
    }
    if (kind == rdb::kLen6) return b & 0x3F;
    if (kind == rdb::kLen14) return (static_cast<uint64_t>(b & 0x3F) << 8) | byte();
    if (b == rdb::kLen32 || b == rdb::kLen64) {
      size_t n = b == rdb::kLen32 ? 4 : 8;
      const unsigned char* p = take(n);
      uint64_t v = 0;
      for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
      return v;
    }
    corrupt(fmt::format("Unknown length encoding {} in rdbLoadLen()", b));
  }
  std::string str() {
    bool enc;
    uint64_t n = len(&enc);
    if (enc) {
      switch (n) {
        case rdb::kEncInt8:
          return std::to_string(static_cast<int8_t>(byte()));
        case rdb::kEncInt16:
          return std::to_string(static_cast<int16_t>(le(2)));
        case rdb::kEncInt32:
          return std::to_string(static_cast<int32_t>(le(4)));
        case rdb::kEncLzf: {
          uint64_t clen = len(), ulen = len();
          const unsigned char* c = take(clen);
          // LZF expands at most ~88x (a 3-byte back-reference covers 264 bytes): anything
          // claiming more is corrupt, and is refused before allocating.
          if (ulen > clen * 100 + 64) corrupt("Invalid LZF compressed string");
          std::string out(ulen, '\0');
          if (ulen == 0 || lzf_decompress(c, static_cast<unsigned int>(clen), out.data(),
                                          static_cast<unsigned int>(ulen)) != ulen)
            corrupt("Invalid LZF compressed string");
          return out;
        }
        default:
          corrupt(fmt::format("Unknown RDB string encoding type {}", n));
      }
    }
    const unsigned char* p = take(n);
    return std::string(reinterpret_cast<const char*>(p), n);
  }
  // The old ZSET format: a length byte then ASCII ("nan", "inf", "-inf" as 253/254/255).
  double ascii_double() {
    uint8_t n = byte();
    if (n == 253) return NAN;
    if (n == 254) return INFINITY;
    if (n == 255) return -INFINITY;
    std::string s(reinterpret_cast<const char*>(take(n)), n);
    return std::strtod(s.c_str(), nullptr);
  }
  double binary_double() {
    uint64_t bits = le(8);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  const unsigned char* begin_;
};

// ---- compact blobs written by Redis: listpack, ziplist, intset -------------------------------

[[noreturn]] void bad_blob(const char* what) {
  throw LoadError(fmt::format("{} integrity check failed.", what));
}

// Calls fn(string) for every element of a listpack written by Redis (integers formatted as
// decimal), after checking the whole blob with the listpack module's integrity check.
template <class F>
void listpack_each(std::string_view blob, F&& fn) {
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  if (!Listpack::validate(p, blob.size(), kLpSingles, nullptr)) bad_blob("Listpack");
  Listpack lp(const_cast<unsigned char*>(p), kLpSingles);
  char buf[24];
  for (unsigned char* e = lp.first(); e; e = lp.next(e)) fn(lp.get(e).view(buf));
}

template <class F>
void ziplist_each(std::string_view blob, F&& fn) {
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  size_t n = blob.size();
  if (n < 11 || p[n - 1] != 0xFF) bad_blob("Ziplist");
  size_t off = 10;
  char buf[24];
  while (true) {
    if (off >= n) bad_blob("Ziplist");
    if (p[off] == 0xFF) break;
    // previous entry length: 1 byte, or 0xFE and 4 more
    off += p[off] == 0xFE ? 5 : 1;
    if (off >= n - 1) bad_blob("Ziplist");
    uint8_t b = p[off];
    auto need = [&](size_t k) {
      if (off + k > n - 1) bad_blob("Ziplist");
    };
    auto le = [&](size_t k) {
      uint64_t x = 0;
      for (size_t i = 0; i < k; ++i) x |= static_cast<uint64_t>(p[off + 1 + i]) << (8 * i);
      return x;
    };
    int top = b >> 6;
    if (top != 3) {
      size_t hdr, data;
      if (top == 0) {
        hdr = 1;
        data = b & 0x3F;
      } else if (top == 1) {
        need(2);
        hdr = 2;
        data = (static_cast<size_t>(b & 0x3F) << 8) | p[off + 1];
      } else {
        need(5);
        hdr = 5;
        data = (static_cast<size_t>(p[off + 1]) << 24) | (p[off + 2] << 16) | (p[off + 3] << 8) |
               p[off + 4];
      }
      need(hdr + data);
      fn(std::string_view(reinterpret_cast<const char*>(p + off + hdr), data));
      off += hdr + data;
      continue;
    }
    int64_t v;
    size_t k;
    if (b == 0xC0) {
      k = 2;
      need(1 + k);
      v = static_cast<int16_t>(le(2));
    } else if (b == 0xD0) {
      k = 4;
      need(1 + k);
      v = static_cast<int32_t>(le(4));
    } else if (b == 0xE0) {
      k = 8;
      need(1 + k);
      v = static_cast<int64_t>(le(8));
    } else if (b == 0xF0) {
      k = 3;
      need(1 + k);
      uint64_t u = le(3);
      if (u & 0x800000) u |= ~0xFFFFFFULL;
      v = static_cast<int64_t>(u);
    } else if (b == 0xFE) {
      k = 1;
      need(1 + k);
      v = static_cast<int8_t>(p[off + 1]);
    } else if (b >= 0xF1 && b <= 0xFD) {
      k = 0;
      v = (b & 0x0F) - 1;
    } else {
      bad_blob("Ziplist");
    }
    fn(std::string_view(buf, format_int64(v, buf)));
    off += 1 + k;
  }
}

template <class F>
void intset_each(std::string_view blob, F&& fn) {
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  if (blob.size() < 8) bad_blob("Intset");
  uint32_t width = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
  uint32_t count = p[4] | (p[5] << 8) | (p[6] << 16) | (static_cast<uint32_t>(p[7]) << 24);
  if ((width != 2 && width != 4 && width != 8) || 8 + uint64_t(width) * count != blob.size())
    bad_blob("Intset");
  char buf[24];
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t u = 0;
    for (uint32_t k = 0; k < width; ++k)
      u |= static_cast<uint64_t>(p[8 + i * width + k]) << (8 * k);
    if (width < 8 && (u >> (8 * width - 1)) & 1) u |= ~0ULL << (8 * width);
    fn(std::string_view(buf, format_int64(static_cast<int64_t>(u), buf)));
  }
}

// ---- object builders -------------------------------------------------------------------------

struct Builders {
  Config& cfg;
  HashLimits hash_lim() const {
    return {static_cast<size_t>(cfg.hash_max_listpack_entries),
            static_cast<size_t>(cfg.hash_max_listpack_value)};
  }
  SetLimits set_lim() const { return {static_cast<size_t>(cfg.set_max_intset_entries)}; }
  StreamLimits stream_lim() const {
    return {static_cast<size_t>(cfg.stream_node_max_bytes),
            static_cast<size_t>(cfg.stream_node_max_entries)};
  }
  ZSet::Limits zset_lim() const {
    return {static_cast<size_t>(cfg.zset_max_listpack_entries),
            static_cast<size_t>(cfg.zset_max_listpack_value)};
  }
};

// Reads one value of `type`; returns it ready to store (or throws). A string value refers to
// `holder`. `*empty` is set for an empty collection, which Redis skips.
Value load_value(Cursor& c, uint8_t type, const Builders& b, std::string& holder, bool* empty) {
  *empty = false;
  switch (type) {
    case rdb::kString: {
      holder = c.str();
      return Value::string(holder);
    }
    case rdb::kList:
    case rdb::kListZiplist:
    case rdb::kListQuicklist:
    case rdb::kListQuicklist2: {
      List l = List::create(b.cfg.list_compress_depth);
      long long fill = b.cfg.list_max_listpack_size;
      auto push = [&](std::string_view v) { l.push(ListEnd::kTail, v, fill); };
      try {
        if (type == rdb::kList) {
          uint64_t n = c.len();
          for (uint64_t i = 0; i < n; ++i) push(c.str());
        } else if (type == rdb::kListZiplist) {
          ziplist_each(c.str(), push);
        } else {
          uint64_t nodes = c.len();
          for (uint64_t i = 0; i < nodes; ++i) {
            uint64_t container = type == rdb::kListQuicklist2 ? c.len() : rdb::kQuicklistPacked;
            if (container != rdb::kQuicklistPlain && container != rdb::kQuicklistPacked)
              bad_blob("Quicklist");
            std::string blob = c.str();
            if (container == rdb::kQuicklistPlain)
              push(blob);
            else if (type == rdb::kListQuicklist2)
              listpack_each(blob, push);
            else
              ziplist_each(blob, push);
          }
        }
      } catch (...) {
        l.destroy();
        throw;
      }
      if (l.size() == 0) {
        l.destroy();
        *empty = true;
        *empty = true;
        return Value{};
      }
      return Value::object(ObjType::kList, Encoding::kQuicklist, l.raw());
    }
    case rdb::kSet:
    case rdb::kSetIntset:
    case rdb::kSetListpack: {
      Set s = Set::create_intset();
      SetLimits lim = b.set_lim();
      auto add = [&](std::string_view m) { s.add(m, lim); };
      try {
        if (type == rdb::kSet) {
          uint64_t n = c.len();
          if (n > lim.max_intset_entries) s.convert_to_hashtable();
          for (uint64_t i = 0; i < n; ++i) add(c.str());
        } else if (type == rdb::kSetIntset) {
          intset_each(c.str(), add);
        } else {
          listpack_each(c.str(), add);
        }
      } catch (...) {
        s.destroy();
        throw;
      }
      if (s.empty()) {
        s.destroy();
        *empty = true;
        return Value{};
      }
      return Value::object(ObjType::kSet, s.enc, s.ptr);
    }
    case rdb::kZSet:
    case rdb::kZSet2:
    case rdb::kZSetZiplist:
    case rdb::kZSetListpack: {
      ZSet::Limits lim = b.zset_lim();
      ZSet* z = ZSet::create(lim);
      auto add = [&](std::string_view m, double score) {
        if (std::isnan(score)) corrupt("Zset with NAN score detected");
        double ns;
        z->add(m, score, 0, &ns, lim);
      };
      try {
        if (type == rdb::kZSet || type == rdb::kZSet2) {
          uint64_t n = c.len();
          if (n > lim.max_entries) z->convert_to_skiplist();
          for (uint64_t i = 0; i < n; ++i) {
            std::string m = c.str();
            double score = type == rdb::kZSet2 ? c.binary_double() : c.ascii_double();
            add(m, score);
          }
        } else {
          std::string member;
          bool have_member = false;
          auto pair = [&](std::string_view v) {
            if (!have_member) {
              member.assign(v);
              have_member = true;
              return;
            }
            have_member = false;
            std::string sv(v);
            char* end = nullptr;
            double score = std::strtod(sv.c_str(), &end);
            if (sv.empty() || *end) bad_blob("Zset listpack");
            add(member, score);
          };
          std::string blob = c.str();
          if (type == rdb::kZSetZiplist)
            ziplist_each(blob, pair);
          else
            listpack_each(blob, pair);
          if (have_member) bad_blob("Zset listpack");
        }
      } catch (...) {
        delete z;
        throw;
      }
      if (z->size() == 0) {
        delete z;
        *empty = true;
        return Value{};
      }
      return Value::object(ObjType::kZSet, z->encoding(), z);
    }
    case rdb::kHash:
    case rdb::kHashZiplist:
    case rdb::kHashListpack: {
      Hash h = Hash::create();
      HashLimits lim = b.hash_lim();
      try {
        if (type == rdb::kHash) {
          uint64_t n = c.len();
          if (n > lim.max_listpack_entries) h.convert_to_hashtable();
          for (uint64_t i = 0; i < n; ++i) {
            std::string f = c.str();
            std::string v = c.str();
            h.convert_if_too_long(f, lim);
            h.convert_if_too_long(v, lim);
            h.set(f, v, lim);
          }
        } else {
          std::string field;
          bool have_field = false;
          auto pair = [&](std::string_view v) {
            if (!have_field) {
              field.assign(v);
              have_field = true;
              return;
            }
            have_field = false;
            h.convert_if_too_long(field, lim);
            h.convert_if_too_long(v, lim);
            h.set(field, v, lim);
          };
          std::string blob = c.str();
          if (type == rdb::kHashZiplist)
            ziplist_each(blob, pair);
          else
            listpack_each(blob, pair);
          if (have_field) bad_blob("Hash listpack");
        }
      } catch (...) {
        h.destroy();
        throw;
      }
      if (h.empty()) {
        h.destroy();
        *empty = true;
        return Value{};
      }
      return Value::object(ObjType::kHash, h.enc, h.ptr);
    }
    case rdb::kStreamListpacks:
    case rdb::kStreamListpacks2:
    case rdb::kStreamListpacks3: {
      // An empty stream is kept, as Redis keeps it (its IDs and groups still count).
      StreamImage img;
      StreamReadResult r = read_stream(type, c.rest(), &img);
      if (r.truncated) throw LoadError(kShortRead);
      if (!r.ok()) corrupt(r.error);
      c.take(r.consumed);
      Stream* st = Stream::from_image(img, b.stream_lim());
      return Value::object(ObjType::kStream, Encoding::kStream, st);
    }
    default:
      throw LoadError(fmt::format(
          "Can't load RDB object of type {} (modules and old zipmaps are not supported). "
          "Unrecoverable error, aborting now.",
          type));
  }
}

void load_all(Server& s, Cursor& c, size_t* keys_loaded, bool merge) {
  const unsigned char* magic = c.take(9);
  if (std::memcmp(magic, "REDIS", 5) != 0)
    throw LoadError("Wrong signature trying to load DB from file");
  int version = 0;
  for (int i = 5; i < 9; ++i) {
    if (magic[i] < '0' || magic[i] > '9')
      throw LoadError("Wrong signature trying to load DB from file");
    version = version * 10 + (magic[i] - '0');
  }
  if (version < 1 || version > 11)
    throw LoadError(fmt::format("Can't handle RDB format version {}", version));
  Builders b{s.config};
  Db* db = &s.db(0);
  int64_t expire = -1;
  int64_t now = wall_ms();
  size_t loaded = 0, expired = 0;
  while (true) {
    uint8_t type = c.byte();
    if (type == rdb::kExpireTimeMs) {
      expire = static_cast<int64_t>(c.le(8));
      continue;
    }
    if (type == rdb::kExpireTime) {
      expire = static_cast<int64_t>(c.le(4)) * 1000;
      continue;
    }
    if (type == rdb::kIdle) {
      c.len();
      continue;
    }
    if (type == rdb::kFreq) {
      c.byte();
      continue;
    }
    if (type == rdb::kSelectDb) {
      uint64_t id = c.len();
      if (id >= s.dbs.size())
        throw LoadError(fmt::format(
            "FATAL: Data file was created with a Redis server configured to handle more than {} "
            "databases. Exiting\n",
            s.dbs.size()));
      db = &s.db(static_cast<int>(id));
      continue;
    }
    if (type == rdb::kResizeDb) {
      c.len();
      c.len();
      continue;
    }
    if (type == rdb::kAux) {
      c.str();
      c.str();
      continue;
    }
    if (type == rdb::kFunction2) {
      std::string code = c.str(), name, error;
      if (!s.scripting->functions().load(code, merge, &name, &error))
        throw LoadError("Failed loading library, " + error);
      continue;
    }
    if (type == rdb::kFunction)
      throw LoadError("Pre-GA function format not supported. Unrecoverable error, aborting now.");
    if (type == rdb::kModuleAux)
      throw LoadError(
          "The RDB file contains modules data, which this server cannot load. Unrecoverable "
          "error, aborting now.");
    if (type == rdb::kEof) break;
    std::string key = c.str();
    std::string holder;
    bool empty;
    Value v = load_value(c, type, b, holder, &empty);
    if (empty || (expire != -1 && expire < now)) {
      if (!empty) {
        free_value(v);
        ++expired;
      }
    } else {
      if (merge) db->del(key);
      if (db->find_raw(key)) {
        free_value(v);
        throw LoadError(fmt::format("RDB has duplicated key '{}' in DB {}", key, db->id()));
      }
      db->set(key, v);
      if (expire != -1) db->set_expire(key, expire);
      ++loaded;
    }
    expire = -1;
  }
  if (version >= 5) {
    size_t at = c.offset();
    uint64_t stored = c.le(8);
    if (stored != 0 && s.config.rdbchecksum && !s.skip_checksum_validation) {
      uint64_t computed = crc64(0, magic, at);
      // Redis's wording and order: "expected" is the computed sum, "got" the one in the file.
      if (computed != stored)
        throw LoadError(fmt::format(
            "Wrong RDB checksum expected: ({:x}) but got ({:x}). Aborting now.", computed, stored));
    }
  }
  *keys_loaded = loaded;
  if (expired)
    s.log(kLogNotice,
          fmt::format("Done loading RDB, keys loaded: {}, keys expired: {}.", loaded, expired));
}

}  // namespace

namespace {

// A DUMP payload's footer: the RDB version that wrote it (2 bytes, at most ours), then the CRC-64
// of everything before the checksum (not checked after DEBUG SET-SKIP-CHECKSUM-VALIDATION 1).
bool footer_ok(std::string_view payload, bool check_crc) {
  const auto* p = reinterpret_cast<const unsigned char*>(payload.data());
  size_t n = payload.size();
  if (n < 10) return false;
  unsigned version = p[n - 10] | (p[n - 9] << 8);
  uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) stored |= static_cast<uint64_t>(p[n - 8 + i]) << (8 * i);
  return version <= static_cast<unsigned>(rdb::kVersion) && (!check_crc || crc64(0, p, n - 8) == stored);
}

}  // namespace

std::string read_dump_payload(Server& s, std::string_view payload, Value* out,
                              std::string* holder) {
  if (!footer_ok(payload, !s.skip_checksum_validation)) return std::string(err::kDumpPayload);
  Cursor c(reinterpret_cast<const unsigned char*>(payload.data()), payload.size() - 10);
  Builders b{s.config};
  try {
    uint8_t type = c.byte();
    bool empty = false;
    Value v = load_value(c, type, b, *holder, &empty);
    if (empty) return std::string(err::kBadDataFormat);  // Redis refuses an empty collection too
    *out = v;
  } catch (const LoadError&) {
    return std::string(err::kBadDataFormat);
  } catch (const std::bad_alloc&) {
    return std::string(err::kBadDataFormat);
  }
  return {};
}

std::string read_function_payload(std::string_view payload, std::vector<std::string>* codes) {
  codes->clear();
  if (!footer_ok(payload, true)) return std::string(err::kDumpPayload);
  const auto* p = reinterpret_cast<const unsigned char*>(payload.data());
  size_t n = payload.size();
  Cursor c(p, n - 10);
  try {
    while (c.left() > 0) {
      uint8_t type = c.byte();
      if (type == rdb::kFunction) return "ERR Pre-GA function format not supported";
      if (type != rdb::kFunction2) return "ERR given type is not a function";
      codes->push_back(c.str());
    }
  } catch (const LoadError&) {
    return "ERR Failed loading library payload";
  } catch (const std::bad_alloc&) {
    return "ERR Failed loading library payload";
  }
  return {};
}

std::string rdb_load(Server& s, const std::string& path, bool* missing, size_t* keys_loaded,
                     bool merge) {
  *missing = false;
  *keys_loaded = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    if (errno == ENOENT) {
      *missing = true;
      return {};
    }
    return fmt::format("Fatal error loading the DB: {}. Exiting.", std::strerror(errno));
  }
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  bool read_error = std::ferror(f);
  std::fclose(f);
  if (read_error)
    return fmt::format("Fatal error loading the DB: {}. Exiting.", std::strerror(errno));
  return rdb_load_bytes(s, data, keys_loaded, merge);
}

std::string rdb_load_bytes(Server& s, std::string_view data, size_t* keys_loaded, bool merge) {
  *keys_loaded = 0;
  Cursor c(reinterpret_cast<const unsigned char*>(data.data()), data.size());
  try {
    load_all(s, c, keys_loaded, merge);
  } catch (const LoadError& e) {
    return e.what();
  } catch (const std::bad_alloc&) {
    return kShortRead;
  }
  return {};
}

}  // namespace sable
