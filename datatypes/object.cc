// Names of types and encodings, the RawString buffer, and the per-type object operations.
#include "datatypes/object.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "datatypes/hash_type.h"
#include "datatypes/list_type.h"
#include "datatypes/set_type.h"
#include "datatypes/stream_type.h"
#include "datatypes/zset_type.h"

namespace sable {

std::string_view type_name(ObjType t) {
  switch (t) {
    case ObjType::kString:
      return "string";
    case ObjType::kList:
      return "list";
    case ObjType::kSet:
      return "set";
    case ObjType::kZSet:
      return "zset";
    case ObjType::kHash:
      return "hash";
    case ObjType::kStream:
      return "stream";
  }
  return "none";
}

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::kInt:
      return "int";
    case Encoding::kEmbStr:
      return "embstr";
    case Encoding::kRaw:
      return "raw";
    case Encoding::kListpack:
      return "listpack";
    case Encoding::kQuicklist:
      return "quicklist";
    case Encoding::kIntset:
      return "intset";
    case Encoding::kHashtable:
      return "hashtable";
    case Encoding::kSkiplist:
      return "skiplist";
    case Encoding::kStream:
      return "stream";
  }
  return "unknown";
}

RawString* RawString::create(std::string_view s, size_t cap) {
  if (cap < s.size()) cap = s.size();
  auto* r = static_cast<RawString*>(std::malloc(offsetof(RawString, data) + cap + 1));
  if (!r) throw std::bad_alloc();
  r->len = s.size();
  r->cap = cap;
  if (!s.empty()) std::memcpy(r->data, s.data(), s.size());
  return r;
}

RawString* RawString::reserve(RawString* s, size_t need) {
  if (need <= s->cap) return s;
  // Grow like sds: double while small, then by 1 MiB steps.
  size_t cap = need < 1024 * 1024 ? need * 2 : need + 1024 * 1024;
  auto* r = static_cast<RawString*>(std::realloc(s, offsetof(RawString, data) + cap + 1));
  if (!r) throw std::bad_alloc();
  r->cap = cap;
  return r;
}

void RawString::destroy(RawString* s) { std::free(s); }

namespace {
ObjectOps g_ops[7];
}

void register_object_ops(ObjType type, const ObjectOps& ops) {
  g_ops[static_cast<int>(type)] = ops;
}
const ObjectOps& object_ops(ObjType type) { return g_ops[static_cast<int>(type)]; }

void register_engine_ops() {
  register_list_ops();
  register_hash_ops();
  register_set_ops();
  register_zset_object_ops();
  register_stream_ops();
}

}  // namespace sable
