// RDB constants shared by the writer and the loader (values fixed by the Redis file format).
#pragma once

#include <cstdint>

namespace sable::rdb {

constexpr int kVersion = 10;  // what Redis 7.0 writes

enum Type : uint8_t {
  kString = 0,
  kList = 1,
  kSet = 2,
  kZSet = 3,
  kHash = 4,
  kZSet2 = 5,
  kHashZipmap = 9,
  kListZiplist = 10,
  kSetIntset = 11,
  kZSetZiplist = 12,
  kHashZiplist = 13,
  kListQuicklist = 14,
  kHashListpack = 16,
  kZSetListpack = 17,
  kListQuicklist2 = 18,
  kStreamListpacks = 15,   // Redis 5 .. 6.2
  kStreamListpacks2 = 19,  // Redis 7.0 (what Sable writes)
  kStreamListpacks3 = 21,  // Redis 7.2 (consumers' active time)
  kSetListpack = 20,
};

enum Opcode : uint8_t {
  kFunction2 = 0xF5,
  kFunction = 0xF6,
  kModuleAux = 0xF7,
  kIdle = 0xF8,
  kFreq = 0xF9,
  kAux = 0xFA,
  kResizeDb = 0xFB,
  kExpireTimeMs = 0xFC,
  kExpireTime = 0xFD,
  kSelectDb = 0xFE,
  kEof = 0xFF,
};

// Length prefixes: 00 = 6 bits, 01 = 14 bits, 0x80 = 32-bit BE, 0x81 = 64-bit BE, 11 = special.
constexpr uint8_t kLen6 = 0, kLen14 = 1, kLen32 = 0x80, kLen64 = 0x81, kEncVal = 3;
enum StringEnc : uint8_t { kEncInt8 = 0, kEncInt16 = 1, kEncInt32 = 2, kEncLzf = 3 };

constexpr uint64_t kQuicklistPlain = 1, kQuicklistPacked = 2;

}  // namespace sable::rdb
