// Stream commands: XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID, the reads XREAD and XREADGROUP
// (with BLOCK), and consumer groups (XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO).
//
// The engine is datatypes/stream_type.h. A Stream object never moves, so handlers keep its pointer
// for the whole command; a stream is created with store_object and is never deleted for being
// empty (streams outlive their entries, as in Redis). IDs are parsed with parse_stream_id; the
// strict form (no `-`/`+`) is used wherever Redis uses it.
//
// Blocking reads re-execute: a blocked XREAD stores its arguments with each `$` replaced by the
// stream's last ID at the time it blocked, so an entry added afterwards is delivered; a blocked
// XREADGROUP `>` reads from the group's last-delivered ID when re-executed, and replies an error
// when its key or group has gone.
#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "datatypes/stream_type.h"
#include "server/blocking.h"
#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {

namespace {

StreamLimits limits_of(CommandContext& ctx) {
  StreamLimits l;
  l.node_max_bytes =
      static_cast<size_t>(std::max<long long>(0, ctx.server.config.stream_node_max_bytes));
  l.node_max_entries =
      static_cast<size_t>(std::max<long long>(0, ctx.server.config.stream_node_max_entries));
  return l;
}

Stream* stream_of(Entry* e) { return static_cast<Stream*>(entry::object(e)); }

// Looks `key` up as a stream: false (WRONGTYPE replied) for another type; *s null when missing.
bool get_stream(CommandContext& ctx, std::string_view key, Stream** s, bool write = false) {
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kStream, &e, write)) return false;
  *s = e ? stream_of(e) : nullptr;
  return true;
}

Stream* create_stream(CommandContext& ctx, std::string_view key) {
  auto* s = new Stream();
  ctx.db.store_object(key, nullptr, ObjType::kStream, Encoding::kStream, s);
  return s;
}

// A strict ID (no `-` or `+`), the sequence defaulting to `missing_seq`.
bool parse_strict_id(CommandContext& ctx, std::string_view arg, uint64_t missing_seq, StreamId* id,
                     bool* seq_star = nullptr) {
  if (parse_stream_id(arg, missing_seq, id, seq_star)) return true;
  ctx.reply.error(err::kStreamInvalidId);
  return false;
}

// An ID that may be `-` or `+`.
bool parse_id(CommandContext& ctx, std::string_view arg, uint64_t missing_seq, StreamId* id) {
  if (arg == "-") {
    *id = kStreamIdMin;
    return true;
  }
  if (arg == "+") {
    *id = kStreamIdMax;
    return true;
  }
  return parse_strict_id(ctx, arg, missing_seq, id);
}

// A range bound: an ID, `-`/`+`, or `(ID` exclusive (moved inwards by one).
bool parse_bound(CommandContext& ctx, std::string_view arg, bool start, StreamId* id) {
  uint64_t missing = start ? 0 : UINT64_MAX;
  if (arg.size() > 1 && arg[0] == '(') {
    if (!parse_strict_id(ctx, arg.substr(1), missing, id)) return false;
    bool ok = start ? stream_id_incr(id) : stream_id_decr(id);
    if (!ok) ctx.reply.error(start ? err::kStreamInvalidStart : err::kStreamInvalidEnd);
    return ok;
  }
  return parse_id(ctx, arg, missing, id);
}

void reply_id(ReplyWriter& r, StreamId id) {
  char buf[48];
  auto res = fmt::format_to_n(buf, sizeof(buf), "{}-{}", id.ms, id.seq);
  r.bulk(std::string_view(buf, res.size));
}

void reply_fields(ReplyWriter& r, const Stream::FieldList& f) {
  r.array_len(f.size() * 2);
  for (auto& [k, v] : f) {
    r.bulk(k);
    r.bulk(v);
  }
}

void reply_entry(ReplyWriter& r, StreamId id, const Stream::FieldList& f) {
  r.array_len(2);
  reply_id(r, id);
  reply_fields(r, f);
}

// Replies the entries of [start, end] (count 0: all) as an array.
void reply_range(CommandContext& ctx, const Stream& s, StreamId start, StreamId end, bool rev,
                 size_t count) {
  size_t h = ctx.reply.defer_len();
  size_t n = s.range(start, end, rev, count, [&](StreamId id, const Stream::FieldList& f) {
    reply_entry(ctx.reply, id, f);
    return true;
  });
  ctx.reply.set_deferred_array(h, n);
}

// Replies the entry `id` when it exists; false otherwise (nothing replied).
bool reply_one(CommandContext& ctx, const Stream& s, StreamId id) {
  return s.range(id, id, false, 1, [&](StreamId i, const Stream::FieldList& f) {
    reply_entry(ctx.reply, i, f);
    return false;
  }) > 0;
}

// ---- XADD / XTRIM options ----

struct AddTrimArgs {
  bool has_trim = false;
  Stream::Trim trim;
  bool limit_given = false;
  bool nomkstream = false;
  bool auto_id = false;
  bool id_given = false;
  bool seq_star = false;
  StreamId id;
};

// Parses XADD's options and ID (xadd) or XTRIM's options, from argv[2]. Returns the index of the
// ID argument for XADD (of the end for XTRIM), or 0 having replied an error.
size_t parse_add_trim(CommandContext& ctx, bool xadd, AddTrimArgs* a) {
  size_t i = 2, argc = ctx.argc();
  for (; i < argc; ++i) {
    size_t more = argc - 1 - i;
    std::string_view opt = ctx.arg(i);
    if (xadd && opt == "*") {
      a->auto_id = true;
      break;
    }
    bool maxlen = iequals(opt, "MAXLEN"), minid = iequals(opt, "MINID");
    if ((maxlen || minid) && more) {
      if (a->has_trim) {
        ctx.reply.error(err::kStreamMaxlenMinid);
        return 0;
      }
      a->trim.approx = false;
      std::string_view next = ctx.arg(i + 1);
      if (more >= 2 && (next == "~" || next == "=")) {
        a->trim.approx = next == "~";
        ++i;
      }
      if (maxlen) {
        int64_t v;
        if (!parse_int64(ctx.arg(i + 1), &v)) {
          ctx.reply.error(err::kNotInteger);
          return 0;
        }
        if (v < 0) {
          ctx.reply.error(err::kStreamMaxlenNegative);
          return 0;
        }
        a->trim.by = Stream::TrimBy::kMaxLen;
        a->trim.maxlen = static_cast<uint64_t>(v);
      } else {
        if (!parse_strict_id(ctx, ctx.arg(i + 1), 0, &a->trim.minid)) return 0;
        a->trim.by = Stream::TrimBy::kMinId;
      }
      a->has_trim = true;
      ++i;
    } else if (iequals(opt, "LIMIT") && more) {
      int64_t v;
      if (!parse_int64(ctx.arg(i + 1), &v)) {
        ctx.reply.error(err::kNotInteger);
        return 0;
      }
      if (v < 0) {
        ctx.reply.error(err::kStreamLimitNegative);
        return 0;
      }
      a->trim.limit = v;
      a->limit_given = true;
      ++i;
    } else if (xadd && iequals(opt, "NOMKSTREAM")) {
      a->nomkstream = true;
    } else if (xadd) {
      if (!parse_strict_id(ctx, opt, 0, &a->id, &a->seq_star)) return 0;
      a->id_given = true;
      break;
    } else {
      ctx.reply.error(err::kSyntax);
      return 0;
    }
  }
  if (a->trim.limit && !a->has_trim) {
    ctx.reply.error(err::kStreamLimitNoStrategy);
    return 0;
  }
  if (!xadd && !a->has_trim) {
    ctx.reply.error(err::kStreamXtrimNoStrategy);
    return 0;
  }
  if (a->limit_given) {
    if (!a->trim.approx) {
      ctx.reply.error(err::kStreamLimitNoApprox);
      return 0;
    }
  } else if (a->trim.approx) {
    int64_t l = 100 * ctx.server.config.stream_node_max_entries;
    a->trim.limit = l <= 0 ? 10000 : l;
  } else {
    a->trim.limit = 0;
  }
  return i;
}

// XADD key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> field value
// [field value ...]
void CmdXAdd(CommandContext& ctx) {
  AddTrimArgs a;
  size_t idpos = parse_add_trim(ctx, true, &a);
  if (!idpos) return;
  size_t fields = idpos + 1;
  if (fields >= ctx.argc() || (ctx.argc() - fields) % 2 != 0)
    return ctx.reply.error(err::wrong_arity(ctx.spec.fullname));
  if (a.id_given && !a.seq_star && a.id == kStreamIdMin) return ctx.reply.error(err::kStreamIdZero);
  std::string_view key = ctx.arg(1);
  Stream* s;
  if (!get_stream(ctx, key, &s, true)) return;
  if (!s && a.nomkstream) return ctx.reply.null();
  if (s && s->last_id() == kStreamIdMax) return ctx.reply.error(err::kStreamExhausted);
  StreamId id;
  Stream probe;
  const Stream& cur = s ? *s : probe;
  if (!cur.next_id(a.auto_id, a.seq_star, a.id, static_cast<uint64_t>(wall_ms()), &id)) {
    bool overflow = a.seq_star && a.id.ms == cur.last_id().ms && cur.last_id().seq == UINT64_MAX;
    return ctx.reply.error(overflow ? err::kStreamElementsTooLarge : err::kStreamIdTooSmall);
  }
  if (!s) s = create_stream(ctx, key);
  s->append(id, ctx.argv.subspan(fields), limits_of(ctx));
  reply_id(ctx.reply, id);
  touched(ctx, kNotifyStream, "xadd", key);
  if (a.has_trim && s->trim(a.trim) > 0) notify(ctx, kNotifyStream, "xtrim", key);
}

// XTRIM key <MAXLEN | MINID> [= | ~] threshold [LIMIT count]
void CmdXTrim(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Stream* s;
  if (!get_stream(ctx, key, &s, true)) return;
  if (!s) return ctx.reply.integer(0);
  AddTrimArgs a;
  if (!parse_add_trim(ctx, false, &a)) return;
  uint64_t n = s->trim(a.trim);
  if (n) touched(ctx, kNotifyStream, "xtrim", key);
  ctx.reply.integer(static_cast<long long>(n));
}

// XRANGE key start end [COUNT count] / XREVRANGE key end start [COUNT count]
void RangeGeneric(CommandContext& ctx, bool rev) {
  StreamId start, end;
  if (!parse_bound(ctx, ctx.arg(rev ? 3 : 2), true, &start)) return;
  if (!parse_bound(ctx, ctx.arg(rev ? 2 : 3), false, &end)) return;
  int64_t count = -1;
  for (size_t j = 4; j < ctx.argc(); ++j) {
    if (iequals(ctx.arg(j), "COUNT") && j + 1 < ctx.argc()) {
      if (!parse_int64(ctx.arg(j + 1), &count)) return ctx.reply.error(err::kNotInteger);
      if (count < 0) count = 0;
      ++j;
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  Stream* s;
  if (!get_stream(ctx, ctx.arg(1), &s)) return;
  if (!s) return ctx.reply.empty_array();
  if (count == 0) return ctx.reply.null_array();
  reply_range(ctx, *s, start, end, rev, count < 0 ? 0 : static_cast<size_t>(count));
}
void CmdXRange(CommandContext& ctx) { RangeGeneric(ctx, false); }
void CmdXRevRange(CommandContext& ctx) { RangeGeneric(ctx, true); }

// XLEN key
void CmdXLen(CommandContext& ctx) {
  Stream* s;
  if (!get_stream(ctx, ctx.arg(1), &s)) return;
  ctx.reply.integer(s ? static_cast<long long>(s->length()) : 0);
}

// XDEL key id [id ...]
void CmdXDel(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Stream* s;
  if (!get_stream(ctx, key, &s, true)) return;
  if (!s) return ctx.reply.integer(0);
  std::vector<StreamId> ids(ctx.argc() - 2);
  for (size_t j = 2; j < ctx.argc(); ++j)
    if (!parse_strict_id(ctx, ctx.arg(j), 0, &ids[j - 2])) return;
  long long n = 0;
  for (StreamId id : ids) n += s->remove(id);
  if (n) touched(ctx, kNotifyStream, "xdel", key);
  ctx.reply.integer(n);
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
void CmdXSetId(CommandContext& ctx) {
  StreamId id, maxdel;
  if (!parse_strict_id(ctx, ctx.arg(2), 0, &id)) return;
  int64_t added = -1;
  bool maxdel_given = false;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    bool more = i + 1 < ctx.argc();
    if (iequals(ctx.arg(i), "ENTRIESADDED") && more) {
      if (!parse_int64(ctx.arg(i + 1), &added)) return ctx.reply.error(err::kNotInteger);
      if (added < 0) return ctx.reply.error(err::kXsetidEntriesNegative);
      ++i;
    } else if (iequals(ctx.arg(i), "MAXDELETEDID") && more) {
      if (!parse_strict_id(ctx, ctx.arg(i + 1), 0, &maxdel)) return;
      if (id < maxdel) return ctx.reply.error(err::kXsetidBelowGivenMaxDeleted);
      maxdel_given = true;
      ++i;
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  std::string_view key = ctx.arg(1);
  Stream* s;
  if (!get_stream(ctx, key, &s, true)) return;
  if (!s) return ctx.reply.error(err::kNoSuchKey);
  if (s->length() > 0) {
    if (id < s->last_live_id()) return ctx.reply.error(err::kXsetidTooSmall);
    if (added != -1 && s->length() > static_cast<uint64_t>(added))
      return ctx.reply.error(err::kXsetidEntriesAdded);
  }
  s->set_last_id(id);
  if (added != -1) s->set_entries_added(static_cast<uint64_t>(added));
  if (maxdel_given && maxdel != kStreamIdMin) s->set_max_deleted_id(maxdel);
  // Redis 7.0 does not signal the key here (no WATCH or tracking invalidation).
  ++ctx.server.dirty;
  notify(ctx, kNotifyStream, "xsetid", key);
  ctx.reply.ok();
}

// ---- XREAD / XREADGROUP ----

struct ReadArgs {
  int64_t count = 0;
  int64_t block_ms = -1;
  bool noack = false;
  std::string_view group, consumer;
  size_t streams_at = 0;
  size_t nstreams = 0;
};

bool parse_read(CommandContext& ctx, bool xreadgroup, ReadArgs* a) {
  size_t argc = ctx.argc();
  for (size_t i = 1; i < argc; ++i) {
    size_t more = argc - i - 1;
    std::string_view o = ctx.arg(i);
    if (iequals(o, "BLOCK") && more) {
      ++i;
      int64_t ms;
      if (!parse_int64(ctx.arg(i), &ms)) {
        ctx.reply.error(err::kStreamBlockTimeout);
        return false;
      }
      if (ms < 0) {
        ctx.reply.error(err::kTimeoutNegative);
        return false;
      }
      a->block_ms = ms;
    } else if (iequals(o, "COUNT") && more) {
      ++i;
      if (!parse_int64(ctx.arg(i), &a->count)) {
        ctx.reply.error(err::kNotInteger);
        return false;
      }
      if (a->count < 0) a->count = 0;
    } else if (iequals(o, "STREAMS") && more) {
      a->streams_at = i + 1;
      size_t n = argc - a->streams_at;
      if (n % 2) {
        ctx.reply.error(
            fmt::format(err::kStreamUnbalancedFmt, "XREAD"));  // Redis 7.0 says XREAD for both
        return false;
      }
      a->nstreams = n / 2;
      break;
    } else if (iequals(o, "GROUP") && more >= 2) {
      if (!xreadgroup) {
        ctx.reply.error(err::kStreamGroupOnlyXreadgroup);
        return false;
      }
      a->group = ctx.arg(i + 1);
      a->consumer = ctx.arg(i + 2);
      i += 2;
    } else if (iequals(o, "NOACK")) {
      if (!xreadgroup) {
        ctx.reply.error(err::kStreamNoackOnlyXreadgroup);
        return false;
      }
      a->noack = true;
    } else {
      ctx.reply.error(err::kSyntax);
      return false;
    }
  }
  if (!a->streams_at) {
    ctx.reply.error(err::kSyntax);
    return false;
  }
  if (xreadgroup && a->group.data() == nullptr) {
    ctx.reply.error(err::kStreamMissingGroup);
    return false;
  }
  return true;
}

// The consumer `name` of `g`, created when missing (with Redis's "xgroup-createconsumer" event);
// its seen-time is now.
StreamConsumer* consumer_for(CommandContext& ctx, StreamGroup& g, std::string_view name,
                             std::string_view key) {
  bool created;
  StreamConsumer* c = g.get_consumer(name, wall_ms(), &created);
  c->seen_time = wall_ms();
  if (created) notify(ctx, kNotifyStream, "xgroup-createconsumer", key);
  return c;
}

// Serves a group's consumer from its own pending list (history): entries at or after `start`.
void reply_history(CommandContext& ctx, Stream& s, StreamGroup& g, StreamConsumer& c,
                   StreamId start, size_t count) {
  size_t h = ctx.reply.defer_len();
  size_t n = 0;
  int64_t now = wall_ms();
  for (auto it = c.pel.lower_bound(start); it != c.pel.end(); ++it) {
    if (count && n >= count) break;
    ++n;
    if (!reply_one(ctx, s, it->first)) {
      ctx.reply.array_len(2);
      reply_id(ctx.reply, it->first);
      ctx.reply.null_array();
    } else {
      it->second->delivery_time = now;
      ++it->second->delivery_count;
    }
  }
  ctx.reply.set_deferred_array(h, n);
}

// Serves new entries after `after` to a group's consumer, recording them pending unless noack.
void reply_new(CommandContext& ctx, Stream& s, StreamGroup& g, StreamConsumer& c, StreamId after,
               size_t count, bool noack) {
  StreamId start = after;
  if (!stream_id_incr(&start)) return ctx.reply.empty_array();
  size_t h = ctx.reply.defer_len();
  int64_t now = wall_ms();
  std::vector<StreamId> got;
  size_t n =
      s.range(start, kStreamIdMax, false, count, [&](StreamId id, const Stream::FieldList& f) {
        reply_entry(ctx.reply, id, f);
        got.push_back(id);
        return true;
      });
  for (StreamId id : got) {
    s.group_advance(g, id);
    if (!noack) {
      StreamPending* p = g.deliver(id, &c, now);
      p->delivery_count = 1;
    }
  }
  ctx.reply.set_deferred_array(h, n);
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...]
// id [id ...]
void ReadGeneric(CommandContext& ctx, bool xreadgroup) {
  // Scripts may read streams but never wait on them (Redis refuses BLOCK there outright).
  if (ctx.client.has(kClientScript)) {
    for (size_t i = 1; i < ctx.argc() && !iequals(ctx.arg(i), "STREAMS"); ++i)
      if (iequals(ctx.arg(i), "BLOCK"))
        return ctx.reply.error(fmt::format(err::kStreamBlockInScriptFmt, ctx.arg(0)));
  }
  ReadArgs a;
  if (!parse_read(ctx, xreadgroup, &a)) return;
  std::string_view ready = block_ready_key(ctx);
  bool reexec = !ready.empty();
  size_t n = a.nstreams;
  std::vector<StreamId> ids(n);
  std::vector<char> is_gt(n, 0);
  std::vector<Stream*> streams(n, nullptr);
  std::vector<StreamGroup*> groups(n, nullptr);
  for (size_t k = 0; k < n; ++k) {
    std::string_view key = ctx.arg(a.streams_at + k);
    std::string_view idarg = ctx.arg(a.streams_at + n + k);
    Entry* e = lookup_read(ctx, key);
    if (e && entry::type(e) != ObjType::kStream) {
      // Woken for a key that stopped being a stream: XREADGROUP fails, XREAD keeps waiting.
      if (reexec && xreadgroup && key == ready) return ctx.reply.error(err::kStreamKeyGone);
      if (!reexec) return ctx.reply.error(err::kWrongType);
      e = nullptr;
    }
    Stream* s = e ? stream_of(e) : nullptr;
    streams[k] = s;
    if (xreadgroup) {
      if (reexec && key == ready && !s) return ctx.reply.error(err::kStreamKeyGone);
      groups[k] = s ? s->find_group(a.group) : nullptr;
      if (!groups[k] && reexec && key == ready) return ctx.reply.error(err::kStreamGroupGone);
      if (!groups[k]) return ctx.reply.error(fmt::format(err::kStreamNoGroupReadFmt, key, a.group));
    }
    if (idarg == "$") {
      if (xreadgroup) return ctx.reply.error(err::kStreamDollarInGroup);
      ids[k] = s ? s->last_id() : kStreamIdMin;
      continue;
    }
    if (idarg == ">") {
      if (!xreadgroup) return ctx.reply.error(err::kStreamGtOutsideGroup);
      is_gt[k] = 1;
      continue;
    }
    if (!parse_strict_id(ctx, idarg, 0, &ids[k])) return;
  }
  size_t count = static_cast<size_t>(a.count);
  size_t h = 0;
  size_t served = 0;
  for (size_t k = 0; k < n; ++k) {
    std::string_view key = ctx.arg(a.streams_at + k);
    if (reexec && key != ready) continue;
    Stream* s = streams[k];
    if (!s) continue;
    bool history = false;
    StreamId from = ids[k];
    if (xreadgroup) {
      if (!is_gt[k]) {
        history = true;
      } else {
        if (!s->length() || !(s->last_live_id() > groups[k]->last_id)) continue;
        from = groups[k]->last_id;
      }
    } else {
      // Woken by an XADD: what was added may already be gone (XADD … MAXLEN 0, or XDEL in the
      // same transaction), and Redis then replies the stream with no entries.
      bool fresh = reexec ? s->last_id() > from : s->length() && s->last_live_id() > from;
      if (!fresh) continue;
    }
    if (served++ == 0) h = ctx.reply.defer_len();
    if (ctx.reply.proto() < 3) ctx.reply.array_len(2);
    ctx.reply.bulk(key);
    if (xreadgroup) {
      StreamGroup& g = *groups[k];
      StreamConsumer* c = consumer_for(ctx, g, a.consumer, key);
      if (history) {
        StreamId start = from;
        if (!stream_id_incr(&start)) start = kStreamIdMin;
        reply_history(ctx, *s, g, *c, start, count);
      } else {
        reply_new(ctx, *s, g, *c, from, count, a.noack);
      }
      ++ctx.server.dirty;
    } else {
      StreamId start = from;
      if (!stream_id_incr(&start)) start = kStreamIdMin;
      reply_range(ctx, *s, start, kStreamIdMax, false, count);
    }
  }
  if (served) {
    if (ctx.reply.proto() >= 3)
      ctx.reply.set_deferred_map(h, served);
    else
      ctx.reply.set_deferred_array(h, served);
    return;
  }
  if (a.block_ms < 0) return ctx.reply.null_array();
  if (!can_block(ctx)) return ctx.reply.null_array();
  int64_t deadline = a.block_ms > 0 ? now_ms() + a.block_ms : 0;
  // Store the command with each XREAD ID raised to the stream's last ID now (`$` is exactly that;
  // a smaller ID has no live entries up to there, or it would have been served), so that when
  // woken a stream whose last ID moved has had entries added since.
  std::vector<std::string> owned(ctx.argv.begin(), ctx.argv.end());
  if (!xreadgroup) {
    for (size_t k = 0; k < n; ++k) {
      StreamId at = streams[k] && streams[k]->last_id() > ids[k] ? streams[k]->last_id() : ids[k];
      owned[a.streams_at + n + k] = format_stream_id(at);
    }
  }
  std::vector<std::string_view> argv(owned.begin(), owned.end());
  std::vector<std::string_view> keys(ctx.argv.begin() + a.streams_at,
                                     ctx.argv.begin() + a.streams_at + n);
  block_on_keys(ctx, keys, ObjType::kStream, deadline, BlockTimeoutReply::kNullArray, argv);
}
void CmdXRead(CommandContext& ctx) { ReadGeneric(ctx, false); }
void CmdXReadGroup(CommandContext& ctx) { ReadGeneric(ctx, true); }

// Finds XREAD/XREADGROUP's keys: the first half of the arguments after STREAMS.
std::vector<size_t> xread_keys(std::span<const std::string_view> argv) {
  for (size_t i = 1; i < argv.size(); ++i) {
    if (!iequals(argv[i], "STREAMS")) continue;
    size_t n = argv.size() - i - 1;
    std::vector<size_t> out;
    if (n % 2) return out;
    for (size_t k = 0; k < n / 2; ++k) out.push_back(i + 1 + k);
    return out;
  }
  return {};
}

// ---- consumer groups ----

// Looks up key and group for XPENDING/XCLAIM/XAUTOCLAIM; replies NOGROUP when either is missing.
bool stream_and_group(CommandContext& ctx, Stream** s, StreamGroup** g, bool write) {
  if (!get_stream(ctx, ctx.arg(1), s, write)) return false;
  *g = *s ? (*s)->find_group(ctx.arg(2)) : nullptr;
  if (!*g) {
    ctx.reply.error(fmt::format(err::kStreamNoGroupFmt, ctx.arg(1), ctx.arg(2)));
    return false;
  }
  return true;
}

// XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER share the key and group checks.
// Returns false having replied. *s is null only for CREATE … MKSTREAM on a missing key.
bool xgroup_target(CommandContext& ctx, bool mkstream, bool needs_group, Stream** s,
                   StreamGroup** g) {
  if (!get_stream(ctx, ctx.arg(2), s, true)) return false;
  *g = *s ? (*s)->find_group(ctx.arg(3)) : nullptr;
  if (mkstream) return true;
  if (!*s) {
    ctx.reply.error(err::kStreamGroupNeedsKey);
    return false;
  }
  if (needs_group && !*g) {
    ctx.reply.error(fmt::format(err::kStreamNoGroupForKeyFmt, ctx.arg(3), ctx.arg(2)));
    return false;
  }
  return true;
}

// A consumer-group change: Redis 7.0 counts it dirty and sends its event, but does not signal the
// key (no WATCH or tracking invalidation).
void group_changed(CommandContext& ctx, std::string_view event, std::string_view key) {
  ++ctx.server.dirty;
  notify(ctx, kNotifyStream, event, key);
}

// Parses the ENTRIESREAD option value at argv[i].
bool parse_entries_read(CommandContext& ctx, size_t i, int64_t* out) {
  if (!parse_int64(ctx.arg(i), out)) {
    ctx.reply.error(err::kNotInteger);
    return false;
  }
  if (*out < 0 && *out != kEntriesReadInvalid) {
    ctx.reply.error(err::kStreamEntriesRead);
    return false;
  }
  return true;
}

// XGROUP CREATE key group <id | $> [MKSTREAM] [ENTRIESREAD entries-read]
void CmdXGroupCreate(CommandContext& ctx) {
  bool mkstream = false;
  int64_t entries_read = kEntriesReadInvalid;
  for (size_t i = 5; i < ctx.argc(); ++i) {
    if (iequals(ctx.arg(i), "MKSTREAM")) {
      mkstream = true;
    } else if (iequals(ctx.arg(i), "ENTRIESREAD") && i + 1 < ctx.argc()) {
      if (!parse_entries_read(ctx, ++i, &entries_read)) return;
    } else {
      return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "xgroup"));
    }
  }
  Stream* s;
  StreamGroup* g;
  if (!xgroup_target(ctx, mkstream, false, &s, &g)) return;
  StreamId id;
  if (ctx.arg(4) == "$") {
    id = s ? s->last_id() : kStreamIdMin;
  } else if (!parse_strict_id(ctx, ctx.arg(4), 0, &id)) {
    return;
  }
  std::string_view key = ctx.arg(2);
  if (!s) {
    s = create_stream(ctx, key);
    key_modified(ctx, key);
  }
  if (!s->create_group(ctx.arg(3), id, entries_read)) return ctx.reply.error(err::kStreamBusyGroup);
  ctx.reply.ok();
  group_changed(ctx, "xgroup-create", key);
}

// XGROUP SETID key group <id | $> [ENTRIESREAD entries-read]
void CmdXGroupSetId(CommandContext& ctx) {
  int64_t entries_read = kEntriesReadInvalid;
  for (size_t i = 5; i < ctx.argc(); ++i) {
    if (iequals(ctx.arg(i), "ENTRIESREAD") && i + 1 < ctx.argc()) {
      if (!parse_entries_read(ctx, ++i, &entries_read)) return;
    } else {
      return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "xgroup"));
    }
  }
  Stream* s;
  StreamGroup* g;
  if (!xgroup_target(ctx, false, true, &s, &g)) return;
  StreamId id;
  if (ctx.arg(4) == "$") {
    id = s->last_id();
  } else if (!parse_id(ctx, ctx.arg(4), 0, &id)) {
    return;
  }
  g->last_id = id;
  g->entries_read = entries_read;
  ctx.reply.ok();
  group_changed(ctx, "xgroup-setid", ctx.arg(2));
}

// XGROUP DESTROY key group
void CmdXGroupDestroy(CommandContext& ctx) {
  Stream* s;
  StreamGroup* g;
  if (!xgroup_target(ctx, false, false, &s, &g)) return;
  if (!g) return ctx.reply.integer(0);
  s->destroy_group(ctx.arg(3));
  ctx.reply.integer(1);
  group_changed(ctx, "xgroup-destroy", ctx.arg(2));
  // Clients blocked in XREADGROUP on this group learn that it has gone.
  ctx.server.blocking->signal_key(ctx.db.id(), ctx.arg(2));
}

// XGROUP CREATECONSUMER key group consumer
void CmdXGroupCreateConsumer(CommandContext& ctx) {
  Stream* s;
  StreamGroup* g;
  if (!xgroup_target(ctx, false, true, &s, &g)) return;
  bool created;
  g->get_consumer(ctx.arg(4), wall_ms(), &created);
  ctx.reply.integer(created ? 1 : 0);
  if (created) group_changed(ctx, "xgroup-createconsumer", ctx.arg(2));
}

// XGROUP DELCONSUMER key group consumer
void CmdXGroupDelConsumer(CommandContext& ctx) {
  Stream* s;
  StreamGroup* g;
  if (!xgroup_target(ctx, false, true, &s, &g)) return;
  if (!g->find_consumer(ctx.arg(4))) return ctx.reply.integer(0);
  size_t pending = g->delete_consumer(ctx.arg(4));
  ctx.reply.integer(static_cast<long long>(pending));
  group_changed(ctx, "xgroup-delconsumer", ctx.arg(2));
}

// XGROUP HELP
void CmdXGroupHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "XGROUP",
      {"CREATE <key> <groupname> <id|$> [option]",
       "    Create a new consumer group. Options are:", "    * MKSTREAM",
       "      Create the empty stream if it does not exist.", "    * ENTRIESREAD entries_read",
       "      Set the group's entries_read counter (internal use).",
       "CREATECONSUMER <key> <groupname> <consumer>",
       "    Create a new consumer in the specified group.",
       "DELCONSUMER <key> <groupname> <consumer>", "    Remove the specified consumer.",
       "DESTROY <key> <groupname>", "    Remove the specified group.",
       "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
       "    Set the current group ID and entries_read counter."});
}

// XACK key group id [id ...]
void CmdXAck(CommandContext& ctx) {
  Stream* s;
  if (!get_stream(ctx, ctx.arg(1), &s, true)) return;
  StreamGroup* g = s ? s->find_group(ctx.arg(2)) : nullptr;
  if (!g) return ctx.reply.integer(0);
  std::vector<StreamId> ids(ctx.argc() - 3);
  for (size_t j = 3; j < ctx.argc(); ++j)
    if (!parse_strict_id(ctx, ctx.arg(j), 0, &ids[j - 3])) return;
  long long n = 0;
  for (StreamId id : ids) n += g->ack(id);
  if (n) ++ctx.server.dirty;
  ctx.reply.integer(n);
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
void CmdXPending(CommandContext& ctx) {
  size_t argc = ctx.argc();
  bool summary = argc == 3;
  if (argc != 3 && (argc < 6 || argc > 9)) return ctx.reply.error(err::kSyntax);
  int64_t minidle = 0, count = 0;
  StreamId start, end;
  std::string_view consumer;
  bool has_consumer = false;
  if (!summary) {
    size_t at = 3;
    if (iequals(ctx.arg(3), "IDLE")) {
      if (!parse_int64(ctx.arg(4), &minidle)) return ctx.reply.error(err::kNotInteger);
      if (argc < 8) return ctx.reply.error(err::kSyntax);
      at += 2;
    }
    if (!parse_int64(ctx.arg(at + 2), &count)) return ctx.reply.error(err::kNotInteger);
    if (count < 0) count = 0;
    if (!parse_bound(ctx, ctx.arg(at), true, &start)) return;
    if (!parse_bound(ctx, ctx.arg(at + 1), false, &end)) return;
    if (at + 3 < argc) {
      consumer = ctx.arg(at + 3);
      has_consumer = true;
    }
    // Redis ignores what follows the consumer (argc is at most 9).
  }
  Stream* s;
  StreamGroup* g;
  if (!stream_and_group(ctx, &s, &g, false)) return;
  ReplyWriter& r = ctx.reply;
  if (summary) {
    r.array_len(4);
    if (g->pel.empty()) {
      r.integer(0);
      r.null();
      r.null();
      r.null_array();
      return;
    }
    r.integer(static_cast<long long>(g->pel.size()));
    reply_id(r, g->pel.begin()->first);
    reply_id(r, g->pel.rbegin()->first);
    size_t h = r.defer_len();
    size_t n = 0;
    for (auto& [name, c] : g->consumers) {
      if (c->pel.empty()) continue;
      r.array_len(2);
      r.bulk(name);
      r.bulk_int(static_cast<long long>(c->pel.size()));
      ++n;
    }
    r.set_deferred_array(h, n);
    return;
  }
  int64_t now = wall_ms();
  size_t h = r.defer_len();
  size_t n = 0;
  auto emit = [&](StreamId id, const StreamPending& p) {
    if (minidle && now - p.delivery_time < minidle) return;
    r.array_len(4);
    reply_id(r, id);
    r.bulk(p.consumer->name);
    r.integer(now - p.delivery_time);
    r.integer(static_cast<long long>(p.delivery_count));
    ++n;
  };
  if (has_consumer) {
    StreamConsumer* c = g->find_consumer(consumer);
    if (c && start <= end)
      for (auto it = c->pel.lower_bound(start);
           it != c->pel.end() && it->first <= end && n < static_cast<size_t>(count); ++it)
        emit(it->first, *it->second);
  } else if (start <= end) {
    for (auto it = g->pel.lower_bound(start);
         it != g->pel.end() && it->first <= end && n < static_cast<size_t>(count); ++it)
      emit(it->first, it->second);
  }
  r.set_deferred_array(h, n);
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds]
// [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
void CmdXClaim(CommandContext& ctx) {
  Stream* s;
  StreamGroup* g;
  if (!stream_and_group(ctx, &s, &g, true)) return;
  int64_t minidle;
  if (!parse_int64(ctx.arg(4), &minidle)) return ctx.reply.error(err::kXclaimMinIdle);
  if (minidle < 0) minidle = 0;
  std::vector<StreamId> ids;
  size_t j = 5;
  for (; j < ctx.argc(); ++j) {
    StreamId id;
    if (!parse_stream_id(ctx.arg(j), 0, &id)) break;
    ids.push_back(id);
  }
  int64_t now = wall_ms();
  int64_t delivery = -1, retry = -1;
  bool force = false, justid = false;
  StreamId lastid;
  for (; j < ctx.argc(); ++j) {
    bool more = j + 1 < ctx.argc();
    std::string_view o = ctx.arg(j);
    if (iequals(o, "FORCE")) {
      force = true;
    } else if (iequals(o, "JUSTID")) {
      justid = true;
    } else if (iequals(o, "IDLE") && more) {
      if (!parse_int64(ctx.arg(++j), &delivery)) return ctx.reply.error(err::kXclaimIdle);
      delivery = now - delivery;
    } else if (iequals(o, "TIME") && more) {
      if (!parse_int64(ctx.arg(++j), &delivery)) return ctx.reply.error(err::kXclaimTime);
    } else if (iequals(o, "RETRYCOUNT") && more) {
      if (!parse_int64(ctx.arg(++j), &retry)) return ctx.reply.error(err::kXclaimRetry);
    } else if (iequals(o, "LASTID") && more) {
      if (!parse_strict_id(ctx, ctx.arg(++j), 0, &lastid)) return;
    } else {
      return ctx.reply.error(fmt::format(err::kXclaimOptionFmt, o));
    }
  }
  if (delivery != -1) {
    if (delivery < 0 || delivery > now) delivery = now;
  } else {
    delivery = now;
  }
  bool changed = false;
  if (lastid > g->last_id) {
    g->last_id = lastid;
    changed = true;
  }
  StreamConsumer* c = nullptr;
  ReplyWriter& r = ctx.reply;
  size_t h = r.defer_len();
  size_t n = 0;
  for (StreamId id : ids) {
    auto it = g->pel.find(id);
    if (!s->contains(id)) {
      if (it != g->pel.end()) {
        g->ack(id);
        changed = true;
      }
      continue;
    }
    if (it == g->pel.end()) {
      if (!force) continue;
      if (!c) c = consumer_for(ctx, *g, ctx.arg(3), ctx.arg(1));
      g->deliver(id, c, delivery);  // a new record: delivered once
      it = g->pel.find(id);
    } else if (minidle && now - it->second.delivery_time < minidle) {
      continue;
    }
    if (!c) c = consumer_for(ctx, *g, ctx.arg(3), ctx.arg(1));
    g->assign(it, c);
    StreamPending& p = it->second;
    p.delivery_time = delivery;
    if (retry >= 0)
      p.delivery_count = static_cast<uint64_t>(retry);
    else if (!justid)
      ++p.delivery_count;
    if (justid)
      reply_id(r, id);
    else if (!reply_one(ctx, *s, id))
      r.null();
    ++n;
    changed = true;
  }
  if (c) c->seen_time = now;
  r.set_deferred_array(h, n);
  if (changed) ++ctx.server.dirty;
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
void CmdXAutoClaim(CommandContext& ctx) {
  Stream* s;
  StreamGroup* g;
  if (!get_stream(ctx, ctx.arg(1), &s, true)) return;
  g = s ? s->find_group(ctx.arg(2)) : nullptr;
  int64_t minidle;
  if (!parse_int64(ctx.arg(4), &minidle)) return ctx.reply.error(err::kXautoclaimMinIdle);
  if (minidle < 0) minidle = 0;
  StreamId start;
  if (!parse_bound(ctx, ctx.arg(5), true, &start)) return;
  int64_t count = 100;
  bool justid = false;
  for (size_t j = 6; j < ctx.argc(); ++j) {
    if (iequals(ctx.arg(j), "COUNT") && j + 1 < ctx.argc()) {
      if (!parse_int64(ctx.arg(++j), &count) || count < 1 || count > LONG_MAX / 10)
        return ctx.reply.error(err::kXautoclaimCount);
    } else if (iequals(ctx.arg(j), "JUSTID")) {
      justid = true;
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  if (!g) return ctx.reply.error(fmt::format(err::kStreamNoGroupFmt, ctx.arg(1), ctx.arg(2)));
  int64_t now = wall_ms();
  int64_t attempts = count * 10;
  StreamConsumer* c = nullptr;  // created on the first claim, as Redis does
  ReplyWriter& r = ctx.reply;
  r.array_len(3);
  // The cursor comes first in the reply but is known last: build the claimed part aside.
  std::vector<StreamId> claimed, deleted;
  auto it = g->pel.lower_bound(start);
  while (attempts-- > 0 && count > 0 && it != g->pel.end()) {
    StreamId id = it->first;
    if (!s->contains(id)) {
      deleted.push_back(id);
      ++it;
      g->ack(id);
      --count;
      continue;
    }
    if (minidle && now - it->second.delivery_time < minidle) {
      ++it;
      continue;
    }
    if (!c) c = consumer_for(ctx, *g, ctx.arg(3), ctx.arg(1));
    g->assign(it, c);
    it->second.delivery_time = now;
    if (!justid) ++it->second.delivery_count;
    claimed.push_back(id);
    --count;
    ++it;
  }
  reply_id(r, it == g->pel.end() ? kStreamIdMin : it->first);
  r.array_len(claimed.size());
  for (StreamId id : claimed) {
    if (justid)
      reply_id(r, id);
    else if (!reply_one(ctx, *s, id))
      r.null();
  }
  r.array_len(deleted.size());
  for (StreamId id : deleted) reply_id(r, id);
  ++ctx.server.dirty;
}

// ---- XINFO ----

void reply_group_lag(ReplyWriter& r, const Stream& s, const StreamGroup& g) {
  int64_t lag;
  if (s.group_lag(g, &lag))
    r.integer(lag);
  else
    r.null();
}

// XINFO STREAM key [FULL [COUNT count]]
void CmdXInfoStream(CommandContext& ctx) {
  size_t argc = ctx.argc();
  bool full = false;
  int64_t count = 10;
  if (argc > 3) {
    if ((argc != 4 && argc != 6) || !iequals(ctx.arg(3), "FULL"))
      return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "xinfo"));
    if (argc == 6) {
      if (!iequals(ctx.arg(4), "COUNT"))
        return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "xinfo"));
      if (!parse_int64(ctx.arg(5), &count)) return ctx.reply.error(err::kNotInteger);
      if (count < 0) count = 10;
    }
    full = true;
  }
  Stream* s;
  if (!get_stream(ctx, ctx.arg(2), &s)) return;
  if (!s) return ctx.reply.error(err::kNoSuchKey);
  ReplyWriter& r = ctx.reply;
  size_t lim = static_cast<size_t>(count);
  r.map_len(full ? 9 : 10);
  r.bulk("length");
  r.integer(static_cast<long long>(s->length()));
  r.bulk("radix-tree-keys");
  r.integer(static_cast<long long>(s->node_count()));
  r.bulk("radix-tree-nodes");
  r.integer(static_cast<long long>(s->radix_tree_nodes()));
  r.bulk("last-generated-id");
  reply_id(r, s->last_id());
  r.bulk("max-deleted-entry-id");
  reply_id(r, s->max_deleted_id());
  r.bulk("entries-added");
  r.integer(static_cast<long long>(s->entries_added()));
  r.bulk("recorded-first-entry-id");
  reply_id(r, s->first_id());
  if (!full) {
    r.bulk("groups");
    r.integer(static_cast<long long>(s->groups().size()));
    StreamId id;
    Stream::FieldList f;
    r.bulk("first-entry");
    if (s->first_entry(&id, &f))
      reply_entry(r, id, f);
    else
      r.null();
    r.bulk("last-entry");
    if (s->last_entry(&id, &f))
      reply_entry(r, id, f);
    else
      r.null();
    return;
  }
  r.bulk("entries");
  reply_range(ctx, *s, kStreamIdMin, kStreamIdMax, false, lim);
  r.bulk("groups");
  r.array_len(s->groups().size());
  for (auto& [name, g] : s->groups()) {
    r.map_len(7);
    r.bulk("name");
    r.bulk(name);
    r.bulk("last-delivered-id");
    reply_id(r, g->last_id);
    r.bulk("entries-read");
    if (g->entries_read == kEntriesReadInvalid)
      r.null();
    else
      r.integer(g->entries_read);
    r.bulk("lag");
    reply_group_lag(r, *s, *g);
    r.bulk("pel-count");
    r.integer(static_cast<long long>(g->pel.size()));
    r.bulk("pending");
    size_t np = lim ? std::min(lim, g->pel.size()) : g->pel.size();
    r.array_len(np);
    size_t i = 0;
    for (auto it = g->pel.begin(); i < np; ++it, ++i) {
      r.array_len(4);
      reply_id(r, it->first);
      r.bulk(it->second.consumer->name);
      r.integer(it->second.delivery_time);
      r.integer(static_cast<long long>(it->second.delivery_count));
    }
    r.bulk("consumers");
    r.array_len(g->consumers.size());
    for (auto& [cname, c] : g->consumers) {
      r.map_len(4);
      r.bulk("name");
      r.bulk(cname);
      r.bulk("seen-time");
      r.integer(c->seen_time);
      r.bulk("pel-count");
      r.integer(static_cast<long long>(c->pel.size()));
      r.bulk("pending");
      size_t nc = lim ? std::min(lim, c->pel.size()) : c->pel.size();
      r.array_len(nc);
      size_t k = 0;
      for (auto it = c->pel.begin(); k < nc; ++it, ++k) {
        r.array_len(3);
        reply_id(r, it->first);
        r.integer(it->second->delivery_time);
        r.integer(static_cast<long long>(it->second->delivery_count));
      }
    }
  }
}

// XINFO GROUPS key
void CmdXInfoGroups(CommandContext& ctx) {
  Stream* s;
  if (!get_stream(ctx, ctx.arg(2), &s)) return;
  if (!s) return ctx.reply.error(err::kNoSuchKey);
  ReplyWriter& r = ctx.reply;
  r.array_len(s->groups().size());
  for (auto& [name, g] : s->groups()) {
    r.map_len(6);
    r.bulk("name");
    r.bulk(name);
    r.bulk("consumers");
    r.integer(static_cast<long long>(g->consumers.size()));
    r.bulk("pending");
    r.integer(static_cast<long long>(g->pel.size()));
    r.bulk("last-delivered-id");
    reply_id(r, g->last_id);
    r.bulk("entries-read");
    if (g->entries_read == kEntriesReadInvalid)
      r.null();
    else
      r.integer(g->entries_read);
    r.bulk("lag");
    reply_group_lag(r, *s, *g);
  }
}

// XINFO CONSUMERS key group
void CmdXInfoConsumers(CommandContext& ctx) {
  Stream* s;
  if (!get_stream(ctx, ctx.arg(2), &s)) return;
  if (!s) return ctx.reply.error(err::kNoSuchKey);
  StreamGroup* g = s->find_group(ctx.arg(3));
  if (!g) return ctx.reply.error(fmt::format(err::kStreamNoGroupForKeyFmt, ctx.arg(3), ctx.arg(2)));
  ReplyWriter& r = ctx.reply;
  int64_t now = wall_ms();
  r.array_len(g->consumers.size());
  for (auto& [name, c] : g->consumers) {
    r.map_len(3);
    r.bulk("name");
    r.bulk(name);
    r.bulk("pending");
    r.integer(static_cast<long long>(c->pel.size()));
    r.bulk("idle");
    int64_t idle = now - c->seen_time;
    r.integer(idle < 0 ? 0 : idle);
  }
}

// XINFO HELP
void CmdXInfoHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "XINFO",
             {"CONSUMERS <key> <groupname>", "    Show consumers of <groupname>.", "GROUPS <key>",
              "    Show the stream consumer groups.", "STREAM <key> [FULL [COUNT <count>]",
              "    Show information about the stream."});
}

}  // namespace

void RegisterStreamFamily(CommandTable& t) {
  FamilyRows rows(t, "stream");
  rows.add({.name = "xadd",
            .arity = -5,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0 | UPDATE instead of INSERT because of "
                         "the optional trimming feature",
            .acl = "@write @stream @fast",
            .summary = "Appends a new entry to a stream",
            .since = "5.0.0",
            .complexity = "O(1) when adding a new entry, O(N) when trimming where N being the "
                          "number of entries evicted.",
            .usage = "key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> "
                     "<field value> ...",
            .tips = "nondeterministic_output",
            .handler = CmdXAdd});
  rows.add({.name = "xrange",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @stream @slow",
            .summary = "Return a range of elements in a stream, with IDs matching the specified "
                       "IDs interval",
            .since = "5.0.0",
            .complexity = "O(N) with N being the number of elements being returned. If N is "
                          "constant (e.g. always asking for the first 10 elements with COUNT), you "
                          "can consider it O(1).",
            .usage = "key start end [COUNT count]",
            .handler = CmdXRange});
  rows.add({.name = "xrevrange",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @stream @slow",
            .summary = "Return a range of elements in a stream, with IDs matching the specified "
                       "IDs interval, in reverse order (from greater to smaller IDs) compared to "
                       "XRANGE",
            .since = "5.0.0",
            .complexity = "O(N) with N being the number of elements returned. If N is constant "
                          "(e.g. always asking for the first 10 elements with COUNT), you can "
                          "consider it O(1).",
            .usage = "key end start [COUNT count]",
            .handler = CmdXRevRange});
  rows.add({.name = "xlen",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @stream @fast",
            .summary = "Return the number of entries in a stream",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdXLen});
  rows.add({.name = "xdel",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @stream @fast",
            .summary = "Removes the specified entries from the stream. Returns the number of items "
                       "actually deleted, that may be different from the number of IDs passed in "
                       "case certain IDs do not exist.",
            .since = "5.0.0",
            .complexity = "O(1) for each single item to delete in the stream, regardless of the "
                          "stream size.",
            .usage = "key id ...",
            .handler = CmdXDel});
  rows.add({.name = "xtrim",
            .arity = -4,
            .flags = kCmdWrite,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @stream @slow",
            .summary = "Trims the stream to (approximately if '~' is passed) a certain size",
            .since = "5.0.0",
            .complexity = "O(N), with N being the number of evicted entries. Constant times are "
                          "very small however, since entries are organized in macro nodes "
                          "containing multiple entries that can be released with a single "
                          "deallocation.",
            .usage = "key <<MAXLEN | MINID> [= | ~] threshold [LIMIT count]>",
            .tips = "nondeterministic_output",
            .handler = CmdXTrim});
  rows.add({.name = "xread",
            .arity = -4,
            .flags = kCmdReadonly | kCmdBlocking,
            .key_finder = xread_keys,
            .key_specs = "RO access | keyword STREAMS 1 | range -1 1 2",
            .acl = "@read @stream @slow @blocking",
            .summary = "Return never seen elements in multiple streams, with IDs greater than the "
                       "ones reported by the caller for each stream. Can block.",
            .since = "5.0.0",
            .complexity =
                "For each stream mentioned: O(N) with N being the number of elements "
                "being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note "
                "that when the BLOCK option is used, XADD will pay O(M) time in order to "
                "serve the M clients blocked on the stream getting new data.",
            .usage = "[COUNT count] [BLOCK milliseconds] <STREAMS key ... id ...>",
            .handler = CmdXRead});
  rows.add({.name = "xreadgroup",
            .arity = -7,
            .flags = kCmdWrite | kCmdBlocking,
            .key_finder = xread_keys,
            .key_specs = "RO access | keyword STREAMS 4 | range -1 1 2",
            .acl = "@write @stream @slow @blocking",
            .summary = "Return new entries from a stream using a consumer group, or access the "
                       "history of the pending entries for a given consumer. Can block.",
            .since = "5.0.0",
            .complexity = "For each stream mentioned: O(M) with M being the number of elements "
                          "returned. If M is constant (e.g. always asking for the first 10 "
                          "elements with COUNT), you can consider it O(1). On the other side when "
                          "XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N "
                          "clients blocked on the stream getting new data.",
            .usage = "<GROUP group consumer> [COUNT count] [BLOCK milliseconds] [NOACK] <STREAMS "
                     "key ... id ...>",
            .handler = CmdXReadGroup});
  rows.add({.name = "xack",
            .arity = -4,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @stream @fast",
            .summary = "Marks a pending message as correctly processed, effectively removing it "
                       "from the pending entries list of the consumer group. Return value of the "
                       "command is the number of messages successfully acknowledged, that is, the "
                       "IDs we were actually able to resolve in the PEL.",
            .since = "5.0.0",
            .complexity = "O(1) for each message ID processed.",
            .usage = "key group id ...",
            .handler = CmdXAck});
  rows.add({.name = "xpending",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @stream @slow",
            .summary = "Return information and entries from a stream consumer group pending "
                       "entries list, that are messages fetched but never acknowledged.",
            .since = "5.0.0",
            .complexity = "O(N) with N being the number of elements returned, so asking for a "
                          "small fixed number of entries per call is O(1). O(M), where M is the "
                          "total number of entries scanned when used with the IDLE filter. When "
                          "the command returns just the summary and the list of consumers is "
                          "small, it runs in O(1) time; otherwise, an additional O(N) time for "
                          "iterating every consumer.",
            .usage = "key group [[IDLE min-idle-time] start end count [consumer]]",
            .tips = "nondeterministic_output",
            .handler = CmdXPending});
  rows.add({.name = "xclaim",
            .arity = -6,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @stream @fast",
            .summary = "Changes (or acquires) ownership of a message in a consumer group, as if "
                       "the message was delivered to the specified consumer.",
            .since = "5.0.0",
            .complexity = "O(log N) with N being the number of messages in the PEL of the consumer "
                          "group.",
            .usage = "key group consumer min-idle-time id ... [IDLE ms] [TIME "
                     "unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]",
            .tips = "nondeterministic_output",
            .handler = CmdXClaim});
  rows.add({.name = "xautoclaim",
            .arity = -6,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @stream @fast",
            .summary = "Changes (or acquires) ownership of messages in a consumer group, as if the "
                       "messages were delivered to the specified consumer.",
            .since = "6.2.0",
            .complexity = "O(1) if COUNT is small.",
            .usage = "key group consumer min-idle-time start [COUNT count] [JUSTID]",
            .tips = "nondeterministic_output",
            .handler = CmdXAutoClaim});
  rows.add({.name = "xsetid",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @stream @fast",
            .summary = "An internal command for replicating stream values",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id]",
            .handler = CmdXSetId});
  const char* kHelpSummary = "Show helpful text about the different subcommands";
  rows.add({.name = "xgroup",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for consumer groups commands",
            .since = "5.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "xgroup",
            .name = "create",
            .arity = -5,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {2, 2, 1},
            .key_specs = "RW insert | index 2 | range 0 1 0",
            .acl = "@write @stream @slow",
            .summary = "Create a consumer group.",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key groupname <id | $> [MKSTREAM] [ENTRIESREAD entries_read]",
            .handler = CmdXGroupCreate});
  rows.add({.container = "xgroup",
            .name = "createconsumer",
            .arity = 5,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {2, 2, 1},
            .key_specs = "RW insert | index 2 | range 0 1 0",
            .acl = "@write @stream @slow",
            .summary = "Create a consumer in a consumer group.",
            .since = "6.2.0",
            .complexity = "O(1)",
            .usage = "key groupname consumername",
            .handler = CmdXGroupCreateConsumer});
  rows.add({.container = "xgroup",
            .name = "delconsumer",
            .arity = 5,
            .flags = kCmdWrite,
            .keys = {2, 2, 1},
            .key_specs = "RW delete | index 2 | range 0 1 0",
            .acl = "@write @stream @slow",
            .summary = "Delete a consumer from a consumer group.",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key groupname consumername",
            .handler = CmdXGroupDelConsumer});
  rows.add({.container = "xgroup",
            .name = "setid",
            .arity = -5,
            .flags = kCmdWrite,
            .keys = {2, 2, 1},
            .key_specs = "RW update | index 2 | range 0 1 0",
            .acl = "@write @stream @slow",
            .summary = "Set a consumer group to an arbitrary last delivered ID value.",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key groupname <id | $> [ENTRIESREAD entries_read]",
            .handler = CmdXGroupSetId});
  rows.add({.container = "xgroup",
            .name = "destroy",
            .arity = 4,
            .flags = kCmdWrite,
            .keys = {2, 2, 1},
            .key_specs = "RW delete | index 2 | range 0 1 0",
            .acl = "@write @stream @slow",
            .summary = "Destroy a consumer group.",
            .since = "5.0.0",
            .complexity =
                "O(N) where N is the number of entries in the group's pending entries list (PEL).",
            .usage = "key groupname",
            .handler = CmdXGroupDestroy});
  rows.add({.container = "xgroup",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@stream @slow",
            .summary = kHelpSummary,
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdXGroupHelp});
  rows.add({.name = "xinfo",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for stream introspection commands",
            .since = "5.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "xinfo",
            .name = "groups",
            .arity = 3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO access | index 2 | range 0 1 0",
            .acl = "@read @stream @slow",
            .summary = "List the consumer groups of a stream",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdXInfoGroups});
  rows.add({.container = "xinfo",
            .name = "stream",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO access | index 2 | range 0 1 0",
            .acl = "@read @stream @slow",
            .summary = "Get information about a stream",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key [FULL [COUNT count]]",
            .handler = CmdXInfoStream});
  rows.add({.container = "xinfo",
            .name = "consumers",
            .arity = 4,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO access | index 2 | range 0 1 0",
            .acl = "@read @stream @slow",
            .summary = "List the consumers in a consumer group",
            .since = "5.0.0",
            .complexity = "O(1)",
            .usage = "key groupname",
            .tips = "nondeterministic_output",
            .handler = CmdXInfoConsumers});
  rows.add({.container = "xinfo",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@stream @slow",
            .summary = kHelpSummary,
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdXInfoHelp});
}

}  // namespace sable
