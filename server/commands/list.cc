// List commands: pushes and pops at both ends, ranges, index access, LINSERT/LREM/LTRIM/LPOS,
// moves between lists, LMPOP, and the blocking forms (BLPOP BRPOP BRPOPLPUSH BLMOVE BLMPOP).
//
// The engine is datatypes/list_type.h. A List handle may move its object on any change, so every
// handler stores the list (store_list, i.e. Db::store_object) right after mutating it, before any
// other keyspace call. A list that becomes empty is deleted with a "del" event, as in Redis.
// Positional integers (LRANGE start stop, LINDEX, LSET, LREM count) are parsed directly, at the
// point Redis parses them (for LINDEX and LSET after the lookup); options go through ArgCursor.
#include <climits>

#include "datatypes/list_type.h"
#include "server/blocking.h"
#include "server/commands/common.h"
#include "server/commands/key_finders.h"
#include "server/commands/mpop.h"

namespace sable {

namespace {

long long fill_of(CommandContext& ctx) { return ctx.server.config.list_max_listpack_size; }
// A new list takes list-compress-depth as it is now, for good (as in Redis).
List new_list(CommandContext& ctx) { return List::create(ctx.server.config.list_compress_depth); }

List list_of(Entry* e) { return List(entry::object(e)); }

// Stores `l` at `key` after a change; `e` is the key's entry, null when the list is new.
void store_list(CommandContext& ctx, std::string_view key, Entry* e, const List& l) {
  ctx.db.store_object(key, e, ObjType::kList, Encoding::kQuicklist, l.raw());
}

std::string_view push_event(ListEnd end) { return end == ListEnd::kHead ? "lpush" : "rpush"; }
std::string_view pop_event(ListEnd end) { return end == ListEnd::kHead ? "lpop" : "rpop"; }

void reply_elem(ReplyWriter& r, const ListElem& e) {
  if (e.is_int)
    r.bulk_int(e.num);
  else
    r.bulk(e.str);
}

// Reads LEFT|RIGHT from `a`; a syntax error otherwise.
ListEnd next_end(ArgCursor& a) {
  int i = a.match_one_of({"LEFT", "RIGHT"});
  a.check(i >= 0, err::kSyntax);
  return i == 1 ? ListEnd::kTail : ListEnd::kHead;
}

// LMOVE/BLMOVE's wherefrom and whereto (argv[3], argv[4]); replies a syntax error otherwise.
bool parse_ends(CommandContext& ctx, ListEnd* from, ListEnd* to) {
  ArgCursor a(ctx.argv, 3);
  *from = next_end(a);
  *to = next_end(a);
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

bool parse_long(CommandContext& ctx, std::string_view arg, int64_t* out) {
  if (parse_int64(arg, out)) return true;
  ctx.reply.error(err::kNotInteger);
  return false;
}

// Replies the elements [start, end] (Redis's LRANGE normalisation), tail first when `reverse`.
void reply_range(CommandContext& ctx, const List& l, int64_t start, int64_t end, bool reverse) {
  int64_t len = static_cast<int64_t>(l.size());
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return ctx.reply.empty_array();
  if (end >= len) end = len - 1;
  int64_t n = end - start + 1;
  ctx.reply.array_len(static_cast<size_t>(n));
  List::Iterator it = l.at(reverse ? end : start);
  for (int64_t i = 0; i < n; ++i) {
    reply_elem(ctx.reply, it.get());
    if (reverse)
      it.prev();
    else
      it.next();
  }
}

// Pops from the list at `key` (entry `e`, not empty): one element replied as a bulk when
// count < 0, else up to `count` replied as an array; then the events and the emptied key's
// deletion in Redis's order.
void pop_reply(CommandContext& ctx, std::string_view key, Entry* e, ListEnd end, int64_t count) {
  List l = list_of(e);
  if (count < 0) {
    std::string v;
    l.pop(end, &v, fill_of(ctx));
    ctx.reply.bulk(v);
  } else {
    int64_t n = std::min<int64_t>(count, static_cast<int64_t>(l.size()));
    bool head = end == ListEnd::kHead;
    reply_range(ctx, l, head ? 0 : -n, head ? n - 1 : -1, !head);
    l.erase_end(end, static_cast<size_t>(n), fill_of(ctx));
  }
  store_list(ctx, key, e, l);
  elements_removed(ctx, kNotifyList, pop_event(end), key, l.size() == 0);
}

// Pushes `value` onto the list at `key`, creating it (LMOVE's destination).
void push_value(CommandContext& ctx, std::string_view key, std::string_view value, ListEnd end) {
  Entry* e = lookup_write(ctx, key);
  List l = e ? list_of(e) : new_list(ctx);
  l.push(end, value, fill_of(ctx));
  store_list(ctx, key, e, l);
  touched(ctx, kNotifyList, push_event(end), key);
}

// LPUSH/RPUSH key element [element ...], LPUSHX/RPUSHX (only_existing).
void PushGeneric(CommandContext& ctx, ListEnd end, bool only_existing) {
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kList, &e, true)) return;
  if (!e && only_existing) return ctx.reply.integer(0);
  List l = e ? list_of(e) : new_list(ctx);
  long long fill = fill_of(ctx);
  for (size_t j = 2; j < ctx.argc(); ++j) l.push(end, ctx.arg(j), fill);
  store_list(ctx, key, e, l);
  ctx.reply.integer(static_cast<long long>(l.size()));
  touched(ctx, kNotifyList, push_event(end), key);
}
void CmdLPush(CommandContext& ctx) { PushGeneric(ctx, ListEnd::kHead, false); }
void CmdRPush(CommandContext& ctx) { PushGeneric(ctx, ListEnd::kTail, false); }
void CmdLPushX(CommandContext& ctx) { PushGeneric(ctx, ListEnd::kHead, true); }
void CmdRPushX(CommandContext& ctx) { PushGeneric(ctx, ListEnd::kTail, true); }

// LPOP key [count] / RPOP key [count]
void PopGeneric(CommandContext& ctx, ListEnd end) {
  // Redis answers extra arguments here with the arity error, not a syntax error.
  if (ctx.argc() > 3) return ctx.reply.error(err::wrong_arity(ctx.spec.fullname));
  int64_t count = -1;  // no count: one element, replied as a bulk
  if (ctx.argc() == 3) {
    ArgCursor a(ctx.argv, 2);
    count = a.next_at_least(0, err::kNotPositive);
    if (!a.ok()) return ctx.reply.error(a.error());
  }
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kList, &e, true)) return;
  if (!e) return count >= 0 ? ctx.reply.null_array() : ctx.reply.null();
  if (count == 0) return ctx.reply.empty_array();
  pop_reply(ctx, key, e, end, count);
}
void CmdLPop(CommandContext& ctx) { PopGeneric(ctx, ListEnd::kHead); }
void CmdRPop(CommandContext& ctx) { PopGeneric(ctx, ListEnd::kTail); }

// LLEN key
void CmdLLen(CommandContext& ctx) {
  Entry* e;
  if (!lookup_typed(ctx, ctx.arg(1), ObjType::kList, &e)) return;
  ctx.reply.integer(e ? static_cast<long long>(list_of(e).size()) : 0);
}

// LRANGE key start stop
void CmdLRange(CommandContext& ctx) {
  int64_t start, end;
  if (!parse_long(ctx, ctx.arg(2), &start) || !parse_long(ctx, ctx.arg(3), &end)) return;
  Entry* e;
  if (!lookup_typed(ctx, ctx.arg(1), ObjType::kList, &e)) return;
  if (!e) return ctx.reply.empty_array();
  reply_range(ctx, list_of(e), start, end, false);
}

// LINDEX key index
void CmdLIndex(CommandContext& ctx) {
  Entry* e;
  if (!lookup_typed(ctx, ctx.arg(1), ObjType::kList, &e)) return;
  if (!e) return ctx.reply.null();
  int64_t index;
  if (!parse_long(ctx, ctx.arg(2), &index)) return;
  ListElem v;
  if (!list_of(e).index(index, &v)) return ctx.reply.null();
  reply_elem(ctx.reply, v);
}

// LSET key index element
void CmdLSet(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kList, &e, true)) return;
  if (!e) return ctx.reply.error(err::kNoSuchKey);
  int64_t index;
  if (!parse_long(ctx, ctx.arg(2), &index)) return;
  List l = list_of(e);
  if (!l.set(index, ctx.arg(3), fill_of(ctx))) return ctx.reply.error(err::kOutOfRange);
  store_list(ctx, key, e, l);
  ctx.reply.ok();
  touched(ctx, kNotifyList, "lset", key);
}

// LINSERT key BEFORE|AFTER pivot element
void CmdLInsert(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 2);
  int where = a.match_one_of({"BEFORE", "AFTER"});
  if (where < 0) return ctx.reply.error(err::kSyntax);
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kList, &e, true)) return;
  if (!e) return ctx.reply.integer(0);
  List l = list_of(e);
  if (!l.insert(ctx.arg(3), where == 1, ctx.arg(4), fill_of(ctx))) return ctx.reply.integer(-1);
  store_list(ctx, key, e, l);
  touched(ctx, kNotifyList, "linsert", key);
  ctx.reply.integer(static_cast<long long>(l.size()));
}

// LREM key count element
void CmdLRem(CommandContext& ctx) {
  int64_t count;
  if (!parse_long(ctx, ctx.arg(2), &count)) return;
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kList, &e, true)) return;
  if (!e) return ctx.reply.integer(0);
  List l = list_of(e);
  size_t limit = count == INT64_MIN ? 0 : static_cast<size_t>(count < 0 ? -count : count);
  size_t removed = l.remove(ctx.arg(3), limit, count < 0, fill_of(ctx));
  store_list(ctx, key, e, l);
  if (removed) touched(ctx, kNotifyList, "lrem", key);
  delete_if_empty(ctx, key, l.size() == 0);
  ctx.reply.integer(static_cast<long long>(removed));
}

// LTRIM key start stop
void CmdLTrim(CommandContext& ctx) {
  int64_t start, end;
  if (!parse_long(ctx, ctx.arg(2), &start) || !parse_long(ctx, ctx.arg(3), &end)) return;
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kList, &e, true)) return;
  if (!e) return ctx.reply.ok();
  List l = list_of(e);
  int64_t len = static_cast<int64_t>(l.size()), ltrim, rtrim;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    ltrim = len;
    rtrim = 0;
  } else {
    if (end >= len) end = len - 1;
    ltrim = start;
    rtrim = len - end - 1;
  }
  l.erase_end(ListEnd::kHead, static_cast<size_t>(ltrim), fill_of(ctx));
  l.erase_end(ListEnd::kTail, static_cast<size_t>(rtrim), fill_of(ctx));
  store_list(ctx, key, e, l);
  elements_removed(ctx, kNotifyList, "ltrim", key, l.size() == 0);
  ctx.reply.ok();
}

// Options of LPOS, parsed before the key is looked up (as Redis does).
struct LPosOptions {
  int64_t rank = 1, count = -1, maxlen = 0;  // count -1: COUNT not given
};

bool parse_lpos_options(CommandContext& ctx, LPosOptions* o) {
  ArgCursor a(ctx.argv, 3);
  while (!a.done()) {
    if (a.match("RANK", 1)) {
      o->rank = a.next<int64_t>();
      a.check(o->rank != 0, err::kLposRankZero);
    } else if (a.match("COUNT", 1)) {
      o->count = a.next_at_least(0, err::kLposCountNegative);
    } else if (a.match("MAXLEN", 1)) {
      o->maxlen = a.next_at_least(0, err::kLposMaxlenNegative);
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
void CmdLPos(CommandContext& ctx) {
  LPosOptions o;
  if (!parse_lpos_options(ctx, &o)) return;
  bool from_tail = o.rank < 0;
  // Redis negates RANK in a long: the most negative value stays negative, so every match
  // qualifies and COUNT never stops the scan. Reproduced as is.
  bool wrapped = o.rank == INT64_MIN;
  int64_t rank = wrapped ? 1 : (from_tail ? -o.rank : o.rank);
  Entry* e;
  if (!lookup_typed(ctx, ctx.arg(1), ObjType::kList, &e)) return;
  if (!e) return o.count != -1 ? ctx.reply.empty_array() : ctx.reply.null();
  List l = list_of(e);
  int64_t len = static_cast<int64_t>(l.size());
  ListNeedle needle(ctx.arg(2));
  size_t handle = o.count != -1 ? ctx.reply.defer_len() : 0;
  int64_t matches = 0, found = -1, emitted = 0;
  List::Iterator it = l.at(from_tail ? -1 : 0);
  for (int64_t i = 0; it.valid() && (o.maxlen == 0 || i < o.maxlen); ++i) {
    if (needle.matches(it.get()) && ++matches >= rank) {
      found = from_tail ? len - i - 1 : i;
      if (o.count == -1) break;
      ctx.reply.integer(found);
      if (++emitted == o.count && !wrapped) break;  // COUNT 0: every match
    }
    if (from_tail)
      it.prev();
    else
      it.next();
  }
  if (o.count != -1) return ctx.reply.set_deferred_array(handle, static_cast<size_t>(emitted));
  if (found >= 0)
    ctx.reply.integer(found);
  else
    ctx.reply.null();
}

// Moves one element from the non-empty-or-missing list `src` to `dst` and replies it (null when
// `src` is missing). Shared by LMOVE, RPOPLPUSH and their blocking forms.
void MoveGeneric(CommandContext& ctx, std::string_view src, std::string_view dst, ListEnd from,
                 ListEnd to) {
  Entry* se;
  if (!lookup_typed(ctx, src, ObjType::kList, &se, true)) return;
  if (!se) return ctx.reply.null();
  Entry* de;
  if (!lookup_typed(ctx, dst, ObjType::kList, &de, true)) return;
  List sl = list_of(se);
  std::string v;
  sl.pop(from, &v, fill_of(ctx));
  store_list(ctx, src, se, sl);
  bool src_emptied = sl.size() == 0 && src != dst;  // a rotation refills it
  push_value(ctx, dst, v, to);
  ctx.reply.bulk(v);
  elements_removed(ctx, kNotifyList, pop_event(from), src, src_emptied);
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
void CmdLMove(CommandContext& ctx) {
  ListEnd from, to;
  if (!parse_ends(ctx, &from, &to)) return;
  MoveGeneric(ctx, ctx.arg(1), ctx.arg(2), from, to);
}

// RPOPLPUSH source destination
void CmdRPopLPush(CommandContext& ctx) {
  MoveGeneric(ctx, ctx.arg(1), ctx.arg(2), ListEnd::kTail, ListEnd::kHead);
}

// Pops from the first non-empty list among `keys`: one element replied as [key, value] when
// count < 0 (BLPOP), else up to count as [key, [values]] (LMPOP). Returns false when every key
// is missing (nothing replied); true once it replied (a pop or WRONGTYPE).
bool PopFirstNonEmpty(CommandContext& ctx, std::span<const std::string_view> keys, ListEnd end,
                      int64_t count) {
  for (std::string_view key : keys) {
    Entry* e = lookup_write(ctx, key);
    if (!e) continue;
    if (entry::type(e) != ObjType::kList) {
      ctx.reply.error(err::kWrongType);
      return true;
    }
    ctx.reply.array_len(2);
    ctx.reply.bulk(key);
    pop_reply(ctx, key, e, end, count);
    return true;
  }
  return false;
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
void CmdLMPop(CommandContext& ctx) {
  MPopArgs a;
  if (!parse_mpop(ctx, 1, "LEFT", "RIGHT", &a)) return;
  ListEnd end = a.second_side ? ListEnd::kTail : ListEnd::kHead;
  if (!PopFirstNonEmpty(ctx, a.keys, end, a.count)) ctx.reply.null_array();
}

// Serves a blocking pop at once when it can; otherwise blocks the client (or replies the timeout
// reply when blocking is not allowed, e.g. inside MULTI).
void BlockingPop(CommandContext& ctx, std::span<const std::string_view> keys, ListEnd end,
                 int64_t count, std::string_view timeout) {
  int64_t deadline;
  if (!parse_block_timeout(ctx, timeout, &deadline)) return;
  // Woken by a ready key: serve from that key alone, as Redis 7.0 does.
  std::span<const std::string_view> serve = keys;
  if (std::string_view ready = block_ready_key(ctx); !ready.empty()) {
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == ready) serve = keys.subspan(i, 1);
  }
  if (PopFirstNonEmpty(ctx, serve, end, count)) return;
  if (!can_block(ctx)) return ctx.reply.null_array();
  block_on_keys(ctx, keys, ObjType::kList, deadline, BlockTimeoutReply::kNullArray);
}

// BLPOP key [key ...] timeout / BRPOP key [key ...] timeout
void BPopGeneric(CommandContext& ctx, ListEnd end) {
  BlockingPop(ctx, ctx.argv.subspan(1, ctx.argc() - 2), end, -1, ctx.arg(ctx.argc() - 1));
}
void CmdBLPop(CommandContext& ctx) { BPopGeneric(ctx, ListEnd::kHead); }
void CmdBRPop(CommandContext& ctx) { BPopGeneric(ctx, ListEnd::kTail); }

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
void CmdBLMPop(CommandContext& ctx) {
  MPopArgs a;
  if (!parse_mpop(ctx, 2, "LEFT", "RIGHT", &a)) return;
  BlockingPop(ctx, a.keys, a.second_side ? ListEnd::kTail : ListEnd::kHead, a.count, ctx.arg(1));
}

// The blocking move: serves like LMOVE when `src` exists, else blocks on it.
void BlockingMove(CommandContext& ctx, ListEnd from, ListEnd to, std::string_view timeout) {
  int64_t deadline;
  if (!parse_block_timeout(ctx, timeout, &deadline)) return;
  Entry* e;
  if (!lookup_typed(ctx, ctx.arg(1), ObjType::kList, &e, true)) return;
  if (e) return MoveGeneric(ctx, ctx.arg(1), ctx.arg(2), from, to);
  if (!can_block(ctx)) return ctx.reply.null();
  // Redis 7.0 answers every timed-out list wait with a null array, BLMOVE's included (but a
  // null bulk above, when it cannot block).
  block_on_keys(ctx, ctx.argv.subspan(1, 1), ObjType::kList, deadline,
                BlockTimeoutReply::kNullArray);
}

// BRPOPLPUSH source destination timeout
void CmdBRPopLPush(CommandContext& ctx) {
  BlockingMove(ctx, ListEnd::kTail, ListEnd::kHead, ctx.arg(3));
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
void CmdBLMove(CommandContext& ctx) {
  ListEnd from, to;
  if (!parse_ends(ctx, &from, &to)) return;
  BlockingMove(ctx, from, to, ctx.arg(5));
}

}  // namespace

void RegisterListFamily(CommandTable& t) {
  FamilyRows rows(t, "list");
  const char* kPushCost =
      "O(1) for each element added, so O(N) to add N elements when the command is called with "
      "multiple arguments.";
  rows.add({.name = "lpush",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @list @fast",
            .summary = "Prepend one or multiple elements to a list",
            .since = "1.0.0",
            .complexity = kPushCost,
            .usage = "key element ...",
            .handler = CmdLPush});
  rows.add({.name = "rpush",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @list @fast",
            .summary = "Append one or multiple elements to a list",
            .since = "1.0.0",
            .complexity = kPushCost,
            .usage = "key element ...",
            .handler = CmdRPush});
  rows.add({.name = "lpushx",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @list @fast",
            .summary = "Prepend an element to a list, only if the list exists",
            .since = "2.2.0",
            .complexity = kPushCost,
            .usage = "key element ...",
            .handler = CmdLPushX});
  rows.add({.name = "rpushx",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @list @fast",
            .summary = "Append an element to a list, only if the list exists",
            .since = "2.2.0",
            .complexity = kPushCost,
            .usage = "key element ...",
            .handler = CmdRPushX});
  rows.add({.name = "lpop",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access delete | index 1 | range 0 1 0",
            .acl = "@write @list @fast",
            .summary = "Remove and get the first elements in a list",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of elements returned",
            .usage = "key [count]",
            .handler = CmdLPop});
  rows.add({.name = "rpop",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access delete | index 1 | range 0 1 0",
            .acl = "@write @list @fast",
            .summary = "Remove and get the last elements in a list",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of elements returned",
            .usage = "key [count]",
            .handler = CmdRPop});
  rows.add({.name = "llen",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @list @fast",
            .summary = "Get the length of a list",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdLLen});
  rows.add({.name = "lrange",
            .arity = 4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @list @slow",
            .summary = "Get a range of elements from a list",
            .since = "1.0.0",
            .complexity = "O(S+N) where S is the distance of start offset from HEAD for small "
                          "lists, from nearest end (HEAD or TAIL) for large lists; and N is the "
                          "number of elements in the specified range.",
            .usage = "key start stop",
            .handler = CmdLRange});
  rows.add({.name = "lindex",
            .arity = 3,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @list @slow",
            .summary = "Get an element from a list by its index",
            .since = "1.0.0",
            .complexity =
                "O(N) where N is the number of elements to traverse to get to the element at "
                "index. This makes asking for the first or the last element of the list O(1).",
            .usage = "key index",
            .handler = CmdLIndex});
  rows.add({.name = "lset",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @list @slow",
            .summary = "Set the value of an element in a list by its index",
            .since = "1.0.0",
            .complexity = "O(N) where N is the length of the list. Setting either the first or the "
                          "last element of the list is O(1).",
            .usage = "key index element",
            .handler = CmdLSet});
  rows.add({.name = "linsert",
            .arity = 5,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @list @slow",
            .summary = "Insert an element before or after another element in a list",
            .since = "2.2.0",
            .complexity =
                "O(N) where N is the number of elements to traverse before seeing the value pivot. "
                "This means that inserting somewhere on the left end on the list (head) can be "
                "considered O(1) and inserting somewhere on the right end (tail) is O(N).",
            .usage = "key <BEFORE | AFTER> pivot element",
            .handler = CmdLInsert});
  rows.add({.name = "lrem",
            .arity = 4,
            .flags = kCmdWrite,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @list @slow",
            .summary = "Remove elements from a list",
            .since = "1.0.0",
            .complexity =
                "O(N+M) where N is the length of the list and M is the number of elements removed.",
            .usage = "key count element",
            .handler = CmdLRem});
  rows.add({.name = "ltrim",
            .arity = 4,
            .flags = kCmdWrite,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @list @slow",
            .summary = "Trim a list to the specified range",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of elements to be removed by the operation.",
            .usage = "key start stop",
            .handler = CmdLTrim});
  rows.add({.name = "lpos",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @list @slow",
            .summary = "Return the index of matching elements on a list",
            .since = "6.0.6",
            .complexity =
                "O(N) where N is the number of elements in the list, for the average case. "
                "When searching for elements near the head or the tail of the list, or when "
                "the MAXLEN option is provided, the command may run in constant time.",
            .usage = "key element [RANK rank] [COUNT num-matches] [MAXLEN len]",
            .handler = CmdLPos});
  rows.add(
      {.name = "lmove",
       .arity = 5,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; RW insert | index 2 | range 0 1 0",
       .acl = "@write @list @slow",
       .summary = "Pop an element from a list, push it to another list and return it",
       .since = "6.2.0",
       .complexity = "O(1)",
       .usage = "source destination <LEFT | RIGHT> <LEFT | RIGHT>",
       .handler = CmdLMove});
  rows.add(
      {.name = "rpoplpush",
       .arity = 3,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; RW insert | index 2 | range 0 1 0",
       .acl = "@write @list @slow",
       .summary = "Remove the last element in a list, prepend it to another list and return it",
       .since = "1.2.0",
       .complexity = "O(1)",
       .usage = "source destination",
       .handler = CmdRPopLPush});
  rows.add({.name = "lmpop",
            .arity = -4,
            .flags = kCmdWrite,
            .key_finder = keys_by_numkeys<1, false>,
            .key_specs = "RW access delete | index 1 | keynum 0 1 1",
            .acl = "@write @list @slow",
            .summary = "Pop elements from a list",
            .since = "7.0.0",
            .complexity = "O(N+M) where N is the number of provided keys and M is the number of "
                          "elements returned.",
            .usage = "numkeys key ... <LEFT | RIGHT> [COUNT count]",
            .handler = CmdLMPop});
  rows.add(
      {.name = "blpop",
       .arity = -3,
       .flags = kCmdWrite | kCmdNoScript | kCmdBlocking,
       .keys = {1, -2, 1},
       .key_specs = "RW access delete | index 1 | range -2 1 0",
       .acl = "@write @list @slow @blocking",
       .summary = "Remove and get the first element in a list, or block until one is available",
       .since = "2.0.0",
       .complexity = "O(N) where N is the number of provided keys.",
       .usage = "key ... timeout",
       .handler = CmdBLPop});
  rows.add({.name = "brpop",
            .arity = -3,
            .flags = kCmdWrite | kCmdNoScript | kCmdBlocking,
            .keys = {1, -2, 1},
            .key_specs = "RW access delete | index 1 | range -2 1 0",
            .acl = "@write @list @slow @blocking",
            .summary = "Remove and get the last element in a list, or block until one is available",
            .since = "2.0.0",
            .complexity = "O(N) where N is the number of provided keys.",
            .usage = "key ... timeout",
            .handler = CmdBRPop});
  rows.add(
      {.name = "brpoplpush",
       .arity = 4,
       .flags = kCmdWrite | kCmdDenyOom | kCmdNoScript | kCmdBlocking,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; RW insert | index 2 | range 0 1 0",
       .acl = "@write @list @slow @blocking",
       .summary = "Pop an element from a list, push it to another list and return it; or "
                  "block until one is available",
       .since = "2.2.0",
       .complexity = "O(1)",
       .usage = "source destination timeout",
       .handler = CmdBRPopLPush});
  rows.add(
      {.name = "blmove",
       .arity = 6,
       .flags = kCmdWrite | kCmdDenyOom | kCmdNoScript | kCmdBlocking,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; RW insert | index 2 | range 0 1 0",
       .acl = "@write @list @slow @blocking",
       .summary = "Pop an element from a list, push it to another list and return it; or "
                  "block until one is available",
       .since = "6.2.0",
       .complexity = "O(1)",
       .usage = "source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout",
       .handler = CmdBLMove});
  rows.add({.name = "blmpop",
            .arity = -5,
            .flags = kCmdWrite | kCmdBlocking,
            .key_finder = keys_by_numkeys<2, false>,
            .key_specs = "RW access delete | index 2 | keynum 0 1 1",
            .acl = "@write @list @slow @blocking",
            .summary = "Pop elements from a list, or block until one is available",
            .since = "7.0.0",
            .complexity = "O(N+M) where N is the number of provided keys and M is the number of "
                          "elements returned.",
            .usage = "timeout numkeys key ... <LEFT | RIGHT> [COUNT count]",
            .handler = CmdBLMPop});
}

}  // namespace sable
