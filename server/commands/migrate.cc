// MIGRATE: moves keys to another instance by sending it RESTORE requests built from DUMP payloads.
//
// As in Redis, the transfer is synchronous: the command connects, writes and reads with blocking
// semantics (poll with the command's timeout on every step), so the server does nothing else
// meanwhile. Connections are cached per "host:port" with the database last selected on them, so a
// run of MIGRATEs to one target pays for one connect and one SELECT; the cron closes a connection
// idle for more than 10 seconds, and at most 64 are kept (a random one makes room). An I/O error
// drops the cached connection, and the command tries once more on a fresh one unless the error
// was a timeout or replies had already been read.
#include "server/commands/migrate.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "server/commands/common.h"
#include "server/persistence/rdb.h"

namespace sable {

namespace {

constexpr size_t kMaxCachedSockets = 64;  // Redis's MIGRATE_SOCKET_CACHE_ITEMS
constexpr int64_t kCachedSocketTtlSec = 10;  // idle seconds before the cron closes one
constexpr size_t kWriteChunk = 64 * 1024;    // the request is written in chunks of this size
constexpr size_t kMaxReplyLine = 1023;       // longest reply line kept (Redis reads into 1 KB)

struct CachedSocket {
  int fd = -1;
  int64_t last_dbid = -1;  // -1: nothing selected yet (then a MIGRATE to db -1 sends no SELECT)
  int64_t last_use_sec = 0;
  std::string unread;  // bytes received past the last reply line
};

// One server per process, as in Redis; the cache lives as long as the process.
std::map<std::string, CachedSocket>& cache() {
  static std::map<std::string, CachedSocket> sockets;
  return sockets;
}

void close_cached(const std::string& name) {
  auto it = cache().find(name);
  if (it == cache().end()) return;
  ::close(it->second.fd);
  cache().erase(it);
}

// Why the last socket operation failed: a timeout stops the retry.
struct IoStatus {
  bool timed_out = false;
};

int poll_for(int fd, short events, int64_t wait_ms) {
  pollfd p{fd, events, 0};
  int r;
  do {
    r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(wait_ms, 1 << 30)));
  } while (r < 0 && errno == EINTR);
  return r > 0 ? p.revents : 0;
}

// Opens a non-blocking TCP connection to host:port and waits up to `timeout` ms for it to become
// writable. Like Redis 7.0, only a failure to start the connection (an unknown host, no address
// accepting a connect() call) is reported here; a refused or unfinished connection shows up as
// an error on the first write. Returns the descriptor, or -1.
int connect_to(const std::string& host, long port, int64_t timeout) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  std::string service = std::to_string(port);
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0 || errno == EINPROGRESS) break;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  if (fd < 0) return -1;
  poll_for(fd, POLLOUT, timeout);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

// Writes all of `data`, waiting at most `timeout` ms in all.
bool write_all(int fd, std::string_view data, int64_t timeout, IoStatus* st) {
  int64_t start = wall_ms();
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      if (data.empty()) break;
    } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return false;
    }
    int64_t elapsed = wall_ms() - start;
    if (elapsed >= timeout) {
      st->timed_out = true;
      return false;
    }
    poll_for(fd, POLLOUT, timeout - elapsed);
    if (wall_ms() - start >= timeout) {
      st->timed_out = true;
      return false;
    }
  }
  return true;
}

// Reads one reply line (without its CR LF) into *line, waiting at most `timeout` ms for each
// arrival of bytes. A line longer than kMaxReplyLine is cut there, the rest left for the next
// read, as Redis does. An empty line (a bare LF) counts as a failure, as in Redis.
bool read_line(CachedSocket& cs, int64_t timeout, std::string* line, IoStatus* st) {
  for (;;) {
    size_t nl = cs.unread.find('\n');
    if (nl != std::string::npos && nl < kMaxReplyLine) {
      line->assign(cs.unread, 0, nl);
      cs.unread.erase(0, nl + 1);
      if (line->empty()) return false;
      if (line->back() == '\r') line->pop_back();
      return true;
    }
    if (cs.unread.size() >= kMaxReplyLine) {  // (a CR in the cut is kept, as in Redis)
      line->assign(cs.unread, 0, kMaxReplyLine);
      cs.unread.erase(0, kMaxReplyLine);
      return true;
    }
    int64_t start = wall_ms();
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(cs.fd, buf, sizeof(buf), 0);
      if (n > 0) {
        cs.unread.append(buf, static_cast<size_t>(n));
        break;
      }
      if (n == 0) return false;  // the target closed the connection
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      int64_t elapsed = wall_ms() - start;
      if (elapsed >= timeout) {
        st->timed_out = true;
        return false;
      }
      poll_for(cs.fd, POLLIN, timeout - elapsed);
      if (wall_ms() - start >= timeout) {
        // One last look: data may have arrived just as the wait ended.
        n = ::recv(cs.fd, buf, sizeof(buf), 0);
        if (n > 0) {
          cs.unread.append(buf, static_cast<size_t>(n));
          break;
        }
        st->timed_out = true;
        return false;
      }
    }
  }
}

// The cached connection to host:port, connecting when there is none. Returns nullptr (having
// replied the error) when the connection cannot be started.
CachedSocket* get_socket(CommandContext& ctx, const std::string& name, std::string_view host,
                         std::string_view port, int64_t timeout) {
  auto& sockets = cache();
  int64_t now_sec = wall_ms() / 1000;
  if (auto it = sockets.find(name); it != sockets.end()) {
    it->second.last_use_sec = now_sec;
    return &it->second;
  }
  if (sockets.size() >= kMaxCachedSockets) {
    auto victim = sockets.begin();
    std::advance(victim, static_cast<long>(ctx.server.rng() % sockets.size()));
    ::close(victim->second.fd);
    sockets.erase(victim);
  }
  // The port is read as atoi() does: leading digits, anything else gives 0 (which then fails).
  std::string port_text(port);
  long port_number = static_cast<int>(std::strtol(port_text.c_str(), nullptr, 10));
  int fd = connect_to(std::string(host), port_number, timeout);
  if (fd < 0) {
    ctx.reply.error(err::kMigrateConnect);
    return nullptr;
  }
  CachedSocket& cs = sockets[name];
  cs.fd = fd;
  cs.last_dbid = -1;
  cs.last_use_sec = now_sec;
  return &cs;
}

void append_bulk(std::string& out, std::string_view s) {
  out.push_back('$');
  out.append(std::to_string(s.size()));
  out.append("\r\n");
  out.append(s);
  out.append("\r\n");
}

void append_array_len(std::string& out, size_t n) {
  out.push_back('*');
  out.append(std::to_string(n));
  out.append("\r\n");
}

// MIGRATE host port <key | ""> destination-db timeout [COPY] [REPLACE]
//   [[AUTH password] | [AUTH2 username password]] [KEYS key [key ...]]
void CmdMigrate(CommandContext& ctx) {
  bool copy = false, replace = false;
  std::string_view username, password;
  bool with_user = false, with_password = false;
  size_t first_key = 3, num_keys = 1;
  for (size_t j = 6; j < ctx.argc(); ++j) {
    size_t more = ctx.argc() - 1 - j;
    std::string_view a = ctx.arg(j);
    if (iequals(a, "COPY")) {
      copy = true;
    } else if (iequals(a, "REPLACE")) {
      replace = true;
    } else if (iequals(a, "AUTH")) {
      if (more < 1) return ctx.reply.error(err::kSyntax);
      password = ctx.arg(++j);
      with_password = true;
    } else if (iequals(a, "AUTH2")) {
      if (more < 2) return ctx.reply.error(err::kSyntax);
      username = ctx.arg(++j);
      password = ctx.arg(++j);
      with_user = with_password = true;
    } else if (iequals(a, "KEYS")) {
      if (!ctx.arg(3).empty()) return ctx.reply.error(err::kMigrateKeysNotEmpty);
      first_key = j + 1;
      num_keys = ctx.argc() - j - 1;
      break;  // every argument after KEYS is a key
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  int64_t timeout, dbid;
  if (!parse_int64(ctx.arg(5), &timeout) || !parse_int64(ctx.arg(4), &dbid))
    return ctx.reply.error(err::kNotInteger);
  if (timeout <= 0) timeout = 1000;

  // The keys that exist; when none does there is nothing to do (often a key just expired, so
  // this is no error).
  std::vector<std::string_view> keys;
  for (size_t j = 0; j < num_keys; ++j)
    if (lookup_read(ctx, ctx.arg(first_key + j))) keys.push_back(ctx.arg(first_key + j));
  if (keys.empty()) return ctx.reply.simple("NOKEY");

  std::string_view host = ctx.arg(1), port = ctx.arg(2);
  std::string name = std::string(host) + ":" + std::string(port);
  bool may_retry = true;
  for (;;) {
    IoStatus st;
    bool write_error = false;
    CachedSocket* cs = get_socket(ctx, name, host, port, timeout);
    if (!cs) return;

    // The whole request: AUTH, SELECT when another database is selected, one RESTORE per key.
    std::string req;
    if (with_password) {
      append_array_len(req, with_user ? 3 : 2);
      append_bulk(req, "AUTH");
      if (with_user) append_bulk(req, username);
      append_bulk(req, password);
    }
    bool select = cs->last_dbid != dbid;
    if (select) {
      append_array_len(req, 2);
      append_bulk(req, "SELECT");
      append_bulk(req, std::to_string(dbid));
    }
    std::vector<std::string_view> sent;  // keys still alive now, in order
    for (std::string_view k : keys) {
      Entry* e = ctx.db.find_raw(k);
      if (!e) continue;
      int64_t ttl = 0;
      if (entry::has_expire(e)) {
        ttl = entry::expire_at(e) - wall_ms();
        if (ttl < 0) continue;  // expired since it was looked up
        if (ttl < 1) ttl = 1;
      }
      sent.push_back(k);
      append_array_len(req, replace ? 5 : 4);
      append_bulk(req, "RESTORE");
      append_bulk(req, k);
      append_bulk(req, std::to_string(ttl));
      append_bulk(req, dump_payload(ctx.server, e));
      if (replace) append_bulk(req, "REPLACE");
    }

    bool ok_io = true;
    for (size_t pos = 0; ok_io && pos < req.size(); pos += kWriteChunk) {
      std::string_view chunk = std::string_view(req).substr(pos, kWriteChunk);
      if (!write_all(cs->fd, chunk, timeout, &st)) {
        write_error = true;
        ok_io = false;
      }
    }
    std::string auth_reply, select_reply, reply;
    if (ok_io && with_password && !read_line(*cs, timeout, &auth_reply, &st)) ok_io = false;
    if (ok_io && select && !read_line(*cs, timeout, &select_reply, &st)) ok_io = false;

    if (ok_io) {
      bool error_from_target = false, socket_error = false;
      size_t j = 0;
      for (; j < sent.size(); ++j) {
        if (!read_line(*cs, timeout, &reply, &st)) {
          socket_error = true;
          break;
        }
        bool auth_failed = with_password && !auth_reply.empty() && auth_reply[0] == '-';
        bool select_failed = select && !select_reply.empty() && select_reply[0] == '-';
        if (auth_failed || select_failed || (!reply.empty() && reply[0] == '-')) {
          if (!error_from_target) {
            // The selected database is unknown after an error: SELECT again next time.
            cs->last_dbid = -1;
            const std::string& e = auth_failed ? auth_reply : select_failed ? select_reply : reply;
            std::string msg(err::kMigrateTargetError);
            msg.append(e, 1);
            ctx.reply.error(msg);
            error_from_target = true;
          }
        } else if (!copy) {
          // The target has the key: remove it here.
          // (KEYS naming a key twice with REPLACE: the second ack finds it gone, and is
          // signalled all the same, as in Redis.)
          std::string_view k = sent[j];
          ctx.db.del(k);
          touched(ctx, kNotifyGeneric, "del", k);
        }
      }
      // Nothing was read back on a connection that failed at once: most likely a cached
      // connection the target had closed, so try a fresh one.
      if (!error_from_target && socket_error && j == 0 && may_retry && !st.timed_out) {
        close_cached(name);
        may_retry = false;
        continue;
      }
      if (socket_error) close_cached(name);
      if (!error_from_target && socket_error) return ctx.reply.error(err::kMigrateRead);
      if (!error_from_target) {
        cs->last_dbid = dbid;  // (cs is still cached: no socket error)
        ctx.reply.ok();
      }
      return;
    }

    // An I/O error before the replies: drop the connection, and retry once unless it timed out.
    close_cached(name);
    if (!st.timed_out && may_retry) {
      may_retry = false;
      continue;
    }
    return ctx.reply.error(write_error ? err::kMigrateWrite : err::kMigrateRead);
  }
}

// MIGRATE's keys, found as Redis 7.0 finds them: first from its key specs (the key argument, then
// the keys after a KEYS keyword searched backwards from the next-to-last argument); when that
// search finds a KEYS word, the spec is "incomplete" and Redis asks the command's own key
// function instead, which skips the values of AUTH/AUTH2 and gives no keys at all when KEYS
// follows a non-empty key argument.
std::vector<size_t> migrate_keys(std::span<const std::string_view> argv) {
  size_t argc = argv.size();
  if (argc < 4) return {};
  bool keyword_found = false;
  for (size_t i = argc - 2; i >= 1 && i < argc; --i) {
    if (iequals(argv[i], "KEYS")) {
      keyword_found = true;
      break;
    }
  }
  if (!keyword_found) return {3};
  size_t first = 3, num = 1;
  for (size_t i = 6; i < argc; ++i) {
    if (iequals(argv[i], "KEYS")) {
      if (!argv[3].empty()) return {};
      first = i + 1;
      num = argc - first;
      break;
    }
    if (iequals(argv[i], "AUTH"))
      i += 1;
    else if (iequals(argv[i], "AUTH2"))
      i += 2;
  }
  std::vector<size_t> keys;
  for (size_t i = 0; i < num; ++i) keys.push_back(first + i);
  return keys;
}

}  // namespace

void migrate_cron(Server&) {
  auto& sockets = cache();
  if (sockets.empty()) return;
  static int64_t last_run_ms = 0;
  int64_t now = wall_ms();
  if (now - last_run_ms < 1000) return;  // once a second, as Redis's cron does it
  last_run_ms = now;
  int64_t now_sec = now / 1000;
  for (auto it = sockets.begin(); it != sockets.end();) {
    if (now_sec - it->second.last_use_sec > kCachedSocketTtlSec) {
      ::close(it->second.fd);
      it = sockets.erase(it);
    } else {
      ++it;
    }
  }
}

size_t migrate_cached_sockets() { return cache().size(); }

void RegisterMigrateFamily(CommandTable& t) {
  FamilyRows rows(t, "generic");
  rows.add({.name = "migrate",
            .arity = -6,
            .flags = kCmdWrite,
            .keys = {3, 3, 1},
            .key_finder = migrate_keys,
            .key_specs = "RW access delete | index 3 | range 0 1 0; "
                         "RW access delete incomplete | keyword KEYS -2 | range -1 1 0",
            .acl = "@keyspace @write @slow @dangerous",
            .summary = "Atomically transfer a key from a Redis instance to another one.",
            .since = "2.6.0",
            .complexity = "This command actually executes a DUMP+DEL in the source instance, and "
                          "a RESTORE in the target instance. See the pages of these commands for "
                          "time complexity. Also an O(N) data transfer between the two instances "
                          "is performed.",
            .usage = "host port <key | \"\"> destination-db timeout [COPY] [REPLACE] "
                     "[[AUTH password] | [AUTH2 username password]] [KEYS key ...]",
            .tips = "nondeterministic_output",
            .handler = CmdMigrate});
}

}  // namespace sable
