// Users, rules, the permission check and ACL LOG (see acl.h).
#include "server/acl/acl.h"

#include <fmt/format.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "datatypes/glob.h"
#include "datatypes/numbers.h"
#include "server/command.h"
#include "server/server.h"

namespace sable {

std::string client_info_line(Server& s, const Client& c, std::span<const std::string_view> argv);
std::vector<std::string> key_flags_at(const CommandSpec& c, std::span<const std::string_view> argv,
                                      size_t pos);

namespace acl {

namespace {

// A command by its "name" or "container|sub" full name as declared, any case: ACL rules name
// commands so whatever rename-command did, as Redis's do.
const CommandSpec* find_declared(const CommandTable& t, std::string_view name) {
  size_t bar = name.find('|');
  std::string top(name.substr(0, bar));
  for (char& ch : top) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
  const CommandSpec* c = t.find_original(top);
  if (!c || bar == std::string_view::npos) return c;
  return c->find_sub(name.substr(bar + 1));
}

constexpr size_t kNumCategories = std::size(kAclCategoryNames);

bool ieq(std::string_view a, std::string_view b) { return iequals(a, b); }

bool valid_hash(std::string_view h) {
  if (h.size() != 64) return false;
  for (char c : h)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

constexpr std::string_view kErrUnknown = "Unknown command or category name in ACL";
constexpr std::string_view kErrSyntax = "Syntax error";
constexpr std::string_view kErrAfterAllKeys =
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have "
    "any effect. Try 'resetkeys' to start with an empty list of patterns";
constexpr std::string_view kErrAfterAllChannels =
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not "
    "have any effect. Try 'resetchannels' to start with an empty list of channels";
constexpr std::string_view kErrNoSuchPass =
    "The password you are trying to remove from the user does not exist";
constexpr std::string_view kErrBadHash =
    "The password hash must be exactly 64 characters and contain only lowercase hexadecimal "
    "characters";
constexpr std::string_view kErrSubFirstArg = "Allowing first-arg of a subcommand is not supported";

// Which channel arguments a command names: every argument from 1 (SUBSCRIBE), only argument 1
// (PUBLISH); patterns for PSUBSCRIBE.
struct ChannelArgs {
  bool any = false;
  bool all_from_1 = false;
  bool pattern = false;
};

ChannelArgs channel_args(const CommandSpec& cmd) {
  const std::string& n = cmd.fullname;
  if (n == "subscribe" || n == "ssubscribe") return {true, true, false};
  if (n == "psubscribe") return {true, true, true};
  if (n == "publish" || n == "spublish") return {true, false, false};
  return {};
}

void each_command(const std::vector<CommandSpec*>& top, auto&& fn) {
  for (CommandSpec* c : top) {
    fn(*c);
    for (auto& s : c->subcommands) fn(*s);
  }
}

}  // namespace

std::string sha256_hex(std::string_view s) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), md);
  static const char* hex = "0123456789abcdef";
  std::string out(64, '0');
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 15];
  }
  return out;
}

bool equal_const_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return diff == 0;
}

Acl::Acl(Server& server) : server_(server) {}
Acl::~Acl() = default;

int Acl::category_index(std::string_view name) {
  for (size_t i = 0; i < kNumCategories; ++i)
    if (ieq(name, kAclCategoryNames[i])) return static_cast<int>(i);
  return -1;
}

void Acl::init(const CommandTable& table) {
  by_id_.clear();
  cat_mask_.clear();
  each_command(table.all(), [&](CommandSpec& c) {
    c.acl_id = static_cast<uint32_t>(by_id_.size());
    by_id_.push_back(&c);
    uint32_t mask = 0;
    std::string_view cats = c.acl_categories;
    while (!cats.empty()) {
      size_t sp = cats.find(' ');
      std::string_view w = cats.substr(0, sp);
      int i = category_index(w);
      if (i >= 0) mask |= 1u << i;
      if (sp == std::string_view::npos) break;
      cats.remove_prefix(sp + 1);
    }
    cat_mask_.push_back(mask);
  });
  words_ = by_id_.size() / 64 + 1;
  nobody_ = User();
  nobody_.name = "";
  new_selector(nobody_.root, true);
  users_.clear();
  auto d = make_user("default");
  std::string ignored;
  for (std::string_view r : {"+@all", "~*", "&*", "on", "nopass"}) apply_rule(*d, r, &ignored);
  default_ = d.get();
  users_.emplace("default", std::move(d));
}

void Acl::new_selector(Selector& s, bool) const {
  s = Selector();
  s.bits.assign(words_, 0);
  // acl-pubsub-default: new users and selectors may start with every channel.
  if (server_.config.acl_pubsub_default == "allchannels") s.flags |= kSelAllChannels;
}

std::unique_ptr<User> Acl::make_user(std::string_view name) const {
  auto u = std::make_unique<User>();
  u->name = std::string(name);
  new_selector(u->root, true);
  update_unrestricted(*u);
  return u;
}

User* Acl::find(std::string_view name) {
  auto it = users_.find(name);
  return it == users_.end() ? nullptr : it->second.get();
}

void Acl::set_command_bit(Selector& s, uint32_t id, bool on) const {
  if (id / 64 >= s.bits.size()) return;
  if (on) {
    s.bits[id / 64] |= 1ull << (id % 64);
  } else {
    s.bits[id / 64] &= ~(1ull << (id % 64));
    s.flags &= ~kSelAllCommands;
  }
}

void Acl::set_command(Selector& s, const CommandSpec& c, bool on) const {
  s.first_args.erase(c.acl_id);
  set_command_bit(s, c.acl_id, on);
  for (auto& sub : c.subcommands) {
    s.first_args.erase(sub->acl_id);
    set_command_bit(s, sub->acl_id, on);
  }
}

void Acl::set_category(Selector& s, int cat, bool on) const {
  for (uint32_t id = 0; id < by_id_.size(); ++id)
    if (cat_mask_[id] & (1u << cat)) set_command(s, *by_id_[id], on);
}

void Acl::update_unrestricted(User& u) const {
  uint32_t all = kSelAllKeys | kSelAllChannels | kSelAllCommands;
  u.unrestricted = (u.root.flags & all) == all;
}

bool Acl::apply_selector_rule(Selector& s, std::string_view op, std::string* reason) {
  auto fail = [&](std::string_view why) {
    *reason = std::string(why);
    return false;
  };
  if (op.empty()) return fail(kErrSyntax);
  if (ieq(op, "allkeys") || op == "~*") {
    s.flags |= kSelAllKeys;
    s.keys.clear();
  } else if (ieq(op, "resetkeys")) {
    s.flags &= ~kSelAllKeys;
    s.keys.clear();
  } else if (ieq(op, "allchannels") || op == "&*") {
    s.flags |= kSelAllChannels;
    s.channels.clear();
  } else if (ieq(op, "resetchannels")) {
    s.flags &= ~kSelAllChannels;
    s.channels.clear();
  } else if (ieq(op, "allcommands") || ieq(op, "+@all")) {
    s.bits.assign(words_, ~0ull);
    s.flags |= kSelAllCommands | kSelFuture;
    s.first_args.clear();
  } else if (ieq(op, "nocommands") || ieq(op, "-@all")) {
    s.bits.assign(words_, 0);
    s.flags &= ~(kSelAllCommands | kSelFuture);
    s.first_args.clear();
  } else if (op[0] == '~' || op[0] == '%') {
    if (s.flags & kSelAllKeys) return fail(kErrAfterAllKeys);
    uint8_t perm = 0;
    size_t off = 1;
    if (op[0] == '%') {
      bool tilde = false;
      for (; off < op.size(); ++off) {
        char ch = static_cast<char>(toupper(static_cast<unsigned char>(op[off])));
        if (ch == 'R' && !(perm & kKeyRead)) {
          perm |= kKeyRead;
        } else if (ch == 'W' && !(perm & kKeyWrite)) {
          perm |= kKeyWrite;
        } else if (op[off] == '~') {
          ++off;
          tilde = true;
          break;
        } else {
          return fail(kErrSyntax);
        }
      }
      if (!perm || !tilde) return fail(kErrSyntax);
    } else {
      perm = kKeyAll;
    }
    std::string_view pat = op.substr(off);
    if (pat == "*" && perm == kKeyAll) {
      s.flags |= kSelAllKeys;
      s.keys.clear();
      return true;
    }
    for (KeyPattern& k : s.keys)
      if (k.pattern == pat) {
        k.perm |= perm;
        return true;
      }
    s.keys.push_back({std::string(pat), perm});
  } else if (op[0] == '&') {
    if (s.flags & kSelAllChannels) return fail(kErrAfterAllChannels);
    std::string_view pat = op.substr(1);
    if (std::find(s.channels.begin(), s.channels.end(), pat) == s.channels.end())
      s.channels.emplace_back(pat);
  } else if (op.size() > 1 && (op[0] == '+' || op[0] == '-') && op[1] == '@') {
    int cat = category_index(op.substr(2));
    if (cat < 0) return fail(kErrUnknown);
    set_category(s, cat, op[0] == '+');
  } else if (op[0] == '+' || op[0] == '-') {
    std::string_view name = op.substr(1);
    bool allow = op[0] == '+';
    size_t bar = name.rfind('|');
    if (!allow || bar == std::string_view::npos) {
      const CommandSpec* c = find_declared(server_.commands, name);
      if (!c) return fail(kErrUnknown);
      set_command(s, *c, allow);
      return true;
    }
    const CommandSpec* c = find_declared(server_.commands, name.substr(0, bar));
    if (!c) return fail(kErrUnknown);
    if (c->parent) return fail(kErrSubFirstArg);
    std::string_view sub = name.substr(bar + 1);
    if (sub.empty()) return fail(kErrSyntax);
    if (!c->subcommands.empty()) {
      const CommandSpec* sc = find_declared(server_.commands, name);
      if (!sc) return fail(kErrUnknown);
      set_command(s, *sc, true);
    } else {
      std::string lower(sub);
      for (char& ch : lower) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
      auto& v = s.first_args[c->acl_id];
      if (std::find(v.begin(), v.end(), lower) == v.end()) v.push_back(lower);
    }
  } else {
    return fail(kErrSyntax);
  }
  return true;
}

bool Acl::apply_rule(User& u, std::string_view op, std::string* reason) {
  if (ieq(op, "on")) {
    u.enabled = true;
  } else if (ieq(op, "off")) {
    u.enabled = false;
  } else if (ieq(op, "skip-sanitize-payload")) {
    u.sanitize = 2;
  } else if (ieq(op, "sanitize-payload")) {
    u.sanitize = 1;
  } else if (ieq(op, "nopass")) {
    u.nopass = true;
    u.passwords.clear();
  } else if (ieq(op, "resetpass")) {
    u.nopass = false;
    u.passwords.clear();
  } else if (!op.empty() && (op[0] == '>' || op[0] == '#')) {
    std::string h;
    if (op[0] == '>') {
      h = sha256_hex(op.substr(1));
    } else {
      if (!valid_hash(op.substr(1))) {
        *reason = std::string(kErrBadHash);
        return false;
      }
      h = std::string(op.substr(1));
    }
    if (std::find(u.passwords.begin(), u.passwords.end(), h) == u.passwords.end())
      u.passwords.push_back(h);
    u.nopass = false;
  } else if (!op.empty() && (op[0] == '<' || op[0] == '!')) {
    std::string h;
    if (op[0] == '<') {
      h = sha256_hex(op.substr(1));
    } else {
      if (!valid_hash(op.substr(1))) {
        *reason = std::string(kErrBadHash);
        return false;
      }
      h = std::string(op.substr(1));
    }
    auto it = std::find(u.passwords.begin(), u.passwords.end(), h);
    if (it == u.passwords.end()) {
      *reason = std::string(kErrNoSuchPass);
      return false;
    }
    u.passwords.erase(it);
  } else if (ieq(op, "clearselectors")) {
    u.selectors.clear();
  } else if (ieq(op, "reset")) {
    u.nopass = false;
    u.passwords.clear();
    new_selector(u.root, true);
    u.enabled = false;
    u.sanitize = 1;
    u.selectors.clear();
  } else if (op.size() >= 2 && op.front() == '(' && op.back() == ')') {
    Selector s;
    new_selector(s, false);
    std::string_view body = op.substr(1, op.size() - 2);
    while (!body.empty()) {
      size_t sp = body.find(' ');
      std::string_view w = body.substr(0, sp);
      if (!w.empty() && !apply_selector_rule(s, w, reason)) return false;
      if (sp == std::string_view::npos) break;
      body.remove_prefix(sp + 1);
    }
    u.selectors.push_back(std::move(s));
  } else {
    if (!apply_selector_rule(u.root, op, reason)) return false;
  }
  update_unrestricted(u);
  return true;
}

bool Acl::merge_selector_args(std::span<const std::string_view> args, std::vector<std::string>* out,
                              std::string* error) {
  std::string acc;
  bool open = false;
  std::string_view start;
  for (std::string_view a : args) {
    if (!open) {
      if (!a.empty() && a.front() == '(' && a.back() != ')') {
        open = true;
        start = a;
        acc = std::string(a);
      } else {
        out->emplace_back(a);
      }
    } else {
      acc += ' ';
      acc += a;
      if (!a.empty() && a.back() == ')') {
        open = false;
        out->push_back(std::move(acc));
        acc.clear();
      }
    }
  }
  if (open) {
    *error = fmt::format("ERR Unmatched parenthesis in acl selector starting at '{}'.", start);
    return false;
  }
  return true;
}

User* Acl::set_user(std::string_view name, std::span<const std::string_view> args,
                    std::string* error, bool* created) {
  std::vector<std::string> rules;
  if (!merge_selector_args(args, &rules, error)) return nullptr;
  User* existing = find(name);
  std::unique_ptr<User> fresh;
  User work;
  if (existing) {
    work = *existing;
  } else {
    fresh = make_user(name);
    work = *fresh;
  }
  for (const std::string& r : rules) {
    std::string reason;
    if (!apply_rule(work, r, &reason)) {
      *error = fmt::format("ERR Error in ACL SETUSER modifier '{}': {}", r, reason);
      return nullptr;
    }
  }
  if (created) *created = !existing;
  if (existing) {
    *existing = std::move(work);
    kill_pubsub_clients_if_needed(*existing);
    return existing;
  }
  *fresh = std::move(work);
  User* u = fresh.get();
  users_.emplace(std::string(name), std::move(fresh));
  return u;
}

void Acl::disconnect_user(const User* u) {
  std::vector<Client*> victims;
  for (auto& [id, c] : server_.clients)
    if (c->user == u) victims.push_back(c);
  for (Client* c : victims) {
    c->user = &nobody_;
    c->authenticated = false;
    if (c == server_.current_client)
      server_.close_after_reply(*c);
    else
      server_.free_client(c);
  }
}

int Acl::delete_users(std::span<const std::string_view> names) {
  int n = 0;
  for (std::string_view name : names) {
    auto it = users_.find(name);
    if (it == users_.end() || it->second.get() == default_) continue;
    disconnect_user(it->second.get());
    users_.erase(it);
    ++n;
  }
  return n;
}

void Acl::kill_pubsub_clients_if_needed(const User& u) {
  if (u.root.flags & kSelAllChannels) return;
  std::vector<Client*> victims;
  auto allowed = [&](std::string_view ch, bool pattern) {
    for (const std::string& p : u.root.channels)
      if (pattern ? p == ch : glob_match(p, ch)) return true;
    return false;
  };
  for (auto& [id, c] : server_.clients) {
    if (c->user != &u || !c->has(kClientPubsub) || !server_.pubsub) continue;
    bool kill = false;
    for (const std::string& ch : server_.pubsub->client_channels(*c))
      if (!allowed(ch, false)) kill = true;
    for (const std::string& ch : server_.pubsub->client_channels(*c, true))
      if (!allowed(ch, false)) kill = true;
    for (const std::string& p : server_.pubsub->client_patterns(*c))
      if (!allowed(p, true)) kill = true;
    if (kill) victims.push_back(c);
  }
  for (Client* c : victims) {
    if (c == server_.current_client)
      server_.close_after_reply(*c);
    else
      server_.free_client(c);
  }
}

void Acl::set_default_password(std::string_view pass) {
  std::string ignored;
  apply_rule(*default_, "resetpass", &ignored);
  if (pass.empty())
    apply_rule(*default_, "nopass", &ignored);
  else
    apply_rule(*default_, std::string(">") + std::string(pass), &ignored);
}

const User* Acl::authenticate(std::string_view name, std::string_view pass) const {
  auto it = users_.find(name);
  if (it == users_.end()) return nullptr;
  const User& u = *it->second;
  if (!u.enabled) return nullptr;
  if (u.nopass) return &u;
  std::string h = sha256_hex(pass);
  bool ok = false;
  for (const std::string& p : u.passwords) ok |= equal_const_time(p, h);
  return ok ? &u : nullptr;
}

namespace {

// The read/write needs of each key argument, from the command's key specs (the positions come
// from the command's key finder, so every key is checked even where a spec cannot be followed).
struct KeyNeed {
  size_t pos;
  uint8_t perm;
};

uint8_t flags_perm(const std::vector<std::string>& flags) {
  uint8_t p = 0;
  for (const std::string& f : flags) {
    if (f == "access") p |= kKeyRead;
    if (f == "insert" || f == "delete" || f == "update") p |= kKeyWrite;
  }
  return p;
}

std::vector<KeyNeed> key_needs(const CommandSpec& cmd, std::span<const std::string_view> argv) {
  std::vector<KeyNeed> out;
  for (size_t i : cmd.key_positions(argv)) {
    if (i >= argv.size()) continue;
    std::vector<std::string> flags = key_flags_at(cmd, argv, i);
    if (std::find(flags.begin(), flags.end(), "not_key") != flags.end()) continue;
    out.push_back({i, flags_perm(flags)});
  }
  return out;
}

}  // namespace

int Acl::check_selector(const Selector& s, const CommandSpec& cmd,
                        std::span<const std::string_view> argv, size_t* pos) const {
  if (!(s.flags & kSelAllCommands) && !cmd.has_flag(kCmdNoAuth) && !s.bit(cmd.acl_id)) {
    auto it = s.first_args.find(cmd.acl_id);
    if (argv.size() < 2 || it == s.first_args.end()) return kDeniedCmd;
    bool found = false;
    for (const std::string& a : it->second)
      if (iequals(a, argv[1])) found = true;
    if (!found) return kDeniedCmd;
  }
  if (!(s.flags & kSelAllKeys) && (cmd.first_key > 0 || cmd.get_keys)) {
    for (const KeyNeed& k : key_needs(cmd, argv)) {
      bool ok = false;
      for (const KeyPattern& p : s.keys) {
        if ((p.perm & k.perm) != k.perm) continue;
        if (glob_match(p.pattern, argv[k.pos])) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        *pos = k.pos;
        return kDeniedKey;
      }
    }
  }
  if (!(s.flags & kSelAllChannels)) {
    ChannelArgs ca = channel_args(cmd);
    if (ca.any) {
      size_t end = ca.all_from_1 ? argv.size() : std::min<size_t>(2, argv.size());
      for (size_t i = 1; i < end; ++i) {
        bool ok = false;
        for (const std::string& p : s.channels)
          if (ca.pattern ? p == argv[i] : glob_match(p, argv[i])) {
            ok = true;
            break;
          }
        if (!ok) {
          *pos = i;
          return kDeniedChannel;
        }
      }
    }
  }
  return kOk;
}

int Acl::check(const User& u, const CommandSpec& cmd, std::span<const std::string_view> argv,
               size_t* pos) const {
  int relevant = kDeniedCmd;
  size_t last = 0;
  auto one = [&](const Selector& s) {
    size_t p = 0;
    int r = check_selector(s, cmd, argv, &p);
    if (r == kOk) return true;
    if (r > relevant || (r == relevant && p > last)) {
      relevant = r;
      last = p;
    }
    return false;
  };
  if (one(u.root)) return kOk;
  for (const Selector& s : u.selectors)
    if (one(s)) return kOk;
  *pos = last;
  return relevant;
}

bool Acl::full_read_access(const User& u, const CommandSpec& cmd,
                           std::span<const std::string_view> argv) const {
  if (u.unrestricted) return true;
  auto full = [&](const Selector& s) {
    size_t pos = 0;
    if (check_selector(s, cmd, argv, &pos) != kOk) return false;
    if (s.flags & kSelAllKeys) return true;
    for (const KeyPattern& k : s.keys)
      if (k.pattern == "*" && (k.perm & kKeyRead)) return true;
    return false;
  };
  if (full(u.root)) return true;
  for (const Selector& s : u.selectors)
    if (full(s)) return true;
  return false;
}

std::string Acl::denial_error(int reason, const CommandSpec& cmd) {
  switch (reason) {
    case kDeniedCmd:
      return fmt::format("NOPERM this user has no permissions to run the '{}' command",
                         cmd.fullname);
    case kDeniedKey:
      return "NOPERM this user has no permissions to access one of the keys used as arguments";
    case kDeniedChannel:
      return "NOPERM this user has no permissions to access one of the channels used as "
             "arguments";
    default:
      return "NOPERM no permissions";
  }
}

std::string Acl::script_denial_error(int reason) {
  switch (reason) {
    case kDeniedCmd:
      return "The user executing the script can't run this command or subcommand";
    case kDeniedKey:
      return "The user executing the script can't access at least one of the keys mentioned in "
             "the command arguments";
    case kDeniedChannel:
      return "The user executing the script can't publish to the channel mentioned in the "
             "command";
    default:
      return "The user executing the script can't run this command";
  }
}

std::string Acl::exec_denial_error(int reason) {
  std::string_view why = reason == kDeniedCmd ? "no permission to execute the command or subcommand"
                         : reason == kDeniedKey ? "no permission to touch the specified keys"
                         : reason == kDeniedChannel
                             ? "no permission to access one of the channels used as arguments"
                             : "no permission";
  return fmt::format(
      "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC "
      "call. This command is no longer allowed for the following reason: {}",
      why);
}

void Acl::add_log(Client& c, int reason, std::string_view context, std::string_view object,
                  std::string_view username) {
  int64_t now = wall_ms();
  Client& who = c.script_caller ? *c.script_caller : c;
  std::string info = client_info_line(server_, who, {});
  size_t scanned = 0;
  for (auto it = log_.begin(); it != log_.end() && scanned < 10; ++it, ++scanned) {
    if (it->reason == reason && it->context == context && it->object == object &&
        it->username == username && now - it->ctime_ms <= 60000) {
      LogEntry e = std::move(*it);
      log_.erase(it);
      ++e.count;
      e.ctime_ms = now;
      e.client_info = std::move(info);
      log_.push_front(std::move(e));
      return;
    }
  }
  LogEntry e;
  e.reason = reason;
  e.context = std::string(context);
  e.object = std::string(object);
  e.username = std::string(username);
  e.ctime_ms = now;
  e.client_info = std::move(info);
  log_.push_front(std::move(e));
  while (static_cast<long long>(log_.size()) > std::max(0LL, log_max_len)) log_.pop_back();
}

std::string Acl::describe_keys(const Selector& s) {
  if (s.flags & kSelAllKeys) return "~*";
  std::string out;
  for (const KeyPattern& k : s.keys) {
    if (!out.empty()) out += ' ';
    out += k.perm == kKeyAll ? "~" : k.perm == kKeyRead ? "%R~" : "%W~";
    out += k.pattern;
  }
  return out;
}

std::string Acl::describe_channels(const Selector& s) {
  if (s.flags & kSelAllChannels) return "&*";
  std::string out;
  for (const std::string& ch : s.channels) {
    if (!out.empty()) out += ' ';
    out += '&';
    out += ch;
  }
  return out;
}

// Like Redis 7.0: start from +@all (when future commands are allowed) or -@all, apply the
// categories that fit best, then fix single commands (and first arguments) that still differ.
// (Redis lists single commands in its hash-table order, which changes from run to run; here they
// come in command-table order.)
std::string Acl::describe_commands(const Selector& s) const {
  bool additive = !(s.flags & kSelFuture);
  std::string out = additive ? "-@all" : "+@all";
  Selector fake;
  new_selector(fake, false);
  if (!additive) fake.bits.assign(words_, ~0ull);
  // Greedy: apply the category that fixes the most commands (net of those it would break) while
  // one fixes any.
  std::vector<bool> used(kNumCategories, false);
  for (;;) {
    long best_gain = 0;
    int best = -1;
    for (size_t cat = 0; cat < kNumCategories; ++cat) {
      if (used[cat]) continue;
      long gain = 0;
      for (uint32_t id = 0; id < by_id_.size(); ++id) {
        if (!(cat_mask_[id] & (1u << cat))) continue;
        bool want = s.bit(id), have = fake.bit(id);
        if (have == additive) continue;  // the rule would not change this command
        gain += want == additive ? 1 : -1;
      }
      if (gain > best_gain) {
        best_gain = gain;
        best = static_cast<int>(cat);
      }
    }
    if (best < 0) break;
    used[static_cast<size_t>(best)] = true;
    out += additive ? " +@" : " -@";
    out += kAclCategoryNames[best];
    set_category(fake, best, additive);
  }
  for (const CommandSpec* c : server_.commands.all()) {
    bool ub = s.bit(c->acl_id), fb = fake.bit(c->acl_id);
    if (ub != fb) {
      out += ub ? " +" : " -";
      out += c->fullname;
      set_command(fake, *c, ub);
    }
    for (auto& sub : c->subcommands) {
      bool sb = s.bit(sub->acl_id), sf = fake.bit(sub->acl_id);
      if (sb != sf) {
        out += sb ? " +" : " -";
        out += sub->fullname;
        set_command_bit(fake, sub->acl_id, sb);
      }
    }
    if (!ub) {
      auto it = s.first_args.find(c->acl_id);
      if (it != s.first_args.end())
        for (const std::string& a : it->second) out += fmt::format(" +{}|{}", c->fullname, a);
    }
  }
  return out;
}

std::string Acl::describe_selector(const Selector& s) const {
  std::string out;
  std::string keys = describe_keys(s);
  if (!keys.empty()) out += keys + " ";
  if (s.flags & kSelAllChannels) {
    out += "&* ";
  } else {
    out += "resetchannels ";
    for (const std::string& ch : s.channels) out += "&" + ch + " ";
  }
  out += describe_commands(s);
  return out;
}

std::string Acl::describe_user(const User& u) const {
  std::string out = "user " + u.name;
  out += u.enabled ? " on" : " off";
  if (u.nopass) out += " nopass";
  if (u.sanitize == 2) out += " skip-sanitize-payload";
  if (u.sanitize == 1) out += " sanitize-payload";
  for (const std::string& p : u.passwords) out += " #" + p;
  out += " " + describe_selector(u.root);
  for (const Selector& s : u.selectors) out += " (" + describe_selector(s) + ")";
  return out;
}

std::vector<const CommandSpec*> Acl::category_commands(int cat) const {
  std::vector<const CommandSpec*> out;
  for (uint32_t id = 0; id < by_id_.size(); ++id)
    if (cat_mask_[id] & (1u << cat)) out.push_back(by_id_[id]);
  return out;
}

namespace {

// Splits a line into words (quotes as in the configuration file are not needed for ACL rules).
std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

}  // namespace

std::string Acl::add_config_user(std::span<const std::string_view> args) {
  if (args.empty()) return "wrong number of arguments";
  std::string error;
  if (args[0] == "default") {
    std::string ignored;
    apply_rule(*default_, "reset", &ignored);
  }
  if (!set_user(args[0], args.subspan(1), &error)) {
    if (error.rfind("ERR ", 0) == 0) error.erase(0, 4);
    return error;
  }
  return "";
}

std::string Acl::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fmt::format("Error loading ACLs, opening file '{}': {}", path, strerror(errno));
  // Load into a scratch table so a bad file changes nothing.
  auto saved = std::move(users_);
  User* saved_default = default_;
  users_.clear();
  auto d = make_user("default");
  std::string ignored;
  for (std::string_view r : {"+@all", "~*", "&*", "on", "nopass"}) apply_rule(*d, r, &ignored);
  default_ = d.get();
  users_.emplace("default", std::move(d));
  std::string errors;
  std::vector<std::string> seen;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> w = split_line(line);
    if (w.empty() || w[0][0] == '#') continue;
    if (w[0] != "user" || w.size() < 2) {
      errors += fmt::format("{}:{} should start with user keyword followed by the username. ", path,
                            lineno);
      continue;
    }
    if (std::find(seen.begin(), seen.end(), w[1]) != seen.end()) {
      errors += fmt::format("WARNING: Duplicate user '{}' found on line {}. ", w[1], lineno);
      continue;
    }
    seen.push_back(w[1]);
    std::vector<std::string_view> rules(w.begin() + 2, w.end());
    if (w[1] != "default") {
      auto u = make_user(w[1]);
      users_.emplace(w[1], std::move(u));
    } else {
      // The default user of a file starts with no rights at all.
      for (std::string_view r :
           {"resetpass", "resetkeys", "resetchannels", "off", "-@all", "clearselectors"})
        apply_rule(*default_, r, &ignored);
      default_->sanitize = 0;
    }
    std::vector<std::string> merged;
    std::string err;
    if (!merge_selector_args(rules, &merged, &err)) {
      if (err.rfind("ERR ", 0) == 0) err.erase(0, 4);
      errors += fmt::format("{}:{}: {}. ", path, lineno, err);
      continue;
    }
    User* u = find(w[1]);
    for (const std::string& r : merged) {
      std::string reason;
      if (!apply_rule(*u, r, &reason)) {
        errors +=
            fmt::format("{}:{}: Error in applying operation '{}': {}. ", path, lineno, r, reason);
        break;
      }
    }
  }
  if (!errors.empty()) {
    users_ = std::move(saved);
    default_ = saved_default;
    errors +=
        "WARNING: ACL errors detected, no change to the previously active ACL rules was "
        "performed";
    return errors;
  }
  // The clients of the old users are disconnected; the old default user's clients move on to the
  // new default user.
  User* new_default = default_;
  for (auto& [id, c] : server_.clients)
    if (c->user == saved_default) c->user = new_default;
  users_.swap(saved);
  for (auto& [name, u] : users_)
    if (u.get() != saved_default) disconnect_user(u.get());
  users_.swap(saved);
  return "";
}

std::string Acl::save_file(const std::string& path) const {
  std::string tmp = fmt::format("{}.tmp-{}", path, static_cast<long long>(getpid()));
  FILE* f = fopen(tmp.c_str(), "w");
  if (!f) return fmt::format("Opening temp ACL file for ACL SAVE: {}", strerror(errno));
  std::string body;
  for (auto& [name, u] : users_) body += describe_user(*u) + "\n";
  bool ok = fwrite(body.data(), 1, body.size(), f) == body.size();
  ok = fflush(f) == 0 && ok;
  ok = fsync(fileno(f)) == 0 && ok;
  ok = fclose(f) == 0 && ok;
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    std::string e = strerror(errno);
    unlink(tmp.c_str());
    return "Renaming ACL file for ACL SAVE: " + e;
  }
  return "";
}

}  // namespace acl
}  // namespace sable
