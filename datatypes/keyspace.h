// The keyspace: one database's keys, values and expiry times.
//
// Each key is ONE allocation, an Entry, laid out as:
//
//   [next ptr 8][type|enc 1][flags 1][lru 3][key length varint 1-5]
//   [expire ms 8][expire slot 4]      -- only when flags has kHasExpire
//   [key bytes]
//   [value]: int64 (enc int) | varint length + bytes (enc embstr) | object pointer (others)
//
// A 16-byte key with a 16-byte value takes 47 bytes, one 48-byte jemalloc size class, plus its
// share of the bucket array (8-16 bytes). Redis needs about twice that. Keys with a TTL are also
// listed in a dense vector (the entry stores its slot) so the active expiry cycle can sample
// random keys with TTLs in O(1).
//
// Entries move: changing a value's size or adding/removing a TTL reallocates the entry. Never keep
// an Entry* across a call that may modify the key; the functions that can return the new pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "datatypes/dict.h"
#include "datatypes/listpack.h"
#include "datatypes/object.h"

namespace sable {

struct Entry;  // opaque: see the layout above

// A value to store: a string (as int, embedded or raw) or a collection object pointer.
struct Value {
  ObjType type = ObjType::kString;
  Encoding enc = Encoding::kEmbStr;
  int64_t i = 0;       // kInt
  std::string_view s;  // kEmbStr (copied into the entry) or kRaw when p is null (copied)
  void* p = nullptr;   // kRaw (RawString*, ownership passes) or collection object

  // The most compact string encoding for `s`, like Redis's tryObjectEncoding; the string engine
  // (strings::encode in string_type.h) makes the choice.
  static Value string(std::string_view s);
  static Value integer(int64_t v);
  static Value raw(std::string_view s);  // forced raw encoding (APPEND, SETRANGE results)
  static Value object(ObjType t, Encoding e, void* obj);
};

constexpr size_t kEmbstrMaxLen = 44;  // as Redis OBJ_ENCODING_EMBSTR_SIZE_LIMIT

namespace entry {
constexpr uint8_t kHasExpire = 1;
constexpr uint8_t kSnapshotMark = 2;  // see snapshot_mark below

inline Entry*& next(Entry* e) { return *reinterpret_cast<Entry**>(e); }
inline unsigned char* bytes(Entry* e) { return reinterpret_cast<unsigned char*>(e); }
inline const unsigned char* bytes(const Entry* e) {
  return reinterpret_cast<const unsigned char*>(e);
}
inline ObjType type(const Entry* e) { return static_cast<ObjType>(bytes(e)[8] & 0x0F); }
inline Encoding encoding(const Entry* e) { return static_cast<Encoding>(bytes(e)[8] >> 4); }
inline uint8_t flags(const Entry* e) { return bytes(e)[9]; }
inline bool has_expire(const Entry* e) { return flags(e) & kHasExpire; }
inline uint32_t lru(const Entry* e) {
  const unsigned char* p = bytes(e) + 10;
  return p[0] | (p[1] << 8) | (static_cast<uint32_t>(p[2]) << 16);
}
inline void set_lru(Entry* e, uint32_t v) {
  unsigned char* p = bytes(e) + 10;
  p[0] = v & 0xFF;
  p[1] = (v >> 8) & 0xFF;
  p[2] = (v >> 16) & 0xFF;
}

// Varint helpers: the shared ones of datatypes/listpack.h (7 bits per byte, low first).
inline size_t varint_size(uint64_t v) { return varint::size(v); }
inline size_t varint_put(unsigned char* p, uint64_t v) { return varint::put(p, v); }
inline size_t varint_get(const unsigned char* p, uint64_t* v) { return varint::get(p, v); }

constexpr size_t kHeader = 13;
constexpr size_t kExpireBlock = 12;

inline std::string_view key(const Entry* e) {
  uint64_t klen;
  size_t n = varint_get(bytes(e) + kHeader, &klen);
  size_t off = kHeader + n + (has_expire(e) ? kExpireBlock : 0);
  return {reinterpret_cast<const char*>(bytes(e)) + off, static_cast<size_t>(klen)};
}
inline const unsigned char* value_ptr(const Entry* e) {
  std::string_view k = key(e);
  return reinterpret_cast<const unsigned char*>(k.data() + k.size());
}
inline unsigned char* value_ptr(Entry* e) {
  return const_cast<unsigned char*>(value_ptr(static_cast<const Entry*>(e)));
}
inline unsigned char* expire_ptr(Entry* e) {
  uint64_t klen;
  return bytes(e) + kHeader + varint_get(bytes(e) + kHeader, &klen);
}
inline int64_t expire_at(const Entry* e) {
  if (!has_expire(e)) return -1;
  int64_t v;
  std::memcpy(&v, expire_ptr(const_cast<Entry*>(e)), 8);
  return v;
}
inline uint32_t expire_slot(Entry* e) {
  uint32_t v;
  std::memcpy(&v, expire_ptr(e) + 8, 4);
  return v;
}
inline void set_expire_slot(Entry* e, uint32_t s) { std::memcpy(expire_ptr(e) + 8, &s, 4); }
inline void set_expire_value(Entry* e, int64_t ms) { std::memcpy(expire_ptr(e), &ms, 8); }

inline int64_t int_value(const Entry* e) {
  int64_t v;
  std::memcpy(&v, value_ptr(e), 8);
  return v;
}
inline void set_int_value(Entry* e, int64_t v) { std::memcpy(value_ptr(e), &v, 8); }
inline void* object(const Entry* e) {
  void* p;
  std::memcpy(&p, value_ptr(e), sizeof(p));
  return p;
}
inline void set_object(Entry* e, void* p) { std::memcpy(value_ptr(e), &p, sizeof(p)); }
inline RawString* raw(const Entry* e) { return static_cast<RawString*>(object(e)); }
// The string value; integers are formatted into `scratch` (at least 24 bytes).
std::string_view string_value(const Entry* e, char* scratch);
// Bytes allocated for the entry itself (not counting out-of-line values).
size_t alloc_size(const Entry* e);
}  // namespace entry

struct EntryTraits {
  using Node = Entry;
  static Entry*& next(Entry* e) { return entry::next(e); }
  static std::string_view key(const Entry* e) { return entry::key(e); }
};

// Called when a key is removed because its TTL passed (lazily or by the active cycle).
class Db;
using ExpiredHook = void (*)(Db& db, std::string_view key);
void set_expired_hook(ExpiredHook hook);
// Called when Db::set creates a key that did not exist (Redis's "new" keyspace event).
using NewKeyHook = void (*)(Db& db, std::string_view key);
void set_new_key_hook(NewKeyHook hook);
// Asked before an expired key is removed (lazily or by the active cycle); while it answers false
// expired keys stay stored but read as missing (Redis holds expiry during CLIENT PAUSE).
using ExpireGate = bool (*)();
void set_expire_gate(ExpireGate gate);

// Forkless snapshots (server/persistence/snapshot.h) save each key once, either when the
// snapshot's scan reaches it or just before anything changes or removes it. An entry's
// kSnapshotMark bit equal to the current mark means "saved" (or created after the snapshot
// began); a snapshot starts by flipping the mark, so every existing entry reads as unsaved, and
// leaves every entry marked when it ends. While one runs, every change of the keyspace calls
// the save hook first for an unsaved entry, and clear() calls the clear hook first.
namespace snapshot_mark {
extern bool g_active;
extern uint8_t g_mark;
inline bool saved(const Entry* e) { return (entry::flags(e) & entry::kSnapshotMark) == g_mark; }
inline void set_saved(Entry* e) {
  entry::bytes(e)[9] =
      static_cast<unsigned char>((entry::flags(e) & ~entry::kSnapshotMark) | g_mark);
}
}  // namespace snapshot_mark
using SnapshotSaveHook = void (*)(Db& db, Entry* e);
using SnapshotClearHook = void (*)(Db& db);
void set_snapshot_hooks(SnapshotSaveHook save, SnapshotClearHook clear);
// Starts a snapshot (flips the mark) and ends it.
void snapshot_begin();
void snapshot_end();

class Db {
 public:
  explicit Db(int id = 0) : id_(id) {}
  ~Db() { free_all(); }  // no snapshot hook: the lazy-free thread destroys detached Dbs
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  int id() const { return id_; }
  size_t size() const { return dict_.size(); }
  size_t expires_size() const { return expiring_.size(); }
  size_t bucket_count() const { return dict_.bucket_count(); }
  size_t overhead_bytes() const;

  // Looks a key up, deleting it first if its TTL has passed. `touch` refreshes the LRU clock.
  Entry* find(std::string_view key, bool touch = true);
  // A command is about to change `key` in place (the dispatcher calls this for each key of a
  // write command while a snapshot runs): saves it first if the snapshot has not yet.
  void snapshot_protect(std::string_view key) {
    if (!snapshot_mark::g_active) return;
    if (Entry* e = dict_.find(key)) before_change(e);
  }

  // Looks a key up without any expiry check (for expiry itself and introspection).
  Entry* find_raw(std::string_view key) { return dict_.find(key); }
  bool is_expired(const Entry* e) const;

  // Stores a value under `key`, replacing any existing value. The old TTL is dropped unless
  // keep_ttl. Returns the new entry.
  Entry* set(std::string_view key, const Value& v, bool keep_ttl = false);
  // Replaces the value of an existing key, keeping its TTL and LRU. The old value is freed
  // unless it is the same object pointer as the new one.
  Entry* update(std::string_view key, const Value& v);
  // Removes a key (freeing its value). Returns false if it did not exist.
  bool del(std::string_view key);
  // Detaches the value of a key (for RENAME/MOVE): returns the Value it held, removing the key but
  // not freeing an out-of-line value. `expire` receives its TTL (-1 for none).
  bool take(std::string_view key, Value* out, std::string* embedded_copy, int64_t* expire);

  // Stores a collection object a command created or changed: its type and the engine's current
  // encoding and pointer; `e` is the key's entry from the lookup before the change (null when
  // the key did not exist: it is created, with the new-key hook). Engines may move their object
  // or change its encoding on any change; this writes the current pointer into the entry and
  // rebuilds the entry (keeping TTL and LRU) only when the encoding changed. Returns the key's
  // entry. An emptied collection is the caller's to delete afterwards.
  Entry* store_object(std::string_view key, Entry* e, ObjType type, Encoding enc, void* obj) {
    if (e) entry::set_object(e, obj);  // first: the old pointer may already be freed
    if (e && entry::encoding(e) == enc) return e;
    Value v = Value::object(type, enc, obj);
    return e ? update(key, v) : set(key, v);
  }

  // TTL management. set_expire returns the (possibly moved) entry.
  Entry* set_expire(std::string_view key, int64_t when_ms);
  bool persist(std::string_view key);

  // SCAN over keys; expired keys are skipped but not deleted.
  template <class F>
  uint64_t scan(uint64_t cursor, F&& fn) {
    return dict_.scan(cursor, fn);
  }
  template <class F>
  void for_each(F&& fn) {
    dict_.for_each(fn);
  }
  Entry* random_entry();
  // Random samples for eviction: any key, or a key with a TTL (no expiry side effects).
  Entry* sample_any() { return dict_.random_node(rng_); }
  Entry* sample_volatile() {
    return expiring_.empty() ? nullptr : expiring_[rng_() % expiring_.size()];
  }

  // Active expiry: samples keys with TTLs, removes the expired ones. Returns how many were removed;
  // `sampled` receives how many were looked at.
  size_t expire_sample(size_t count, size_t* sampled);
  // The snapshot's walk: visits the bucket(s) at `cursor` whatever their expiry (dict scan).
  template <class F>
  uint64_t scan_all(uint64_t cursor, F&& fn) {
    return dict_.scan(cursor, fn);
  }
  // Background work: rehash buckets and shrink the table when it has emptied.
  bool rehash_step(int buckets) { return dict_.rehash(buckets); }
  void maybe_shrink() { dict_.shrink_if_needed(); }

  void clear();
  void swap_contents(Db& other);
  uint64_t expired_count() const { return expired_keys_; }
  std::mt19937_64& rng() { return rng_; }

 private:
  void before_change(Entry* e);
  void free_all();
  Entry* make_entry(std::string_view key, const Value& v, int64_t expire, uint32_t lru);
  void free_entry(Entry* e, bool free_value);
  void expire_index_add(Entry* e);
  void expire_index_remove(Entry* e);
  void delete_expired(std::string_view key);

  int id_;
  IntrusiveDict<EntryTraits> dict_;
  std::vector<Entry*> expiring_;
  uint64_t expired_keys_ = 0;
  std::mt19937_64 rng_{0x5ab1e};
};

// Frees a detached value (from Db::take) that will not be stored again.
void free_value(const Value& v);
// Deep copy of an entry's value (COPY command): embedded values reference `e` until stored.
Value clone_value(const Entry* e);
// Memory used by an entry including its out-of-line value (MEMORY USAGE).
size_t entry_memory(const Entry* e);

}  // namespace sable
