// HyperLogLog commands: PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST. The registers and their
// encodings are in datatypes/hll; a HyperLogLog is a string, edited in place.
#include "datatypes/hll.h"

#include <fmt/format.h>

#include <vector>

#include "datatypes/string_type.h"
#include "server/commands/common.h"

namespace sable {
namespace {

// The HyperLogLog at `key`, as a view of the stored bytes (valid until the key changes; an HLL is
// never short enough to live in `scratch`, which only holds a number): false (having replied) when
// the key holds something else; *found is false when it does not exist.
bool view_hll(CommandContext& ctx, std::string_view key, Entry** e, std::string_view* bytes,
              bool for_write, bool* found, char (&scratch)[32]) {
  if (!lookup_typed(ctx, key, ObjType::kString, e, for_write)) return false;
  *found = *e != nullptr;
  if (!*found) return true;
  *bytes = entry::string_value(*e, scratch);
  if (!hll::looks_valid(*bytes)) {
    ctx.reply.error(err::kHllNotHll);
    return false;
  }
  return true;
}

// view_hll() copied into `bytes`, for the paths that rewrite the value.
bool read_hll(CommandContext& ctx, std::string_view key, Entry** e, std::string* bytes,
              bool for_write, bool* found) {
  char scratch[32];
  std::string_view v;
  if (!view_hll(ctx, key, e, &v, for_write, found, scratch)) return false;
  if (*found) bytes->assign(v);
  return true;
}

// Writes `bytes` over the value at `key` in place (keeping its TTL), creating it when missing.
void store_hll(CommandContext& ctx, std::string_view key, Entry* e, const std::string& bytes) {
  RawString* r = strings::make_raw(ctx.db, key, e, bytes.size());
  std::memcpy(r->data, bytes.data(), bytes.size());
  r->len = bytes.size();
}

size_t sparse_max(CommandContext& ctx) {
  return static_cast<size_t>(ctx.server.config.hll_sparse_max_bytes);
}

// PFADD key [element ...]
void CmdPfadd(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e;
  bool found;
  char scratch[32];
  std::string_view view;
  if (!view_hll(ctx, key, &e, &view, true, &found, scratch)) return;
  if (found && !hll::is_sparse(view)) {
    // Dense: the registers are edited where they are stored, with no copy of the 12 KB value.
    RawString* r = strings::make_raw(ctx.db, key, e, view.size());
    auto* regs = reinterpret_cast<unsigned char*>(r->data);
    int changed = 0;
    for (size_t i = 2; i < ctx.argc(); ++i) changed |= hll::add_dense(regs, ctx.arg(i));
    if (changed) touched(ctx, kNotifyString, "pfadd", key);
    return ctx.reply.integer(changed);
  }
  std::string h(view);
  bool changed = !found;
  if (!found) h = hll::create();
  for (size_t i = 2; i < ctx.argc(); ++i) {
    int r = hll::add(&h, ctx.arg(i), sparse_max(ctx));
    if (r < 0) return ctx.reply.error(err::kHllCorrupt);
    changed = changed || r == 1;
  }
  if (changed) {
    hll::invalidate_cache(&h);
    store_hll(ctx, key, e, h);
    touched(ctx, kNotifyString, "pfadd", key);
  }
  ctx.reply.integer(changed ? 1 : 0);
}

// PFCOUNT key [key ...]
void CmdPfcount(CommandContext& ctx) {
  if (ctx.argc() == 2) {
    std::string_view key = ctx.arg(1);
    Entry* e;
    bool found;
    char scratch[32];
    std::string_view h;
    if (!view_hll(ctx, key, &e, &h, false, &found, scratch)) return;
    if (!found) return ctx.reply.integer(0);
    uint64_t n;
    if (hll::cached_count(h, &n)) return ctx.reply.integer(static_cast<long long>(n));
    uint8_t regs[hll::kRegisters];
    if (!hll::registers(h, regs)) return ctx.reply.error(err::kHllCorrupt);
    n = hll::estimate(regs);
    // The cache is part of the value: keeping it is a change of the key (as in Redis), written
    // into the stored bytes.
    hll::set_cached_count(reinterpret_cast<unsigned char*>(
                              strings::make_raw(ctx.db, key, e, h.size())->data),
                          n);
    key_modified(ctx, key);
    return ctx.reply.integer(static_cast<long long>(n));
  }
  std::vector<uint8_t> max(hll::kRegisters, 0);
  for (size_t i = 1; i < ctx.argc(); ++i) {
    Entry* e;
    bool found;
    char scratch[32];
    std::string_view h;
    if (!view_hll(ctx, ctx.arg(i), &e, &h, false, &found, scratch)) return;
    if (found && !hll::merge_into(max.data(), h)) return ctx.reply.error(err::kHllCorrupt);
  }
  ctx.reply.integer(static_cast<long long>(hll::estimate(max.data())));
}

// PFMERGE destkey [sourcekey ...]
void CmdPfmerge(CommandContext& ctx) {
  std::vector<uint8_t> max(hll::kRegisters, 0);
  bool dense = false;
  for (size_t i = 1; i < ctx.argc(); ++i) {  // the destination counts as a source
    Entry* e;
    std::string h;
    bool found;
    if (!read_hll(ctx, ctx.arg(i), &e, &h, false, &found)) return;
    if (!found) continue;
    dense = dense || !hll::is_sparse(h);
    if (!hll::merge_into(max.data(), h)) return ctx.reply.error(err::kHllCorrupt);
  }
  std::string_view key = ctx.arg(1);
  Entry* e;
  std::string h;
  bool found;
  if (!read_hll(ctx, key, &e, &h, true, &found)) return;
  if (!found) h = hll::create();
  if (dense && !hll::to_dense(&h)) return ctx.reply.error(err::kHllCorrupt);
  for (int j = 0; j < hll::kRegisters; ++j) {
    if (max[j] == 0) continue;
    if (hll::set_register(&h, j, max[j], sparse_max(ctx)) < 0)
      return ctx.reply.error(err::kHllCorrupt);
  }
  hll::invalidate_cache(&h);
  store_hll(ctx, key, e, h);
  touched(ctx, kNotifyString, "pfadd", key);
  ctx.reply.ok();
}

// PFDEBUG <GETREG | DECODE | ENCODING | TODENSE> key
void CmdPfdebug(CommandContext& ctx) {
  std::string_view sub = ctx.arg(1), key = ctx.arg(2);
  Entry* e;
  std::string h;
  bool found;
  if (!read_hll(ctx, key, &e, &h, true, &found)) return;
  if (!found) return ctx.reply.error(err::kPfdebugNoKey);
  if (iequals(sub, "getreg")) {
    if (hll::is_sparse(h)) {
      if (!hll::to_dense(&h)) return ctx.reply.error(err::kHllCorrupt);
      store_hll(ctx, key, e, h);
      key_modified(ctx, key);
    }
    uint8_t regs[hll::kRegisters];
    hll::registers(h, regs);
    ctx.reply.array_len(hll::kRegisters);
    for (uint8_t r : regs) ctx.reply.integer(r);
  } else if (iequals(sub, "decode")) {
    std::string out;
    if (!hll::is_sparse(h)) return ctx.reply.error(err::kHllNotSparse);
    if (!hll::decode_sparse(h, &out)) return ctx.reply.error(err::kHllCorrupt);
    ctx.reply.bulk(out);
  } else if (iequals(sub, "encoding")) {
    ctx.reply.simple(hll::is_sparse(h) ? "sparse" : "dense");
  } else if (iequals(sub, "todense")) {
    bool conv = hll::is_sparse(h);
    if (conv) {
      if (!hll::to_dense(&h)) return ctx.reply.error(err::kHllCorrupt);
      store_hll(ctx, key, e, h);
      key_modified(ctx, key);
    }
    ctx.reply.integer(conv ? 1 : 0);
  } else {
    ctx.reply.error(fmt::format(err::kPfdebugUnknownFmt, sub));
  }
}

// PFSELFTEST
void CmdPfselftest(CommandContext& ctx) {
  std::string failure = hll::self_test();
  if (!failure.empty()) return ctx.reply.error(failure);
  ctx.reply.ok();
}

}  // namespace

void RegisterHllFamily(CommandTable& t) {
  FamilyRows rows(t, "hyperloglog");
  rows.add({.name = "pfadd",
            .arity = -2,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @hyperloglog @fast",
            .summary = "Adds the specified elements to the specified HyperLogLog.",
            .since = "2.8.9",
            .complexity = "O(1) to add every element.",
            .usage = "key [element ...]",
            .handler = CmdPfadd});
  rows.add({.name = "pfcount",
            .arity = -2,
            .flags = kCmdReadonly | kCmdMayReplicate,  // it may rewrite the cached count
            .keys = {1, -1, 1},
            .key_specs = "RW access | index 1 | range -1 1 0 | RW because it may change the "
                         "internal representation of the key, and propagate to replicas",
            .acl = "@read @hyperloglog @slow",
            .summary = "Return the approximated cardinality of the set(s) observed by the "
                       "HyperLogLog at key(s).",
            .since = "2.8.9",
            .complexity = "O(1) with a very small average constant time when called with a single "
                          "key. O(N) with N being the number of keys, and much bigger constant "
                          "times, when called with multiple keys.",
            .usage = "key ...",
            .handler = CmdPfcount});
  rows.add({.name = "pfmerge",
            .arity = -2,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 1},
            .key_specs = "RW access insert | index 1 | range 0 1 0; RO access | index 2 | range "
                         "-1 1 0",
            .acl = "@write @hyperloglog @slow",
            .summary = "Merge N different HyperLogLogs into a single one.",
            .since = "2.8.9",
            .complexity = "O(N) to merge N HyperLogLogs, but with high constant times.",
            .usage = "destkey sourcekey ...",
            .handler = CmdPfmerge});
  rows.add({.name = "pfdebug",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdAdmin,
            .keys = {2, 2, 1},
            .key_specs = "RW access | index 2 | range 0 1 0",
            .acl = "@write @hyperloglog @admin @slow @dangerous",
            .summary = "Internal commands for debugging HyperLogLog values",
            .since = "2.8.9",
            .complexity = "N/A",
            .usage = "subcommand key",
            .handler = CmdPfdebug});
  rows.add({.name = "pfselftest",
            .arity = 1,
            .flags = kCmdAdmin,
            .acl = "@hyperloglog @admin @slow @dangerous",
            .summary = "An internal command for testing HyperLogLog values",
            .since = "2.8.9",
            .complexity = "N/A",
            .handler = CmdPfselftest});
}

}  // namespace sable
