// The string engine: the choice of a string's encoding, the arithmetic of INCR/INCRBY/DECRBY/
// INCRBYFLOAT, the edits of APPEND/SETRANGE/SETBIT, GETRANGE, and the bit-level primitives of the
// bitmap commands. No RESP and no I/O: functions return values or a Status, and the command layer
// turns a Status into Redis's error text.
//
// A string lives in its keyspace entry in one of three encodings (the names OBJECT ENCODING
// reports):
//   int     an int64 inside the entry, for text that is a canonical integer of up to 20 chars;
//   embstr  up to kEmbstrMaxLen (44) bytes inside the entry, after the key;
//   raw     a RawString buffer of its own.
// A value written by a client takes the most compact of them (encode). A string that is edited
// (APPEND to an existing value, SETRANGE, SETBIT, BITFIELD) becomes raw and stays raw, so repeated
// edits grow one buffer in place instead of reallocating the entry, as Redis's
// dbUnshareStringValue does. Counters stay int-encoded and are updated inside the entry.
//
// Functions that change a stored key take the Db, the key and its entry (null when the key is
// missing; the caller has checked its type) and store through the keyspace. Entries may move, so
// the caller must not reuse the Entry* afterwards. Length limits (proto-max-bulk-len) come from
// the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "datatypes/keyspace.h"
#include "datatypes/object.h"

namespace sable::strings {

enum class Status : uint8_t {
  kOk,
  kNotInteger,     // the stored value is not a 64-bit integer
  kNotFloat,       // the stored value is not a number INCRBYFLOAT can read
  kOverflow,       // the integer result would leave the int64 range
  kNaNOrInfinity,  // the float result is not finite
  kTooLong,        // the result would be longer than the caller's limit
};

// ---- Encoding choice ----

// The most compact encoding of `s` (Redis's tryObjectEncoding): int for a canonical integer of
// at most 20 characters, embstr up to kEmbstrMaxLen bytes, raw beyond.
Value encode(std::string_view s);
// For text that must keep its spelling (INCRBYFLOAT's results): embstr or raw, never int.
Value encode_text(std::string_view s);
// Always raw: the result of a bitmap operation (BITOP), which is likely to be edited next.
Value encode_raw(std::string_view s);

// ---- Reading ----

// GETRANGE's substring: start and end are inclusive byte indexes, negative ones count from the
// end; out-of-range parts are clipped and an empty or inverted range gives "".
std::string_view range(std::string_view s, int64_t start, int64_t end);

// ---- Arithmetic ----

// cur + delta, or kOverflow.
inline Status add(int64_t cur, int64_t delta, int64_t* out) {
  return __builtin_add_overflow(cur, delta, out) ? Status::kOverflow : Status::kOk;
}
// cur + incr as INCRBYFLOAT formats it (%.17Lf, trailing zeros removed), or kNaNOrInfinity.
Status add_float(long double cur, long double incr, std::string* out);

namespace detail {
Status incr_by_reencoding(Db& db, std::string_view key, Entry* e, int64_t delta, int64_t* result);
}
// INCR/DECR/INCRBY/DECRBY: adds `delta` to the integer at `key` (0 when missing) and stores the
// result int-encoded. kNotInteger when the value is not an integer, kOverflow when the sum is
// out of range; nothing is stored then. A counter that is already int-encoded (the common case)
// is rewritten inside its entry, inline here; anything else is stored anew (out of line).
inline Status incr_by(Db& db, std::string_view key, Entry* e, int64_t delta, int64_t* result) {
  if (!e || entry::encoding(e) != Encoding::kInt)
    return detail::incr_by_reencoding(db, key, e, delta, result);
  unsigned char* p = entry::value_ptr(e);
  int64_t cur;
  std::memcpy(&cur, p, sizeof(cur));
  if (add(cur, delta, result) != Status::kOk) return Status::kOverflow;
  std::memcpy(p, result, sizeof(*result));
  return Status::kOk;
}
// INCRBYFLOAT: adds `incr` to the number at `key` (0 when missing) and stores the result as text.
// kNotFloat when the value is not a number, kNaNOrInfinity for a non-finite sum.
Status incr_by_float(Db& db, std::string_view key, Entry* e, long double incr, std::string* result);

// ---- Editing ----

// APPEND: a missing key is created with `tail` (compactly encoded); an existing value grows in
// place, raw. kTooLong when the result would exceed `max_len` bytes. *len is the new length.
Status append(Db& db, std::string_view key, Entry* e, std::string_view tail, uint64_t max_len,
              size_t* len);
// SETRANGE: writes `bytes` at `offset`, zero-padding any gap, creating the key when missing.
// Writing nothing changes nothing (not even a missing key) and reports the current length.
// kTooLong when offset + bytes.size() exceeds `max_len`. *len is the resulting length.
Status set_range(Db& db, std::string_view key, Entry* e, uint64_t offset, std::string_view bytes,
                 uint64_t max_len, size_t* len);
// Makes the value at `key` raw and at least `min_len` bytes long (zero-padding growth, creating
// the key when missing) and returns its buffer for in-place edits. *grew (when given) tells
// whether the key was created or lengthened.
RawString* make_raw(Db& db, std::string_view key, Entry* e, size_t min_len, bool* grew = nullptr);

// ---- Bitmaps ----
// A bitmap is a string; bit 0 is the most significant bit of byte 0. Reads see an endless run of
// zero bits after the end of the string.

int get_bit(std::string_view s, uint64_t pos);
// SETBIT: sets the bit at `pos` to `on` (0 or 1), growing the string as needed, and returns the
// old bit. *changed: the key was created or grown, or the bit flipped.
int set_bit(Db& db, std::string_view key, Entry* e, uint64_t pos, int on, bool* changed);
// Resolves BITCOUNT/BITPOS start/end (bytes, or bits when `in_bits`; negative from the end) over a
// string of `len` bytes into an inclusive bit range. False when the range is empty.
bool bit_range(int64_t start, int64_t end, bool in_bits, uint64_t len, uint64_t* from,
               uint64_t* to);
// Number of set bits in the inclusive bit range [from, to], which lies inside `s`.
uint64_t count_bits(std::string_view s, uint64_t from, uint64_t to);
// Position of the first bit equal to `bit` in the inclusive range [from, to] inside `s`, or -1.
int64_t find_bit(std::string_view s, int bit, uint64_t from, uint64_t to);
// The `bits`-wide (1..64) unsigned field at bit `offset`, most significant bit first.
uint64_t read_bits(std::string_view s, uint64_t offset, int bits);
// Stores the low `bits` bits of `v` at bit `offset` of `r`, which is long enough.
void write_bits(RawString* r, uint64_t offset, int bits, uint64_t v);

enum class BitOp : uint8_t { kAnd, kOr, kXor, kNot };
// BITOP: combines the sources byte by byte into a string as long as the longest one (shorter
// sources read as zero-padded); kNot uses srcs[0] only.
std::string bit_op(BitOp op, std::span<const std::string_view> srcs);

}  // namespace sable::strings
