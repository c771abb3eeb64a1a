// libFuzzer target: the RDB loader and the DUMP payload reader. Any bytes loaded as a snapshot,
// or RESTOREd as a payload (with a valid footer added, so the value decoder itself is reached),
// must load or be refused with an error: no crash, no leak, no huge allocation.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "datatypes/keyspace.h"
#include "server/persistence/rdb.h"
#include "server/scripting/functions.h"
#include "server/scripting/scripting.h"
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

std::string with_footer(std::string_view body) {
  std::string p(body);
  p.push_back(10);
  p.push_back(0);
  uint64_t crc = sable::crc64(0, p.data(), p.size());
  for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sable::Server& s = server();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // As a DUMP payload.
  sable::Value v;
  std::string holder;
  if (sable::read_dump_payload(s, with_footer(in), &v, &holder).empty()) sable::free_value(v);
  // As a whole snapshot (the magic prepended when missing, so the loader goes past it).
  std::string file = in.substr(0, 5) == "REDIS" ? std::string(in) : "REDIS0010" + std::string(in);
  size_t keys = 0;
  sable::rdb_load_bytes(s, file, &keys);
  for (int i = 0; i < static_cast<int>(s.dbs.size()); ++i) s.db(i).clear();
  s.scripting->functions().flush();
  return 0;
}
