// The one argument parser of LMPOP/BLMPOP and ZMPOP/BZMPOP, which share their grammar:
//   numkeys key [key ...] LEFT|RIGHT (or MIN|MAX) [COUNT count]
#pragma once

#include <span>
#include <string_view>

#include "server/commands/common.h"

namespace sable {

struct MPopArgs {
  std::span<const std::string_view> keys;
  bool second_side = false;  // RIGHT (lists) or MAX (sorted sets)
  int64_t count = 1;
};

// Parses from argv[idx] (the numkeys argument); `first`/`second` are the two side words. Replies
// the error and returns false on bad input, with Redis's texts and checking order: numkeys, then
// whether the side word is there at all (a syntax error), the side word, then COUNT (once).
inline bool parse_mpop(CommandContext& ctx, size_t idx, std::string_view first,
                       std::string_view second, MPopArgs* out) {
  ArgCursor a(ctx.argv, idx);
  int64_t numkeys = a.next_at_least(1, err::kNumkeysNotPositive);
  a.check(static_cast<uint64_t>(numkeys) < a.remaining(), err::kSyntax);
  out->keys = a.take(static_cast<size_t>(numkeys));
  int side = a.match_one_of({first, second});
  a.check(side >= 0, err::kSyntax);
  out->second_side = side == 1;
  if (a.match("COUNT", 1)) out->count = a.next_at_least(1, err::kCountNotPositive);
  a.check(a.remaining() == 0, err::kSyntax);
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

}  // namespace sable
