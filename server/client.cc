// Client lifecycle: the read buffer, construction, finding and creating clients, the state
// other modules keep per client (dropped by RESET and on disconnect), and resuming clients held
// by CLIENT PAUSE. Accepting and closing connections is the reactor's part (reactor.cc).
#include <algorithm>
#include <cstring>

#include "datatypes/clock.h"
#include "server/acl/acl.h"
#include "server/pubsub.h"
#include "server/server.h"
#include "server/tls/tls.h"

namespace sable {

void ReadBuffer::reserve(size_t need) {
  if (need <= cap) return;
  size_t ncap = cap ? cap : kChunk;
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
  if (s.acl) user = s.acl->default_user();  // every client has a user
  ctime_ms = now_ms();
  reply_peak_reset_ms = ctime_ms;
  last_interaction_ms = ctime_ms;
  std::memset(&h, 0, sizeof(h));
}
Client::~Client() = default;

bool Server::is_local_client(const Client& c) const {
  if (c.has(kClientUnixSocket) || c.addr.empty()) return true;  // empty: an in-process client
  return c.addr.rfind("127.", 0) == 0 || c.addr.rfind("::1:", 0) == 0;
}

bool Server::allows_protected(const std::string& setting, const Client& c) const {
  return setting == "yes" || (setting == "local" && is_local_client(c));
}

Client* Server::create_fake_client() {
  auto* c = new Client(*this, next_client_id++);
  c->user = acl->default_user();
  c->authenticated = acl->default_needs_no_auth();
  return c;
}

Client* Server::find_client(uint64_t id) {
  auto it = clients.find(id);
  return it == clients.end() ? nullptr : it->second;
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
