// Shared argument parsing and reply for SCAN, HSCAN, SSCAN and ZSCAN.
//   SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
//   HSCAN/SSCAN/ZSCAN key cursor [MATCH pattern] [COUNT count]
#pragma once

#include <cerrno>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "datatypes/glob.h"
#include "server/commands/common.h"

namespace sable {

struct ScanOptions {
  uint64_t cursor = 0;
  bool has_match = false;
  std::string_view match;
  int64_t count = 10;
  bool has_type = false;
  std::string_view type;

  // True when `item` passes MATCH (always true without MATCH).
  bool matches(std::string_view item) const { return !has_match || glob_match(match, item); }
};

// Parses the cursor like Redis (strtoul semantics: no leading space, whole string, no overflow).
inline bool parse_scan_cursor(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 64 || std::isspace(static_cast<unsigned char>(s[0]))) return false;
  char buf[65];
  s.copy(buf, s.size());
  buf[s.size()] = '\0';
  char* end;
  errno = 0;
  unsigned long long v = std::strtoull(buf, &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = v;
  return true;
}

// Parses "cursor [MATCH p] [COUNT n] [TYPE t]" from argv[cursor_idx]. Replies the error and
// returns false on bad input.
inline bool parse_scan_args(CommandContext& ctx, size_t cursor_idx, bool allow_type,
                            ScanOptions* o) {
  if (!parse_scan_cursor(ctx.arg(cursor_idx), &o->cursor)) {
    ctx.reply.error("ERR invalid cursor");
    return false;
  }
  for (size_t i = cursor_idx + 1; i < ctx.argc(); i += 2) {
    std::string_view opt = ctx.arg(i);
    bool has_value = i + 1 < ctx.argc();
    if (iequals(opt, "COUNT") && has_value) {
      if (!parse_int64(ctx.arg(i + 1), &o->count)) {
        ctx.reply.error(err::kNotInteger);
        return false;
      }
      if (o->count < 1) {
        ctx.reply.error(err::kSyntax);
        return false;
      }
    } else if (iequals(opt, "MATCH") && has_value) {
      o->match = ctx.arg(i + 1);
      // "*" matches everything: skip matching work, as Redis does.
      o->has_match = !(o->match.size() == 1 && o->match[0] == '*');
    } else if (allow_type && iequals(opt, "TYPE") && has_value) {
      o->type = ctx.arg(i + 1);
      o->has_type = true;
    } else {
      ctx.reply.error(err::kSyntax);
      return false;
    }
  }
  return true;
}

// Replies [cursor-as-bulk, [items...]].
inline void reply_scan(ReplyWriter& r, uint64_t next_cursor, const std::vector<std::string>& items) {
  r.array_len(2);
  r.bulk(std::to_string(next_cursor));
  r.array_len(items.size());
  for (const auto& s : items) r.bulk(s);
}

}  // namespace sable
