// Which command arguments are secrets (see redact.h).
#include "server/redact.h"

namespace sable {

std::vector<bool> secret_args(const CommandSpec& cmd, std::span<const std::string_view> argv) {
  std::vector<bool> secret;
  auto hide = [&](size_t i) {
    if (i >= argv.size()) return;
    if (secret.empty()) secret.assign(argv.size(), false);
    secret[i] = true;
  };
  const std::string& n = cmd.fullname;
  if (n == "auth") {
    for (size_t i = 1; i < argv.size(); ++i) hide(i);
  } else if (n == "hello") {
    for (size_t i = 2; i < argv.size(); ++i) {
      if (iequals(argv[i], "AUTH")) {
        hide(i + 1);
        hide(i + 2);
        i += 2;
      } else if (iequals(argv[i], "SETNAME")) {
        ++i;
      }
    }
  } else if (n == "config|set") {
    for (size_t i = 2; i + 1 < argv.size(); i += 2)
      if (iequals(argv[i], "requirepass") || iequals(argv[i], "masterauth")) hide(i + 1);
  } else if (n == "acl|setuser") {
    for (size_t i = 2; i < argv.size(); ++i) hide(i);
  } else if (n == "migrate") {
    // As far as MIGRATE reads its options: up to KEYS (keys follow), or up to the first option
    // it refuses (then nothing after is hidden).
    for (size_t i = 6; i < argv.size(); ++i) {
      size_t more = argv.size() - 1 - i;
      if (iequals(argv[i], "COPY") || iequals(argv[i], "REPLACE")) continue;
      if (iequals(argv[i], "AUTH") && more >= 1) {
        hide(++i);
      } else if (iequals(argv[i], "AUTH2") && more >= 2) {
        hide(++i);
        hide(++i);
      } else {
        break;
      }
    }
  }
  return secret;
}

}  // namespace sable
