// A connected client: its socket, input buffer and parser, output buffer, and session state.
//
// A client can also exist without a socket (conn == false) so command tests can run commands
// in-process and read the reply bytes.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "protocol/reply.h"
#include "protocol/request_parser.h"

namespace sable {

class Server;
struct CommandSpec;
namespace acl {
struct User;
}
namespace tls {
class Conn;
}

enum ClientFlag : uint32_t {
  kClientCloseAfterReply = 1u << 0,  // close once the output buffer is written
  kClientCloseAsap = 1u << 1,        // close without writing what is left
  kClientPendingWrite = 1u << 2,     // queued for the next flush
  kClientMulti = 1u << 3,            // inside MULTI
  kClientDirtyExec = 1u << 4,        // MULTI saw an error: EXEC must abort
  kClientDirtyCas = 1u << 5,         // a WATCHed key changed
  kClientBlocked = 1u << 6,          // waiting in a blocking command
  kClientPubsub = 1u << 7,           // has subscriptions
  kClientNoEvict = 1u << 8,
  kClientNoTouch = 1u << 9,
  kClientReplyOff = 1u << 10,
  kClientReplySkip = 1u << 11,      // skip the reply of the next command
  kClientReplySkipThis = 1u << 12,  // skipping the current command's reply
  kClientUnixSocket = 1u << 13,
  kClientMonitor = 1u << 14,
  kClientClosing = 1u << 15,  // uv_close issued
  kClientReading = 1u << 16,
  kClientExecuting = 1u << 17,
  kClientDenyBlocking = 1u << 18,  // blocking commands act as non-blocking (EXEC)
  kClientPostponed = 1u << 19,     // waiting for CLIENT PAUSE to end
  kClientScript = 1u << 20,        // the client scripts' commands run as
};

// A command queued inside MULTI: its table row and a private copy of its arguments.
struct QueuedCommand {
  const CommandSpec* cmd = nullptr;
  std::vector<std::string> argv;
};

// A key under WATCH (its watchers and their state live in server/multi.cc).
struct WatchedKey {
  int db = 0;
  std::string key;
};

// A growable byte buffer the socket reads into and the parser reads from.
struct ReadBuffer {
  static constexpr size_t kChunk = 16 * 1024;  // the smallest buffer, and the growth per read
  std::unique_ptr<char[]> data;
  size_t len = 0;
  size_t cap = 0;
  void reserve(size_t need);  // ensure cap >= need
  void consume(size_t n);     // drop the first n bytes
  void resize(size_t ncap);   // reallocate to exactly max(ncap, len) bytes (0 frees)
};

class Client {
 public:
  Client(Server& server, uint64_t id);
  ~Client();

  Server& server;
  uint64_t id;
  ReplyWriter reply;
  int db_index = 0;
  std::string name;
  bool authenticated = false;
  const acl::User* user = nullptr;  // ACL user (server/acl); the default user until AUTH
  int acl_denial = 0;               // the reason of the last ACL denial (acl::Denial)
  uint32_t flags = 0;
  int64_t ctime_ms = 0;
  int64_t last_interaction_ms = 0;
  const CommandSpec* last_cmd = nullptr;
  const CommandSpec* cur_cmd = nullptr;
  std::string lib_name, lib_ver;
  // Set on the script client while a script runs: the client whose EVAL it is (tracking and
  // NOLOOP treat the script's commands as that client's).
  Client* script_caller = nullptr;

  // Connection state (unused for in-process clients).
  bool has_conn = false;
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
  } h;
  std::string addr, laddr;
  int fd = -1;
  ReadBuffer in;
  size_t in_start = 0;  // start of the first unprocessed request in `in`
  size_t in_peak = 0;   // most bytes `in` needed since the last cron resize check
  // The reply buffer as Redis sizes it (CLIENT LIST rbs/rbp): how many bytes of output buffer the
  // client keeps between replies, resized by the cron from the peak use seen since the last
  // peak reset (see Server::resize_reply_buffers).
  size_t reply_buf_size = 16 * 1024;
  size_t reply_buf_peak = 16 * 1024;  // starts full, so a new client keeps its buffer until a reset
  int64_t reply_peak_reset_ms = 0;
  RequestParser parser;
  std::unique_ptr<tls::Conn> tls;  // set on connections to tls-port (server/tls)
  std::string inflight;  // bytes handed to uv_write and not yet confirmed
  uv_write_t write_req;
  bool write_pending = false;
  // When the output first went past the soft `client-output-buffer-limit` (0: it is under it).
  int64_t obuf_soft_since_ms = 0;
  uint64_t net_in = 0, net_out = 0;
  uint64_t errors_counted = 0;  // error replies already counted by call() (see dispatch.cc)

  // Client-side caching (server/tracking.cc): TrackingFlag bits, REDIRECT id, BCAST prefixes.
  uint32_t tracking = 0;
  uint64_t tracking_redirect = 0;
  std::vector<std::string> tracking_prefixes;

  // Transactions (server/multi.cc).
  std::vector<QueuedCommand> multi_queue;
  std::vector<WatchedKey> watched;

  bool has(uint32_t f) const { return (flags & f) != 0; }
  int resp() const { return reply.proto(); }
};

}  // namespace sable
