// Command table: adding and checking rows, case-insensitive lookup, key positions.
#include "server/command.h"

#include <algorithm>
#include <cctype>

namespace sable {

bool ascii_lower(std::string_view in, char* out, size_t cap) {
  if (in.size() > cap) return false;
  for (size_t i = 0; i < in.size(); ++i)
    out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(in[i])));
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
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
  if (!r.usage.empty() && !usage_parses(r.usage, r.container.empty() ? r.name : r.container))
    p.push_back("usage line does not parse: \"" + r.usage + "\"");
  return p;
}

}  // namespace

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
  c->fullname = std::move(fullname);
  c->parent = parent;
  CommandSpec* raw = c.get();
  if (parent) {
    parent->subcommands.push_back(std::move(c));
  } else {
    by_name_[raw->name] = std::move(c);
    order_.push_back(raw);
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

const CommandSpec* CommandTable::find(std::string_view name) const {
  char buf[64];
  if (!ascii_lower(name, buf, sizeof(buf))) return nullptr;
  auto it = by_name_.find(std::string(buf, name.size()));
  return it == by_name_.end() ? nullptr : it->second.get();
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
