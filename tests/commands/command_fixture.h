// In-process command tests: a Server without sockets and fake clients whose replies are read
// straight from their output buffers.
//
//   CommandFixture f;
//   CHECK(f.run({"SET", "k", "v"}) == "+OK\r\n");
#pragma once

#include <catch.hpp>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/server.h"

namespace sable::testing {

class CommandFixture {
 public:
  CommandFixture() {
    server_ = std::make_unique<Server>();
    server_->config.enable_debug_command = "yes";  // the tests drive DEBUG too
    server_->init();
    client_ = server_->create_fake_client();
    server_->clients[client_->id] = client_;
    main_id_ = client_->id;
  }
  ~CommandFixture() {
    // A command may have closed a client already (ACL DELUSER of its user): free, by id, only
    // the clients the server still has.
    for (uint64_t id : extra_ids_)
      if (Client* c = server_->find_client(id)) server_->free_client(c);
    if (Client* c = server_->find_client(main_id_)) server_->free_client(c);
  }

  Server& server() { return *server_; }
  Client& client() { return *client_; }

  // Another in-process client (freed with the fixture).
  Client& new_client() {
    Client* c = server_->create_fake_client();
    server_->clients[c->id] = c;
    extra_ids_.push_back(c->id);
    return *c;
  }

  // Runs one command as `c` (default: the main client) and returns the reply bytes.
  std::string run(std::initializer_list<std::string_view> args) { return run_as(*client_, args); }
  std::string run_as(Client& c, std::initializer_list<std::string_view> args) {
    std::vector<std::string_view> argv(args);
    server_->execute(c, argv);
    std::string out;
    out.swap(c.reply.buffer());
    return out;
  }

 private:
  std::unique_ptr<Server> server_;
  Client* client_;
  std::vector<uint64_t> extra_ids_;
  uint64_t main_id_ = 0;
};

}  // namespace sable::testing
