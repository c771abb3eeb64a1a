// Secrets in command arguments: which arguments (passwords, ACL rules) SLOWLOG and MONITOR show as
// "(redacted)" instead of their text, as Redis 7.0 does. The rules follow each command's grammar:
// AUTH (every argument), HELLO … AUTH user pass, CONFIG SET of requirepass/masterauth, ACL SETUSER
// (everything after the subcommand), MIGRATE … AUTH pass / AUTH2 user pass.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "server/command.h"

namespace sable {

// One flag per argument, true for a secret; empty when the command carries none.
std::vector<bool> secret_args(const CommandSpec& cmd, std::span<const std::string_view> argv);

inline constexpr std::string_view kRedacted = "(redacted)";

}  // namespace sable
