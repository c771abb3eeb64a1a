// MONITOR: clients that receive a line for every command the server executes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

class Client;
class Server;

class Monitors {
 public:
  explicit Monitors(Server& s) : server_(s) {}
  void add(Client& c);
  void remove(Client& c);
  bool empty() const { return ids_.empty(); }
  // Sends `+<time> [<db> <peer>] "arg" "arg"` to every monitor, like Redis.
  void feed(const Client& from, std::span<const std::string_view> argv);

 private:
  Server& server_;
  std::vector<uint64_t> ids_;
};

// Redis's quoted representation of a byte string ("a\"b\x00").
void append_repr(std::string& out, std::string_view s);

}  // namespace sable
