// Blocking commands (BLPOP, BLMOVE, BZPOPMIN …): clients waiting for keys.
//
// Model: a blocking handler first tries to serve at once, exactly like its non-blocking form. When
// it cannot, it calls block_on_keys(): the client stops processing input and is appended to a
// FIFO queue per key. Any write to a key signals it (Server::signal_modified_key); after the
// command that wrote it (or after EXEC, for writes inside a transaction) the server walks the
// queue of every ready key in order and re-executes each waiting client's command with its
// original arguments. A handler that still cannot serve calls block_on_keys() again, which keeps
// the client's place; otherwise the client has been served and resumes reading its input.
// A client waiting on several keys is therefore served from the first key that becomes ready.
// Timeouts fire from a timer at the earliest deadline; CLIENT UNBLOCK ends a wait early.
#pragma once

#include <uv.h>

#include <cstdint>
#include <list>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "datatypes/object.h"
#include "server/command.h"

namespace sable {

class Client;
class Server;

enum class BlockTimeoutReply { kNullArray, kNullBulk };

// Parses a timeout in seconds (a double; 0 = forever) into an absolute deadline in ms (0 for
// none). Replies Redis's error and returns false for bad or negative values.
bool parse_block_timeout(CommandContext& ctx, std::string_view arg, int64_t* deadline_ms);

// False inside MULTI/EXEC (and wherever blocking is denied): the command must then reply its
// timeout reply at once instead of blocking.
bool can_block(const CommandContext& ctx);

// Blocks the client running `ctx` until one of `keys` holds a value of `type` (then its command is
// re-executed) or until `deadline_ms` (0: never), when it receives `on_timeout`. `argv`, when not
// empty, is what gets re-executed instead of the command's own arguments (XREAD stores the IDs its
// `$` stood for when it blocked). Stream waiters are re-executed whenever their key is signalled,
// even when it no longer holds a stream (XREADGROUP then replies an error).
void block_on_keys(CommandContext& ctx, std::span<const std::string_view> keys, ObjType type,
                   int64_t deadline_ms, BlockTimeoutReply on_timeout,
                   std::span<const std::string_view> argv = {});

// While a waiting client's command is being re-executed because `key` became ready, returns that
// key: Redis 7.0 serves such a client from the ready key, not from the first non-empty key it
// names. Empty at any other time.
std::string_view block_ready_key(const CommandContext& ctx);

class Blocking {
 public:
  explicit Blocking(Server& s);
  ~Blocking();
  void start(uv_loop_t* loop);

  void block(Client& c, std::span<const std::string_view> argv,
             std::span<const std::string_view> keys, ObjType type, int64_t deadline_ms,
             BlockTimeoutReply on_timeout);
  // A key was written: remember it when somebody waits on it.
  void signal_key(int db, std::string_view key) {
    if (!waiting_.empty()) signal_key_slow(db, key);
  }
  // Serves clients waiting on keys signalled since the last call.
  void serve_ready_keys();
  // A database was flushed or swapped: every key waited on there is ready (stream waiters learn
  // that their key is gone).
  void signal_db(int db);
  bool has_ready_keys() const { return !ready_.empty(); }
  // Ends a client's wait: with its timeout reply, or with the UNBLOCKED error. Returns false when
  // the client was not blocked.
  bool unblock(Client& c, bool with_error);
  // Forgets a client that is going away (no reply).
  void remove(Client& c);
  size_t blocked_clients() const { return blocked_.size(); }
  uint64_t reexecuting() const { return reexecuting_; }
  size_t keys_with_waiters() const { return waiting_.size(); }
  // The ready key being served to client `id` right now (see block_ready_key).
  std::string_view serving_key(uint64_t id) const {
    return reexecuting_ == id && serving_key_ ? std::string_view(*serving_key_)
                                              : std::string_view();
  }

 private:
  struct KeyRef {
    int db;
    std::string key;
    bool operator<(const KeyRef& o) const { return db != o.db ? db < o.db : key < o.key; }
  };
  struct Waiter {
    std::vector<std::string> argv;
    std::vector<std::string> keys;
    int db = 0;
    ObjType type = ObjType::kList;
    int64_t deadline = 0;
    BlockTimeoutReply on_timeout = BlockTimeoutReply::kNullArray;
  };

  void signal_key_slow(int db, std::string_view key);
  void detach(uint64_t client_id);  // remove from queues and timeouts, clear the flag
  void rearm_timer();
  void expire_timeouts();
  void resume(Client& c);  // let a served client continue with its buffered input
  static void on_timer(uv_timer_t* t);

  Server& server_;
  std::map<KeyRef, std::list<uint64_t>> waiting_;  // FIFO of client ids per key
  std::unordered_map<uint64_t, Waiter> blocked_;
  std::vector<KeyRef> ready_;
  std::set<KeyRef> ready_set_;
  std::set<std::pair<int64_t, uint64_t>> deadlines_;
  uv_timer_t timer_{};
  bool timer_started_ = false;
  uint64_t reexecuting_ = 0;  // client id whose command is being re-executed
  bool reblocked_ = false;    // that command asked to keep waiting
  const std::string* serving_key_ = nullptr;  // the ready key it is re-executed for
  bool serving_ = false;
  std::vector<uint64_t> to_resume_;
};

}  // namespace sable
