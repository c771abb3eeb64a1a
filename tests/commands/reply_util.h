// Helpers for command tests whose reply order Redis leaves unspecified (members of a hashtable
// set, fields of a hashtable hash): compare replies as multisets instead of byte for byte.
//
//   CHECK(unordered(f.run({"SMEMBERS", "s"}), 1) == unordered("*2\r\n$1\r\na\r\n$1\r\nb\r\n", 1));
#pragma once

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace sable::testing {

namespace detail {
// Length of the complete RESP value that starts at `pos` (0 when incomplete or malformed).
inline size_t resp_value_len(std::string_view r, size_t pos) {
  size_t eol = r.find("\r\n", pos);
  if (eol == std::string_view::npos || pos >= r.size()) return 0;
  char t = r[pos];
  long long n = std::atoll(std::string(r.substr(pos + 1, eol - pos - 1)).c_str());
  size_t p = eol + 2;
  if (t == '$' || t == '=' || t == '!') return n < 0 ? p - pos : p + n + 2 - pos;
  if (t == '*' || t == '~' || t == '%' || t == '>') {
    long long count = t == '%' ? 2 * n : n;
    for (long long i = 0; i < count; ++i) {
      size_t len = resp_value_len(r, p);
      if (len == 0) return 0;
      p += len;
    }
  }
  return p - pos;
}
}  // namespace detail

// The reply's aggregate header followed by its elements taken `group` at a time and sorted, so two
// replies with the same elements in any order compare equal. A non-aggregate reply is returned
// unchanged.
inline std::string unordered(std::string_view reply, int group) {
  if (reply.empty() || std::string_view("*~%").find(reply[0]) == std::string_view::npos)
    return std::string(reply);
  size_t eol = reply.find("\r\n");
  if (eol == std::string_view::npos) return std::string(reply);
  std::string header(reply.substr(0, eol + 2));
  std::vector<std::string> items;
  size_t p = eol + 2;
  while (p < reply.size()) {
    std::string item;
    for (int k = 0; k < group && p < reply.size(); ++k) {
      size_t len = detail::resp_value_len(reply, p);
      if (len == 0) return std::string(reply);
      item.append(reply.substr(p, len));
      p += len;
    }
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end());
  for (const auto& i : items) header += i;
  return header;
}

}  // namespace sable::testing
