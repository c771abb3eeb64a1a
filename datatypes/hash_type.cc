// Hash engine: listpack and hashtable encodings (see hash_type.h for the layouts).
#include "datatypes/hash_type.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "datatypes/keyspace.h"  // varint helpers

namespace sable {

namespace {

using entry::varint_put;
using entry::varint_size;
namespace lp = hash_listpack;

void* checked_realloc(void* p, size_t n) {
  void* r = std::realloc(p, n);
  if (!r) throw std::bad_alloc();
  return r;
}

uint32_t lp_total(const void* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
void lp_set_total(void* p, uint32_t v) { std::memcpy(p, &v, 4); }
void lp_set_count(void* p, uint32_t v) { std::memcpy(static_cast<unsigned char*>(p) + 4, &v, 4); }

size_t entry_size(std::string_view s) { return varint_size(s.size()) + s.size(); }
size_t write_entry(unsigned char* p, std::string_view s) {
  size_t n = varint_put(p, s.size());
  if (!s.empty()) std::memcpy(p + n, s.data(), s.size());
  return n + s.size();
}

// Where a field's pair sits in a listpack: [field_off, value_off) is the field entry,
// [value_off, end) the value entry.
struct LpPos {
  size_t field_off = 0, value_off = 0, end = 0;
  std::string_view value;
};

bool lp_find(const void* lpp, std::string_view field, LpPos* pos) {
  const auto* base = static_cast<const unsigned char*>(lpp);
  size_t off = lp::kHeader;
  uint32_t n = lp::count(lpp);
  for (uint32_t i = 0; i < n; ++i) {
    std::string_view f, v;
    size_t foff = off;
    off += lp::read_entry(base + off, &f);
    size_t voff = off;
    off += lp::read_entry(base + off, &v);
    if (f == field) {
      *pos = {foff, voff, off, v};
      return true;
    }
  }
  return false;
}

HashNode* make_node(std::string_view field, std::string_view value) {
  size_t size = sizeof(void*) + entry_size(field) + entry_size(value);
  auto* n = static_cast<unsigned char*>(std::malloc(size));
  if (!n) throw std::bad_alloc();
  std::memset(n, 0, sizeof(void*));
  size_t off = sizeof(void*);
  off += write_entry(n + off, field);
  write_entry(n + off, value);
  return reinterpret_cast<HashNode*>(n);
}

size_t node_size(const HashNode* n) {
  std::string_view v = HashNodeTraits::value(n);
  return static_cast<size_t>(v.data() + v.size() - reinterpret_cast<const char*>(n));
}

}  // namespace

std::string_view HashNodeTraits::key(const HashNode* n) {
  std::string_view f;
  lp::read_entry(reinterpret_cast<const unsigned char*>(n) + sizeof(void*), &f);
  return f;
}

std::string_view HashNodeTraits::value(const HashNode* n) {
  std::string_view f, v;
  const auto* p = reinterpret_cast<const unsigned char*>(n) + sizeof(void*);
  p += lp::read_entry(p, &f);
  lp::read_entry(p, &v);
  return v;
}

Hash Hash::create() {
  void* p = checked_realloc(nullptr, lp::kHeader);
  lp_set_total(p, lp::kHeader);
  lp_set_count(p, 0);
  return Hash(Encoding::kListpack, p);
}

size_t Hash::size() const { return enc == Encoding::kListpack ? lp::count(ptr) : dict()->size(); }

bool Hash::get(std::string_view field, std::string_view* value) const {
  if (enc == Encoding::kListpack) {
    LpPos pos;
    if (!lp_find(ptr, field, &pos)) return false;
    *value = pos.value;
    return true;
  }
  HashNode* n = dict()->find(field);
  if (!n) return false;
  *value = HashNodeTraits::value(n);
  return true;
}

bool Hash::exists(std::string_view field) const {
  std::string_view v;
  return get(field, &v);
}

void Hash::convert_if_too_long(std::string_view s, const HashLimits& lim) {
  if (enc == Encoding::kListpack && s.size() > lim.max_listpack_value) convert_to_hashtable();
}

bool Hash::set(std::string_view field, std::string_view value, const HashLimits& lim) {
  if (enc == Encoding::kListpack) {
    convert_if_too_long(field, lim);
    convert_if_too_long(value, lim);
  }
  if (enc == Encoding::kListpack) {
    bool added = lp_set(field, value);
    if (added && size() > lim.max_listpack_entries) convert_to_hashtable();
    return added;
  }
  HashDict* d = dict();
  HashDict::Slot slot = d->find_slot(field);
  if (!slot) {
    d->insert(make_node(field, value));
    return true;
  }
  HashNode* old = *slot.link;
  std::string_view ov = HashNodeTraits::value(old);
  if (ov.size() == value.size()) {
    std::memcpy(const_cast<char*>(ov.data()), value.data(), value.size());
  } else {
    d->replace(slot.link, make_node(field, value));
    std::free(old);
  }
  return false;
}

bool Hash::lp_set(std::string_view field, std::string_view value) {
  LpPos pos;
  uint32_t total = lp_total(ptr);
  if (!lp_find(ptr, field, &pos)) {
    size_t add = entry_size(field) + entry_size(value);
    ptr = checked_realloc(ptr, total + add);
    auto* p = static_cast<unsigned char*>(ptr) + total;
    p += write_entry(p, field);
    write_entry(p, value);
    lp_set_total(ptr, static_cast<uint32_t>(total + add));
    lp_set_count(ptr, lp::count(ptr) + 1);
    return true;
  }
  size_t old_len = pos.end - pos.value_off, new_len = entry_size(value);
  if (new_len > old_len) ptr = checked_realloc(ptr, total + new_len - old_len);
  auto* base = static_cast<unsigned char*>(ptr);
  if (new_len != old_len)
    std::memmove(base + pos.value_off + new_len, base + pos.end, total - pos.end);
  write_entry(base + pos.value_off, value);
  uint32_t new_total = static_cast<uint32_t>(total + new_len - old_len);
  lp_set_total(ptr, new_total);
  if (new_len < old_len) ptr = checked_realloc(ptr, new_total);
  return false;
}

bool Hash::del(std::string_view field) {
  if (enc == Encoding::kListpack) return lp_del(field);
  HashNode* n = dict()->remove(field);
  if (!n) return false;
  std::free(n);
  dict()->shrink_if_needed();
  return true;
}

bool Hash::lp_del(std::string_view field) {
  LpPos pos;
  if (!lp_find(ptr, field, &pos)) return false;
  uint32_t total = lp_total(ptr);
  auto* base = static_cast<unsigned char*>(ptr);
  std::memmove(base + pos.field_off, base + pos.end, total - pos.end);
  uint32_t new_total = static_cast<uint32_t>(total - (pos.end - pos.field_off));
  lp_set_total(ptr, new_total);
  lp_set_count(ptr, lp::count(ptr) - 1);
  ptr = checked_realloc(ptr, new_total);
  return true;
}

void Hash::convert_to_hashtable() {
  if (enc != Encoding::kListpack) return;
  auto* d = new HashDict();
  lp::for_each(ptr, [&](std::string_view f, std::string_view v) { d->insert(make_node(f, v)); });
  std::free(ptr);
  ptr = d;
  enc = Encoding::kHashtable;
}

std::vector<Hash::Pair> Hash::pairs() const {
  std::vector<Pair> out;
  out.reserve(size());
  for_each([&](std::string_view f, std::string_view v) { out.emplace_back(f, v); });
  return out;
}

Hash::Pair Hash::random_pair(std::mt19937_64& rng) const {
  if (enc == Encoding::kListpack) {
    uint32_t n = lp::count(ptr);
    uint32_t want = static_cast<uint32_t>(rng() % n), i = 0;
    Pair out;
    lp::for_each(ptr, [&](std::string_view f, std::string_view v) {
      if (i++ == want) out = {f, v};
    });
    return out;
  }
  HashNode* n = dict()->random_node(rng);
  return {HashNodeTraits::key(n), HashNodeTraits::value(n)};
}

void Hash::destroy() {
  if (!ptr) return;
  if (enc == Encoding::kListpack) {
    std::free(ptr);
  } else {
    dict()->clear([](HashNode* n) { std::free(n); });
    delete dict();
  }
  ptr = nullptr;
}

Hash Hash::clone() const {
  if (enc == Encoding::kListpack) {
    uint32_t total = lp_total(ptr);
    void* p = checked_realloc(nullptr, total);
    std::memcpy(p, ptr, total);
    return Hash(enc, p);
  }
  auto* d = new HashDict();
  for_each([&](std::string_view f, std::string_view v) { d->insert(make_node(f, v)); });
  return Hash(enc, d);
}

size_t Hash::memory() const {
  if (enc == Encoding::kListpack) return lp_total(ptr);
  size_t n = sizeof(HashDict) + dict()->memory_bytes();
  dict()->for_each([&](HashNode* node) { n += node_size(node); });
  return n;
}

void register_hash_ops() {
  ObjectOps ops;
  ops.destroy = [](void* p, Encoding e) { Hash(e, p).destroy(); };
  ops.clone = [](const void* p, Encoding e) { return Hash(e, const_cast<void*>(p)).clone().ptr; };
  ops.memory = [](const void* p, Encoding e) { return Hash(e, const_cast<void*>(p)).memory(); };
  register_object_ops(ObjType::kHash, ops);
}

}  // namespace sable
