// The argument grammar LMPOP/BLMPOP and ZMPOP/BZMPOP share:
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
// the error and returns false on bad input, with Redis's texts and checking order.
inline bool parse_mpop(CommandContext& ctx, size_t idx, std::string_view first,
                       std::string_view second, MPopArgs* out) {
  int64_t numkeys;
  if (!parse_int64(ctx.arg(idx), &numkeys) || numkeys <= 0)
    return ctx.reply.error(err::kNumkeysNotPositive), false;
  if (static_cast<uint64_t>(numkeys) >= ctx.argc() - idx - 1)
    return ctx.reply.error(err::kSyntax), false;
  size_t where = idx + 1 + static_cast<size_t>(numkeys);
  if (iequals(ctx.arg(where), first))
    out->second_side = false;
  else if (iequals(ctx.arg(where), second))
    out->second_side = true;
  else
    return ctx.reply.error(err::kSyntax), false;
  bool have_count = false;
  for (size_t j = where + 1; j < ctx.argc(); ++j) {
    if (!have_count && iequals(ctx.arg(j), "COUNT") && j + 1 < ctx.argc()) {
      if (!parse_int64(ctx.arg(++j), &out->count) || out->count <= 0)
        return ctx.reply.error(err::kCountNotPositive), false;
      have_count = true;
    } else {
      return ctx.reply.error(err::kSyntax), false;
    }
  }
  out->keys = ctx.argv.subspan(idx + 1, static_cast<size_t>(numkeys));
  return true;
}

}  // namespace sable
