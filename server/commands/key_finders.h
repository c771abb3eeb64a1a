// Key finders shared by command rows whose keys first/last/step cannot describe: a row names one
// as .key_finder and the table marks it kCmdMovableKeys. A finder returns argv positions; it
// must cope with any arguments (it also runs for COMMAND GETKEYS and for rejected calls).
// Finders used by one command only live next to its row (SORT's in sort.cc, GEORADIUS's in
// geo.cc).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "datatypes/numbers.h"

namespace sable {

// Keys counted by a numkeys argument at `numkeys_at` and listed right after it, preceded by the
// keys at positions [1, numkeys_at) when `lead_keys` (a destination key): ZUNION numkeys key …
// is keys_by_numkeys<1, false>, ZUNIONSTORE destination numkeys key … keys_by_numkeys<2, true>,
// BLMPOP timeout numkeys key … keys_by_numkeys<2, false>.
template <size_t numkeys_at, bool lead_keys>
std::vector<size_t> keys_by_numkeys(std::span<const std::string_view> argv) {
  std::vector<size_t> keys;
  if constexpr (lead_keys)
    for (size_t i = 1; i < numkeys_at && i < argv.size(); ++i) keys.push_back(i);
  int64_t n;
  if (numkeys_at >= argv.size() || !parse_int64(argv[numkeys_at], &n) || n <= 0) return keys;
  for (size_t i = numkeys_at + 1; i < argv.size() && n-- > 0; ++i) keys.push_back(i);
  return keys;
}

}  // namespace sable
