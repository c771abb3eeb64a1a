// Hash engine: listpack and hashtable encodings (see hash_type.h for the layouts).
#include "datatypes/hash_type.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace sable {

namespace {

namespace hlp = hash_listpack;

Listpack view(void* p) { return Listpack(static_cast<unsigned char*>(p), kLpForwardPairs); }

// Hashtable nodes: a length-prefixed field, then the value.
using varint::get_string;
using varint::put_string;
using varint::string_size;

// The pair whose field is `field` in a listpack (its position, and its value in *value), or null.
unsigned char* lp_find(const void* lpp, std::string_view field, std::string_view* value) {
  auto* p = static_cast<unsigned char*>(const_cast<void*>(lpp)) + lp::kHeader;
  while (*p != lp::kEof) {
    unsigned char* pair = p;
    std::string_view f;
    p += lp::read_string(p, &f);
    p += lp::read_string(p, value);
    if (f == field) return pair;
  }
  return nullptr;
}

HashNode* make_node(std::string_view field, std::string_view value) {
  size_t size = sizeof(void*) + string_size(field) + string_size(value);
  auto* n = static_cast<unsigned char*>(std::malloc(size));
  if (!n) throw std::bad_alloc();
  std::memset(n, 0, sizeof(void*));
  size_t off = sizeof(void*);
  off += put_string(n + off, field);
  put_string(n + off, value);
  return reinterpret_cast<HashNode*>(n);
}

size_t node_size(const HashNode* n) {
  std::string_view v = HashNodeTraits::value(n);
  return static_cast<size_t>(v.data() + v.size() - reinterpret_cast<const char*>(n));
}

}  // namespace

std::string_view HashNodeTraits::key(const HashNode* n) {
  std::string_view f;
  get_string(reinterpret_cast<const unsigned char*>(n) + sizeof(void*), &f);
  return f;
}

std::string_view HashNodeTraits::value(const HashNode* n) {
  std::string_view f, v;
  const auto* p = reinterpret_cast<const unsigned char*>(n) + sizeof(void*);
  p += get_string(p, &f);
  get_string(p, &v);
  return v;
}

Hash Hash::create() { return Hash(Encoding::kListpack, Listpack::create(kLpForwardPairs).raw()); }

size_t Hash::size() const { return enc == Encoding::kListpack ? view(ptr).size() : dict()->size(); }

bool Hash::get(std::string_view field, std::string_view* value) const {
  if (enc == Encoding::kListpack) return lp_find(ptr, field, value) != nullptr;
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
  std::string_view old;
  unsigned char* pair = lp_find(ptr, field, &old);
  Listpack l = view(ptr);
  LpValue vals[2] = {LpValue::string(field), LpValue::string(value)};
  if (!pair) {
    l.append(vals);
    ptr = l.raw();
    return true;
  }
  if (old.size() == value.size()) {
    if (!value.empty()) std::memcpy(const_cast<char*>(old.data()), value.data(), value.size());
  } else {
    l.replace(pair, vals);
    ptr = l.raw();
  }
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
  std::string_view v;
  unsigned char* pair = lp_find(ptr, field, &v);
  if (!pair) return false;
  Listpack l = view(ptr);
  l.erase(pair);
  ptr = l.raw();
  return true;
}

void Hash::convert_to_hashtable() {
  if (enc != Encoding::kListpack) return;
  auto* d = new HashDict();
  hlp::for_each(ptr, [&](std::string_view f, std::string_view v) { d->insert(make_node(f, v)); });
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
    Listpack l = view(ptr);
    unsigned char* p = l.seek(static_cast<long long>(rng() % l.size()));
    Pair out;
    lp::read_string(p + lp::read_string(p, &out.first), &out.second);
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
  if (enc == Encoding::kListpack) return Hash(enc, view(ptr).clone().raw());
  auto* d = new HashDict();
  for_each([&](std::string_view f, std::string_view v) { d->insert(make_node(f, v)); });
  return Hash(enc, d);
}

size_t Hash::memory() const {
  if (enc == Encoding::kListpack) return view(ptr).bytes();
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
