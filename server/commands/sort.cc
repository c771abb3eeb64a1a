// SORT and SORT_RO: sort the elements of a list, set or sorted set, numerically or as strings,
// optionally by values found in other keys (BY pattern, including hash fields with "->"), fetch
// related values (GET), take a LIMIT window and STORE the result as a list.
//
// The algorithm follows Redis's sortCommandGeneric step by step (LIMIT clamping, the "no sort"
// fast paths for lists and sorted sets, forcing ALPHA for an unsorted set being stored, score
// parsing with strtod, ties broken by comparing the elements) so replies match byte for byte.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "datatypes/hash_type.h"
#include "datatypes/list_type.h"
#include "datatypes/set_type.h"
#include "datatypes/zset_type.h"
#include "server/acl/acl.h"
#include "server/commands/common.h"

namespace sable {

namespace {

struct SortOptions {
  bool desc = false, alpha = false, dontsort = false;
  long long limit_start = -1, limit_count = -1;
  std::optional<std::string_view> by, store;
  std::vector<std::string_view> gets;
};

struct SortItem {
  explicit SortItem(std::string e) : elem(std::move(e)) {}
  std::string elem;
  double score = 0;
  std::optional<std::string> cmp;  // ALPHA with BY: the value sorted by (missing: sorts first)
};

// Whether the client's user may read any key with this command (SORT BY/GET patterns).
bool full_key_access(CommandContext& ctx) {
  const Client& c = ctx.client.script_caller ? *ctx.client.script_caller : ctx.client;
  return !c.user || ctx.server.acl->full_read_access(*c.user, ctx.spec, ctx.argv);
}

// Parses the options after the key. An option is recognised only with room for its arguments
// ("LIMIT 5" at the end is a syntax error, not a bad count), as in Redis; SORT_RO knows no
// STORE. Replies and returns false on error.
bool parse_sort_options(CommandContext& ctx, bool readonly, SortOptions* o) {
  ArgCursor a(ctx.argv, 2);
  while (!a.done()) {
    if (a.match("ASC")) {
      o->desc = false;
    } else if (a.match("DESC")) {
      o->desc = true;
    } else if (a.match("ALPHA")) {
      o->alpha = true;
    } else if (a.match("LIMIT", 2)) {
      o->limit_start = a.next<int64_t>();
      o->limit_count = a.next<int64_t>();
    } else if (!readonly && a.match("STORE", 1)) {
      o->store = a.next();
    } else if (a.match("BY", 1)) {
      o->by = a.next();
      // A pattern without '*' cannot name per-element keys: nothing to sort by.
      if (o->by->find('*') == std::string_view::npos) {
        o->dontsort = true;
      } else if (!full_key_access(ctx)) {
        // Keys named by a pattern cannot be checked one by one: only a user who may read every
        // key can use it (as in Redis).
        a.fail("ERR BY option of SORT denied due to insufficient ACL permissions.");
      }
    } else if (a.match("GET", 1)) {
      o->gets.push_back(a.next());
      if (!full_key_access(ctx))
        a.fail("ERR GET option of SORT denied due to insufficient ACL permissions.");
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by
// the element and the key read as a string, or with "->field" as a hash field.
bool lookup_by_pattern(CommandContext& ctx, std::string_view pattern, std::string_view subst,
                       std::string* out) {
  if (pattern == "#") {
    out->assign(subst);
    return true;
  }
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return false;
  std::string_view field;
  size_t arrow = pattern.find("->", star + 1);
  if (arrow != std::string_view::npos && arrow + 2 < pattern.size()) {
    field = pattern.substr(arrow + 2);
    pattern = pattern.substr(0, arrow);
  }
  std::string key;
  key.reserve(pattern.size() + subst.size());
  key.append(pattern.substr(0, star)).append(subst).append(pattern.substr(star + 1));
  Entry* e = lookup_read(ctx, key);
  if (!e) return false;
  if (field.empty()) {
    if (entry::type(e) != ObjType::kString) return false;
    char scratch[24];
    out->assign(entry::string_value(e, scratch));
    return true;
  }
  if (entry::type(e) != ObjType::kHash) return false;
  std::string_view v;
  if (!Hash(entry::encoding(e), entry::object(e)).get(field, &v)) return false;
  out->assign(v);
  return true;
}

// strtod over the whole string, as SORT scores are read; false for junk, overflow or NaN.
bool sort_score(const std::string& s, double* out) {
  errno = 0;
  char* end;
  *out = std::strtod(s.c_str(), &end);
  return *end == '\0' && errno != ERANGE && !std::isnan(*out);
}

int compare_bytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Loads the elements to sort. With `dontsort`, lists and sorted sets load only the LIMIT window
// in the requested direction, and *start/*end are rebased onto it (as Redis does).
std::vector<SortItem> load_items(Entry* e, const SortOptions& o, long long* start, long long* end) {
  std::vector<SortItem> v;
  if (!e) return v;
  long long len = 0;
  ObjType type = entry::type(e);
  void* obj = entry::object(e);
  bool ranged = o.dontsort && (type == ObjType::kList || type == ObjType::kZSet);
  if (type == ObjType::kList) {
    List l(obj);
    len = static_cast<long long>(l.size());
    long long from = ranged ? (o.desc ? len - *start - 1 : *start) : 0;
    long long n = ranged ? *end - *start + 1 : len;
    List::Iterator it = l.at(from);
    for (; n > 0 && it.valid(); --n) {
      v.emplace_back(it.get().to_string());
      if (ranged && o.desc)
        it.prev();
      else
        it.next();
    }
  } else if (type == ObjType::kSet) {
    Set(entry::encoding(e), obj).for_each([&](std::string_view m) {
      v.emplace_back(std::string(m));
    });
  } else {
    const auto* z = static_cast<const ZSet*>(obj);
    long long n = ranged ? *end - *start + 1 : static_cast<long long>(z->size());
    ZSet::Iter it =
        ranged ? z->at_rank(static_cast<size_t>(std::max(0LL, *start)), o.desc) : z->begin(false);
    for (; n > 0 && it.valid(); --n, it.next()) v.emplace_back(std::string(it.member()));
  }
  if (ranged) {
    *end -= *start;
    *start = 0;
  }
  return v;
}

// Fills scores (or ALPHA comparison values) and sorts. Returns false when a score is not a number.
bool sort_items(CommandContext& ctx, std::vector<SortItem>& v, const SortOptions& o) {
  bool bad = false;
  for (SortItem& it : v) {
    std::string byval;
    if (o.by) {
      if (!lookup_by_pattern(ctx, *o.by, it.elem, &byval)) continue;
    }
    if (o.alpha) {
      if (o.by) it.cmp = std::move(byval);
    } else if (!sort_score(o.by ? byval : it.elem, &it.score)) {
      bad = true;
    }
  }
  if (bad) return false;
  auto cmp = [&](const SortItem& a, const SortItem& b) {
    int c;
    if (!o.alpha) {
      c = a.score > b.score ? 1 : (a.score < b.score ? -1 : compare_bytes(a.elem, b.elem));
    } else if (o.by) {
      if (!a.cmp || !b.cmp)
        c = (!a.cmp && !b.cmp) ? 0 : (!a.cmp ? -1 : 1);
      else
        c = compare_bytes(*a.cmp, *b.cmp);
    } else {
      c = compare_bytes(a.elem, b.elem);
    }
    return (o.desc ? -c : c) < 0;
  };
  std::stable_sort(v.begin(), v.end(), cmp);
  return true;
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
//     [STORE destination]
// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
void SortGeneric(CommandContext& ctx, bool readonly) {
  SortOptions o;
  if (!parse_sort_options(ctx, readonly, &o)) return;
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (e && entry::type(e) != ObjType::kSet && entry::type(e) != ObjType::kList &&
      entry::type(e) != ObjType::kZSet)
    return ctx.reply.error(err::kWrongType);
  // An unsorted set would store (or reach a script) in hash order: sort it as strings instead,
  // as Redis does, so the result does not depend on the set's layout.
  if (o.dontsort && e && entry::type(e) == ObjType::kSet &&
      (o.store || ctx.client.has(kClientScript))) {
    o.dontsort = false;
    o.alpha = true;
    o.by.reset();
  }
  long long len = 0;
  if (e) {
    ObjType t = entry::type(e);
    if (t == ObjType::kList) len = static_cast<long long>(List(entry::object(e)).size());
    if (t == ObjType::kSet)
      len = static_cast<long long>(Set(entry::encoding(e), entry::object(e)).size());
    if (t == ObjType::kZSet)
      len = static_cast<long long>(static_cast<const ZSet*>(entry::object(e))->size());
  }
  // Clamp the LIMIT window to the data first: offset and count come from the client and may be
  // anywhere in the 64-bit range (start + count must not overflow).
  long long start = std::min(std::max(o.limit_start, 0LL), len);
  long long count = std::min(std::max(o.limit_count, -1LL), len);
  long long end = count < 0 ? len - 1 : start + count - 1;
  if (start >= len) {
    start = len - 1;
    end = len - 2;
  }
  if (end >= len) end = len - 1;
  std::vector<SortItem> v = load_items(e, o, &start, &end);
  if (!o.dontsort && !sort_items(ctx, v, o)) return ctx.reply.error(err::kSortScores);
  long long span = end - start + 1;
  if (span < 0) span = 0;
  long long outlen = o.gets.empty() ? span : span * static_cast<long long>(o.gets.size());
  if (!o.store) {
    ctx.reply.array_len(static_cast<size_t>(outlen));
    std::string val;
    for (long long j = start; j <= end; ++j) {
      if (o.gets.empty()) ctx.reply.bulk(v[j].elem);
      for (std::string_view g : o.gets) {
        if (lookup_by_pattern(ctx, g, v[j].elem, &val))
          ctx.reply.bulk(val);
        else
          ctx.reply.null();
      }
    }
    return;
  }
  List out = List::create(ctx.server.config.list_compress_depth);
  long long fill = ctx.server.config.list_max_listpack_size;
  std::string val;
  for (long long j = start; j <= end; ++j) {
    if (o.gets.empty()) out.push(ListEnd::kTail, v[j].elem, fill);
    for (std::string_view g : o.gets) {
      if (!lookup_by_pattern(ctx, g, v[j].elem, &val)) val.clear();
      out.push(ListEnd::kTail, val, fill);
    }
  }
  std::string_view dst = *o.store;
  if (outlen > 0) {
    ctx.db.set(dst, Value::object(ObjType::kList, Encoding::kQuicklist, out.raw()));
    touched(ctx, kNotifyList, "sortstore", dst);
  } else {
    out.destroy();
    if (lookup_write(ctx, dst) && ctx.db.del(dst)) touched(ctx, kNotifyGeneric, "del", dst);
  }
  ctx.reply.integer(outlen);
}
void CmdSort(CommandContext& ctx) { SortGeneric(ctx, false); }
void CmdSortRo(CommandContext& ctx) { SortGeneric(ctx, true); }

// Key finders for the SORT rows. SORT key [... STORE destination ...]: only the last STORE
// counts, as in SORT itself.
std::vector<size_t> sort_keys(std::span<const std::string_view> argv) {
  std::vector<size_t> keys{1};
  size_t store = 0;
  for (size_t i = 2; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (iequals(a, "LIMIT")) {
      i += 2;
    } else if (iequals(a, "BY") || iequals(a, "GET")) {
      ++i;
    } else if (iequals(a, "STORE") && i + 1 < argv.size()) {
      store = ++i;
    }
  }
  if (store) keys.push_back(store);
  return keys;
}

// SORT_RO: its BY/GET patterns name keys only the data knows (so Redis flags it movablekeys),
// but the one key its arguments name is the first.
std::vector<size_t> sort_ro_keys(std::span<const std::string_view>) { return {1}; }

}  // namespace

void RegisterSortFamily(CommandTable& t) {
  FamilyRows rows(t, "generic");
  rows.add(
      {.name = "sort",
       .arity = -2,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 1, 1},
       .key_finder = sort_keys,
       .key_specs =
           "RO access | index 1 | range 0 1 0; RO access | unknown | unknown | For the optional "
           "BY/GET keyword. It is marked 'unknown' because the key names derive from the content "
           "of the key we sort; OW update | unknown | unknown | For the optional STORE keyword. It "
           "is marked 'unknown' because the keyword can appear anywhere in the argument array",
       .acl = "@write @set @sortedset @list @slow @dangerous",
       .summary = "Sort the elements in a list, set or sorted set",
       .since = "1.0.0",
       .complexity =
           "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
           "number of returned elements. When the elements are not sorted, complexity is O(N).",
       .usage = "key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] "
                "[STORE destination]",
       .handler = CmdSort});
  rows.add(
      {.name = "sort_ro",
       .arity = -2,
       .flags = kCmdReadonly,
       .keys = {1, 1, 1},
       .key_finder = sort_ro_keys,
       .key_specs = "RO access | index 1 | range 0 1 0; RO access | unknown | unknown | For the "
                    "optional BY/GET keyword. It is marked 'unknown' because the key names derive "
                    "from the content of the key we sort",
       .acl = "@read @set @sortedset @list @slow @dangerous",
       .summary = "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
       .since = "7.0.0",
       .complexity =
           "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
           "number of returned elements. When the elements are not sorted, complexity is O(N).",
       .usage = "key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA]",
       .handler = CmdSortRo});
}

}  // namespace sable
