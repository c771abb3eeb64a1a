// HyperLogLog: the probabilistic distinct counter of PFADD / PFCOUNT / PFMERGE, stored in a
// string exactly as Redis stores it, so the bytes (GET, DUMP, RDB) move between Redis and Sable.
//
// Layout (Redis's): a 16-byte header — "HYLL", the encoding (0 dense, 1 sparse), three zero bytes,
// and the cached cardinality as 8 little-endian bytes whose top bit marks the cache stale — then
// 16384 registers of 6 bits each. An element is hashed with MurmurHash64A (seed 0xadc83b19): the
// low 14 bits pick a register, and the position of the first set bit in the other 50 (+1) is the
// value the register keeps the maximum of.
//   dense:  the registers packed 6 bits each, least significant bits first (12288 bytes);
//   sparse: run-length opcodes — ZERO 00xxxxxx (1..64 zero registers), XZERO 01xxxxxx yyyyyyyy
//           (1..16384 zero registers), VAL 1vvvvvxx (1..4 registers of value 1..32).
// A sparse value turns dense when a register needs more than 32 or the string would pass
// hll-sparse-max-bytes. The count is Ertl's improved estimator, as in Redis 7.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sable::hll {

constexpr int kRegisters = 16384;
constexpr size_t kHeaderSize = 16;
constexpr size_t kDenseSize = kHeaderSize + (kRegisters * 6 + 7) / 8;

// A new, empty (sparse) HyperLogLog.
std::string create();
// Whether `s` is a HyperLogLog as far as its header and length tell (Redis's isHLLObject).
bool looks_valid(std::string_view s);
bool is_sparse(std::string_view s);

// PFADD of one element: 1 when a register changed, 0 when not, -1 when the value is corrupt.
int add(std::string* s, std::string_view element, size_t sparse_max_bytes);
// PFADD of one element to a dense value (kDenseSize bytes at `s`, header included), edited where
// it lies: 1 when a register changed (the cache is then marked stale), else 0.
int add_dense(unsigned char* s, std::string_view element);
// Sets register `index` to at least `value`; same returns as add.
int set_register(std::string* s, int index, int value, size_t sparse_max_bytes);
// Converts a sparse value to dense (no-op when dense); false when corrupt.
bool to_dense(std::string* s);

// Every register's value into regs[kRegisters]; false when corrupt.
bool registers(std::string_view s, uint8_t* regs);
// max[i] = max(max[i], register i of s); false when corrupt.
bool merge_into(uint8_t* max, std::string_view s);
// The estimated cardinality of a register array.
uint64_t estimate(const uint8_t* regs);

// The cached cardinality, when the cache is valid.
bool cached_count(std::string_view s, uint64_t* out);
void set_cached_count(std::string* s, uint64_t count);
void set_cached_count(unsigned char* s, uint64_t count);
void invalidate_cache(std::string* s);

// PFDEBUG DECODE: the sparse opcodes as "z:3 Z:100 v:5,2 …"; false when dense or corrupt.
bool decode_sparse(std::string_view s, std::string* out);
// PFSELFTEST: the checks Redis runs on its own implementation; empty when all pass, else why.
std::string self_test();

}  // namespace sable::hll
