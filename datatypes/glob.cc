// Glob matcher with Redis's syntax and a bounded-backtracking algorithm.
#include "datatypes/glob.h"

#include <cctype>
#include <cstddef>

namespace sable {

namespace {
char fold(char c, bool nocase) {
  return nocase ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches one pattern element (not '*') at pattern[pi] against character c. On success advances
// `pi` past the element. Returns false when it does not match.
bool match_one(std::string_view p, size_t& pi, char c, bool nocase) {
  char pc = p[pi];
  if (pc == '?') {
    ++pi;
    return true;
  }
  if (pc == '\\' && pi + 1 < p.size()) {
    bool ok = fold(p[pi + 1], nocase) == fold(c, nocase);
    pi += 2;
    return ok;
  }
  if (pc == '[') {
    size_t i = pi + 1;
    bool negate = false;
    if (i < p.size() && p[i] == '^') {
      negate = true;
      ++i;
    }
    bool matched = false;
    while (i < p.size() && p[i] != ']') {
      if (p[i] == '\\' && i + 1 < p.size()) {
        if (fold(p[i + 1], nocase) == fold(c, nocase)) matched = true;
        i += 2;
      } else if (i + 2 < p.size() && p[i + 1] == '-') {
        unsigned char lo = static_cast<unsigned char>(fold(p[i], nocase));
        unsigned char hi = static_cast<unsigned char>(fold(p[i + 2], nocase));
        if (lo > hi) {
          unsigned char t = lo;
          lo = hi;
          hi = t;
        }
        unsigned char cc = static_cast<unsigned char>(fold(c, nocase));
        if (cc >= lo && cc <= hi) matched = true;
        i += 3;
      } else {
        if (fold(p[i], nocase) == fold(c, nocase)) matched = true;
        ++i;
      }
    }
    // An unterminated class ends with the pattern, as in Redis.
    pi = i < p.size() ? i + 1 : i;
    return negate ? !matched : matched;
  }
  ++pi;
  return fold(pc, nocase) == fold(c, nocase);
}
}  // namespace

bool glob_match(std::string_view p, std::string_view s, bool nocase) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      while (pi < p.size() && p[pi] == '*') ++pi;
      if (pi == p.size()) return true;
      star_p = pi;
      star_s = si;
      continue;
    }
    size_t next = pi;
    if (pi < p.size() && match_one(p, next, s[si], nocase)) {
      pi = next;
      ++si;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace sable
