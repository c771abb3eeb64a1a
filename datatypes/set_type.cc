// Set engine: intset and hashtable encodings (see set_type.h).
#include "datatypes/set_type.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "datatypes/listpack.h"  // varints

namespace sable {

namespace {

void* checked_realloc(void* p, size_t n) {
  void* r = std::realloc(p, n);
  if (!r) throw std::bad_alloc();
  return r;
}

uint32_t width_for(int64_t v) {
  if (v >= INT16_MIN && v <= INT16_MAX) return 2;
  if (v >= INT32_MIN && v <= INT32_MAX) return 4;
  return 8;
}

void put(Intset* is, size_t i, int64_t v) {
  if (is->width == 2) {
    auto x = static_cast<int16_t>(v);
    std::memcpy(is->data + i * 2, &x, 2);
  } else if (is->width == 4) {
    auto x = static_cast<int32_t>(v);
    std::memcpy(is->data + i * 4, &x, 4);
  } else {
    std::memcpy(is->data + i * 8, &v, 8);
  }
}

// Header and values; never less than the struct itself (its one-byte `data` placeholder makes
// sizeof 12, and a smaller block is not a whole Intset to the compiler).
size_t intset_bytes(size_t width, size_t len) { return std::max(sizeof(Intset), 8 + width * len); }

Intset* resize(Intset* is, size_t len) {
  return static_cast<Intset*>(checked_realloc(is, intset_bytes(is->width, len)));
}

// Rewrites the intset with a wider element size, then adds `v`, which is either smaller or
// larger than every member (that is why it needed the upgrade).
Intset* upgrade_and_add(Intset* is, int64_t v) {
  uint32_t old_width = is->width;
  size_t len = is->length;
  bool prepend = v < 0;
  is->width = width_for(v);
  is = resize(is, len + 1);
  // Move from the back so unread values are not overwritten.
  for (size_t i = len; i-- > 0;) {
    int64_t x;
    if (old_width == 2) {
      int16_t s;
      std::memcpy(&s, is->data + i * 2, 2);
      x = s;
    } else {
      int32_t s;
      std::memcpy(&s, is->data + i * 4, 4);
      x = s;
    }
    put(is, i + (prepend ? 1 : 0), x);
  }
  put(is, prepend ? 0 : len, v);
  is->length = static_cast<uint32_t>(len + 1);
  return is;
}

SetNode* make_node(std::string_view m) {
  size_t size = sizeof(void*) + varint::size(m.size()) + m.size();
  auto* n = static_cast<unsigned char*>(std::malloc(size));
  if (!n) throw std::bad_alloc();
  std::memset(n, 0, sizeof(void*));
  size_t off = sizeof(void*) + varint::put(n + sizeof(void*), m.size());
  if (!m.empty()) std::memcpy(n + off, m.data(), m.size());
  return reinterpret_cast<SetNode*>(n);
}

size_t node_size(const SetNode* n) {
  std::string_view k = SetNodeTraits::key(n);
  return static_cast<size_t>(k.data() + k.size() - reinterpret_cast<const char*>(n));
}

}  // namespace

std::string_view SetNodeTraits::key(const SetNode* n) {
  std::string_view k;
  varint::get_string(reinterpret_cast<const unsigned char*>(n) + sizeof(void*), &k);
  return k;
}

// ---- Intset ----

Intset* Intset::create() {
  auto* is = static_cast<Intset*>(checked_realloc(nullptr, intset_bytes(2, 0)));
  is->width = 2;
  is->length = 0;
  return is;
}

bool Intset::search(int64_t v, size_t* pos) const {
  size_t lo = 0, hi = length;
  if (length > 0) {
    // Fast paths for appends at either end, as most inserts are.
    if (v > get(length - 1)) {
      *pos = length;
      return false;
    }
    if (v < get(0)) {
      *pos = 0;
      return false;
    }
  }
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int64_t x = get(mid);
    if (x == v) {
      *pos = mid;
      return true;
    }
    if (x < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  *pos = lo;
  return false;
}

Intset* Intset::add(Intset* is, int64_t v, bool* added) {
  if (width_for(v) > is->width) {
    *added = true;
    return upgrade_and_add(is, v);
  }
  size_t pos;
  if (is->search(v, &pos)) {
    *added = false;
    return is;
  }
  is = resize(is, is->length + 1);
  std::memmove(is->data + (pos + 1) * is->width, is->data + pos * is->width,
               (is->length - pos) * is->width);
  put(is, pos, v);
  ++is->length;
  *added = true;
  return is;
}

Intset* Intset::remove_at(Intset* is, size_t pos) {
  std::memmove(is->data + pos * is->width, is->data + (pos + 1) * is->width,
               (is->length - pos - 1) * is->width);
  --is->length;
  return resize(is, is->length);
}

// ---- Set ----

Set Set::create_intset() { return Set(Encoding::kIntset, Intset::create()); }
Set Set::create_hashtable() { return Set(Encoding::kHashtable, new SetDict()); }

size_t Set::size() const { return enc == Encoding::kIntset ? intset()->length : dict()->size(); }

bool Set::contains(std::string_view m) const {
  if (enc == Encoding::kIntset) {
    int64_t v;
    return parse_int64(m, &v) && intset()->contains(v);
  }
  return dict()->find(m) != nullptr;
}

bool Set::add(std::string_view m, const SetLimits& lim) {
  if (enc == Encoding::kIntset) {
    int64_t v;
    if (parse_int64(m, &v)) {
      bool added;
      ptr = Intset::add(intset(), v, &added);
      if (added && size() > lim.max_intset_entries) convert_to_hashtable();
      return added;
    }
    convert_to_hashtable();
  }
  SetDict* d = dict();
  if (d->find(m)) return false;
  d->insert(make_node(m));
  return true;
}

bool Set::remove(std::string_view m) {
  if (enc == Encoding::kIntset) {
    int64_t v;
    size_t pos;
    if (!parse_int64(m, &v) || !intset()->search(v, &pos)) return false;
    ptr = Intset::remove_at(intset(), pos);
    return true;
  }
  SetNode* n = dict()->remove(m);
  if (!n) return false;
  std::free(n);
  dict()->shrink_if_needed();
  return true;
}

void Set::convert_to_hashtable() {
  if (enc != Encoding::kIntset) return;
  auto* d = new SetDict();
  for_each([&](std::string_view m) { d->insert(make_node(m)); });
  std::free(ptr);
  ptr = d;
  enc = Encoding::kHashtable;
}

std::string Set::random_member(std::mt19937_64& rng) const {
  if (enc == Encoding::kIntset) return int64_to_string(intset()->get(rng() % intset()->length));
  return std::string(SetNodeTraits::key(dict()->random_node(rng)));
}

std::string Set::pop_random(std::mt19937_64& rng) {
  if (enc == Encoding::kIntset) {
    size_t pos = rng() % intset()->length;
    std::string out = int64_to_string(intset()->get(pos));
    ptr = Intset::remove_at(intset(), pos);
    return out;
  }
  SetNode* n = dict()->random_node(rng);
  std::string out(SetNodeTraits::key(n));
  std::free(dict()->remove(out));
  dict()->shrink_if_needed();
  return out;
}

void Set::destroy() {
  if (!ptr) return;
  if (enc == Encoding::kIntset) {
    std::free(ptr);
  } else {
    dict()->clear([](SetNode* n) { std::free(n); });
    delete dict();
  }
  ptr = nullptr;
}

Set Set::clone() const {
  if (enc == Encoding::kIntset) {
    size_t n = intset()->bytes();
    void* p = checked_realloc(nullptr, n);
    std::memcpy(p, ptr, n);
    return Set(enc, p);
  }
  auto* d = new SetDict();
  for_each([&](std::string_view m) { d->insert(make_node(m)); });
  return Set(enc, d);
}

size_t Set::memory() const {
  if (enc == Encoding::kIntset) return intset()->bytes();
  size_t n = sizeof(SetDict) + dict()->memory_bytes();
  dict()->for_each([&](SetNode* node) { n += node_size(node); });
  return n;
}

void register_set_ops() {
  ObjectOps ops;
  ops.destroy = [](void* p, Encoding e) { Set(e, p).destroy(); };
  ops.clone = [](const void* p, Encoding e) { return Set(e, const_cast<void*>(p)).clone().ptr; };
  ops.memory = [](const void* p, Encoding e) { return Set(e, const_cast<void*>(p)).memory(); };
  register_object_ops(ObjType::kSet, ops);
}

}  // namespace sable
