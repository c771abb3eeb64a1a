// Splits a line into arguments with Redis's quoting rules (as used by inline commands, redis-cli
// and redis.conf): whitespace separates, "double quotes" accept \n \r \t \b \a \\ \" and \xHH
// escapes, 'single quotes' accept \'. A closing quote must be followed by whitespace or the end.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

// Returns nullopt when quotes are unbalanced (or a closing quote is followed by a non-space).
std::optional<std::vector<std::string>> split_args(std::string_view line);

}  // namespace sable
