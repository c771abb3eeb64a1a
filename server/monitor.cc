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
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
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

namespace {
bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Marks the arguments that carry credentials, which monitors see as "(redacted)" (as in Redis):
// every argument of AUTH, HELLO's AUTH username and password, MIGRATE's AUTH/AUTH2 secrets.
std::vector<bool> sensitive_args(std::span<const std::string_view> argv) {
  std::vector<bool> hide(argv.size(), false);
  if (argv.empty()) return hide;
  std::string_view cmd = argv[0];
  size_t n = argv.size();
  if (iequal(cmd, "auth")) {
    for (size_t i = 1; i < n; ++i) hide[i] = true;
  } else if (iequal(cmd, "hello")) {
    for (size_t j = 2; j < n; ++j) {
      size_t more = n - j - 1;
      if (iequal(argv[j], "auth") && more >= 2) {
        hide[j + 1] = hide[j + 2] = true;
        j += 2;
      } else if (iequal(argv[j], "setname") && more) {
        ++j;
      } else {
        break;
      }
    }
  } else if (iequal(cmd, "migrate")) {
    for (size_t j = 6; j < n; ++j) {
      size_t more = n - j - 1;
      if (iequal(argv[j], "auth") && more) {
        hide[++j] = true;
      } else if (iequal(argv[j], "auth2") && more >= 2) {
        hide[j + 1] = hide[j + 2] = true;
        j += 2;
      } else if (iequal(argv[j], "keys")) {
        break;
      }
    }
  }
  return hide;
}
}  // namespace

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
  std::vector<bool> hide = sensitive_args(argv);
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i) line.push_back(' ');
    append_repr(line, hide[i] ? std::string_view("(redacted)") : argv[i]);
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
