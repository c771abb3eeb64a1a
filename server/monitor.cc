// MONITOR feed.
#include "server/monitor.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "datatypes/clock.h"
#include "server/client.h"
#include "server/server.h"

namespace sable {

void append_repr(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char ch : s) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      default:
        if (ch >= 0x20 && ch < 0x7f) {
          out.push_back(static_cast<char>(ch));
        } else {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", ch);
          out += buf;
        }
    }
  }
  out.push_back('"');
}

void Monitors::add(Client& c) {
  if (std::find(ids_.begin(), ids_.end(), c.id) == ids_.end()) ids_.push_back(c.id);
}

void Monitors::remove(Client& c) {
  ids_.erase(std::remove(ids_.begin(), ids_.end(), c.id), ids_.end());
}

void Monitors::feed(const Client& from, std::span<const std::string_view> argv) {
  int64_t us = wall_us();
  char head[64];
  std::snprintf(head, sizeof(head), "+%lld.%06lld ", static_cast<long long>(us / 1000000),
                static_cast<long long>(us % 1000000));
  std::string line = head;
  line += "[" + std::to_string(from.db_index) + " ";
  if (from.has(kClientUnixSocket))
    line += "unix:" + server_.config.unixsocket;
  else
    line += from.addr;
  line += "] ";
  // Secrets are already "(redacted)" here: the dispatcher hides them (server/redact.h).
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i) line.push_back(' ');
    append_repr(line, argv[i]);
  }
  line += "\r\n";
  for (uint64_t id : ids_) {
    Client* m = server_.find_client(id);
    if (!m) continue;
    m->reply.raw(line);
    server_.queue_write(*m);
  }
}

}  // namespace sable
