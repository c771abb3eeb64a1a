// Blocking commands: per-key FIFO queues of waiting clients, served by re-execution.
#include "server/blocking.h"

#include <climits>
#include <cmath>

#include "datatypes/clock.h"
#include "datatypes/keyspace.h"
#include "datatypes/numbers.h"
#include "server/client.h"
#include "server/errors.h"
#include "server/server.h"

namespace sable {

bool parse_block_timeout(CommandContext& ctx, std::string_view arg, int64_t* deadline_ms) {
  long double secs;
  if (!parse_long_double(arg, &secs)) {
    ctx.reply.error(err::kTimeout);
    return false;
  }
  // Redis converts seconds*1000 to a 64-bit integer; values out of that range (inf included)
  // come out as the most negative integer on x86, hence "timeout is negative".
  // Rounded up, as Redis does: 0.001 s is one millisecond, never 0 (which blocks forever).
  long double ms_ld = std::ceil(secs * 1000.0L);
  int64_t ms = LLONG_MIN;
  if (std::isfinite(ms_ld) && ms_ld < static_cast<long double>(LLONG_MAX) &&
      ms_ld > static_cast<long double>(LLONG_MIN))
    ms = static_cast<int64_t>(ms_ld);
  if (ms < 0) {
    ctx.reply.error(err::kTimeoutNegative);
    return false;
  }
  if (ms > 0) {
    if (ms > LLONG_MAX - now_ms()) {
      ctx.reply.error(err::kTimeoutOutOfRange);
      return false;
    }
    ms += now_ms();
  }
  *deadline_ms = ms;
  return true;
}

bool can_block(const CommandContext& ctx) {
  return !ctx.client.has(kClientMulti | kClientDenyBlocking);
}

void block_on_keys(CommandContext& ctx, std::span<const std::string_view> keys, ObjType type,
                   int64_t deadline_ms, BlockTimeoutReply on_timeout,
                   std::span<const std::string_view> argv) {
  ctx.server.blocking->block(ctx.client, argv.empty() ? ctx.argv : argv, keys, type, deadline_ms,
                             on_timeout);
}

std::string_view block_ready_key(const CommandContext& ctx) {
  return ctx.server.blocking->serving_key(ctx.client.id);
}

Blocking::Blocking(Server& s) : server_(s) {}

Blocking::~Blocking() = default;

void Blocking::start(uv_loop_t* loop) {
  uv_timer_init(loop, &timer_);
  timer_.data = this;
  timer_started_ = true;
}

void Blocking::block(Client& c, std::span<const std::string_view> argv,
                     std::span<const std::string_view> keys, ObjType type, int64_t deadline_ms,
                     BlockTimeoutReply on_timeout) {
  if (reexecuting_ == c.id) {
    // Re-executed and still nothing to serve: keep the client's place in every queue.
    reblocked_ = true;
    return;
  }
  Waiter w;
  w.argv.assign(argv.begin(), argv.end());
  w.db = c.db_index;
  w.type = type;
  w.deadline = deadline_ms;
  w.on_timeout = on_timeout;
  for (std::string_view k : keys) {
    bool dup = false;
    for (auto& existing : w.keys) dup = dup || existing == k;
    if (dup) continue;
    w.keys.emplace_back(k);
    waiting_[KeyRef{w.db, std::string(k)}].push_back(c.id);
  }
  blocked_[c.id] = std::move(w);
  c.flags |= kClientBlocked;
  if (deadline_ms > 0) {
    deadlines_.insert({deadline_ms, c.id});
    rearm_timer();
  }
}

void Blocking::signal_key_slow(int db, std::string_view key) {
  KeyRef ref{db, std::string(key)};
  if (!waiting_.count(ref) || ready_set_.count(ref)) return;
  ready_set_.insert(ref);
  ready_.push_back(std::move(ref));
}

void Blocking::signal_db(int db) {
  for (auto& [ref, q] : waiting_)
    if (ref.db == db && !ready_set_.count(ref)) {
      ready_set_.insert(ref);
      ready_.push_back(ref);
    }
}

void Blocking::detach(uint64_t id) {
  auto it = blocked_.find(id);
  if (it == blocked_.end()) return;
  Waiter& w = it->second;
  for (auto& k : w.keys) {
    auto q = waiting_.find(KeyRef{w.db, k});
    if (q == waiting_.end()) continue;
    q->second.remove(id);
    if (q->second.empty()) waiting_.erase(q);
  }
  if (w.deadline > 0) deadlines_.erase({w.deadline, id});
  blocked_.erase(it);
  if (Client* c = server_.find_client(id)) c->flags &= ~kClientBlocked;
}

void Blocking::serve_ready_keys() {
  if (serving_) return;
  serving_ = true;
  // Serving can push to other keys (BLMOVE), which makes more keys ready: loop until quiet.
  while (!ready_.empty()) {
    std::vector<KeyRef> batch;
    batch.swap(ready_);
    ready_set_.clear();
    for (const KeyRef& ref : batch) {
      auto q = waiting_.find(ref);
      if (q == waiting_.end()) continue;
      // Snapshot the queue: serving changes it.
      std::vector<uint64_t> ids(q->second.begin(), q->second.end());
      for (uint64_t id : ids) {
        auto it = blocked_.find(id);
        Client* c = server_.find_client(id);
        if (it == blocked_.end() || !c) continue;
        Entry* e = server_.db(ref.db).find(ref.key, false);
        bool stream = it->second.type == ObjType::kStream;
        if (!stream && (!e || entry::type(e) != it->second.type)) break;  // nothing to serve
        std::vector<std::string> args = it->second.argv;
        std::vector<std::string_view> argv(args.begin(), args.end());
        const CommandSpec* container = nullptr;
        const CommandSpec* cmd = server_.commands.lookup(argv, &container);
        if (!cmd) continue;
        reexecuting_ = id;
        reblocked_ = false;
        serving_key_ = &ref.key;
        server_.call(*c, *cmd, argv);
        serving_key_ = nullptr;
        reexecuting_ = 0;
        if (!reblocked_) {
          detach(id);
          to_resume_.push_back(id);
        }
      }
    }
  }
  serving_ = false;
  std::vector<uint64_t> resume_ids;
  resume_ids.swap(to_resume_);
  for (uint64_t id : resume_ids)
    if (Client* c = server_.find_client(id)) resume(*c);
}

void Blocking::resume(Client& c) {
  server_.queue_write(c);
  // Commands pipelined behind the blocking one run now.
  if (c.in.len > c.in_start) server_.process_input(c);
}

bool Blocking::unblock(Client& c, bool with_error) {
  auto it = blocked_.find(c.id);
  if (it == blocked_.end()) return false;
  BlockTimeoutReply kind = it->second.on_timeout;
  detach(c.id);
  if (with_error)
    c.reply.error(err::kUnblocked);
  else if (kind == BlockTimeoutReply::kNullArray)
    c.reply.null_array();
  else
    c.reply.null();
  server_.queue_write(c);
  to_resume_.push_back(c.id);
  if (!serving_) {
    std::vector<uint64_t> ids;
    ids.swap(to_resume_);
    for (uint64_t id : ids)
      if (Client* x = server_.find_client(id); x && x != &c) resume(*x);
    // The unblocked client itself resumes on the next loop turn, after the current command.
    if (c.in.len > c.in_start) server_.schedule_resume(c);
  }
  return true;
}

void Blocking::remove(Client& c) { detach(c.id); }

void Blocking::rearm_timer() {
  if (!timer_started_) return;
  if (deadlines_.empty()) {
    uv_timer_stop(&timer_);
    return;
  }
  int64_t wait = deadlines_.begin()->first - wall_ms();
  uv_timer_start(&timer_, on_timer, static_cast<uint64_t>(wait > 0 ? wait : 0), 0);
}

void Blocking::on_timer(uv_timer_t* t) {
  auto* self = static_cast<Blocking*>(t->data);
  update_clock();
  self->expire_timeouts();
}

void Blocking::expire_timeouts() {
  int64_t now = wall_ms();
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    uint64_t id = deadlines_.begin()->second;
    Client* c = server_.find_client(id);
    if (!c) {
      detach(id);
      deadlines_.erase(deadlines_.begin());
      continue;
    }
    unblock(*c, false);
  }
  rearm_timer();
  std::vector<uint64_t> ids;
  ids.swap(to_resume_);
  for (uint64_t id : ids)
    if (Client* c = server_.find_client(id)) resume(*c);
}

}  // namespace sable
