// libFuzzer target: the RESP request parser. Any bytes, fed in one piece and then again split at
// every point the input's first byte picks, must parse to the same requests (or the same error)
// without reading outside the buffer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/request_parser.h"

namespace {

// Parses `data` as a client's stream, delivered in pieces of `step` bytes; returns what came out.
std::vector<std::string> parse_all(const char* data, size_t len, size_t step) {
  std::vector<std::string> out;
  sable::RequestParser p;
  sable::ParserLimits limits;
  limits.max_bulk_len = 1 << 20;
  size_t start = 0, avail = 0;
  while (start < len) {
    avail = std::min(len, avail + step);
    auto st = p.feed(data + start, avail - start, limits);
    if (st == sable::RequestParser::Status::kIncomplete) {
      if (avail == len) break;
      continue;
    }
    if (st == sable::RequestParser::Status::kError) {
      out.push_back("-" + p.error());
      break;
    }
    std::string req = st == sable::RequestParser::Status::kEmpty ? "empty" : "cmd";
    for (auto a : p.args()) req += "|" + std::string(a);
    out.push_back(req);
    start += p.consumed();
    p.reset();
    avail = std::max(avail, start);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* d = reinterpret_cast<const char*>(data);
  auto whole = parse_all(d, size, size ? size : 1);
  size_t step = size ? 1 + data[0] % 7 : 1;
  auto pieces = parse_all(d, size, step);
  if (whole != pieces) __builtin_trap();  // splitting a stream must not change what it means
  return 0;
}
