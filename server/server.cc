// The reactor: listeners, connection handling, batched flushing, the cron timer, signals.
#include "server/server.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <fstream>

#include "datatypes/clock.h"
#include "server/errors.h"
#include "server/persistence/rdb.h"
#include "server/pubsub.h"
#include "server/scripting/scripting.h"

#ifdef SABLE_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#elif defined(SABLE_SANITIZE)
// Provided by the ASan runtime (GCC ships no header for it).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace sable {

Server* g_server = nullptr;

namespace {
constexpr size_t kReadChunk = 16 * 1024;

void on_key_expired(Db& db, std::string_view key) {
  if (!g_server) return;
  ++g_server->stats.expired_keys;
  g_server->signal_modified_key(db, key);
  g_server->notify_keyspace_event(kNotifyExpired, "expired", key, db.id());
}

// Keys are not expired while clients are paused: their removal would be a write (Redis holds
// it so a failover during the pause sees a stable dataset).
bool expiry_allowed() { return !g_server || !g_server->clients_paused(); }

void on_new_key(Db& db, std::string_view key) {
  if (g_server) g_server->notify_keyspace_event(kNotifyNew, "new", key, db.id());
}

std::string random_hex(std::mt19937_64& rng, size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(hex[rng() & 15]);
  return s;
}

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
}  // namespace

void ReadBuffer::reserve(size_t need) {
  if (need <= cap) return;
  size_t ncap = cap ? cap : kReadChunk;
  while (ncap < need) ncap *= 2;
  std::unique_ptr<char[]> nd(new char[ncap]);
  if (len) std::memcpy(nd.get(), data.get(), len);
  data = std::move(nd);
  cap = ncap;
}

void ReadBuffer::consume(size_t n) {
  if (n == 0) return;
  if (n >= len) {
    len = 0;
  } else {
    std::memmove(data.get(), data.get() + n, len - n);
    len -= n;
  }
  // The capacity stays: the cron gives back what the client's recent peak does not need.
}

void ReadBuffer::resize(size_t ncap) {
  ncap = std::max(ncap, len);
  if (ncap == cap) return;
  if (ncap == 0) {
    data.reset();
    cap = 0;
    return;
  }
  std::unique_ptr<char[]> nd(new char[ncap]);
  if (len) std::memcpy(nd.get(), data.get(), len);
  data = std::move(nd);
  cap = ncap;
}

Client::Client(Server& s, uint64_t i) : server(s), id(i) {
  ctime_ms = now_ms();
  reply_peak_reset_ms = ctime_ms;
  last_interaction_ms = ctime_ms;
  std::memset(&h, 0, sizeof(h));
}
Client::~Client() = default;

uint64_t ServerStats::instantaneous_ops() const {
  uint64_t sum = 0;
  for (uint64_t v : ops_samples) sum += v;
  return sum / 16;
}

Server::Server()
    : rng(std::random_device{}()),
      blocking(std::make_unique<Blocking>(*this)),
      transactions(std::make_unique<Transactions>(*this)),
      monitors(std::make_unique<Monitors>(*this)),
      tracking(std::make_unique<Tracking>(*this)),
      lazyfree(std::make_unique<LazyFree>()) {
  g_server = this;
  pubsub = std::make_unique<PubSub>(*this);
  g_hash_seed = rng();
  run_id = random_hex(rng, 40);
  start_time_ms = wall_ms();
  lastsave_sec = start_time_ms / 1000;
  // Everything the process wires once, in one place: engines, command table, hooks, observers.
  register_engine_ops();
  init_command_layer(commands);
  scripting = std::make_unique<scripting::Scripting>(*this);
  set_expired_hook(on_key_expired);
  set_new_key_hook(on_new_key);
  set_expire_gate(expiry_allowed);
}

Server::~Server() {
  for (auto& [id, c] : clients) delete c;
  clients.clear();
  if (g_server == this) g_server = nullptr;
}

void Server::init() {
  dbs.clear();
  for (long long i = 0; i < config.databases; ++i) dbs.push_back(std::make_unique<Db>(int(i)));
}

void Server::log(int level, const std::string& msg) {
  int min = kLogNotice;
  if (config.loglevel == "debug")
    min = kLogDebug;
  else if (config.loglevel == "verbose")
    min = kLogVerbose;
  else if (config.loglevel == "warning")
    min = kLogWarning;
  else if (config.loglevel == "nothing")
    return;
  if (level < min) return;
  int64_t us = wall_us();
  time_t secs = us / 1000000;
  struct tm tmv;
  localtime_r(&secs, &tmv);
  char tbuf[64];
  size_t n = std::strftime(tbuf, sizeof(tbuf), "%d %b %Y %H:%M:%S", &tmv);
  static const char marks[] = ".-*#";
  std::string line = fmt::format("{}:M {}.{:03d} {} {}\n", getpid(), std::string(tbuf, n),
                                 int((us / 1000) % 1000), marks[level], msg);
  if (config.logfile.empty()) {
    fwrite(line.data(), 1, line.size(), stdout);
    fflush(stdout);
  } else {
    FILE* f = fopen(config.logfile.c_str(), "a");
    if (f) {
      fwrite(line.data(), 1, line.size(), f);
      fclose(f);
    }
  }
}

size_t Server::used_memory() {
#ifdef SABLE_HAVE_JEMALLOC
  // Commands run on this one thread, so its cumulative allocated minus deallocated bytes is the
  // live heap, less what the lazy-free thread has freed since. jemalloc exposes the counters as
  // pointers: reading them is as cheap as a load, which lets the OOM check run before every
  // write command.
  static uint64_t* allocated = nullptr;
  static uint64_t* deallocated = nullptr;
  if (!allocated) {
    size_t sz = sizeof(allocated);
    if (mallctl("thread.allocatedp", &allocated, &sz, nullptr, 0) != 0 ||
        mallctl("thread.deallocatedp", &deallocated, &sz, nullptr, 0) != 0) {
      allocated = deallocated = nullptr;
      return 0;
    }
  }
  int64_t live = static_cast<int64_t>(*allocated - *deallocated);
  if (g_server && g_server->lazyfree) live += g_server->lazyfree->thread_heap_delta();
  return live > 0 ? static_cast<size_t>(live) : 0;
#elif defined(SABLE_SANITIZE)
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
#endif
}

size_t Server::rss_memory() {
  std::ifstream f("/proc/self/statm");
  size_t pages_total = 0, pages_rss = 0;
  f >> pages_total >> pages_rss;
  return pages_rss * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

namespace {
void close_tcp(std::unique_ptr<uv_tcp_t> tcp) {
  uv_close(reinterpret_cast<uv_handle_t*>(tcp.release()),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
}
}  // namespace

std::string Server::open_tcp_listeners(std::vector<std::unique_ptr<uv_tcp_t>>* out) {
  if (config.port == 0) return {};
  for (const std::string& spec : config.bind) {
    bool optional = !spec.empty() && spec[0] == '-';
    std::string addr = optional ? spec.substr(1) : spec;
    sockaddr_storage ss{};
    if (addr == "*") addr = "0.0.0.0";
    if (addr == "::*") addr = "::";
    int rc;
    if (addr.find(':') != std::string::npos)
      rc = uv_ip6_addr(addr.c_str(), int(config.port), reinterpret_cast<sockaddr_in6*>(&ss));
    else
      rc = uv_ip4_addr(addr.c_str(), int(config.port), reinterpret_cast<sockaddr_in*>(&ss));
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
                         config.port, uv_strerror(rc));
    }
    out->push_back(std::move(tcp));
  }
  return {};
}

std::string Server::rebind_listeners() {
  if (config.bind == listening_bind_ && config.port == listening_port_) return {};
  // A new port can be opened beside the old listeners; new addresses on the same port need the
  // old sockets closed first (and reopened if the new ones fail).
  bool close_first = config.port == listening_port_;
  if (close_first) {
    for (auto& tcp : tcp_listeners_) close_tcp(std::move(tcp));
    tcp_listeners_.clear();
  }
  std::vector<std::unique_ptr<uv_tcp_t>> fresh;
  std::string err = open_tcp_listeners(&fresh);
  if (!err.empty()) {
    log(kLogWarning, err);
    for (auto& tcp : fresh) close_tcp(std::move(tcp));
    if (close_first) {
      std::vector<std::string> wanted = config.bind;
      config.bind = listening_bind_;
      if (!open_tcp_listeners(&tcp_listeners_).empty())
        log(kLogWarning, "Failed to restore the previous listening sockets");
      config.bind = std::move(wanted);
    }
    return err;
  }
  for (auto& tcp : tcp_listeners_) close_tcp(std::move(tcp));
  tcp_listeners_ = std::move(fresh);
  listening_bind_ = config.bind;
  listening_port_ = config.port;
  bound_port_ = tcp_listeners_.empty() ? 0 : int(config.port);
  return {};
}

std::string Server::start(uv_loop_t* loop) {
  loop_ = loop;
  loop_->data = this;
  std::string err = open_tcp_listeners(&tcp_listeners_);
  if (!err.empty()) return err;
  listening_bind_ = config.bind;
  listening_port_ = config.port;
  bound_port_ = tcp_listeners_.empty() ? 0 : int(config.port);
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
  if (tcp_listeners_.empty() && !unix_listener_)
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
  if (!config.protected_mode || config.bind_set || !config.requirepass.empty()) return false;
  if (c.has(kClientUnixSocket)) return false;
  return !(c.addr.rfind("127.", 0) == 0 || c.addr.rfind("::1:", 0) == 0);
}

bool Server::is_local_client(const Client& c) const {
  if (c.has(kClientUnixSocket) || c.addr.empty()) return true;  // empty: an in-process client
  return c.addr.rfind("127.", 0) == 0 || c.addr.rfind("::1:", 0) == 0;
}

bool Server::allows_protected(const std::string& setting, const Client& c) const {
  return setting == "yes" || (setting == "local" && is_local_client(c));
}

void Server::accept_client(uv_stream_t* listener, bool unix_socket) {
  auto* c = new Client(*this, next_client_id++);
  c->has_conn = true;
  if (unix_socket)
    uv_pipe_init(loop_, &c->h.pipe, 0);
  else
    uv_tcp_init(loop_, &c->h.tcp);
  c->h.handle.data = c;
  if (uv_accept(listener, &c->h.stream) != 0) {
    c->flags |= kClientClosing;
    uv_close(&c->h.handle, on_close);
    return;
  }
  uv_os_fd_t fd;
  if (uv_fileno(&c->h.handle, &fd) == 0) c->fd = fd;
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
  c->authenticated = config.requirepass.empty();
  clients[c->id] = c;
  ++stats.total_connections_received;
  if (static_cast<long long>(clients.size()) > config.maxclients) {
    ++stats.rejected_connections;
    c->reply.error("ERR max number of clients reached");
    close_after_reply(*c);
    return;
  }
  if (protected_mode_denies(*c)) {
    c->reply.error(
        "DENIED Redis is running in protected mode because protected mode is enabled and no "
        "password is set for the default user. In this mode connections are only accepted from "
        "the loopback interface. If you want to connect from external computers to Redis you may "
        "adopt one of the following solutions: 1) Just disable protected mode sending the command "
        "'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from "
        "the same host the server is running, however MAKE SURE Redis is not publicly accessible "
        "from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) "
        "Alternatively you can just disable the protected mode by editing the Redis configuration "
        "file, and setting the protected mode option to 'no', and then restarting the server. 3) "
        "If you started the server manually just for testing, restart it with the "
        "'--protected-mode no' option. 4) Set up an authentication password for the default "
        "user. NOTE: You only need to do one of the above things in order for the server to start "
        "accepting connections from the outside.");
    close_after_reply(*c);
    return;
  }
  c->flags |= kClientReading;
  uv_read_start(&c->h.stream, on_alloc, on_read);
}

Client* Server::create_fake_client() {
  auto* c = new Client(*this, next_client_id++);
  c->authenticated = config.requirepass.empty();
  return c;
}

Client* Server::find_client(uint64_t id) {
  auto it = clients.find(id);
  return it == clients.end() ? nullptr : it->second;
}

void Server::on_alloc(uv_handle_t* h, size_t, uv_buf_t* buf) {
  auto* c = static_cast<Client*>(h->data);
  size_t want = std::max(c->in.len + kReadChunk, c->in_start + c->parser.bytes_wanted());
  c->in.reserve(want);
  c->in_peak = std::max(c->in_peak, want);
  buf->base = c->in.data.get() + c->in.len;
  buf->len = c->in.cap - c->in.len;
}

void Server::on_read(uv_stream_t* s, ssize_t nread, const uv_buf_t*) {
  auto* c = static_cast<Client*>(s->data);
  Server& self = c->server;
  if (nread < 0) {
    self.free_client(c);
    return;
  }
  if (nread == 0) return;
  c->in.len += static_cast<size_t>(nread);
  c->net_in += static_cast<uint64_t>(nread);
  self.stats.net_input_bytes += static_cast<uint64_t>(nread);
  update_clock();
  c->last_interaction_ms = now_ms();
  self.process_input(*c);
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

void Server::flush_pending_writes() {
  pubsub->close_pending();  // subscribers over their output-buffer limit
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
  if (c.has(kClientClosing) || c.write_pending) return;
  std::string& out = c.reply.buffer();
  if (out.empty()) {
    if (c.has(kClientCloseAfterReply)) free_client(&c);
    return;
  }
  c.reply_buf_peak = std::max(c.reply_buf_peak, std::min(out.size(), c.reply_buf_size));
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
    if (out.capacity() > 64 * 1024) out.shrink_to_fit();
    if (c.has(kClientCloseAfterReply)) free_client(&c);
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

void Server::cron() {
  if (cron_paused) return;
  int64_t now = now_ms();
  long long hz = std::clamp(config.hz, 1LL, 500LL);
  if (pause_end_ms && now >= pause_end_ms) unpause_clients();
  // Operations per second, sampled every 100 ms over the last 16 samples.
  if (now - static_cast<int64_t>(stats.last_sample_ms) >= 100) {
    uint64_t dt = now - stats.last_sample_ms;
    uint64_t dc = stats.total_commands_processed - stats.last_sample_cmds;
    stats.ops_samples[stats.ops_sample_idx] = stats.last_sample_ms ? dc * 1000 / dt : 0;
    stats.ops_sample_idx = (stats.ops_sample_idx + 1) % 16;
    stats.last_sample_ms = now;
    stats.last_sample_cmds = stats.total_commands_processed;
  }
  // Active expiry gets a quarter of each cron period, like Redis's slow cycle.
  if (active_expire_enabled) {
    int64_t expire_start = wall_us();
    active_expire_cycle(250000 / hz);
    latency.add_if_needed(config.latency_monitor_threshold, "expire-cycle",
                          (wall_us() - expire_start) / 1000);
  }
  // Incremental rehashing: about a millisecond of bucket moves per database that needs it.
  for (auto& db : dbs) {
    db->maybe_shrink();
    if (db->rehash_step(0)) {
      int64_t until = wall_us() + 1000;
      while (db->rehash_step(100) && wall_us() < until) {
      }
    }
  }
  // Idle clients.
  if (config.timeout > 0) {
    std::vector<Client*> idle;
    for (auto& [id, c] : clients)
      if (!c->has(kClientBlocked | kClientPubsub | kClientMonitor) &&
          now - c->last_interaction_ms > config.timeout * 1000)
        idle.push_back(c);
    for (Client* c : idle) {
      log(kLogVerbose, "Closing idle client");
      free_client(c);
    }
  }
  // The tracking table limit also applies when no command runs (after a CONFIG SET lowered it).
  if (tracking->tracking_clients()) tracking->limit_table();
  resize_query_buffers(now);
  resize_reply_buffers(now);
  rdb_cron(*this);
  // A changed hz takes effect on the next tick.
  uint64_t period = uint64_t(1000 / hz);
  if (uv_timer_get_repeat(&timer_) != period) uv_timer_set_repeat(&timer_, period);
}

// Query buffers, as Redis's client cron does: a buffer with more than 4 KB unused is freed down to
// its contents when the client has been idle over 2 seconds, or cut to the recent peak when it is
// over 32 KB and more than twice that peak. The peak then restarts from what is buffered now.
void Server::resize_query_buffers(int64_t now) {
  constexpr size_t kMinWaste = 4 * 1024, kResizeThreshold = 32 * 1024;
  for (auto& [id, c] : clients) {
    ReadBuffer& b = c->in;
    size_t wanted = c->in_start + c->parser.bytes_wanted();
    if (b.cap - b.len > kMinWaste) {
      if ((now - c->last_interaction_ms) / 1000 > 2)
        b.resize(std::max(b.len, wanted));
      else if (b.cap > kResizeThreshold && b.cap / 2 > c->in_peak)
        b.resize(std::max({b.len, c->in_peak, wanted}));
    }
    c->in_peak = std::max(b.len, wanted);
  }
}

// Reply buffers, with Redis 7.0's rules (PROTO_REPLY_MIN_BYTES 1 KB, PROTO_REPLY_CHUNK_BYTES
// 16 KB): a buffer whose peak use stayed under half its size shrinks to just above that peak (1 KB
// at least); one that was filled grows to twice its size (16 KB at most). The peak restarts every
// reply-buffer peak-reset time, so an idle client's buffer shrinks. Sable's output buffer grows as
// a reply needs; between replies it keeps at most this size, so the memory an idle client holds
// follows the same rules.
void Server::resize_reply_buffers(int64_t now) {
  if (!reply_buffer_resizing) return;
  constexpr size_t kMin = 1024, kChunk = 16 * 1024;
  for (auto& [id, c] : clients) {
    size_t size = c->reply_buf_size, next = 0;
    if (size / 2 >= kMin && c->reply_buf_peak < size / 2) {
      next = std::max(kMin, c->reply_buf_peak + 1);
      ++stats.reply_buffer_shrinks;
    } else if (size * 2 < 2 * kChunk && c->reply_buf_peak == size) {
      next = std::min(kChunk, size * 2);
      ++stats.reply_buffer_expands;
    }
    std::string& out = c->reply.buffer();
    if (reply_buffer_peak_reset_time >= 0 &&
        now - c->reply_peak_reset_ms >= reply_buffer_peak_reset_time) {
      c->reply_buf_peak = std::min(out.size(), size);
      c->reply_peak_reset_ms = now;
    }
    if (next) c->reply_buf_size = next;
    if (out.empty() && out.capacity() > c->reply_buf_size) std::string().swap(out);
  }
}

void Server::active_expire_cycle(int64_t budget_us) {
  constexpr size_t kSample = 20;
  int64_t start = wall_us();
  int ndb = static_cast<int>(dbs.size());
  for (int k = 0; k < ndb; ++k) {
    Db& db = *dbs[static_cast<size_t>((expire_db_cursor_ + k) % ndb)];
    // Keep sampling a database while more than a quarter of each sample had expired.
    while (db.expires_size() > 0) {
      size_t sampled = 0;
      size_t removed = db.expire_sample(kSample, &sampled);
      if (sampled == 0 || removed * 4 <= sampled) break;
      if (wall_us() - start > budget_us) {
        expire_db_cursor_ = (expire_db_cursor_ + k) % ndb;
        return;
      }
    }
  }
  expire_db_cursor_ = (expire_db_cursor_ + 1) % std::max(ndb, 1);
}

void Server::signal_modified_key(Db& db, std::string_view key) {
  ++dirty;
  blocking->signal_key(db.id(), key);
  transactions->touch_key(db.id(), key);
  tracking->invalidate_key(key, current_client);
}

void Server::notify_keyspace_event(int type, std::string_view event, std::string_view key,
                                   int dbid) {
  pubsub->notify_keyspace_event(type, event, key, dbid);
}

void Server::reset_client_state(Client& c) {
  if (c.has(kClientBlocked)) blocking->remove(c);
  if (c.has(kClientPostponed)) {
    paused_clients.erase(std::remove(paused_clients.begin(), paused_clients.end(), c.id),
                         paused_clients.end());
    c.flags &= ~kClientPostponed;
  }
  transactions->discard(c);
  pubsub->remove_client(c);
  tracking->disable(c);
  if (c.has(kClientMonitor)) {
    monitors->remove(c);
    c.flags &= ~kClientMonitor;
  }
}

void Server::signal_flushed_db(int dbid, int other) {
  transactions->touch_db(dbid, other);
  if (other < 0) tracking->invalidate_all();
}

void Server::unpause_clients() {
  pause_end_ms = 0;
  pause_all = false;
  std::vector<uint64_t> ids;
  ids.swap(paused_clients);
  for (uint64_t id : ids) {
    Client* c = find_client(id);
    if (!c) continue;
    c->flags &= ~kClientPostponed;
    process_input(*c);
  }
}

}  // namespace sable
