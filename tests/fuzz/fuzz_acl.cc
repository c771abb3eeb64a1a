// libFuzzer target: the ACL rule parser. Each input line is a user name followed by rules, as
// ACL SETUSER receives them (selectors over several words included); the whole input is also
// loaded as an aclfile. Every rule is applied or refused with a reason; then the users are
// described (ACL LIST) and asked about a few commands, and the next input starts from nothing.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "server/acl/acl.h"
#include "server/command.h"
#include "server/server.h"

namespace {

sable::Server& server() {
  static sable::Server* s = [] {
    auto* srv = new sable::Server();
    srv->init();
    return srv;
  }();
  return *s;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  sable::Server& s = server();
  sable::acl::Acl& acl = *s.acl;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> names;
  size_t start = 0;
  while (start < in.size()) {
    size_t end = in.find('\n', start);
    if (end == std::string_view::npos) end = in.size();
    std::vector<std::string_view> w = words(in.substr(start, end - start));
    start = end + 1;
    if (w.empty()) continue;
    std::string error;
    std::vector<std::string> rules;
    std::vector<std::string_view> args(w.begin() + 1, w.end());
    if (!sable::acl::Acl::merge_selector_args(args, &rules, &error)) continue;
    std::vector<std::string_view> views(rules.begin(), rules.end());
    if (acl.set_user(w[0], views, &error)) names.emplace_back(w[0]);
  }
  // Describe and query every user that now exists.
  static const char* probes[][3] = {{"get", "key", ""}, {"set", "k", "v"}, {"publish", "ch", "m"},
                                    {"config", "get", "x"}, {"acl", "whoami", ""}};
  for (auto& [name, u] : acl.users()) {
    (void)acl.describe_user(*u);
    for (auto& p : probes) {
      const sable::CommandSpec* cmd = s.commands.find(p[0]);
      if (!cmd) continue;
      std::vector<std::string_view> argv = {p[0], p[1]};
      if (*p[2]) argv.emplace_back(p[2]);
      size_t pos = 0;
      (void)acl.check(*u, *cmd, argv, &pos);
    }
  }
  std::vector<std::string_view> del(names.begin(), names.end());
  acl.delete_users(del);
  // The same bytes as an aclfile (lines starting "user" are users; anything else is an error).
  char path[] = "/tmp/sable-fuzz-acl-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) {
    (void)!write(fd, data, size);
    close(fd);
    (void)acl.load_file(path);
    unlink(path);
    std::string ignored;
    (void)acl.load_file("/dev/null");  // back to the default user alone
  }
  return 0;
}
