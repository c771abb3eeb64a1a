// Serving clients while a script runs past its time limit.
//
// The event loop cannot be re-entered from inside a command, so a timed-out script (from its Lua
// hook, every 100,000 instructions) polls the connected clients' sockets itself: readable ones
// are read into their query buffers and their commands dispatched — the dispatcher answers -BUSY
// to everything but allow-busy commands such as SCRIPT KILL and SHUTDOWN NOSAVE — and pending
// replies are written. Clients with a command in progress (the script's caller, flagged
// kClientExecuting) are neither read nor written: their requests are still being parsed from
// their buffers, which must not move. New connections are accepted too (by hand, as libuv only
// accepts from inside its loop), so a client that connects meanwhile gets -BUSY, as in Redis.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "server/server.h"

namespace sable {

namespace {
constexpr size_t kReadChunk = 16 * 1024;
constexpr uint32_t kSkip =
    kClientClosing | kClientExecuting | kClientCloseAfterReply | kClientCloseAsap;
}  // namespace

void Server::read_while_blocked(Client& c) {
  if (c.tls) {
    // TLS records: read whole, then decrypted into the query buffer.
    char buf[kReadChunk];
    for (;;) {
      ssize_t n = ::read(c.fd, buf, sizeof(buf));
      if (n > 0) {
        c.net_in += static_cast<uint64_t>(n);
        stats.net_input_bytes += static_cast<uint64_t>(n);
        if (!tls_received(c, buf, static_cast<size_t>(n))) return;
        if (static_cast<size_t>(n) < sizeof(buf)) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      free_client(&c);
      return;
    }
    c.last_interaction_ms = now_ms();
    process_input(c);
    return;
  }
  for (;;) {
    size_t want = std::max(c.in.len + kReadChunk, c.in_start + c.parser.bytes_wanted());
    c.in.reserve(want);
    ssize_t n = ::read(c.fd, c.in.data.get() + c.in.len, c.in.cap - c.in.len);
    if (n > 0) {
      c.in.len += static_cast<size_t>(n);
      c.net_in += static_cast<uint64_t>(n);
      stats.net_input_bytes += static_cast<uint64_t>(n);
      if (c.in.len < c.in.cap) break;  // drained what was there
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    free_client(&c);  // end of stream or a socket error
    return;
  }
  c.last_interaction_ms = now_ms();
  process_input(c);
}

void Server::accept_while_blocked() {
  auto take = [&](uv_stream_t* listener, bool unix_socket) {
    uv_os_fd_t lfd;
    if (uv_fileno(reinterpret_cast<uv_handle_t*>(listener), &lfd) != 0) return;
    pollfd p{lfd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return;
    for (int i = 0; i < 16; ++i) {  // a bounded batch per poll, like the loop's own accepts
      int fd = ::accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      accept_client(listener, unix_socket, fd);
    }
  };
  for (auto& tcp : tcp_listeners_) take(reinterpret_cast<uv_stream_t*>(tcp.get()), false);
  if (unix_listener_) take(reinterpret_cast<uv_stream_t*>(unix_listener_.get()), true);
}

void Server::process_events_while_blocked() {
  accept_while_blocked();
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;
  for (auto& [id, c] : clients) {
    if (!c->has_conn || c->fd < 0 || c->has(kSkip)) continue;
    fds.push_back(pollfd{c->fd, POLLIN, 0});
    ids.push_back(id);
  }
  if (!fds.empty() && ::poll(fds.data(), fds.size(), 0) > 0) {
    for (size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Client* c = find_client(ids[i]);
      if (c && !c->has(kSkip)) read_while_blocked(*c);
    }
  }
  std::vector<Client*> batch;
  batch.swap(pending_writes_);
  for (Client* c : batch) {
    if (c->has(kClientExecuting)) {
      pending_writes_.push_back(c);  // its reply is still being built
      continue;
    }
    c->flags &= ~kClientPendingWrite;
    write_client(*c);
  }
}

}  // namespace sable
