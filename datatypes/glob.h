// Redis glob-style pattern matching (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET).
//
// Supports `*`, `?`, `[abc]`, `[^abc]`, `[a-z]` and `\x` escapes. Matching is linear-backtracking
// (it only ever backtracks to the most recent `*`), so hostile patterns cannot blow up time.
#pragma once

#include <string_view>

namespace sable {

bool glob_match(std::string_view pattern, std::string_view str, bool nocase = false);

}  // namespace sable
