// Keyspace implementation: entry allocation, lazy and active expiry, TTL index.
#include "datatypes/keyspace.h"

#include <cstdlib>
#include <new>

#include "datatypes/clock.h"
#include "datatypes/lfu.h"
#include "datatypes/numbers.h"
#include "datatypes/string_type.h"

namespace sable {

namespace {
ExpiredHook g_expired_hook = nullptr;
ExpireGate g_expire_gate = nullptr;
// Whether an expired key may be removed now (the server holds removals during CLIENT PAUSE).
bool may_remove_expired() { return !g_expire_gate || g_expire_gate(); }
}  // namespace

NewKeyHook g_new_key_hook = nullptr;

void set_expired_hook(ExpiredHook hook) { g_expired_hook = hook; }
void set_new_key_hook(NewKeyHook hook) { g_new_key_hook = hook; }
void set_expire_gate(ExpireGate gate) { g_expire_gate = gate; }

Value Value::string(std::string_view s) { return strings::encode(s); }

Value Value::integer(int64_t n) {
  Value v;
  v.type = ObjType::kString;
  v.enc = Encoding::kInt;
  v.i = n;
  return v;
}

Value Value::raw(std::string_view s) {
  Value v;
  v.type = ObjType::kString;
  v.enc = Encoding::kRaw;
  v.s = s;
  return v;
}

Value Value::object(ObjType t, Encoding e, void* obj) {
  Value v;
  v.type = t;
  v.enc = e;
  v.p = obj;
  return v;
}

namespace entry {
std::string_view string_value(const Entry* e, char* scratch) {
  switch (encoding(e)) {
    case Encoding::kInt:
      return {scratch, format_int64(int_value(e), scratch)};
    case Encoding::kEmbStr: {
      uint64_t len;
      const unsigned char* p = value_ptr(e);
      size_t n = varint_get(p, &len);
      return {reinterpret_cast<const char*>(p + n), static_cast<size_t>(len)};
    }
    default:
      return raw(e)->view();
  }
}

size_t alloc_size(const Entry* e) {
  std::string_view k = key(e);
  size_t head = reinterpret_cast<const unsigned char*>(k.data()) - bytes(e) + k.size();
  switch (encoding(e)) {
    case Encoding::kInt:
      return head + 8;
    case Encoding::kEmbStr: {
      uint64_t len;
      size_t n = varint_get(value_ptr(e), &len);
      return head + n + len;
    }
    default:
      return head + sizeof(void*);
  }
}
}  // namespace entry

using namespace entry;

namespace snapshot_mark {
bool g_active = false;
uint8_t g_mark = 0;
}  // namespace snapshot_mark

namespace {
SnapshotSaveHook g_snapshot_save = nullptr;
SnapshotClearHook g_snapshot_clear = nullptr;
}  // namespace

void set_snapshot_hooks(SnapshotSaveHook save, SnapshotClearHook clear) {
  g_snapshot_save = save;
  g_snapshot_clear = clear;
}
void snapshot_begin() {
  snapshot_mark::g_mark ^= kSnapshotMark;
  snapshot_mark::g_active = true;
}
void snapshot_end() { snapshot_mark::g_active = false; }

void Db::before_change(Entry* e) {
  if (snapshot_mark::g_active && !snapshot_mark::saved(e) && g_snapshot_save)
    g_snapshot_save(*this, e);
}

Entry* Db::make_entry(std::string_view k, const Value& v, int64_t expire, uint32_t lru_val) {
  size_t size = kHeader + varint_size(k.size()) + (expire >= 0 ? kExpireBlock : 0) + k.size();
  switch (v.enc) {
    case Encoding::kInt:
      size += 8;
      break;
    case Encoding::kEmbStr:
      size += varint_size(v.s.size()) + v.s.size();
      break;
    default:
      size += sizeof(void*);
      break;
  }
  auto* e = static_cast<Entry*>(std::malloc(size));
  if (!e) throw std::bad_alloc();
  unsigned char* b = bytes(e);
  next(e) = nullptr;
  b[8] =
      static_cast<unsigned char>(static_cast<uint8_t>(v.type) | (static_cast<uint8_t>(v.enc) << 4));
  b[9] = static_cast<unsigned char>((expire >= 0 ? kHasExpire : 0) | snapshot_mark::g_mark);
  set_lru(e, lru_val);
  size_t off = kHeader + varint_put(b + kHeader, k.size());
  if (expire >= 0) {
    std::memcpy(b + off, &expire, 8);
    off += kExpireBlock;
  }
  std::memcpy(b + off, k.data(), k.size());
  off += k.size();
  switch (v.enc) {
    case Encoding::kInt:
      std::memcpy(b + off, &v.i, 8);
      break;
    case Encoding::kEmbStr:
      off += varint_put(b + off, v.s.size());
      std::memcpy(b + off, v.s.data(), v.s.size());
      break;
    case Encoding::kRaw: {
      void* p = v.p ? v.p : RawString::create(v.s);
      std::memcpy(b + off, &p, sizeof(p));
      break;
    }
    default:
      std::memcpy(b + off, &v.p, sizeof(v.p));
      break;
  }
  return e;
}

static void free_out_of_line(ObjType t, Encoding enc, void* p) {
  if (!p) return;
  if (t == ObjType::kString) {
    if (enc == Encoding::kRaw) RawString::destroy(static_cast<RawString*>(p));
    return;
  }
  const ObjectOps& ops = object_ops(t);
  if (ops.destroy) ops.destroy(p, enc);
}

void Db::free_entry(Entry* e, bool free_val) {
  if (free_val && encoding(e) != Encoding::kInt && encoding(e) != Encoding::kEmbStr)
    free_out_of_line(type(e), encoding(e), object(e));
  std::free(e);
}

void free_value(const Value& v) {
  if (v.enc == Encoding::kInt || v.enc == Encoding::kEmbStr) return;
  free_out_of_line(v.type, v.enc, v.p);
}

// The value of `e` as a Value that refers to (does not copy) its storage.
static Value value_of(const Entry* e) {
  Value v;
  v.type = type(e);
  v.enc = encoding(e);
  if (v.enc == Encoding::kInt) {
    v.i = int_value(e);
  } else if (v.enc == Encoding::kEmbStr) {
    char scratch[1];
    v.s = string_value(e, scratch);
  } else {
    v.p = object(e);
  }
  return v;
}

Value clone_value(const Entry* e) {
  Value v = value_of(e);
  if (v.type == ObjType::kString) {
    if (v.enc == Encoding::kRaw) {
      v.s = raw(e)->view();
      v.p = nullptr;  // copied from s when stored
    }
    return v;
  }
  const ObjectOps& ops = object_ops(v.type);
  v.p = ops.clone ? ops.clone(v.p, v.enc) : nullptr;
  return v;
}

size_t entry_memory(const Entry* e) {
  size_t n = alloc_size(e);
  Encoding enc = encoding(e);
  if (type(e) == ObjType::kString) {
    if (enc == Encoding::kRaw) n += offsetof(RawString, data) + raw(e)->cap + 1;
  } else {
    const ObjectOps& ops = object_ops(type(e));
    if (ops.memory) n += ops.memory(object(e), enc);
  }
  return n;
}

void Db::expire_index_add(Entry* e) {
  set_expire_slot(e, static_cast<uint32_t>(expiring_.size()));
  expiring_.push_back(e);
}

void Db::expire_index_remove(Entry* e) {
  uint32_t slot = expire_slot(e);
  Entry* last = expiring_.back();
  expiring_[slot] = last;
  set_expire_slot(last, slot);
  expiring_.pop_back();
}

bool Db::is_expired(const Entry* e) const { return has_expire(e) && expire_at(e) <= now_ms(); }

void Db::delete_expired(std::string_view k) {
  std::string name(k);
  del(name);
  ++expired_keys_;
  if (g_expired_hook) g_expired_hook(*this, name);
}

Entry* Db::find(std::string_view k, bool touch) {
  Entry* e = dict_.find(k);
  if (!e) return nullptr;
  if (is_expired(e)) {
    if (may_remove_expired()) delete_expired(k);
    return nullptr;
  }
  if (touch) set_lru(e, lfu::on_access(lru(e)));
  return e;
}

Entry* Db::set(std::string_view k, const Value& v, bool keep_ttl) {
  auto slot = dict_.find_slot(k);
  if (!slot) {
    Entry* e = make_entry(k, v, -1, lfu::initial());
    dict_.insert(e);
    if (g_new_key_hook) g_new_key_hook(*this, k);
    return e;
  }
  Entry* old = *slot.link;
  before_change(old);
  int64_t exp = keep_ttl ? expire_at(old) : -1;
  Entry* e = make_entry(k, v, exp, lfu::initial());
  if (has_expire(old)) {
    if (exp >= 0) {
      uint32_t s = expire_slot(old);
      set_expire_slot(e, s);
      expiring_[s] = e;
    } else {
      expire_index_remove(old);
    }
  }
  dict_.replace(slot.link, e);
  bool same_obj = v.enc != Encoding::kInt && v.enc != Encoding::kEmbStr && v.p &&
                  encoding(old) != Encoding::kInt && encoding(old) != Encoding::kEmbStr &&
                  object(old) == v.p;
  free_entry(old, !same_obj);
  return e;
}

Entry* Db::update(std::string_view k, const Value& v) {
  auto slot = dict_.find_slot(k);
  if (!slot) return set(k, v);
  uint32_t lru_val = lru(*slot.link);
  Entry* e = set(k, v, true);
  set_lru(e, lru_val);
  return e;
}

bool Db::del(std::string_view k) {
  auto slot = dict_.find_slot(k);
  if (!slot) return false;
  before_change(*slot.link);
  Entry* e = dict_.unlink(slot);
  if (has_expire(e)) expire_index_remove(e);
  free_entry(e, true);
  return true;
}

bool Db::take(std::string_view k, Value* out, std::string* embedded_copy, int64_t* expire) {
  auto slot = dict_.find_slot(k);
  if (!slot) return false;
  Entry* e = *slot.link;
  before_change(e);
  *out = value_of(e);
  if (out->enc == Encoding::kEmbStr) {
    embedded_copy->assign(out->s);
    out->s = *embedded_copy;
  }
  *expire = expire_at(e);
  dict_.unlink(slot);
  if (has_expire(e)) expire_index_remove(e);
  free_entry(e, false);
  return true;
}

Entry* Db::set_expire(std::string_view k, int64_t when_ms) {
  auto slot = dict_.find_slot(k);
  if (!slot) return nullptr;
  Entry* old = *slot.link;
  before_change(old);
  if (has_expire(old)) {
    set_expire_value(old, when_ms);
    return old;
  }
  Entry* e = make_entry(k, value_of(old), when_ms, lru(old));
  dict_.replace(slot.link, e);
  expire_index_add(e);
  free_entry(old, false);
  return e;
}

bool Db::persist(std::string_view k) {
  auto slot = dict_.find_slot(k);
  if (!slot) return false;
  Entry* old = *slot.link;
  if (!has_expire(old)) return false;
  before_change(old);
  Entry* e = make_entry(k, value_of(old), -1, lru(old));
  expire_index_remove(old);
  dict_.replace(slot.link, e);
  free_entry(old, false);
  return true;
}

Entry* Db::random_entry() {
  // Expired keys met on the way are deleted, as Redis's RANDOMKEY does; the cap only guards
  // against a table made entirely of keys that expire while we look.
  for (int tries = 0; tries < 10000; ++tries) {
    Entry* e = dict_.random_node(rng_);
    if (!e) return nullptr;
    if (!is_expired(e)) return e;
    if (may_remove_expired()) delete_expired(key(e));
  }
  return nullptr;
}

size_t Db::expire_sample(size_t count, size_t* sampled) {
  size_t removed = 0, looked = 0;
  int64_t now = now_ms();
  if (!may_remove_expired()) count = 0;
  while (looked < count && !expiring_.empty()) {
    Entry* e = expiring_[rng_() % expiring_.size()];
    ++looked;
    if (expire_at(e) <= now) {
      delete_expired(key(e));
      ++removed;
    }
  }
  if (sampled) *sampled = looked;
  return removed;
}

void Db::clear() {
  if (snapshot_mark::g_active && g_snapshot_clear) g_snapshot_clear(*this);
  free_all();
}


void Db::free_all() {
  dict_.clear([this](Entry* e) { free_entry(e, true); });
  expiring_.clear();
  expiring_.shrink_to_fit();
}

void Db::swap_contents(Db& other) {
  dict_.swap(other.dict_);
  expiring_.swap(other.expiring_);
}

size_t Db::overhead_bytes() const {
  return dict_.memory_bytes() + expiring_.capacity() * sizeof(Entry*);
}

}  // namespace sable
