// Command table: adding and checking rows, case-insensitive lookup, key positions.
#include "server/command.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "datatypes/listpack.h"  // parse_int64

namespace sable {

namespace {
inline char lower_ascii(char ch) {
  return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch;
}
}  // namespace

bool ascii_lower(std::string_view in, char* out, size_t cap) {
  if (in.size() > cap) return false;
  for (size_t i = 0; i < in.size(); ++i) out[i] = lower_ascii(in[i]);
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  return true;
}

const CommandSpec* CommandSpec::find_sub(std::string_view n) const {
  for (auto& s : subcommands)
    if (iequals(s->name, n)) return s.get();
  return nullptr;
}

std::vector<size_t> CommandSpec::key_positions(std::span<const std::string_view> argv) const {
  if (get_keys) return get_keys(argv);
  size_t argc = argv.size();
  std::vector<size_t> keys;
  if (first_key <= 0) return keys;
  int last = last_key;
  if (last < 0) last = static_cast<int>(argc) + last;
  int step = key_step > 0 ? key_step : 1;
  for (int i = first_key; i <= last && i < static_cast<int>(argc); i += step)
    keys.push_back(static_cast<size_t>(i));
  return keys;
}

namespace {

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t sp = text.find(' ');
    if (sp) out.push_back(text.substr(0, sp));
    if (sp == std::string_view::npos) break;
    text.remove_prefix(sp + 1);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool parse_one_key_spec(std::string_view text, KeySpec* k, std::string* error) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t bar = text.find('|');
    parts.push_back(trim(text.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  if (parts.size() < 3 || parts.size() > 4) {
    *error = "a key spec is FLAGS | BEGIN | FIND [| NOTES]";
    return false;
  }
  static constexpr std::string_view kFlags[] = {
      "RO",     "RW",     "OW",      "RM",         "access",        "update",
      "insert", "delete", "not_key", "incomplete", "variable_flags"};
  for (std::string_view f : split_words(parts[0])) {
    if (std::find(std::begin(kFlags), std::end(kFlags), f) == std::end(kFlags)) {
      *error = "unknown key spec flag '" + std::string(f) + "'";
      return false;
    }
    k->flags.emplace_back(f);
  }
  auto ints = [&](const std::vector<std::string_view>& w, size_t from, int64_t* const* outs,
                  size_t n) {
    if (w.size() != from + n) return false;
    for (size_t i = 0; i < n; ++i)
      if (!parse_int64(w[from + i], outs[i])) return false;
    return true;
  };
  std::vector<std::string_view> bw = split_words(parts[1]);
  bool begin_ok = false;
  if (bw.size() == 1 && bw[0] == "unknown") {
    begin_ok = true;
  } else if (!bw.empty() && bw[0] == "index") {
    int64_t* outs[] = {&k->index};
    begin_ok = ints(bw, 1, outs, 1);
  } else if (bw.size() == 3 && bw[0] == "keyword") {
    k->keyword = std::string(bw[1]);
    int64_t* outs[] = {&k->startfrom};
    begin_ok = ints(bw, 2, outs, 1);
  }
  if (!begin_ok) {
    *error =
        "key spec begin '" + std::string(parts[1]) + "' is not index N | keyword W N | unknown";
    return false;
  }
  k->begin_type = std::string(bw[0]);
  std::vector<std::string_view> fw = split_words(parts[2]);
  int64_t* outs[] = {&k->a, &k->b, &k->c};
  bool find_ok = (fw.size() == 1 && fw[0] == "unknown") ||
                 (!fw.empty() && (fw[0] == "range" || fw[0] == "keynum") && ints(fw, 1, outs, 3));
  if (!find_ok) {
    *error = "key spec find '" + std::string(parts[2]) +
             "' is not range L S LIMIT | keynum I F S | unknown";
    return false;
  }
  k->find_type = std::string(fw[0]);
  if (parts.size() == 4) k->notes = std::string(parts[3]);
  return true;
}

bool known_tip(std::string_view t) {
  if (t == "nondeterministic_output" || t == "nondeterministic_output_order") return true;
  static constexpr std::string_view kRequest[] = {"all_nodes", "all_shards", "multi_shard",
                                                  "special"};
  static constexpr std::string_view kResponse[] = {
      "one_succeeded", "all_succeeded", "agg_logical_and", "agg_logical_or",
      "agg_min",       "agg_max",       "agg_sum",         "special"};
  auto in = [](std::string_view v, const auto& list) {
    return std::find(std::begin(list), std::end(list), v) != std::end(list);
  };
  if (t.starts_with("request_policy:")) return in(t.substr(15), kRequest);
  if (t.starts_with("response_policy:")) return in(t.substr(16), kResponse);
  return false;
}

bool known_acl_category(std::string_view c) {
  for (const char* k : kAclCategoryNames)
    if (c == k) return true;
  return false;
}

// The categories a row's flags imply, as Redis derives them; a row must declare each. Read-only
// scripting commands (EVAL_RO …) are not @read, as in Redis.
std::vector<std::string_view> implied_acl_categories(uint32_t flags, bool scripting) {
  std::vector<std::string_view> out;
  if (flags & kCmdWrite) out.push_back("write");
  if ((flags & kCmdReadonly) && !scripting) out.push_back("read");
  if (flags & kCmdAdmin) {
    out.push_back("admin");
    out.push_back("dangerous");
  }
  if (flags & kCmdPubsub) out.push_back("pubsub");
  if (flags & kCmdBlocking) out.push_back("blocking");
  out.push_back(flags & kCmdFast ? "fast" : "slow");
  return out;
}

// Splits "@write @list @fast" into its words without the '@', noting malformed or unknown ones.
std::vector<std::string_view> acl_words(std::string_view acl, std::vector<std::string>* problems) {
  std::vector<std::string_view> out;
  while (!acl.empty()) {
    size_t sp = acl.find(' ');
    std::string_view w = acl.substr(0, sp);
    acl = sp == std::string_view::npos ? std::string_view() : acl.substr(sp + 1);
    if (w.empty()) continue;
    if (w[0] != '@' || !known_acl_category(w.substr(1))) {
      problems->push_back("unknown ACL category '" + std::string(w) + "' (write @category)");
    } else if (std::find(out.begin(), out.end(), w.substr(1)) != out.end()) {
      problems->push_back("ACL category '" + std::string(w) + "' twice");
    } else {
      out.push_back(w.substr(1));
    }
  }
  return out;
}

// Everything about one row that can be checked on its own. Problems are plain phrases; the
// caller prefixes the row's name.
std::vector<std::string> row_problems(const CommandRow& r) {
  std::vector<std::string> p;
  if (r.name.empty() || !std::all_of(r.name.begin(), r.name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
      }))
    p.push_back("name must be lower case letters, digits, '-' or '_'");
  if (r.arity == 0 || (!r.container.empty() && r.arity > -2 && r.arity < 2))
    p.push_back("arity " + std::to_string(r.arity) + " cannot be right");
  if (!r.handler) p.push_back("no handler");
  if (r.flags & kCmdMovableKeys)
    p.push_back("kCmdMovableKeys is set by the table from .key_finder, not declared");
  if ((r.flags & kCmdWrite) && (r.flags & kCmdReadonly))
    p.push_back("both kCmdWrite and kCmdReadonly");
  const KeyRange& k = r.keys;
  bool keys_ok = k.first == 0 ? k.last == 0 && k.step == 0
                              : k.first > 0 && k.step > 0 && (k.last < 0 || k.last >= k.first);
  if (!keys_ok)
    p.push_back("key range {" + std::to_string(k.first) + ", " + std::to_string(k.last) + ", " +
                std::to_string(k.step) + "} is not first/last/step");
  if (r.acl.empty()) p.push_back("no ACL categories (.acl)");
  std::vector<std::string_view> cats = acl_words(r.acl, &p);
  auto has = [&](std::string_view c) {
    return std::find(cats.begin(), cats.end(), c) != cats.end();
  };
  if (!r.acl.empty()) {
    for (std::string_view c : implied_acl_categories(r.flags, has("scripting")))
      if (!has(c)) p.push_back("its flags need @" + std::string(c) + " in .acl");
    if (has("fast") && !(r.flags & kCmdFast)) p.push_back("@fast without kCmdFast");
    if (has("slow") && (r.flags & kCmdFast)) p.push_back("@slow with kCmdFast");
  }
  if (r.summary.empty()) p.push_back("no summary");
  if (r.since.empty()) p.push_back("no since");
  std::vector<KeySpec> specs;
  std::string spec_error;
  if (!parse_key_specs(r.key_specs, &specs, &spec_error)) p.push_back(spec_error);
  if (!r.key_specs.empty() && r.keys.first == 0 && !r.key_finder)
    p.push_back(".key_specs without .keys or .key_finder");
  for (std::string_view t : split_words(r.tips))
    if (!known_tip(t)) p.push_back("unknown tip '" + std::string(t) + "'");
  if (!r.usage.empty() && !usage_parses(r.usage, r.container.empty() ? r.name : r.container))
    p.push_back("usage line does not parse: \"" + r.usage + "\"");
  return p;
}

}  // namespace

bool parse_key_specs(std::string_view text, std::vector<KeySpec>* out, std::string* error) {
  out->clear();
  while (!trim(text).empty()) {
    size_t semi = text.find(';');
    KeySpec k;
    if (!parse_one_key_spec(text.substr(0, semi), &k, error)) return false;
    out->push_back(std::move(k));
    if (semi == std::string_view::npos) break;
    text.remove_prefix(semi + 1);
  }
  return true;
}

std::vector<KeySpec> CommandSpec::key_specs() const {
  if (!declared_key_specs.empty()) return declared_key_specs;
  if (first_key <= 0) return {};
  KeySpec k;
  k.flags = has_flag(kCmdWrite)    ? std::vector<std::string>{"RW", "update"}
            : has_flag(kCmdPubsub) ? std::vector<std::string>{"not_key"}
                                   : std::vector<std::string>{"RO", "access"};
  k.begin_type = "index";
  k.index = first_key;
  k.find_type = "range";
  k.a = last_key < 0 ? last_key : last_key - first_key;
  k.b = key_step;
  return {k};
}

void CommandTable::insert(CommandRow row, const std::string& family_group) {
  std::string fullname = row.container.empty() ? row.name : row.container + "|" + row.name;
  auto fail = [&](const std::string& what) {
    problems_.push_back("command row '" + fullname + "': " + what);
  };
  for (const std::string& what : row_problems(row)) fail(what);
  CommandSpec* parent = nullptr;
  if (!row.container.empty()) {
    auto it = by_name_.find(row.container);
    if (it == by_name_.end()) return fail("container '" + row.container + "' is not a command");
    parent = it->second.get();
    if (parent->find_sub(row.name)) return fail("declared twice");
  } else if (by_name_.count(row.name)) {
    return fail("declared twice");
  }

  auto c = std::make_unique<CommandSpec>();
  c->name = std::move(row.name);
  c->arity = row.arity;
  c->flags = row.flags | (row.key_finder ? uint32_t{kCmdMovableKeys} : 0u);
  c->first_key = row.keys.first;
  c->last_key = row.keys.last;
  c->key_step = row.keys.step;
  c->handler = row.handler;
  c->group = row.group.empty() ? family_group : std::move(row.group);
  c->summary = std::move(row.summary);
  c->since = std::move(row.since);
  c->complexity = std::move(row.complexity);
  std::vector<std::string> ignored;  // reported above
  for (std::string_view cat : acl_words(row.acl, &ignored)) {
    if (!c->acl_categories.empty()) c->acl_categories += ' ';
    c->acl_categories += cat;
  }
  c->get_keys = row.key_finder;
  c->usage = std::move(row.usage);
  std::string ignored_error;  // reported above
  parse_key_specs(row.key_specs, &c->declared_key_specs, &ignored_error);
  for (std::string_view t : split_words(row.tips)) c->tips.emplace_back(t);
  c->fullname = std::move(fullname);
  c->parent = parent;
  CommandSpec* raw = c.get();
  if (parent) {
    parent->subcommands.push_back(std::move(c));
  } else {
    by_name_[raw->name] = std::move(c);
    order_.push_back(raw);
    index_names_.push_back(&raw->name);
    index_add();
  }
}

std::vector<std::string> CommandTable::problems() const {
  std::vector<std::string> out = problems_;
  for (const CommandSpec* c : order_) {
    if (c->handler == FamilyRows::CmdContainer && c->subcommands.empty())
      out.push_back("command row '" + c->fullname + "': a container without subcommands");
  }
  return out;
}

namespace {

// FNV-1a over the lower-cased bytes.
inline uint64_t fnv_step(uint64_t h, unsigned char ch) { return (h ^ ch) * 0x100000001b3ull; }
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ull;

}  // namespace

void CommandTable::index_add() {
  if (order_.size() * 2 > index_.size()) {  // keep it at most half full: double and re-place
    index_rebuild(std::max<size_t>(16, index_.size() * 2));
  } else {
    index_place(index_names_.back(), order_.back());
  }
}

void CommandTable::index_rebuild(size_t slots) {
  index_.assign(slots, IndexSlot{});
  for (size_t k = 0; k < order_.size(); ++k) index_place(index_names_[k], order_[k]);
}

void CommandTable::index_place(const std::string* name, const CommandSpec* c) {
  uint64_t h = kFnvBasis;
  for (char ch : *name) h = fnv_step(h, static_cast<unsigned char>(ch));
  size_t mask = index_.size() - 1;
  size_t i = h & mask;
  while (index_[i].spec) i = (i + 1) & mask;
  index_[i] = {h, name, c};
}

const CommandSpec* CommandTable::find(std::string_view name) const {
  char buf[64];
  if (name.size() > sizeof(buf)) return renamed_.empty() ? nullptr : find_long(name);
  if (index_.empty()) return nullptr;
  uint64_t h = kFnvBasis;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(name[i]);
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<unsigned char>(ch + ('a' - 'A'));
    buf[i] = static_cast<char>(ch);
    h = fnv_step(h, ch);
  }
  size_t mask = index_.size() - 1;
  for (size_t i = h & mask; index_[i].spec; i = (i + 1) & mask) {
    const std::string& n = *index_[i].name;
    if (index_[i].hash == h && n.size() == name.size() &&
        std::memcmp(n.data(), buf, name.size()) == 0)
      return index_[i].spec;
  }
  return nullptr;
}

// Names longer than find()'s buffer: only one `rename-command` gave can match.
const CommandSpec* CommandTable::find_long(std::string_view name) const {
  std::string lowered(name);
  for (char& ch : lowered) ch = lower_ascii(ch);
  for (size_t k = 0; k < order_.size(); ++k)
    if (*index_names_[k] == lowered) return order_[k];
  return nullptr;
}

const CommandSpec* CommandTable::find_original(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : it->second.get();
}

std::string CommandTable::rename(std::string_view name, std::string_view newname) {
  const CommandSpec* c = find(name);
  if (!c) return "No such command in rename-command";
  const CommandSpec* taken = newname.empty() ? nullptr : find(newname);
  if (taken && taken != c) return "Target command name already exists";
  size_t k = std::find(order_.begin(), order_.end(), c) - order_.begin();
  if (newname.empty()) {
    order_.erase(order_.begin() + static_cast<long>(k));
    index_names_.erase(index_names_.begin() + static_cast<long>(k));
  } else {
    std::string lowered(newname);
    for (char& ch : lowered) ch = lower_ascii(ch);
    renamed_.push_back(std::move(lowered));
    index_names_[k] = &renamed_.back();
  }
  index_rebuild(index_.size());
  return {};
}

const CommandSpec* CommandTable::find_fullname(std::string_view name) const {
  size_t bar = name.find('|');
  if (bar == std::string_view::npos) return find(name);
  const CommandSpec* c = find(name.substr(0, bar));
  return c ? c->find_sub(name.substr(bar + 1)) : nullptr;
}

const CommandSpec* CommandTable::lookup(std::span<const std::string_view> argv,
                                        const CommandSpec** container) const {
  *container = nullptr;
  const CommandSpec* c = find(argv[0]);
  if (!c || c->subcommands.empty() || argv.size() < 2) return c;
  const CommandSpec* sub = c->find_sub(argv[1]);
  if (!sub) {
    *container = c;
    return nullptr;
  }
  return sub;
}

}  // namespace sable
