// Access control lists: users, their rules, the permission check the dispatcher and scripts make,
// and ACL LOG (Redis 7.0 semantics).
//
// A user has a root selector and any number of extra selectors "(...)"; each selector says which
// commands (a bitmap over every row and subcommand row of the command table, indexed by
// CommandSpec::acl_id), which keys (glob patterns, each readable, writable or both) and which
// pub/sub channels it allows. A command is allowed when one selector allows the command, all its
// keys and all its channels. Categories are read from the command table rows
// (CommandSpec::acl_categories), never listed here.
//
// The fast path: a user whose root selector allows every command, key and channel has
// `unrestricted` set, and the dispatcher tests only that.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

class Client;
class Server;
class ReplyWriter;
struct CommandSpec;
class CommandTable;

namespace acl {

enum KeyPerm : uint8_t { kKeyRead = 1, kKeyWrite = 2, kKeyAll = 3 };

struct KeyPattern {
  std::string pattern;
  uint8_t perm = kKeyAll;
};

enum SelectorFlag : uint32_t {
  kSelAllKeys = 1u << 0,
  kSelAllChannels = 1u << 1,
  kSelAllCommands = 1u << 2,  // every bit set by +@all / allcommands and none cleared since
  kSelFuture = 1u << 3,       // started from +@all: commands added later are allowed
};

struct Selector {
  uint32_t flags = 0;
  std::vector<uint64_t> bits;  // allowed commands, by CommandSpec::acl_id
  // Allowed first arguments of commands whose bit is clear (+select|0), by acl_id.
  std::map<uint32_t, std::vector<std::string>> first_args;
  std::vector<KeyPattern> keys;
  std::vector<std::string> channels;

  bool bit(uint32_t id) const { return id / 64 < bits.size() && (bits[id / 64] >> (id % 64)) & 1; }
};

struct User {
  std::string name;
  bool enabled = false;
  bool nopass = false;
  int sanitize = 0;                    // 1 sanitize-payload, 2 skip-sanitize-payload, 0 unset
  std::vector<std::string> passwords;  // SHA-256, lower-case hex
  Selector root;
  std::vector<Selector> selectors;
  bool unrestricted = false;  // root allows every command, key and channel (dispatcher fast path)
};

// Why a check failed (the order matters: with several selectors the highest reason is reported).
enum Denial : int { kOk = 0, kDeniedCmd = 1, kDeniedKey = 2, kDeniedAuth = 3, kDeniedChannel = 4 };

struct LogEntry {
  uint64_t count = 1;
  int reason = 0;
  std::string context;  // toplevel multi lua
  std::string object;
  std::string username;
  int64_t ctime_ms = 0;
  std::string client_info;
};

class Acl {
 public:
  explicit Acl(Server& server);
  ~Acl();

  // Numbers the command table's rows and reads their categories; creates the default user.
  void init(const CommandTable& table);

  const User* default_user() const { return default_; }
  User* find(std::string_view name);
  const std::map<std::string, std::unique_ptr<User>, std::less<>>& users() const { return users_; }
  // A user that allows nothing: clients of a deleted user point to it until they are closed.
  const User* nobody() const { return &nobody_; }

  // ACL SETUSER: applies `rules` to the user `name` (created when missing) as one step: on an
  // error nothing changes and *error holds Redis's message. Returns the user.
  User* set_user(std::string_view name, std::span<const std::string_view> rules, std::string* error,
                 bool* created = nullptr);
  // Applies one rule (already split from selectors) to a user; false with the reason on error.
  bool apply_rule(User& u, std::string_view rule, std::string* reason);
  bool apply_selector_rule(Selector& s, std::string_view rule, std::string* reason);
  // Splits ACL SETUSER arguments into rules, merging "(...)" selectors written over several
  // arguments. False with Redis's unmatched-parenthesis error.
  static bool merge_selector_args(std::span<const std::string_view> args,
                                  std::vector<std::string>* out, std::string* error);
  // Deletes users (never `default`), closing their clients. Returns how many were deleted.
  int delete_users(std::span<const std::string_view> names);

  // requirepass: the default user's password ("" makes it nopass).
  void set_default_password(std::string_view pass);
  // Whether a new connection starts authenticated (the default user is on and nopass).
  bool default_needs_no_auth() const { return default_->enabled && default_->nopass; }
  // Checks a username/password pair; returns the user on success.
  const User* authenticate(std::string_view name, std::string_view pass) const;

  // The permission check of one command with its arguments. On a denial *pos is the argument
  // (key or channel) that was refused.
  int check(const User& u, const CommandSpec& cmd, std::span<const std::string_view> argv,
            size_t* pos) const;
  // Whether a selector that allows this command also allows reading every key (SORT BY/GET).
  bool full_read_access(const User& u, const CommandSpec& cmd,
                        std::span<const std::string_view> argv) const;
  // The -NOPERM text for a denial (scripts use their own texts).
  static std::string denial_error(int reason, const CommandSpec& cmd);
  static std::string script_denial_error(int reason);
  static std::string exec_denial_error(int reason);  // a queued command denied at EXEC

  // ACL LOG.
  void add_log(Client& c, int reason, std::string_view context, std::string_view object,
               std::string_view username);
  const std::deque<LogEntry>& log() const { return log_; }
  void reset_log() { log_.clear(); }
  long long log_max_len = 128;

  // Descriptions: ACL LIST lines and GETUSER fields.
  std::string describe_user(const User& u) const;
  std::string describe_selector(const Selector& s) const;
  std::string describe_commands(const Selector& s) const;
  static std::string describe_keys(const Selector& s);
  static std::string describe_channels(const Selector& s);

  // The category names of a command and the commands of a category (ACL CAT).
  static int category_index(std::string_view name);  // -1 when unknown
  std::vector<const CommandSpec*> category_commands(int cat) const;

  // aclfile: loads the file (all or nothing) replacing every user; "" on success, else the error.
  std::string load_file(const std::string& path);
  std::string save_file(const std::string& path) const;
  // `user` lines of the configuration file, applied at start-up.
  std::string add_config_user(std::span<const std::string_view> args);

  // After a user changed or was deleted: clients subscribed to channels it no longer allows are
  // closed (as Redis does for pub/sub permission changes).
  void kill_pubsub_clients_if_needed(const User& u);
  void disconnect_user(const User* u);  // closes every client authenticated as `u`

 private:
  void new_selector(Selector& s, bool root) const;
  void set_command_bit(Selector& s, uint32_t id, bool on) const;
  void set_command(Selector& s, const CommandSpec& c, bool on) const;
  void set_category(Selector& s, int cat, bool on) const;
  void update_unrestricted(User& u) const;
  int check_selector(const Selector& s, const CommandSpec& cmd,
                     std::span<const std::string_view> argv, size_t* pos) const;
  std::unique_ptr<User> make_user(std::string_view name) const;

  Server& server_;
  std::map<std::string, std::unique_ptr<User>, std::less<>> users_;
  User* default_ = nullptr;
  User nobody_;
  std::vector<const CommandSpec*> by_id_;  // acl_id -> row
  std::vector<uint32_t> cat_mask_;         // acl_id -> category bits
  size_t words_ = 1;
  std::deque<LogEntry> log_;
};

// SHA-256 of a password as lower-case hex.
std::string sha256_hex(std::string_view s);
// Constant-time comparison of equal-length strings.
bool equal_const_time(std::string_view a, std::string_view b);

}  // namespace acl
}  // namespace sable
