// The forkless BGSAVE: the event loop writes the snapshot itself, a slice at a time between
// client requests, instead of forking a child.
//
// A fork shares pages with the parent until either writes them, so a BGSAVE under a write load
// can need up to twice the memory, and the fork itself stalls the loop. Here the loop walks each
// database with a dict scan cursor, encoding at most ~1 ms of entries per loop iteration into
// 1 MB chunks that a writer thread appends to the temp file (computing the CRC-64 as it goes).
// The result is the point-in-time RDB a fork would write: any change to a key the walk has not
// reached yet (write, delete, expiry, eviction, rename, FLUSHDB) first saves the key as it was
// (datatypes/keyspace.h snapshot_mark), and keys created after the start are skipped. Such
// early saves go to the file under their own SELECTDB, which RDB loaders accept anywhere.
//
// Memory: the chunks in flight (at most kMaxQueued bytes; the walk pauses while the disk is
// behind) plus the contents of databases flushed during the save, which are kept until the walk
// has passed them. A single huge value is encoded in one step, so it stalls the loop for as long
// as encoding it takes (`bgsave-forkless no` forks as Redis does).
#pragma once

#include <uv.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sable {

class Db;
class Encoder;
class Server;
struct Entry;

class Snapshot {
 public:
  explicit Snapshot(Server& s);
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // True from start() until poll() has seen the file finished (what INFO calls
  // rdb_bgsave_in_progress).
  bool in_progress() const { return phase_ == Phase::kSaving || writer_.joinable(); }
  // BGSAVE: opens the temp file and starts the walk. Returns an error text (logged) or empty.
  std::string start();
  // Called from cron: finishes a save whose file is written (rename, INFO fields, log).
  void poll();
  // FLUSHALL, DEBUG RELOAD and shutdown: stops saving and removes the temp file. The marks of
  // the entries not reached yet are finished in the background (another start() finishes them
  // first when it comes sooner).
  void abort(const char* why);
  // SWAPDB a b, after swapping their contents: the walk follows the data to its new Db object.
  void swapped(Db& a, Db& b);

 private:
  enum class Phase { kIdle, kSaving, kMarking };
  struct Source {
    int index = 0;                 // the database number the data is saved under
    Db* db = nullptr;              // where that data lives now
    std::unique_ptr<Db> detached;  // contents a FLUSHDB took away from the live database
    uint64_t cursor = 0;
    bool started = false, done = false;
  };

  static void on_idle(uv_idle_t* h);
  static void on_timer(uv_timer_t* h);
  static void save_hook(Db& db, Entry* e);
  static void clear_hook(Db& db);

  void step(int64_t budget_us, uint64_t max_entries);
  void save_entry(Entry* e, int index);
  void submit_chunk(bool last);
  void finish_walk();
  void stop_handles();
  void schedule();
  Source* source_of(Db& db);
  void writer_main();

  Server& s_;
  Phase phase_ = Phase::kIdle;
  std::vector<Source> sources_;
  size_t cur_ = 0;
  int selected_ = -1;  // the database the file's last SELECTDB named
  std::string chunk_;
  std::unique_ptr<Encoder> enc_;
  std::string tmp_;
  int64_t last_key_us_ = 0;  // rdb-key-save-delay pacing
  bool timer_mode_ = false;
  uv_idle_t idle_{};
  uv_timer_t timer_{};
  bool handles_ready_ = false;

  // Writer thread: chunks queued by the loop, appended to fd_ in order.
  std::thread writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::vector<std::string> spare_;  // emptied chunks, reused
  size_t queued_bytes_ = 0;
  bool finishing_ = false, cancel_ = false;
  bool checksum_ = true;
  std::atomic<bool> written_{false};
  int write_errno_ = 0;  // first write/fsync error (read after the thread has finished)
  int fd_ = -1;
  bool open_failed_ = false;  // the temp file could not be created: reported by poll()
};

}  // namespace sable
