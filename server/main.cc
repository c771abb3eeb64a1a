// sable-server [config-file] [--directive value ...]
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "datatypes/clock.h"
#include "server/acl/acl.h"
#include "server/aof/aof.h"
#include "server/persistence/rdb.h"
#include "server/persistence/snapshot.h"
#include "server/server.h"
#include "server/version.h"

int main(int argc, char** argv) {
  using namespace sable;
  // Scripts recurse in C (Lua's pattern matcher, cjson): give the main thread's stack room to
  // grow to 64 MB, within the gap the kernel leaves below it.
  rlimit stack{};
  if (getrlimit(RLIMIT_STACK, &stack) == 0 && stack.rlim_cur != RLIM_INFINITY &&
      stack.rlim_cur < (rlim_t{64} << 20)) {
    stack.rlim_cur = std::min<rlim_t>(stack.rlim_max, rlim_t{64} << 20);
    setrlimit(RLIMIT_STACK, &stack);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "-v" || args[0] == "--version")) {
    std::printf("Sable server v=%s (Redis %s compatible)\n", kSableVersion, kRedisVersion);
    return 0;
  }
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    std::printf(
        "Usage: ./sable-server [/path/to/redis.conf] [options] [-]\n"
        "       ./sable-server - (read config from stdin)\n"
        "       ./sable-server -v or --version\n"
        "       ./sable-server -h or --help\n\n"
        "Examples:\n"
        "       ./sable-server (run the server with default config)\n"
        "       ./sable-server redis.conf\n"
        "       ./sable-server --port 7777\n"
        "       ./sable-server redis.conf --loglevel verbose\n");
    return 0;
  }

  auto server = std::make_unique<Server>();
  server->executable_path = argv[0];
  std::string text;
  size_t i = 0;
  if (!args.empty() && args[0].rfind("--", 0) != 0) {
    std::string path = args[0];
    i = 1;
    if (path != "-") {
      char resolved[PATH_MAX];
      server->config.config_file = realpath(path.c_str(), resolved) ? resolved : path;
      if (auto err = server->config_registry.load_file(path)) {
        std::fprintf(stderr, "%s\n", err->c_str());
        return 1;
      }
    } else {
      std::string line;
      while (std::getline(std::cin, line)) text += line + "\n";
    }
  }
  std::vector<std::string> rest(args.begin() + static_cast<long>(i), args.end());
  text += ConfigRegistry::args_to_text(rest);
  if (auto err = server->config_registry.load_text(text, "(command-line arguments)")) {
    std::fprintf(stderr, "%s\n", err->c_str());
    return 1;
  }

  server->init();
  if (!server->adjust_open_files_limit()) return 1;
  {
    // ACL users: `user` lines of the configuration, or the aclfile (not both, as in Redis).
    if (!server->config.acl_users.empty() && !server->config.aclfile.empty()) {
      server->log(kLogWarning,
                  "Configuring Redis with users defined in redis.conf and at the same setting an "
                  "ACL file path is invalid. This setup is very likely to lead to configuration "
                  "errors and security holes, please define either an ACL file or declare users "
                  "directly in your redis.conf, but not both.");
      return 1;
    }
    std::vector<std::string> seen;
    for (const auto& u : server->config.acl_users) {
      if (std::find(seen.begin(), seen.end(), u[0]) != seen.end()) {
        server->log(kLogWarning, fmt::format("Error in user declaration '{}': Duplicate user "
                                             "found. A user can only be defined once in config "
                                             "files",
                                             u[0]));
        return 1;
      }
      seen.push_back(u[0]);
      std::vector<std::string_view> words(u.begin(), u.end());
      std::string e = server->acl->add_config_user(words);
      if (!e.empty()) {
        server->log(kLogWarning, fmt::format("Error in user declaration '{}': {}", u[0], e));
        return 1;
      }
    }
    if (!server->config.aclfile.empty()) {
      std::string e = server->acl->load_file(server->config.aclfile);
      if (!e.empty()) {
        server->log(kLogWarning, "Aborting Redis startup because of ACL errors: " + e);
        return 1;
      }
    }
  }
  {
    // Load the snapshot before listening; a damaged one stops the start-up.
    bool missing = false;
    size_t keys = 0;
    int64_t t0 = wall_ms();
    // With appendonly yes the AOF is the data (as in Redis); without one yet, the snapshot is
    // loaded and becomes the AOF's first base.
    bool aof_found = false;
    std::string lerr;
    if (server->config.appendonly) {
      lerr = server->aof->load_at_startup(&aof_found, &keys);
      if (aof_found && lerr.empty())
        server->log(kLogNotice, fmt::format("DB loaded from append only file: {:.3f} seconds",
                                            (wall_ms() - t0) / 1000.0));
    }
    if (lerr.empty() && !aof_found) {
      lerr = rdb_load(*server, server->config.dbfilename, &missing, &keys);
      if (lerr.empty() && !missing)
        server->log(kLogNotice, fmt::format("DB loaded from disk: {:.3f} seconds ({} keys)",
                                            (wall_ms() - t0) / 1000.0, keys));
    }
    if (lerr.empty() && server->config.appendonly) lerr = server->aof->start();
    if (!lerr.empty()) {
      server->log(kLogWarning, lerr);
      return 1;
    }
  }
  uv_loop_t* loop = uv_default_loop();
  std::string err = server->start(loop);
  if (!err.empty()) {
    server->log(kLogWarning, err);
    return 1;
  }
  server->log(kLogNotice, fmt::format("Sable {} (Redis {} compatible) started, pid={}",
                                      kSableVersion, kRedisVersion, getpid()));
  if (server->bound_port())
    server->log(kLogNotice, fmt::format("Running on port {}", server->bound_port()));
  server->log(kLogNotice, "Ready to accept connections");
  uv_run(loop, UV_RUN_DEFAULT);
  server->snapshot->abort("shutdown");
  if (server->rdb_child_pid != -1) {
    // A background save still running would finish after we are gone: stop it, drop its file.
    kill(server->rdb_child_pid, SIGUSR1);
    waitpid(server->rdb_child_pid, nullptr, 0);
    unlink(fmt::format("temp-{}.rdb", server->rdb_child_pid).c_str());
  }
  server->log(kLogWarning, "Sable is now ready to exit, bye bye...");
  if (!server->config.unixsocket.empty()) unlink(server->config.unixsocket.c_str());
  // Tear everything down so leak checkers (ASan builds) see a clean exit.
  server.reset();
  std::fflush(stdout);
  return 0;
}
