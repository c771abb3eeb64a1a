// Bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO) and LCS.
//
// Bitmaps are plain strings: bit 0 is the most significant bit of byte 0. Reads treat a string
// as followed by an endless run of zero bits; writes grow it with zero bytes. The bit-level work
// (counting, searching, fields, BITOP, growth) is the string engine's (datatypes/string_type.h),
// which keeps an edited bitmap raw and changes it in place. Arguments are read with ArgCursor.
#include <algorithm>
#include <array>
#include <vector>

#include "datatypes/string_type.h"
#include "server/commands/common.h"

namespace sable {

namespace {

// Reads a bit offset like Redis's getBitOffsetFromArgument. With `hash_bits` > 0 the form
// "#N" means N * hash_bits (BITFIELD). Offsets whose byte lies beyond proto-max-bulk-len are
// refused. Captures kBitOffset in the cursor on failure.
uint64_t next_bit_offset(ArgCursor& a, const CommandContext& ctx, int hash_bits) {
  std::string_view arg = a.next();
  if (!a.ok()) return 0;
  bool hash = hash_bits > 0 && arg.size() > 1 && arg[0] == '#';
  int64_t v;
  if (!parse_int64(hash ? arg.substr(1) : arg, &v)) {
    a.fail(err::kBitOffset);
    return 0;
  }
  // Redis multiplies without an overflow check; do the same wrap-around, but defined.
  if (hash) v = static_cast<int64_t>(static_cast<uint64_t>(v) * static_cast<uint64_t>(hash_bits));
  if (v < 0 || (v >> 3) >= ctx.server.config.proto_max_bulk_len) {
    a.fail(err::kBitOffset);
    return 0;
  }
  return static_cast<uint64_t>(v);
}

// Reads a string for a bitmap command. Returns false after replying WRONGTYPE.
bool read_bitmap(CommandContext& ctx, std::string_view key, Entry** e, std::string_view* out,
                 char* scratch) {
  if (!lookup_typed(ctx, key, ObjType::kString, e)) return false;
  *out = *e ? entry::string_value(*e, scratch) : std::string_view();
  return true;
}

// SETBIT key offset value
void CmdSetBit(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  ArgCursor a(ctx.argv, 2);
  uint64_t offset = next_bit_offset(a, ctx, 0);
  int64_t on = a.next<int64_t>(err::kBitValue);
  a.check((on & ~1) == 0, err::kBitValue);
  if (!a.ok()) return ctx.reply.error(a.error());
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  bool changed;
  int old = strings::set_bit(ctx.db, key, e, offset, static_cast<int>(on), &changed);
  if (changed) touched(ctx, kNotifyString, "setbit", key);
  ctx.reply.integer(old);
}

// GETBIT key offset
void CmdGetBit(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 2);
  uint64_t offset = next_bit_offset(a, ctx, 0);
  if (!a.ok()) return ctx.reply.error(a.error());
  Entry* e;
  std::string_view s;
  char scratch[24];
  if (!read_bitmap(ctx, ctx.arg(1), &e, &s, scratch)) return;
  ctx.reply.integer(strings::get_bit(s, offset));
}

// BITCOUNT key [start end [BYTE | BIT]]
// As in Redis 7.0 the key is looked up before the range is parsed: a missing key counts 0
// whatever the arguments, and an inverted negative range counts 0 before the unit is read.
void CmdBitCount(CommandContext& ctx) {
  Entry* e;
  std::string_view s;
  char scratch[24];
  if (!read_bitmap(ctx, ctx.arg(1), &e, &s, scratch)) return;
  if (!e) return ctx.reply.integer(0);
  uint64_t from = 0, to = s.size() * 8 - 1;
  bool nonempty = !s.empty();
  if (ctx.argc() == 4 || ctx.argc() == 5) {
    ArgCursor a(ctx.argv, 2);
    int64_t start = a.next<int64_t>(), end = a.next<int64_t>();
    if (!a.ok()) return ctx.reply.error(a.error());
    if (start < 0 && end < 0 && start > end) return ctx.reply.integer(0);
    bool in_bits = !a.done() && a.next_one_of({"BYTE", "BIT"}) == 1;
    if (!a.ok()) return ctx.reply.error(a.error());
    nonempty = strings::bit_range(start, end, in_bits, s.size(), &from, &to);
  } else if (ctx.argc() != 2) {
    return ctx.reply.error(err::kSyntax);
  }
  ctx.reply.integer(nonempty ? static_cast<long long>(strings::count_bits(s, from, to)) : 0);
}

// BITPOS key bit [start [end [BYTE | BIT]]]
void CmdBitPos(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 2);
  int64_t bit = a.next<int64_t>();
  a.check(bit == 0 || bit == 1, err::kBitArgument);
  if (!a.ok()) return ctx.reply.error(a.error());
  Entry* e;
  std::string_view s;
  char scratch[24];
  if (!read_bitmap(ctx, ctx.arg(1), &e, &s, scratch)) return;
  // A missing key is an endless run of zeros.
  if (!e) return ctx.reply.integer(bit ? -1 : 0);
  if (ctx.argc() > 6) return ctx.reply.error(err::kSyntax);
  int64_t start = ctx.argc() >= 4 ? a.next<int64_t>() : 0, end = -1;
  bool in_bits = false, end_given = ctx.argc() >= 5;
  if (end_given) {
    // Redis reads the unit (argv[5]) before the end (argv[4]): a bad unit is reported first, so
    // the end is taken as text here and converted after the unit.
    std::string_view end_arg = a.next();
    if (!a.done()) in_bits = a.next_one_of({"BYTE", "BIT"}) == 1;
    if (a.ok() && !parse_int64(end_arg, &end)) a.fail(err::kNotInteger);
  }
  if (!a.ok()) return ctx.reply.error(a.error());
  uint64_t from, to;
  if (!strings::bit_range(start, end, in_bits, s.size(), &from, &to)) return ctx.reply.integer(-1);
  int64_t pos = strings::find_bit(s, static_cast<int>(bit), from, to);
  // Looking for a 0 without an explicit end: the string continues with zeros after it.
  if (pos < 0 && bit == 0 && !end_given) pos = static_cast<int64_t>(to + 1);
  ctx.reply.integer(pos);
}

// BITOP AND | OR | XOR | NOT destkey key [key ...]
void CmdBitOp(CommandContext& ctx) {
  std::string_view dest = ctx.arg(2);
  ArgCursor a(ctx.argv, 1);
  const int op = a.next_one_of({"AND", "OR", "XOR", "NOT"});
  if (!a.ok()) return ctx.reply.error(a.error());
  const auto kind = static_cast<strings::BitOp>(op);
  if (kind == strings::BitOp::kNot && ctx.argc() != 4) return ctx.reply.error(err::kBitopNot);
  size_t n = ctx.argc() - 3;
  std::vector<std::string_view> src(n);
  std::vector<std::array<char, 24>> scratch(n);
  for (size_t i = 0; i < n; ++i) {
    Entry* e;
    if (!read_bitmap(ctx, ctx.arg(i + 3), &e, &src[i], scratch[i].data())) return;
  }
  std::string out = strings::bit_op(kind, src);
  if (!out.empty()) {
    ctx.db.set(dest, strings::encode_raw(out));
    touched(ctx, kNotifyString, "set", dest);
  } else if (ctx.db.del(dest)) {
    touched(ctx, kNotifyGeneric, "del", dest);
  }
  ctx.reply.integer(static_cast<long long>(out.size()));
}

// ---- BITFIELD ----

enum class Overflow { kWrap, kSat, kFail };  // the order of OVERFLOW's keywords

struct BitfieldOp {
  enum Kind { kGet, kSet, kIncrBy } kind;
  uint64_t offset;
  int bits;
  bool is_signed;
  Overflow overflow;
  int64_t value;  // SET value or INCRBY increment
};

// Reads a bitfield type: i1..i64 or u1..u63 (lower case only, as Redis). Captures kBitfieldType
// in the cursor on failure.
void next_bitfield_type(ArgCursor& a, bool* is_signed, int* bits) {
  std::string_view arg = a.next();
  if (!a.ok()) return;
  // Redis reads the width as a C string: it ends at the first NUL byte.
  std::string_view width = arg.empty() ? arg : arg.substr(1, arg.find('\0', 1) - 1);
  int64_t n;
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u') || !parse_int64(width, &n) || n < 1 ||
      n > (arg[0] == 'i' ? 64 : 63))
    return a.fail(err::kBitfieldType);
  *is_signed = arg[0] == 'i';
  *bits = static_cast<int>(n);
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
  uint64_t raw_old = strings::read_bits(r->view(), op.offset, op.bits);
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
  strings::write_bits(r, op.offset, op.bits, stored);
  if (op.kind == BitfieldOp::kSet)
    ctx.reply.integer(static_cast<long long>(old));
  else
    ctx.reply.integer(op.is_signed ? sign_extend(stored, op.bits) : static_cast<long long>(stored));
  return stored != raw_old ? FieldWrite::kChanged : FieldWrite::kSame;
}

// Parses BITFIELD's operation list. A subcommand is recognised only with room for its
// arguments (GET type offset, SET/INCRBY type offset value, OVERFLOW how); otherwise it is a
// syntax error, as in Redis. Replies the error and returns false on failure.
bool parse_bitfield_ops(CommandContext& ctx, std::vector<BitfieldOp>* ops) {
  Overflow overflow = Overflow::kWrap;
  ArgCursor a(ctx.argv, 2);
  while (!a.done()) {
    BitfieldOp op{};
    if (a.match("GET", 2)) {
      op.kind = BitfieldOp::kGet;
    } else if (a.match("SET", 3)) {
      op.kind = BitfieldOp::kSet;
    } else if (a.match("INCRBY", 3)) {
      op.kind = BitfieldOp::kIncrBy;
    } else if (a.match("OVERFLOW", 1)) {
      int how = a.next_one_of({"WRAP", "SAT", "FAIL"}, err::kBitfieldOverflow);
      if (how >= 0) overflow = static_cast<Overflow>(how);
      continue;
    } else {
      a.fail(err::kSyntax);
      break;
    }
    next_bitfield_type(a, &op.is_signed, &op.bits);
    op.offset = next_bit_offset(a, ctx, op.bits);
    if (op.kind != BitfieldOp::kGet) op.value = a.next<int64_t>();
    op.overflow = overflow;
    if (a.ok()) ops->push_back(op);
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
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
    r = string_for_write(ctx, key, e, (highest >> 3) + 1, &grew);
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
    uint64_t v = strings::read_bits(r ? r->view() : s, op.offset, op.bits);
    ctx.reply.integer(op.is_signed ? sign_extend(v, op.bits) : static_cast<long long>(v));
  }
  if (changes) {
    // One signal and one event for the command; the dirty count says how many writes it did.
    touched(ctx, kNotifyString, "setbit", key);
    ctx.server.dirty += changes - 1;
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
  ArgCursor opts(ctx.argv, 3);
  while (!opts.done()) {
    if (opts.match("IDX"))
      get_idx = true;
    else if (opts.match("LEN"))
      get_len = true;
    else if (opts.match("WITHMATCHLEN"))
      with_len = true;
    else if (opts.match("MINMATCHLEN"))  // a missing number is a syntax error
      min_len = std::max<int64_t>(opts.next<int64_t>(), 0);
    else
      opts.fail(err::kSyntax);
  }
  if (!opts.ok()) return ctx.reply.error(opts.error());
  if (get_idx && get_len) return ctx.reply.error(err::kLcsLenAndIdx);
  if (a.size() >= UINT32_MAX - 1 || b.size() >= UINT32_MAX - 1)
    return ctx.reply.error(err::kLcsTooLong);
  const size_t cols = b.size() + 1;
  const unsigned long long cells = (a.size() + 1ULL) * cols;
  if (cells * sizeof(uint32_t) >
      static_cast<unsigned long long>(ctx.server.config.proto_max_bulk_len))
    return ctx.reply.error(err::kLcsMemory);
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
            .key_specs = "RW access update | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "OW update | index 2 | range 0 1 0; RO access | index 3 | range -1 1 0",
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
            .key_specs = "RW access update variable_flags | index 1 | range 0 1 0 | This command "
                         "allows both access and modification of the key",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 1 1 0",
            .acl = "@read @string @slow",
            .summary = "Find longest common substring",
            .since = "7.0.0",
            .complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively",
            .usage = "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]",
            .handler = CmdLcs,
            .group = "string"});
}

}  // namespace sable
