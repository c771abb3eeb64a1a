// Shared argument parsing and reply for SCAN, HSCAN, SSCAN and ZSCAN.
//   SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
//   HSCAN/SSCAN/ZSCAN key cursor [MATCH pattern] [COUNT count]
#pragma once

#include <cctype>
#include <cerrno>
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

// Parses "cursor [MATCH p] [COUNT n] [TYPE t]" from argv[cursor_idx] (TYPE only when
// `allow_type`, i.e. for SCAN). Each option needs its value; an option without one, or one not
// known here, is a syntax error, as is COUNT below 1. Replies the error and returns false on bad
// input.
inline bool parse_scan_args(CommandContext& ctx, size_t cursor_idx, bool allow_type,
                            ScanOptions* o) {
  if (!parse_scan_cursor(ctx.arg(cursor_idx), &o->cursor)) {
    ctx.reply.error(err::kInvalidCursor);
    return false;
  }
  if (ctx.argc() <= cursor_idx + 1) return true;
  ArgCursor a(ctx.argv, cursor_idx + 1);
  while (!a.done()) {
    if (a.match("COUNT", 1)) {
      o->count = a.next<int64_t>();
      a.check(o->count >= 1, err::kSyntax);
    } else if (a.match("MATCH", 1)) {
      o->match = a.next();
      // "*" matches everything: skip matching work, as Redis does.
      o->has_match = !(o->match.size() == 1 && o->match[0] == '*');
    } else if (allow_type && a.match("TYPE", 1)) {
      o->type = a.next();
      o->has_type = true;
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Replies [cursor-as-bulk, [items...]].
inline void reply_scan(ReplyWriter& r, uint64_t next_cursor,
                       const std::vector<std::string>& items) {
  r.array_len(2);
  r.bulk(std::to_string(next_cursor));
  r.array_len(items.size());
  for (const auto& s : items) r.bulk(s);
}

}  // namespace sable
