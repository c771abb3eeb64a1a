// The reactor: the listeners, accepting connections, reading and parsing input, batched
// flushing of replies (try_write first, uv_write for the rest), the cron timer and signals.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "datatypes/clock.h"
#include "server/aof/aof.h"
#include "server/errors.h"
#include "server/persistence/rdb.h"
#include "server/acl/acl.h"
#include "server/pubsub.h"
#include "server/server.h"
#include "server/tls/tls.h"

namespace sable {

namespace {
std::string sockaddr_to_string(const sockaddr_storage& ss) {
  char ip[INET6_ADDRSTRLEN] = {0};
  int port = 0;
  if (ss.ss_family == AF_INET) {
    auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    uv_ip4_name(a, ip, sizeof(ip));
    port = ntohs(a->sin_port);
    return fmt::format("{}:{}", ip, port);
  }
  if (ss.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    uv_ip6_name(a, ip, sizeof(ip));
    port = ntohs(a->sin6_port);
    return fmt::format("{}:{}", ip, port);
  }
  return "?:0";
}

constexpr size_t kTlsScratch = 64 * 1024;  // one socket read of TLS records

void close_tcp(std::unique_ptr<uv_tcp_t> tcp) {
  uv_close(reinterpret_cast<uv_handle_t*>(tcp.release()),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
}
}  // namespace

std::string Server::open_tcp_listeners(long long port,
                                       std::vector<std::unique_ptr<uv_tcp_t>>* out) {
  if (port == 0) return {};
  for (const std::string& spec : config.bind) {
    bool optional = !spec.empty() && spec[0] == '-';
    std::string addr = optional ? spec.substr(1) : spec;
    sockaddr_storage ss{};
    if (addr == "*") addr = "0.0.0.0";
    if (addr == "::*") addr = "::";
    int rc;
    if (addr.find(':') != std::string::npos)
      rc = uv_ip6_addr(addr.c_str(), int(port), reinterpret_cast<sockaddr_in6*>(&ss));
    else
      rc = uv_ip4_addr(addr.c_str(), int(port), reinterpret_cast<sockaddr_in*>(&ss));
    if (rc != 0) {
      if (optional) continue;
      return fmt::format("Invalid bind address '{}'", addr);
    }
    auto tcp = std::make_unique<uv_tcp_t>();
    uv_tcp_init(loop_, tcp.get());
    tcp->data = this;
    unsigned flags = ss.ss_family == AF_INET6 ? UV_TCP_IPV6ONLY : 0;
    rc = uv_tcp_bind(tcp.get(), reinterpret_cast<sockaddr*>(&ss), flags);
    if (rc == 0)
      rc = uv_listen(reinterpret_cast<uv_stream_t*>(tcp.get()), int(config.tcp_backlog),
                     on_connection);
    if (rc != 0) {
      close_tcp(std::move(tcp));
      if (optional && (rc == UV_EADDRNOTAVAIL || rc == UV_EAFNOSUPPORT)) continue;
      return fmt::format("Warning: Could not create server TCP listening socket {}:{}: {}", addr,
                         port, uv_strerror(rc));
    }
    out->push_back(std::move(tcp));
  }
  return {};
}

std::string Server::rebind_set(std::vector<std::unique_ptr<uv_tcp_t>>& set, long long port,
                               long long& listening_port,
                               std::vector<std::string>& listening_bind) {
  if (config.bind == listening_bind && port == listening_port) return {};
  // A new port can be opened beside the old listeners; new addresses on the same port need the
  // old sockets closed first (and reopened if the new ones fail).
  bool close_first = port == listening_port;
  if (close_first) {
    for (auto& tcp : set) close_tcp(std::move(tcp));
    set.clear();
  }
  std::vector<std::unique_ptr<uv_tcp_t>> fresh;
  std::string err = open_tcp_listeners(port, &fresh);
  if (!err.empty()) {
    log(kLogWarning, err);
    for (auto& tcp : fresh) close_tcp(std::move(tcp));
    if (close_first) {
      std::vector<std::string> wanted = config.bind;
      config.bind = listening_bind;
      if (!open_tcp_listeners(listening_port, &set).empty())
        log(kLogWarning, "Failed to restore the previous listening sockets");
      config.bind = std::move(wanted);
    }
    return err;
  }
  for (auto& tcp : set) close_tcp(std::move(tcp));
  set = std::move(fresh);
  listening_bind = config.bind;
  listening_port = port;
  return {};
}

std::string Server::rebind_listeners() {
  std::string err = rebind_set(tcp_listeners_, config.port, listening_port_, listening_bind_);
  bound_port_ = tcp_listeners_.empty() ? 0 : int(config.port);
  if (!err.empty()) return err;
  if (config.tls_port && !tls_ctx_) {
    // The first TLS port: the context is built now.
    std::string e;
    tls_ctx_ = tls::Context::create(config, &e);
    if (!tls_ctx_) {
      log(kLogWarning, "Failed to configure TLS: " + e);
      return e;
    }
  }
  return rebind_set(tls_listeners_, config.tls_port, listening_tls_port_, listening_tls_bind_);
}

std::string Server::apply_tls_config() {
  if (!config.tls_port && !config.tls_replication && !config.tls_cluster) return {};
  std::string e;
  auto ctx = tls::Context::create(config, &e);
  if (!ctx) {
    log(kLogWarning, "Failed to configure TLS: " + e);
    return e;
  }
  tls_ctx_ = std::move(ctx);
  return {};
}

bool Server::is_tls_listener(const uv_stream_t* listener) const {
  for (const auto& t : tls_listeners_)
    if (reinterpret_cast<const uv_stream_t*>(t.get()) == listener) return true;
  return false;
}

std::string Server::start(uv_loop_t* loop) {
  loop_ = loop;
  loop_->data = this;
  // The TLS context first (loading an encrypted key takes a while): once any port accepts
  // connections, all of them do.
  if (config.tls_port) {
    std::string e;
    tls_ctx_ = tls::Context::create(config, &e);
    if (!tls_ctx_) {
      log(kLogWarning, e);
      return "Failed to configure TLS. Check logs for more info.";
    }
  }
  std::string err = open_tcp_listeners(config.port, &tcp_listeners_);
  if (!err.empty()) return err;
  listening_bind_ = config.bind;
  listening_port_ = config.port;
  bound_port_ = tcp_listeners_.empty() ? 0 : int(config.port);
  if (config.tls_port) {
    err = open_tcp_listeners(config.tls_port, &tls_listeners_);
    if (!err.empty()) return err;
    listening_tls_bind_ = config.bind;
    listening_tls_port_ = config.tls_port;
  }
  if (!config.unixsocket.empty()) {
    unlink(config.unixsocket.c_str());
    unix_listener_ = std::make_unique<uv_pipe_t>();
    uv_pipe_init(loop_, unix_listener_.get(), 0);
    unix_listener_->data = this;
    int rc = uv_pipe_bind(unix_listener_.get(), config.unixsocket.c_str());
    if (rc == 0 && config.unixsocketperm)
      chmod(config.unixsocket.c_str(), static_cast<mode_t>(config.unixsocketperm));
    if (rc == 0)
      rc = uv_listen(reinterpret_cast<uv_stream_t*>(unix_listener_.get()), int(config.tcp_backlog),
                     on_connection);
    if (rc != 0) return fmt::format("Failed opening Unix socket: {}", uv_strerror(rc));
  }
  if (tcp_listeners_.empty() && tls_listeners_.empty() && !unix_listener_)
    return "Configured to not listen anywhere, exiting.";

  uv_check_init(loop_, &check_);
  check_.data = this;
  uv_check_start(&check_, on_check);
  uv_timer_init(loop_, &timer_);
  timer_.data = this;
  long long hz = std::clamp(config.hz, 1LL, 500LL);
  uv_timer_start(&timer_, on_timer, uint64_t(1000 / hz), uint64_t(1000 / hz));
  blocking->start(loop_);
  uv_signal_init(loop_, &sigint_);
  sigint_.data = this;
  uv_signal_start(&sigint_, on_signal, SIGINT);
  uv_signal_init(loop_, &sigterm_);
  sigterm_.data = this;
  uv_signal_start(&sigterm_, on_signal, SIGTERM);
  signal(SIGPIPE, SIG_IGN);
  // A file-size limit (ulimit -f) makes writes fail with EFBIG instead of killing the server,
  // so it is handled like a full disk.
  signal(SIGXFSZ, SIG_IGN);
  return {};
}

void Server::stop() {
  shutdown_requested = true;
  if (loop_) uv_stop(loop_);
}

void Server::on_signal(uv_signal_t* s, int signum) {
  auto* self = static_cast<Server*>(s->data);
  self->log(kLogWarning, fmt::format("Received {} scheduling shutdown...",
                                     signum == SIGINT ? "SIGINT" : "SIGTERM"));
  // With save points configured, a signal saves first, as Redis does; if that fails the server
  // keeps running rather than lose data.
  if (!self->config.save_params.empty()) {
    self->log(kLogNotice, "Saving the final RDB snapshot before exiting.");
    if (!rdb_save(*self, self->config.dbfilename).empty()) {
      self->log(kLogWarning, "Error trying to save the DB, can't exit.");
      return;
    }
  }
  self->stop();
}

void Server::on_connection(uv_stream_t* listener, int status) {
  if (status < 0) return;
  auto* self = static_cast<Server*>(listener->data);
  self->accept_client(listener, listener->type == UV_NAMED_PIPE);
}

bool Server::protected_mode_denies(const Client& c) const {
  if (!config.protected_mode || config.bind_set || !acl->default_user()->nopass) return false;
  if (c.has(kClientUnixSocket)) return false;
  return !(c.addr.rfind("127.", 0) == 0 || c.addr.rfind("::1:", 0) == 0);
}

void Server::accept_client(uv_stream_t* listener, bool unix_socket, int accepted_fd) {
  auto* c = new Client(*this, next_client_id++);
  c->has_conn = true;
  if (unix_socket)
    uv_pipe_init(loop_, &c->h.pipe, 0);
  else
    uv_tcp_init(loop_, &c->h.tcp);
  c->h.handle.data = c;
  int rc;
  if (accepted_fd >= 0)  // accepted by hand while a script runs (busy_events.cc)
    rc = unix_socket ? uv_pipe_open(&c->h.pipe, accepted_fd) : uv_tcp_open(&c->h.tcp, accepted_fd);
  else
    rc = uv_accept(listener, &c->h.stream);
  if (rc != 0) {
    if (accepted_fd >= 0) ::close(accepted_fd);  // a failed open leaves the socket ours
    c->flags |= kClientClosing;
    uv_close(&c->h.handle, on_close);
    return;
  }
  uv_os_fd_t fd;
  if (uv_fileno(&c->h.handle, &fd) == 0) c->fd = fd;
  if (!unix_socket && tls_ctx_ && is_tls_listener(listener))
    c->tls = std::make_unique<tls::Conn>(*tls_ctx_);
  if (unix_socket) {
    c->flags |= kClientUnixSocket;
    c->addr = config.unixsocket + ":0";
    c->laddr = config.unixsocket + ":0";
  } else {
    sockaddr_storage ss{};
    int len = sizeof(ss);
    if (uv_tcp_getpeername(&c->h.tcp, reinterpret_cast<sockaddr*>(&ss), &len) == 0)
      c->addr = sockaddr_to_string(ss);
    len = sizeof(ss);
    if (uv_tcp_getsockname(&c->h.tcp, reinterpret_cast<sockaddr*>(&ss), &len) == 0)
      c->laddr = sockaddr_to_string(ss);
    uv_tcp_nodelay(&c->h.tcp, 1);
    if (config.tcp_keepalive > 0) uv_tcp_keepalive(&c->h.tcp, 1, unsigned(config.tcp_keepalive));
  }
  c->user = acl->default_user();
  c->authenticated = acl->default_needs_no_auth();
  clients[c->id] = c;
  ++stats.total_connections_received;
  bool refused = false;
  if (static_cast<long long>(clients.size()) > config.maxclients) {
    ++stats.rejected_connections;
    c->reply.error(err::kMaxClients);
    refused = true;
  } else if (protected_mode_denies(*c)) {
    c->reply.error(err::kProtectedMode);
    refused = true;
  }
  if (refused) {
    close_after_reply(*c);
    // Over TLS the refusal can only be sent after the handshake, which needs the client's bytes.
    if (!c->tls) return;
  }
  c->flags |= kClientReading;
  uv_read_start(&c->h.stream, on_alloc, on_read);
}

void Server::on_alloc(uv_handle_t* h, size_t, uv_buf_t* buf) {
  auto* c = static_cast<Client*>(h->data);
  if (c->tls) {
    // Ciphertext goes to a scratch buffer; plaintext is decrypted into the query buffer.
    Server& self = c->server;
    if (!self.tls_scratch_) self.tls_scratch_.reset(new char[kTlsScratch]);
    buf->base = self.tls_scratch_.get();
    buf->len = kTlsScratch;
    return;
  }
  size_t want = std::max(c->in.len + ReadBuffer::kChunk, c->in_start + c->parser.bytes_wanted());
  c->in.reserve(want);
  c->in_peak = std::max(c->in_peak, want);
  buf->base = c->in.data.get() + c->in.len;
  buf->len = c->in.cap - c->in.len;
}

void Server::on_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  auto* c = static_cast<Client*>(s->data);
  Server& self = c->server;
  if (nread < 0) {
    self.free_client(c);
    return;
  }
  if (nread == 0) return;
  c->net_in += static_cast<uint64_t>(nread);
  self.stats.net_input_bytes += static_cast<uint64_t>(nread);
  update_clock();
  c->last_interaction_ms = now_ms();
  if (c->tls) {
    if (!self.tls_received(*c, buf->base, static_cast<size_t>(nread))) return;
  } else {
    c->in.len += static_cast<size_t>(nread);
  }
  self.process_input(*c);
}

bool Server::tls_received(Client& c, const char* data, size_t n) {
  tls::Conn::Status st = c.tls->receive(data, n, c.in);
  if (st != tls::Conn::Status::kOk) {
    if (st == tls::Conn::Status::kError)
      log(kLogVerbose, fmt::format("Error accepting a client connection: {} (addr={} laddr={})",
                                   c.tls->error(), c.addr, c.laddr));
    // What OpenSSL queued (an alert) goes out before the socket closes.
    uv_read_stop(&c.h.stream);
    c.flags &= ~kClientReading;
    c.reply.buffer().clear();
    if (c.tls->wire().empty()) {
      free_client(&c);
      return false;
    }
    close_after_reply(c);
    return false;
  }
  // Handshake messages, or replies that waited for the handshake, are due.
  if (!c.tls->wire().empty() || !c.reply.buffer().empty()) queue_write(c);
  return true;
}

void Server::process_input(Client& c) {
  // A client whose command is running (a script serving other clients from its hook, or an
  // unblocked client resumed inside another's command) is not re-entered.
  if (c.has(kClientExecuting)) return;
  c.flags |= kClientExecuting;
  ParserLimits limits;
  limits.max_bulk_len = config.proto_max_bulk_len;
  while (!c.has(kClientCloseAfterReply | kClientCloseAsap | kClientBlocked | kClientClosing |
                kClientPostponed)) {
    limits.unauthenticated = !c.authenticated;
    const char* base = c.in.data.get() + c.in_start;
    size_t avail = c.in.len - c.in_start;
    if (avail == 0) break;
    auto st = c.parser.feed(base, avail, limits);
    if (st == RequestParser::Status::kIncomplete) break;
    if (st == RequestParser::Status::kError) {
      c.reply.error(c.parser.error());
      log(kLogVerbose, fmt::format("Protocol error ({}) from client: id={} addr={}",
                                   c.parser.error(), c.id, c.addr));
      c.parser.reset();
      c.in_start = c.in.len;
      close_after_reply(c);
      break;
    }
    size_t used = c.parser.consumed();
    if (st == RequestParser::Status::kCommand && !execute(c, c.parser.args())) {
      // Postponed by CLIENT PAUSE: the request stays in the buffer and is parsed again later.
      c.parser.reset();
      break;
    }
    c.parser.reset();
    c.in_start += used;
    // One comparison per command; the limits are looked at only past the smallest of them.
    if (c.reply.buffer().size() + c.inflight.size() > output_check_bytes_) [[unlikely]]
      check_output_limit(c);
  }
  c.in.consume(c.in_start);
  c.in_start = 0;
  c.flags &= ~kClientExecuting;
  if (static_cast<long long>(c.in.len) > config.client_query_buffer_limit &&
      !c.has(kClientClosing)) {
    log(kLogWarning, fmt::format("Closing client that reached max query buffer length: id={} "
                                 "addr={} (qbuf initial bytes: ...)",
                                 c.id, c.addr));
    free_client(&c);
    return;
  }
  if (!c.reply.buffer().empty() || c.has(kClientCloseAfterReply)) queue_write(c);
}

void Server::queue_write(Client& c) {
  if (!c.has_conn || c.has(kClientPendingWrite | kClientClosing)) return;
  c.flags |= kClientPendingWrite;
  pending_writes_.push_back(&c);
}

void Server::close_after_reply(Client& c) {
  c.flags |= kClientCloseAfterReply;
  queue_write(c);
}

void Server::on_check(uv_check_t* h) { static_cast<Server*>(h->data)->flush_pending_writes(); }

void Server::schedule_resume(Client& c) { pending_resume_.push_back(c.id); }

void Server::check_output_limit(Client& c) {
  if (!c.has_conn || c.has(kClientPubsub | kClientCloseAsap | kClientClosing)) return;
  const Config::OutputBufferLimit& lim = config.obuf_limits[Config::kObufNormal];
  long long used = static_cast<long long>(c.reply.buffer().size() + c.inflight.size());
  bool over = lim.hard > 0 && used >= lim.hard;
  if (!over && lim.soft > 0 && used >= lim.soft) {
    int64_t now = now_ms();
    if (c.obuf_soft_since_ms == 0)
      c.obuf_soft_since_ms = now;  // first time over: start the clock
    else
      over = now - c.obuf_soft_since_ms > lim.soft_seconds * 1000;
  }
  if (!over) return;
  log(kLogWarning, fmt::format("Client id={} addr={} laddr={} fd={} name={} db={} omem={} cmd={} "
                               "scheduled to be closed ASAP for overcoming of output buffer "
                               "limits.",
                               c.id, c.addr, c.laddr, c.fd, c.name, c.db_index, used,
                               c.last_cmd ? c.last_cmd->fullname : "NULL"));
  c.flags |= kClientCloseAsap;
  pending_close_.push_back(c.id);
}

void Server::flush_pending_writes() {
  aof->flush();             // the effects reach the AOF before their replies reach the clients
  pubsub->close_pending();  // subscribers over their output-buffer limit
  if (!pending_close_.empty()) {  // normal clients over theirs
    std::vector<uint64_t> ids;
    ids.swap(pending_close_);
    for (uint64_t id : ids)
      if (Client* c = find_client(id)) free_client(c);
  }
  tracking->flush_broadcasts();
  if (!pending_resume_.empty()) {
    std::vector<uint64_t> ids;
    ids.swap(pending_resume_);
    for (uint64_t id : ids)
      if (Client* c = find_client(id); c && !c->has(kClientBlocked)) process_input(*c);
  }
  // write_client may free clients (removing them from the list), so take the list first.
  std::vector<Client*> batch;
  batch.swap(pending_writes_);
  for (Client* c : batch) {
    c->flags &= ~kClientPendingWrite;
    write_client(*c);
  }
}

void Server::write_client(Client& c) {
  // A client to be closed asap (over its output limit) is sent nothing more.
  if (c.has(kClientClosing | kClientCloseAsap) || c.write_pending) return;
  std::string* wire = &c.reply.buffer();
  c.reply_buf_peak = std::max(c.reply_buf_peak, std::min(wire->size(), c.reply_buf_size));
  if (c.tls) {
    // Replies become TLS records (all of them once the handshake is done; until then they wait).
    if (!c.tls->send(c.reply.buffer())) {
      log(kLogVerbose, fmt::format("Error writing to client: {}", c.tls->error()));
      free_client(&c);
      return;
    }
    wire = &c.tls->wire();
  }
  std::string& out = *wire;
  // A refusal or last reply over TLS may still wait for the handshake to finish.
  bool done_after = c.has(kClientCloseAfterReply) && (!c.tls || c.reply.buffer().empty());
  if (out.empty()) {
    c.obuf_soft_since_ms = 0;
    if (done_after) free_client(&c);
    return;
  }
  uv_buf_t buf =
      uv_buf_init(out.data(), static_cast<unsigned>(std::min<size_t>(out.size(), 1u << 30)));
  int n = uv_try_write(&c.h.stream, &buf, 1);
  if (n == UV_EAGAIN) n = 0;
  if (n < 0) {
    free_client(&c);
    return;
  }
  c.net_out += static_cast<uint64_t>(n);
  stats.net_output_bytes += static_cast<uint64_t>(n);
  if (static_cast<size_t>(n) == out.size()) {
    out.clear();
    c.obuf_soft_since_ms = 0;
    if (out.capacity() > 64 * 1024) out.shrink_to_fit();
    if (done_after) free_client(&c);
    return;
  }
  c.inflight.swap(out);
  out.clear();
  c.inflight.erase(0, static_cast<size_t>(n));
  buf = uv_buf_init(c.inflight.data(), static_cast<unsigned>(c.inflight.size()));
  c.write_req.data = &c;
  c.write_pending = true;
  if (uv_write(&c.write_req, &c.h.stream, &buf, 1, on_write) != 0) {
    c.write_pending = false;
    free_client(&c);
  }
}

void Server::on_write(uv_write_t* req, int status) {
  auto* c = static_cast<Client*>(req->data);
  c->write_pending = false;
  if (c->has(kClientClosing)) return;
  Server& self = c->server;
  if (status < 0) {
    self.free_client(c);
    return;
  }
  self.stats.net_output_bytes += c->inflight.size();
  c->net_out += c->inflight.size();
  c->inflight.clear();
  if (c->inflight.capacity() > 64 * 1024) c->inflight.shrink_to_fit();
  self.write_client(*c);
}

void Server::free_client(Client* c) {
  if (c->has(kClientClosing)) return;
  reset_client_state(*c);
  c->flags |= kClientClosing;
  clients.erase(c->id);
  auto it = std::find(pending_writes_.begin(), pending_writes_.end(), c);
  if (it != pending_writes_.end()) pending_writes_.erase(it);
  if (!c->has_conn) {
    delete c;
    return;
  }
  uv_close(&c->h.handle, on_close);
}

void Server::on_close(uv_handle_t* h) { delete static_cast<Client*>(h->data); }

void Server::on_timer(uv_timer_t* t) {
  auto* self = static_cast<Server*>(t->data);
  update_clock();
  self->cron();
}

}  // namespace sable
