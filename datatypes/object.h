// Value types and encodings shared by the keyspace and every engine.
//
// The numeric values of ObjType match Redis's OBJ_* constants (they are also RDB's type family),
// and Encoding names are what OBJECT ENCODING reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sable {

enum class ObjType : uint8_t {
  kString = 0,
  kList = 1,
  kSet = 2,
  kZSet = 3,
  kHash = 4,
  kStream = 6,  // Redis's OBJ_STREAM (5 is OBJ_MODULE)
};

enum class Encoding : uint8_t {
  kInt = 0,     // string holding an int64
  kEmbStr = 1,  // short string stored inside the keyspace entry
  kRaw = 2,     // string in its own growable buffer
  kListpack = 3,
  kQuicklist = 4,
  kIntset = 5,
  kHashtable = 6,
  kSkiplist = 7,
  kStream = 8,
};

std::string_view type_name(ObjType t);      // "string", "list", ...
std::string_view encoding_name(Encoding e);  // "int", "embstr", ...

// A growable byte string owned by a keyspace entry (encoding kRaw).
struct RawString {
  uint64_t len;
  uint64_t cap;
  char data[1];

  static RawString* create(std::string_view s, size_t cap = 0);
  // Returns a string with room for at least `need` bytes (may move; the old pointer is invalid).
  static RawString* reserve(RawString* s, size_t need);
  static void destroy(RawString* s);
  std::string_view view() const { return {data, static_cast<size_t>(len)}; }
};

// Engines of collection types plug in here: freeing, copying and sizing a value held by pointer.
// Each collection family registers its handlers at start-up (see register_object_ops).
struct ObjectOps {
  void (*destroy)(void* obj, Encoding enc) = nullptr;
  void* (*clone)(const void* obj, Encoding enc) = nullptr;
  size_t (*memory)(const void* obj, Encoding enc) = nullptr;
};
void register_object_ops(ObjType type, const ObjectOps& ops);
// Registers every collection engine's handlers; called once at server start-up.
void register_engine_ops();
const ObjectOps& object_ops(ObjType type);

}  // namespace sable
