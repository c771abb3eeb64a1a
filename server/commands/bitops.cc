// Bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO) and LCS.
//
// Bitmaps are plain strings: bit 0 is the most significant bit of byte 0. Reads treat a string
// as followed by an endless run of zero bits; writes grow it with zero bytes. Every write goes
// through string_for_write, so a bitmap that is edited is held raw and changed in place.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "server/commands/common.h"

namespace sable {

namespace {

// Parses a bit offset like Redis's getBitOffsetFromArgument. With `hash_bits` > 0 the form
// "#N" means N * hash_bits (BITFIELD). Offsets whose byte lies beyond proto-max-bulk-len are
// refused. Replies the error and returns false on failure.
bool parse_bit_offset(CommandContext& ctx, std::string_view arg, int hash_bits, uint64_t* out) {
  bool hash = hash_bits > 0 && arg.size() > 1 && arg[0] == '#';
  int64_t v;
  if (!parse_int64(hash ? arg.substr(1) : arg, &v)) {
    ctx.reply.error(err::kBitOffset);
    return false;
  }
  // Redis multiplies without an overflow check; do the same wrap-around, but defined.
  if (hash) v = static_cast<int64_t>(static_cast<uint64_t>(v) * static_cast<uint64_t>(hash_bits));
  if (v < 0 || (v >> 3) >= ctx.server.config.proto_max_bulk_len) {
    ctx.reply.error(err::kBitOffset);
    return false;
  }
  *out = static_cast<uint64_t>(v);
  return true;
}

// Reads a string for a bitmap command. Returns false after replying WRONGTYPE.
bool read_bitmap(CommandContext& ctx, std::string_view key, Entry** e, std::string_view* out,
                 char* scratch) {
  if (!lookup_typed(ctx, key, ObjType::kString, e)) return false;
  *out = *e ? entry::string_value(*e, scratch) : std::string_view();
  return true;
}

inline int bit_at(std::string_view s, uint64_t pos) {
  uint64_t byte = pos >> 3;
  if (byte >= s.size()) return 0;
  return (static_cast<unsigned char>(s[byte]) >> (7 - (pos & 7))) & 1;
}

// Number of set bits in the inclusive bit range [from, to] of `s` (both inside the string).
uint64_t count_bits(std::string_view s, uint64_t from, uint64_t to) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t first = from >> 3, last = to >> 3;
  const unsigned char head = 0xFF >> (from & 7);               // bits from `from` on
  const unsigned char tail = 0xFF & (0xFF << (7 - (to & 7)));  // bits up to `to`
  if (first == last) return __builtin_popcount(p[first] & head & tail);
  uint64_t n = __builtin_popcount(p[first] & head) + __builtin_popcount(p[last] & tail);
  size_t i = first + 1;
  for (; i + 8 <= last; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    n += __builtin_popcountll(w);
  }
  for (; i < last; ++i) n += __builtin_popcount(p[i]);
  return n;
}

// Position of the first bit equal to `bit` in the inclusive bit range [from, to], or -1.
int64_t find_bit(std::string_view s, int bit, uint64_t from, uint64_t to) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const uint64_t skip = bit ? 0 : ~uint64_t{0};  // words that cannot hold a match
  while (from <= to) {
    if ((from & 63) == 0 && from + 63 <= to) {
      uint64_t w;
      std::memcpy(&w, p + (from >> 3), 8);
      if (w == skip) {
        from += 64;
        continue;
      }
    }
    if (bit_at(s, from) == bit) return static_cast<int64_t>(from);
    ++from;
  }
  return -1;
}

// Resolves BITCOUNT/BITPOS start/end (in bytes, or bits when `in_bits`) against a string of
// `len` bytes into an inclusive bit range. Returns false when the range is empty.
bool resolve_bit_range(int64_t start, int64_t end, bool in_bits, int64_t len, uint64_t* from,
                       uint64_t* to) {
  int64_t total = in_bits ? len * 8 : len;
  if (start < 0) start = std::max<int64_t>(0, total + start);
  if (end < 0) end = std::max<int64_t>(0, total + end);
  if (end >= total) end = total - 1;
  if (start > end) return false;
  *from = in_bits ? start : start * 8;
  *to = in_bits ? end : end * 8 + 7;
  return true;
}

// Parses the optional BYTE|BIT unit argument. Replies a syntax error on anything else.
bool parse_bit_unit(CommandContext& ctx, std::string_view arg, bool* in_bits) {
  if (iequals(arg, "BIT")) {
    *in_bits = true;
  } else if (iequals(arg, "BYTE")) {
    *in_bits = false;
  } else {
    ctx.reply.error(err::kSyntax);
    return false;
  }
  return true;
}

// SETBIT key offset value
void CmdSetBit(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  uint64_t offset;
  if (!parse_bit_offset(ctx, ctx.arg(2), 0, &offset)) return;
  int64_t on;
  if (!parse_int64(ctx.arg(3), &on) || (on & ~1)) return ctx.reply.error(err::kBitValue);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  char scratch[24];
  size_t old_len = e ? entry::string_value(e, scratch).size() : 0;
  RawString* r = string_for_write(ctx, key, e, (offset >> 3) + 1);
  auto& byte = reinterpret_cast<unsigned char&>(r->data[offset >> 3]);
  const unsigned char mask = 1u << (7 - (offset & 7));
  int old = (byte & mask) ? 1 : 0;
  if (!e || r->len != old_len || old != on) {
    byte = on ? (byte | mask) : (byte & ~mask);
    key_modified(ctx, key);
    notify(ctx, kNotifyString, "setbit", key);
  }
  ctx.reply.integer(old);
}

// GETBIT key offset
void CmdGetBit(CommandContext& ctx) {
  uint64_t offset;
  if (!parse_bit_offset(ctx, ctx.arg(2), 0, &offset)) return;
  Entry* e;
  std::string_view s;
  char scratch[24];
  if (!read_bitmap(ctx, ctx.arg(1), &e, &s, scratch)) return;
  ctx.reply.integer(bit_at(s, offset));
}

// BITCOUNT key [start end [BYTE | BIT]]
// As in Redis 7.0 the key is looked up before the range is parsed: a missing key counts 0
// whatever the arguments.
void CmdBitCount(CommandContext& ctx) {
  Entry* e;
  std::string_view s;
  char scratch[24];
  if (!read_bitmap(ctx, ctx.arg(1), &e, &s, scratch)) return;
  if (!e) return ctx.reply.integer(0);
  uint64_t from = 0, to = 0;
  bool nonempty = !s.empty();
  to = s.size() * 8 - 1;
  if (ctx.argc() == 4 || ctx.argc() == 5) {
    int64_t start, end;
    bool in_bits = false;
    if (!parse_int64(ctx.arg(2), &start) || !parse_int64(ctx.arg(3), &end))
      return ctx.reply.error(err::kNotInteger);
    if (ctx.argc() == 5 && !parse_bit_unit(ctx, ctx.arg(4), &in_bits)) return;
    if (start < 0 && end < 0 && start > end) return ctx.reply.integer(0);
    nonempty = resolve_bit_range(start, end, in_bits, s.size(), &from, &to);
  } else if (ctx.argc() != 2) {
    return ctx.reply.error(err::kSyntax);
  }
  ctx.reply.integer(nonempty ? static_cast<long long>(count_bits(s, from, to)) : 0);
}

// BITPOS key bit [start [end [BYTE | BIT]]]
void CmdBitPos(CommandContext& ctx) {
  int64_t bit;
  if (!parse_int64(ctx.arg(2), &bit)) return ctx.reply.error(err::kNotInteger);
  if (bit != 0 && bit != 1) return ctx.reply.error(err::kBitArgument);
  Entry* e;
  std::string_view s;
  char scratch[24];
  if (!read_bitmap(ctx, ctx.arg(1), &e, &s, scratch)) return;
  // A missing key is an endless run of zeros.
  if (!e) return ctx.reply.integer(bit ? -1 : 0);
  if (ctx.argc() > 6) return ctx.reply.error(err::kSyntax);
  int64_t start = 0, end = -1;
  bool in_bits = false, end_given = ctx.argc() >= 5;
  if (ctx.argc() >= 4 && !parse_int64(ctx.arg(3), &start)) return ctx.reply.error(err::kNotInteger);
  if (ctx.argc() == 6 && !parse_bit_unit(ctx, ctx.arg(5), &in_bits)) return;
  if (end_given && !parse_int64(ctx.arg(4), &end)) return ctx.reply.error(err::kNotInteger);
  uint64_t from, to;
  if (!resolve_bit_range(start, end, in_bits, s.size(), &from, &to)) return ctx.reply.integer(-1);
  int64_t pos = find_bit(s, static_cast<int>(bit), from, to);
  // Looking for a 0 without an explicit end: the string continues with zeros after it.
  if (pos < 0 && bit == 0 && !end_given) pos = static_cast<int64_t>(to + 1);
  ctx.reply.integer(pos);
}

// BITOP AND | OR | XOR | NOT destkey key [key ...]
void CmdBitOp(CommandContext& ctx) {
  std::string_view op = ctx.arg(1), dest = ctx.arg(2);
  enum { kAnd, kOr, kXor, kNot } kind;
  if (iequals(op, "AND"))
    kind = kAnd;
  else if (iequals(op, "OR"))
    kind = kOr;
  else if (iequals(op, "XOR"))
    kind = kXor;
  else if (iequals(op, "NOT"))
    kind = kNot;
  else
    return ctx.reply.error(err::kSyntax);
  if (kind == kNot && ctx.argc() != 4) return ctx.reply.error(err::kBitopNot);
  size_t n = ctx.argc() - 3, maxlen = 0;
  std::vector<std::string_view> src(n);
  std::vector<std::array<char, 24>> scratch(n);
  for (size_t i = 0; i < n; ++i) {
    Entry* e;
    if (!read_bitmap(ctx, ctx.arg(i + 3), &e, &src[i], scratch[i].data())) return;
    maxlen = std::max(maxlen, src[i].size());
  }
  std::string out(maxlen, '\0');
  auto byte_of = [&](size_t i, size_t j) -> unsigned char {
    return j < src[i].size() ? static_cast<unsigned char>(src[i][j]) : 0;
  };
  for (size_t j = 0; j < maxlen; ++j) {
    unsigned char v = byte_of(0, j);
    if (kind == kNot) v = ~v;
    for (size_t i = 1; i < n; ++i) {
      if (kind == kAnd)
        v &= byte_of(i, j);
      else if (kind == kOr)
        v |= byte_of(i, j);
      else
        v ^= byte_of(i, j);
    }
    out[j] = static_cast<char>(v);
  }
  if (maxlen) {
    ctx.db.set(dest, Value::object(ObjType::kString, Encoding::kRaw, RawString::create(out)));
    key_modified(ctx, dest);
    notify(ctx, kNotifyString, "set", dest);
  } else if (ctx.db.del(dest)) {
    key_modified(ctx, dest);
    notify(ctx, kNotifyGeneric, "del", dest);
  }
  ctx.reply.integer(static_cast<long long>(maxlen));
}

// ---- BITFIELD ----

enum class Overflow { kWrap, kSat, kFail };

struct BitfieldOp {
  enum Kind { kGet, kSet, kIncrBy } kind;
  uint64_t offset;
  int bits;
  bool is_signed;
  Overflow overflow;
  int64_t value;  // SET value or INCRBY increment
};

// Parses a bitfield type: i1..i64 or u1..u63 (lower case only, as Redis).
bool parse_bitfield_type(CommandContext& ctx, std::string_view arg, bool* is_signed, int* bits) {
  static constexpr std::string_view kErr =
      "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
      "i64 is.";
  // Redis reads the width as a C string: it ends at the first NUL byte.
  std::string_view width = arg.empty() ? arg : arg.substr(1, arg.find('\0', 1) - 1);
  int64_t n;
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u') || !parse_int64(width, &n) || n < 1 ||
      n > (arg[0] == 'i' ? 64 : 63)) {
    ctx.reply.error(kErr);
    return false;
  }
  *is_signed = arg[0] == 'i';
  *bits = static_cast<int>(n);
  return true;
}

uint64_t read_field(std::string_view s, uint64_t offset, int bits) {
  uint64_t v = 0;
  for (int i = 0; i < bits; ++i) v = (v << 1) | bit_at(s, offset + i);
  return v;
}

void write_field(RawString* r, uint64_t offset, int bits, uint64_t v) {
  for (int i = 0; i < bits; ++i) {
    uint64_t pos = offset + i;
    auto& byte = reinterpret_cast<unsigned char&>(r->data[pos >> 3]);
    const unsigned char mask = 1u << (7 - (pos & 7));
    if ((v >> (bits - 1 - i)) & 1)
      byte |= mask;
    else
      byte &= ~mask;
  }
}

// Sign-extends the low `bits` bits of v.
int64_t sign_extend(uint64_t v, int bits) {
  if (bits < 64 && ((v >> (bits - 1)) & 1)) v |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(v);
}

// Fits the exact result `r` into the field type under the overflow policy. Returns false when
// it overflowed (the caller skips the write under FAIL); *out receives the bits to store.
bool fit_field(__int128 r, const BitfieldOp& op, uint64_t* out) {
  const int b = op.bits;
  const __int128 max = op.is_signed ? (__int128{1} << (b - 1)) - 1 : (__int128{1} << b) - 1;
  const __int128 min = op.is_signed ? -(__int128{1} << (b - 1)) : 0;
  if (r >= min && r <= max) {
    *out = static_cast<uint64_t>(r);
    return true;
  }
  if (op.overflow == Overflow::kSat)
    *out = static_cast<uint64_t>(r > max ? max : min);
  else  // WRAP: keep the low bits (FAIL never stores)
    *out = static_cast<uint64_t>(r);
  return false;
}

// Runs one SET or INCRBY on the bitmap and replies its result (null when FAIL stopped it).
enum class FieldWrite { kFailed, kSame, kChanged };
// Returns whether the write was applied and whether it changed the field's bits.
FieldWrite apply_bitfield_write(CommandContext& ctx, RawString* r, const BitfieldOp& op) {
  const uint64_t mask = op.bits == 64 ? ~uint64_t{0} : (uint64_t{1} << op.bits) - 1;
  uint64_t raw_old = read_field(r->view(), op.offset, op.bits);
  __int128 old = op.is_signed ? __int128{sign_extend(raw_old, op.bits)} : __int128{raw_old};
  __int128 target;
  if (op.kind == BitfieldOp::kIncrBy)
    target = old + op.value;
  else  // SET: an unsigned field takes the value's 64-bit pattern, as Redis does
    target = op.is_signed ? __int128{op.value} : __int128{static_cast<uint64_t>(op.value)};
  uint64_t stored;
  bool fits = fit_field(target, op, &stored);
  if (!fits && op.overflow == Overflow::kFail) {
    ctx.reply.null();
    return FieldWrite::kFailed;
  }
  stored &= mask;
  write_field(r, op.offset, op.bits, stored);
  if (op.kind == BitfieldOp::kSet)
    ctx.reply.integer(static_cast<long long>(old));
  else
    ctx.reply.integer(op.is_signed ? sign_extend(stored, op.bits) : static_cast<long long>(stored));
  return stored != raw_old ? FieldWrite::kChanged : FieldWrite::kSame;
}

// Parses BITFIELD's operation list. Replies the error and returns false on failure.
bool parse_bitfield_ops(CommandContext& ctx, std::vector<BitfieldOp>* ops) {
  Overflow overflow = Overflow::kWrap;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    std::string_view sub = ctx.arg(j);
    size_t rest = ctx.argc() - j - 1;
    BitfieldOp op{};
    if (iequals(sub, "GET") && rest >= 2) {
      op.kind = BitfieldOp::kGet;
    } else if (iequals(sub, "SET") && rest >= 3) {
      op.kind = BitfieldOp::kSet;
    } else if (iequals(sub, "INCRBY") && rest >= 3) {
      op.kind = BitfieldOp::kIncrBy;
    } else if (iequals(sub, "OVERFLOW") && rest >= 1) {
      std::string_view how = ctx.arg(++j);
      if (iequals(how, "WRAP"))
        overflow = Overflow::kWrap;
      else if (iequals(how, "SAT"))
        overflow = Overflow::kSat;
      else if (iequals(how, "FAIL"))
        overflow = Overflow::kFail;
      else
        return ctx.reply.error(err::kBitfieldOverflow), false;
      continue;
    } else {
      return ctx.reply.error(err::kSyntax), false;
    }
    if (!parse_bitfield_type(ctx, ctx.arg(j + 1), &op.is_signed, &op.bits)) return false;
    if (!parse_bit_offset(ctx, ctx.arg(j + 2), op.bits, &op.offset)) return false;
    if (op.kind != BitfieldOp::kGet && !parse_int64(ctx.arg(j + 3), &op.value))
      return ctx.reply.error(err::kNotInteger), false;
    op.overflow = overflow;
    ops->push_back(op);
    j += op.kind == BitfieldOp::kGet ? 2 : 3;
  }
  return true;
}

// BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL]
//     SET encoding offset value | INCRBY encoding offset increment ...]
// BITFIELD_RO key [GET encoding offset ...]
void BitfieldGeneric(CommandContext& ctx, bool read_only_cmd) {
  std::string_view key = ctx.arg(1);
  std::vector<BitfieldOp> ops;
  if (!parse_bitfield_ops(ctx, &ops)) return;
  uint64_t highest = 0;
  bool writes = false;
  for (const auto& op : ops) {
    if (op.kind == BitfieldOp::kGet) continue;
    writes = true;
    highest = std::max(highest, op.offset + op.bits - 1);
  }
  Entry* e;
  std::string_view s;
  char scratch[24];
  RawString* r = nullptr;
  bool grew = false;  // the key was created or lengthened: every applied write then counts
  if (!writes) {
    if (!read_bitmap(ctx, key, &e, &s, scratch)) return;
  } else {
    if (read_only_cmd) return ctx.reply.error(err::kBitfieldRo);
    if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
    size_t old_len = e ? entry::string_value(e, scratch).size() : 0;
    r = string_for_write(ctx, key, e, (highest >> 3) + 1);
    grew = !e || r->len != old_len;
  }
  ctx.reply.array_len(ops.size());
  // Like Redis, each write that changed bits (or any applied write to a new or grown string)
  // is one change; FAILed writes do not count, so the key may be created yet not signalled.
  uint64_t changes = 0;
  for (const auto& op : ops) {
    if (op.kind != BitfieldOp::kGet) {
      FieldWrite w = apply_bitfield_write(ctx, r, op);
      if (w == FieldWrite::kChanged || (grew && w == FieldWrite::kSame)) ++changes;
      continue;
    }
    uint64_t v = read_field(r ? r->view() : s, op.offset, op.bits);
    ctx.reply.integer(op.is_signed ? sign_extend(v, op.bits) : static_cast<long long>(v));
  }
  if (changes) {
    key_modified(ctx, key);
    ctx.server.dirty += changes - 1;
    notify(ctx, kNotifyString, "setbit", key);
  }
}
void CmdBitfield(CommandContext& ctx) { BitfieldGeneric(ctx, false); }
void CmdBitfieldRo(CommandContext& ctx) { BitfieldGeneric(ctx, true); }

// ---- LCS ----

struct LcsMatch {
  uint32_t a_start, a_end, b_start, b_end;
};

// Walks the filled LCS table back from its corner, writing the common subsequence into `out`
// and collecting the contiguous matching ranges (last ones first, as Redis reports them).
void lcs_backtrack(std::string_view a, std::string_view b, const std::vector<uint32_t>& table,
                   std::string* out, std::vector<LcsMatch>* ranges) {
  const size_t cols = b.size() + 1;
  auto at = [&](size_t i, size_t j) { return table[i * cols + j]; };
  size_t i = a.size(), j = b.size(), idx = out->size();
  bool open = false;
  LcsMatch cur{};
  while (i > 0 && j > 0) {
    bool close = false;
    if (a[i - 1] == b[j - 1]) {
      (*out)[--idx] = a[i - 1];
      if (!open) {
        open = true;
        cur = {uint32_t(i - 1), uint32_t(i - 1), uint32_t(j - 1), uint32_t(j - 1)};
      } else {  // the previous step matched at (i, j): extend the range backwards
        --cur.a_start;
        --cur.b_start;
      }
      close = cur.a_start == 0 || cur.b_start == 0;
      --i;
      --j;
    } else {
      if (at(i - 1, j) > at(i, j - 1))
        --i;
      else
        --j;
      close = open;
    }
    if (close) {
      ranges->push_back(cur);
      open = false;
    }
  }
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
void CmdLcs(CommandContext& ctx) {
  Entry *ea = lookup_read(ctx, ctx.arg(1)), *eb = lookup_read(ctx, ctx.arg(2));
  if ((ea && entry::type(ea) != ObjType::kString) || (eb && entry::type(eb) != ObjType::kString))
    return ctx.reply.error(err::kLcsNotStrings);
  char sa[24], sb[24];
  std::string a(ea ? entry::string_value(ea, sa) : ""), b(eb ? entry::string_value(eb, sb) : "");
  bool get_len = false, get_idx = false, with_len = false;
  int64_t min_len = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.arg(j);
    if (iequals(opt, "IDX")) {
      get_idx = true;
    } else if (iequals(opt, "LEN")) {
      get_len = true;
    } else if (iequals(opt, "WITHMATCHLEN")) {
      with_len = true;
    } else if (iequals(opt, "MINMATCHLEN") && j + 1 < ctx.argc()) {
      if (!parse_int64(ctx.arg(++j), &min_len)) return ctx.reply.error(err::kNotInteger);
      min_len = std::max<int64_t>(min_len, 0);
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  if (get_idx && get_len) return ctx.reply.error(err::kLcsLenAndIdx);
  if (a.size() >= UINT32_MAX - 1 || b.size() >= UINT32_MAX - 1)
    return ctx.reply.error(err::kLcsTooLong);
  const size_t cols = b.size() + 1;
  const unsigned long long cells = (a.size() + 1ULL) * cols;
  if (cells * sizeof(uint32_t) >
      static_cast<unsigned long long>(ctx.server.config.proto_max_bulk_len))
    return ctx.reply.error(
        "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  // table[i][j]: LCS length of a[0..i) and b[0..j).
  std::vector<uint32_t> table(cells, 0);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      table[i * cols + j] = a[i - 1] == b[j - 1]
                                ? table[(i - 1) * cols + j - 1] + 1
                                : std::max(table[(i - 1) * cols + j], table[i * cols + j - 1]);
  const uint32_t total = table.back();
  if (get_len) return ctx.reply.integer(total);
  std::string common(total, '\0');
  std::vector<LcsMatch> ranges;
  lcs_backtrack(a, b, table, &common, &ranges);
  if (!get_idx) return ctx.reply.bulk(common);
  std::erase_if(ranges, [&](const LcsMatch& m) {
    return min_len > 0 && static_cast<int64_t>(m.a_end - m.a_start + 1) < min_len;
  });
  ctx.reply.map_len(2);
  ctx.reply.bulk("matches");
  ctx.reply.array_len(ranges.size());
  for (const auto& m : ranges) {
    ctx.reply.array_len(with_len ? 3 : 2);
    ctx.reply.array_len(2);
    ctx.reply.integer(m.a_start);
    ctx.reply.integer(m.a_end);
    ctx.reply.array_len(2);
    ctx.reply.integer(m.b_start);
    ctx.reply.integer(m.b_end);
    if (with_len) ctx.reply.integer(m.a_end - m.a_start + 1);
  }
  ctx.reply.bulk("len");
  ctx.reply.integer(total);
}

}  // namespace

void RegisterBitopsFamily(CommandTable& t) {
  FamilyRows rows(t, "bitmap");
  rows.add({.name = "setbit",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .acl = "@write @bitmap @slow",
            .summary = "Sets or clears the bit at offset in the string value stored at key",
            .since = "2.2.0",
            .complexity = "O(1)",
            .usage = "key offset value",
            .handler = CmdSetBit});
  rows.add({.name = "getbit",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .acl = "@read @bitmap @fast",
            .summary = "Returns the bit value at offset in the string value stored at key",
            .since = "2.2.0",
            .complexity = "O(1)",
            .usage = "key offset",
            .handler = CmdGetBit});
  rows.add({.name = "bitcount",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @bitmap @slow",
            .summary = "Count set bits in a string",
            .since = "2.6.0",
            .complexity = "O(N)",
            .usage = "key [start end [BYTE | BIT]]",
            .handler = CmdBitCount});
  rows.add({.name = "bitpos",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @bitmap @slow",
            .summary = "Find first bit set or clear in a string",
            .since = "2.8.7",
            .complexity = "O(N)",
            .usage = "key bit [start [end [BYTE | BIT]]]",
            .handler = CmdBitPos});
  rows.add({.name = "bitop",
            .arity = -4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {2, -1, 1},
            .acl = "@write @bitmap @slow",
            .summary = "Perform bitwise operations between strings",
            .since = "2.6.0",
            .complexity = "O(N)",
            .usage = "operation destkey key ...",
            .handler = CmdBitOp});
  rows.add({.name = "bitfield",
            .arity = -2,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .acl = "@write @bitmap @slow",
            .summary = "Perform arbitrary bitfield integer operations on strings",
            .since = "3.2.0",
            .complexity = "O(1) for each subcommand specified",
            .usage = "key [GET encoding offset | <[OVERFLOW <WRAP | SAT | FAIL>] <SET encoding "
                     "offset value | INCRBY encoding offset increment>>] ...",
            .handler = CmdBitfield});
  rows.add({.name = "bitfield_ro",
            .arity = -2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .acl = "@read @bitmap @fast",
            .summary = "Perform arbitrary bitfield integer operations on strings. Read-only "
                       "variant of BITFIELD",
            .since = "6.0.0",
            .complexity = "O(1) for each subcommand specified",
            .usage = "key [GET encoding offset ...]",
            .handler = CmdBitfieldRo});
  rows.add({.name = "lcs",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {1, 2, 1},
            .acl = "@read @string @slow",
            .summary = "Find longest common substring",
            .since = "7.0.0",
            .complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively",
            .usage = "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]",
            .handler = CmdLcs,
            .group = "string"});
}

}  // namespace sable
