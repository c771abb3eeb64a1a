// The forkless BGSAVE (see snapshot.h).
#include "server/persistence/snapshot.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "datatypes/clock.h"
#include "datatypes/keyspace.h"
#include "server/fd_write.h"
#include "server/persistence/rdb_encoder.h"
#include "server/server.h"

namespace sable {

namespace {
constexpr size_t kChunkBytes = 1 << 20;  // a chunk is handed to the writer at this size
constexpr size_t kMaxQueued = 4 << 20;   // the walk pauses while this much waits for the disk
constexpr int64_t kSliceUs = 1000;       // walk time per loop iteration
Snapshot* g_current = nullptr;           // the one whose hooks are installed
}  // namespace

Snapshot::Snapshot(Server& s) : s_(s) {}

Snapshot::~Snapshot() {
  if (phase_ != Phase::kIdle || writer_.joinable()) abort("shutdown");
  if (writer_.joinable()) writer_.join();
  if (g_current == this) {
    set_snapshot_hooks(nullptr, nullptr);
    snapshot_end();
    g_current = nullptr;
  }
  if (handles_ready_) {
    stop_handles();
    uv_close(reinterpret_cast<uv_handle_t*>(&idle_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&timer_), nullptr);
  }
}

std::string Snapshot::start() {
  if (in_progress()) return "Background save already in progress";
  // The marks of an aborted save are finished first: every entry must read "saved" before the
  // mark flips again.
  while (phase_ == Phase::kMarking) step(INT64_MAX, UINT64_MAX);
  if (!handles_ready_) {
    uv_idle_init(s_.loop(), &idle_);
    uv_timer_init(s_.loop(), &timer_);
    idle_.data = timer_.data = this;
    handles_ready_ = true;
  }
  tmp_ = fmt::format("temp-bgsave-{}.rdb", getpid());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    // As with Redis's child, BGSAVE itself reports success; the failure shows at completion.
    char dir[4096];
    s_.log(kLogWarning,
           fmt::format("Failed opening the temp RDB file {} (in server root dir {}) for saving: {}",
                       tmp_, getcwd(dir, sizeof(dir)) ? dir : "?", std::strerror(errno)));
    open_failed_ = true;
    write_errno_ = errno;
    written_ = true;
    writer_ = std::thread([] {});
    return {};
  }
  g_current = this;
  set_snapshot_hooks(save_hook, clear_hook);
  snapshot_begin();
  sources_.clear();
  for (auto& db : s_.dbs)
    if (db->size() > 0) sources_.push_back(Source{db->id(), db.get()});
  cur_ = 0;
  selected_ = -1;
  chunk_.clear();
  chunk_.reserve(kChunkBytes + (64 << 10));
  enc_ = std::make_unique<Encoder>(&chunk_, s_.config.rdbcompression);
  write_preamble(*enc_, s_);
  checksum_ = s_.config.rdbchecksum;
  finishing_ = cancel_ = false;
  written_ = false;
  write_errno_ = 0;
  queue_.clear();
  queued_bytes_ = 0;
  phase_ = Phase::kSaving;
  writer_ = std::thread([this] { writer_main(); });
  last_key_us_ = wall_us();
  schedule();
  return {};
}

void Snapshot::schedule() {
  stop_handles();
  long long delay = s_.config.rdb_key_save_delay;
  timer_mode_ = delay > 0 && phase_ == Phase::kSaving;  // marking runs at full speed
  if (timer_mode_) {
    // rdb-key-save-delay: a key every `delay` microseconds, without blocking the loop.
    uint64_t ms = std::clamp<long long>(delay / 1000, 1, 100);
    uv_timer_start(&timer_, on_timer, ms, ms);
  } else {
    uv_idle_start(&idle_, on_idle);
  }
}

void Snapshot::stop_handles() {
  if (!handles_ready_) return;
  uv_idle_stop(&idle_);
  uv_timer_stop(&timer_);
}

void Snapshot::on_idle(uv_idle_t* h) {
  auto* self = static_cast<Snapshot*>(h->data);
  if (self->phase_ == Phase::kSaving && self->s_.config.rdb_key_save_delay > 0)
    return self->schedule();
  self->step(kSliceUs, UINT64_MAX);
}

void Snapshot::on_timer(uv_timer_t* h) {
  auto* self = static_cast<Snapshot*>(h->data);
  long long delay = self->s_.config.rdb_key_save_delay;
  if (delay <= 0 || self->phase_ != Phase::kSaving) return self->schedule();
  int64_t now = wall_us();
  uint64_t due = static_cast<uint64_t>((now - self->last_key_us_) / delay);
  if (due == 0) return;
  self->last_key_us_ = now;
  self->step(kSliceUs, due);
}

Snapshot::Source* Snapshot::source_of(Db& db) {
  for (Source& src : sources_)
    if (src.db == &db && !src.done) return &src;
  return nullptr;
}

void Snapshot::save_hook(Db& db, Entry* e) {
  Snapshot* self = g_current;
  Source* src = self ? self->source_of(db) : nullptr;
  if (!src) return snapshot_mark::set_saved(e);  // not part of the snapshot
  self->save_entry(e, src->index);
}

void Snapshot::clear_hook(Db& db) {
  Snapshot* self = g_current;
  Source* src = self ? self->source_of(db) : nullptr;
  if (!src) return;
  if (self->phase_ == Phase::kMarking) {
    src->done = true;  // its entries are going away: nothing left to mark
    return;
  }
  // Keep the contents for the walk; the live database goes on empty.
  auto held = std::make_unique<Db>(db.id());
  db.swap_contents(*held);
  src->db = held.get();
  src->detached = std::move(held);
}

void Snapshot::swapped(Db& a, Db& b) {
  if (phase_ == Phase::kIdle) return;
  for (Source& src : sources_) {
    if (src.detached) continue;
    if (src.db == &a)
      src.db = &b;
    else if (src.db == &b)
      src.db = &a;
  }
}

void Snapshot::save_entry(Entry* e, int index) {
  snapshot_mark::set_saved(e);
  if (phase_ != Phase::kSaving) return;
  if (selected_ != index) {
    enc_->byte(rdb::kSelectDb);
    enc_->len(static_cast<uint64_t>(index));
    selected_ = index;
  }
  write_entry(*enc_, e, s_.config);
  if (chunk_.size() >= kChunkBytes) submit_chunk(false);
}

void Snapshot::step(int64_t budget_us, uint64_t max_entries) {
  if (phase_ == Phase::kSaving) {
    std::lock_guard<std::mutex> lock(mu_);
    if (queued_bytes_ >= kMaxQueued) return;  // the disk is behind
  }
  int64_t deadline = budget_us == INT64_MAX ? INT64_MAX : wall_us() + budget_us;
  uint64_t visited = 0;
  int buckets = 0;
  while (cur_ < sources_.size()) {
    Source& src = sources_[cur_];
    if (!src.done) {
      if (phase_ == Phase::kSaving && (!src.started || selected_ != src.index)) {
        if (!src.started)
          write_db_header(*enc_, src.index, src.db->size(), src.db->expires_size());
        else {
          enc_->byte(rdb::kSelectDb);
          enc_->len(static_cast<uint64_t>(src.index));
        }
        selected_ = src.index;
      }
      src.started = true;
      int index = src.index;
      src.cursor = src.db->scan_all(src.cursor, [&](Entry* e) {
        if (!snapshot_mark::saved(e)) save_entry(e, index);
        ++visited;
      });
      if (src.cursor == 0) src.done = true;
    }
    if (src.done) {
      if (src.detached) s_.lazyfree->free_db(std::move(src.detached));
      src.db = nullptr;
      ++cur_;
      continue;
    }
    if (visited >= max_entries) break;
    if (++buckets % 16 == 0 && wall_us() >= deadline) break;
    if (phase_ == Phase::kSaving && chunk_.size() >= kChunkBytes) break;
  }
  if (cur_ >= sources_.size()) finish_walk();
}

void Snapshot::finish_walk() {
  stop_handles();
  snapshot_end();
  set_snapshot_hooks(nullptr, nullptr);
  g_current = nullptr;
  sources_.clear();
  if (phase_ == Phase::kSaving) {
    enc_->byte(rdb::kEof);
    submit_chunk(true);
  }
  enc_.reset();
  phase_ = Phase::kIdle;
}

void Snapshot::submit_chunk(bool last) {
  std::string next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
    queued_bytes_ += chunk_.size();
    queue_.push_back(std::move(chunk_));
    if (last) finishing_ = true;
  }
  cv_.notify_one();
  next.clear();
  chunk_ = std::move(next);
  if (!last && chunk_.capacity() < kChunkBytes) chunk_.reserve(kChunkBytes + (64 << 10));
}

void Snapshot::writer_main() {
  uint64_t crc = 0;
  int err = 0;
  bool cancelled = false;
  for (;;) {
    std::string chunk;
    bool last;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || cancel_ || finishing_; });
      if (cancel_) {
        cancelled = true;
        break;
      }
      if (queue_.empty()) break;  // finishing with nothing left
      chunk = std::move(queue_.front());
      queue_.pop_front();
      last = queue_.empty() && finishing_;
    }
    crc = crc64(crc, chunk.data(), chunk.size());
    if (!err && !write_all(fd_, chunk.data(), chunk.size())) err = errno;
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_bytes_ -= chunk.size();
      if (spare_.size() < 2) spare_.push_back(std::move(chunk));
    }
    if (last) break;
  }
  if (!cancelled && !err) {
    uint64_t sum = checksum_ ? crc : 0;
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((sum >> (8 * i)) & 0xFF);
    if (!write_all(fd_, reinterpret_cast<const char*>(b), 8) || ::fsync(fd_) != 0) err = errno;
  }
  if (::close(fd_) != 0 && !err && !cancelled) err = errno;
  fd_ = -1;
  write_errno_ = cancelled ? ECANCELED : err;
  written_ = true;
}

void Snapshot::abort(const char* why) {
  if (!in_progress()) return;
  if (phase_ == Phase::kSaving) {
    phase_ = Phase::kMarking;  // the walk goes on, marking only
    enc_.reset();
    chunk_.clear();
    schedule();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancel_ = true;
  }
  cv_.notify_one();
  if (writer_.joinable()) writer_.join();
  written_ = false;
  open_failed_ = false;
  ::unlink(tmp_.c_str());
  spare_.clear();
  queue_.clear();
  queued_bytes_ = 0;
  s_.log(kLogWarning, fmt::format("Background saving cancelled ({})", why));
  int64_t now = wall_ms();
  s_.rdb_last_bgsave_time_sec = (now - s_.rdb_save_start_ms) / 1000;
  s_.rdb_save_start_ms = -1;
}

void Snapshot::poll() {
  if (!writer_.joinable() || !written_) return;
  writer_.join();
  written_ = false;
  spare_.clear();
  int64_t now = wall_ms();
  std::string err;
  if (open_failed_) {
    open_failed_ = false;
    err = "Background saving error";
  } else if (write_errno_ != 0) {
    err = fmt::format("Write error saving DB on disk: {}", std::strerror(write_errno_));
  } else if (std::rename(tmp_.c_str(), s_.config.dbfilename.c_str()) != 0) {
    char dir[4096];
    err = fmt::format(
        "Error moving temp DB file {} on the final destination {} (in server root dir {}): {}",
        tmp_, s_.config.dbfilename, getcwd(dir, sizeof(dir)) ? dir : "?", std::strerror(errno));
  }
  if (err.empty()) {
    int dfd = ::open(".", O_RDONLY);  // make the rename itself durable
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    s_.log(kLogNotice, "DB saved on disk");
    s_.log(kLogNotice, "Background saving terminated with success");
    s_.dirty = s_.dirty >= s_.dirty_before_bgsave ? s_.dirty - s_.dirty_before_bgsave : 0;
    s_.lastsave_sec = now / 1000;
    ++s_.rdb_saves;
  } else {
    ::unlink(tmp_.c_str());
    if (err != "Background saving error") s_.log(kLogWarning, err);
    s_.log(kLogWarning, "Background saving error");
  }
  s_.rdb_last_bgsave_ok = err.empty();
  s_.rdb_last_bgsave_time_sec = (now - s_.rdb_save_start_ms) / 1000;
  s_.rdb_save_start_ms = -1;
}

}  // namespace sable
