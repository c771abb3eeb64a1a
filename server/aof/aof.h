// The append-only file, in Redis 7.0's multi-part layout: a directory (appenddirname) holding a
// base file, incremental files and a manifest that lists them in order.
//
//   appendonlydir/appendonly.aof.1.base.rdb    the dataset when the AOF was last rewritten (RDB)
//   appendonlydir/appendonly.aof.1.incr.aof    the write commands since, as RESP requests
//   appendonlydir/appendonly.aof.manifest      "file <name> seq <n> type b|i"
//
// What goes into an incremental file is each write's effect, not always its request: the
// dispatcher hands every write that changed the dataset to feed_command(), which writes the
// request itself when replaying it gives the same result, the request plus PEXPIREAT for the keys
// it gave a relative TTL, XADD with its generated ID, and, for the few commands whose outcome
// depends on chance or the clock (SPOP, the consumer-group reads and claims), the resulting value
// of each key it changed as RESTORE … ABSTTL REPLACE (or DEL). Scripts and transactions are
// written as their commands between MULTI and EXEC. Expired and evicted keys are written as DEL.
//
// The buffer is written out before the loop sends replies (and fsynced then under appendfsync
// always); under everysec a background thread fsyncs once a second. BGREWRITEAOF forks a child
// that writes a new base; meanwhile writes go to a new incremental file, and the manifest is
// switched when the child succeeds, so a crash at any moment leaves a loadable set of files.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace sable {

class Server;
class Client;
struct CommandSpec;

class Aof {
 public:
  explicit Aof(Server& s);
  ~Aof();

  bool enabled() const { return state_ != State::kOff; }

  // Start-up with appendonly yes: loads the files the manifest lists. Returns an error text
  // (empty on success); *found says whether there was an AOF to load.
  std::string load_at_startup(bool* found, size_t* keys);
  // Opens the AOF for appending, writing a base from the current dataset first when there is
  // none (start-up without files, CONFIG SET appendonly yes). Returns an error text.
  std::string start();
  // CONFIG SET appendonly yes while serving: as Redis does, a child writes the first base while
  // writes go to a new incremental file; the AOF is listed in a manifest (and on) once the child
  // succeeds, and the base is tried again (with the rewrite back-off) when it fails.
  std::string start_background();
  // CONFIG SET appendonly no: stops appending (the files stay).
  void stop();

  // The effect of one command the dispatcher ran (see the header comment). `keys` are the
  // (db, key) pairs it signalled as modified.
  void feed_command(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
                    std::span<const std::pair<int, std::string>> keys, bool changed);
  // A key that expired or was evicted.
  void feed_del(int db, std::string_view key);
  // Scripts and EXEC: what they write between begin and end is wrapped in MULTI/EXEC.
  void begin_atomic() { ++atomic_depth_; }
  void end_atomic();

  // Before replies go out: writes the buffer, fsyncs under appendfsync always.
  void flush();
  // A write (or the everysec fsync) failed and has not succeeded since: writes are refused with
  // -MISCONF, as in Redis; *err is the errno to report.
  bool write_error(int* err) const {
    if (state_ == State::kOff) return false;
    if (!last_write_ok_) return *err = last_write_errno_, true;
    if (fsync_failed_) return *err = fsync_errno_, true;
    return false;
  }
  // From cron: finishes a background rewrite, starts an automatic one when due.
  void cron();
  // BGREWRITEAOF. Returns an error text, or empty when a rewrite started (or was scheduled).
  std::string rewrite_background(bool* scheduled);
  bool rewrite_in_progress() const { return child_pid_ != -1; }
  // DEBUG LOADAOF: writes and fsyncs the buffer, empties the data and loads the files again.
  std::string reload();

  // INFO persistence fields (aof_*), in Redis's order.
  std::vector<std::pair<std::string, std::string>> info_fields() const;
  // True while the files are being loaded (commands then are not fed back).
  bool loading() const { return loading_; }

 private:
  // kWaitRewrite: CONFIG SET appendonly yes, with the first base being written by a child.
  enum class State { kOff, kOn, kWaitRewrite };
  struct FileEntry {
    std::string name;
    uint64_t seq = 0;
    char type = 'i';  // b: base, i: incremental, h: history
  };

  std::string dir() const;
  std::string path(const std::string& name) const;
  std::string base_name(uint64_t seq) const;
  std::string incr_name(uint64_t seq) const;
  std::string manifest_name() const;
  bool read_manifest(std::vector<FileEntry>* out, std::string* error) const;
  bool write_manifest(const std::vector<FileEntry>& files, std::string* error) const;
  std::string load_files(const std::vector<FileEntry>& files, size_t* keys);
  std::string load_commands(const std::string& file, bool last, size_t* commands);
  std::string open_incr(uint64_t seq);
  void close_fd();
  int create_incr(uint64_t seq, std::string* error);  // opens (creates) an incremental file
  void use_incr(int fd, uint64_t seq);                // makes it the one appended to
  void note_rewrite_failure();
  std::string fork_first_base();
  // Forks a child writing the dataset as an RDB base file `name`; records it as the rewrite.
  std::string fork_base_writer(const std::string& name);
  void finish_first_base(bool ok);
  void abandon_first_base();
  void append_request(int db, std::span<const std::string_view> argv);
  void append_value_of(int db, const std::string& key);
  void select(int db);
  void delete_history();
  void fsync_thread();
  void finish_rewrite(bool ok);

  Server& s_;
  State state_ = State::kOff;
  std::vector<FileEntry> files_;
  uint64_t base_seq_ = 0, incr_seq_ = 0;
  int fd_ = -1;
  std::string buf_;
  int selected_db_ = -1;
  int atomic_depth_ = 0;
  bool multi_open_ = false;
  bool loading_ = false;
  bool last_write_ok_ = true;
  int last_write_errno_ = 0;
  // everysec: the background fsync's outcome (a failure refuses writes, as a write error does).
  std::atomic<bool> fsync_failed_{false};
  std::atomic<int> fsync_errno_{0};
  uint64_t current_size_ = 0, base_size_ = 0, rewrite_base_size_ = 0;
  // Background rewrite.
  pid_t child_pid_ = -1;
  int64_t rewrite_start_ms_ = -1;
  int64_t last_rewrite_time_sec_ = -1;
  bool last_rewrite_ok_ = true;
  bool rewrite_scheduled_ = false;
  uint64_t rewrite_failures_ = 0;  // consecutive failures (automatic rewrites back off)
  int64_t rewrite_retry_ms_ = 0;
  uint64_t rewrites_ = 0;
  std::vector<FileEntry> rewrite_files_;  // the manifest to switch to when the child succeeds
  std::vector<FileEntry> stale_files_;    // an old AOF set, deleted once the first base is in
  // everysec fsync.
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread syncer_;
  bool stop_syncer_ = false;
  std::atomic<bool> fsync_wanted_{false};
};

}  // namespace sable
