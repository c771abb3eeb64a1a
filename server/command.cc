// Command table: registration, case-insensitive lookup, key positions.
#include "server/command.h"

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

CommandSpec& CommandTable::add(CommandSpec spec) {
  auto p = std::make_unique<CommandSpec>(std::move(spec));
  p->fullname = p->name;
  CommandSpec* raw = p.get();
  by_name_[p->name] = std::move(p);
  order_.push_back(raw);
  return *raw;
}

CommandSpec& CommandTable::add_sub(std::string_view parent, CommandSpec spec) {
  CommandSpec* par = by_name_.at(std::string(parent)).get();
  auto p = std::make_unique<CommandSpec>(std::move(spec));
  p->parent = par;
  p->fullname = par->name + "|" + p->name;
  CommandSpec* raw = p.get();
  par->subcommands.push_back(std::move(p));
  return *raw;
}

const CommandSpec* CommandTable::find(std::string_view name) const {
  char buf[64];
  if (!ascii_lower(name, buf, sizeof(buf))) return nullptr;
  auto it = by_name_.find(std::string(buf, name.size()));
  return it == by_name_.end() ? nullptr : it->second.get();
}

CommandSpec* CommandTable::find_mutable(std::string_view name) {
  return const_cast<CommandSpec*>(find(name));
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
