// Tests for the incremental RESP request parser: any split of the input gives the same requests,
// every malformed input gets Redis 7's exact error text, and large bulks are sized up front.
#include "protocol/request_parser.h"

#include <catch.hpp>
#include <random>
#include <string>
#include <vector>

using sable::ParserLimits;
using sable::RequestParser;
using Status = RequestParser::Status;

namespace {

// Drives a parser the way the server does: bytes are appended to a buffer, every complete request
// is taken from its front, and consumed bytes are dropped after each read (so the parser must only
// keep offsets relative to the request start, never pointers).
struct Feeder {
  RequestParser parser;
  ParserLimits limits;
  std::string buf;
  std::vector<std::vector<std::string>> commands;
  int empties = 0;
  std::string error;

  void push(std::string_view chunk) {
    buf.append(chunk);
    size_t start = 0;
    while (error.empty() && start < buf.size()) {
      Status st = parser.feed(buf.data() + start, buf.size() - start, limits);
      if (st == Status::kIncomplete) break;
      if (st == Status::kError) {
        error = parser.error();
        break;
      }
      if (st == Status::kCommand) {
        std::vector<std::string> args;
        for (auto a : parser.args()) args.emplace_back(a);
        commands.push_back(std::move(args));
      } else {
        ++empties;
      }
      start += parser.consumed();
      parser.reset();
    }
    buf.erase(0, start);
  }
};

std::string bulk(std::string_view s) {
  return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
}

std::string multibulk(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (auto& a : args) out += bulk(a);
  return out;
}

Feeder feed_whole(std::string_view input, ParserLimits limits = {}) {
  Feeder f;
  f.limits = limits;
  f.push(input);
  return f;
}

// The error a single buffer produces (empty when none).
std::string error_of(std::string_view input, ParserLimits limits = {}) {
  return feed_whole(input, limits).error;
}

const std::string kBinary = std::string("a\0b\r\nc\n\r", 8);

// A pipeline mixing multibulk and inline requests, empty requests and binary payloads.
std::string sample_pipeline() {
  std::string p;
  p += multibulk({"SET", "key", "value"});
  p += "PING\r\n";
  p += multibulk({"SET", "bin", kBinary});
  p += "*0\r\n";
  p += "ECHO \"quoted arg\" 'single'\r\n";
  p += "\r\n";
  p += multibulk({"MSET", "a", "", "b", std::string(300, 'x')});
  p += "*-1\r\n";
  p += "GET    spaced\n";  // bare LF ends an inline request too
  p += multibulk({"ECHO", std::string("\r\n", 2)});
  return p;
}

const std::vector<std::vector<std::string>> kSampleCommands = {
    {"SET", "key", "value"},
    {"PING"},
    {"SET", "bin", kBinary},
    {"ECHO", "quoted arg", "single"},
    {"MSET", "a", "", "b", std::string(300, 'x')},
    {"GET", "spaced"},
    {"ECHO", "\r\n"},
};

}  // namespace

TEST_CASE("parser: whole pipeline in one buffer", "[parser]") {
  Feeder f = feed_whole(sample_pipeline());
  CHECK(f.error.empty());
  CHECK(f.commands == kSampleCommands);
  CHECK(f.empties == 3);
  CHECK(f.buf.empty());
}

TEST_CASE("parser: pipeline split at every point in two pieces", "[parser]") {
  const std::string p = sample_pipeline();
  for (size_t cut = 0; cut <= p.size(); ++cut) {
    Feeder f;
    f.push(std::string_view(p).substr(0, cut));
    f.push(std::string_view(p).substr(cut));
    INFO("cut at " << cut);
    REQUIRE(f.error.empty());
    REQUIRE(f.commands == kSampleCommands);
    REQUIRE(f.empties == 3);
    REQUIRE(f.buf.empty());
  }
}

TEST_CASE("parser: pipeline fed byte by byte", "[parser]") {
  const std::string p = sample_pipeline();
  Feeder f;
  for (char c : p) f.push(std::string_view(&c, 1));
  CHECK(f.error.empty());
  CHECK(f.commands == kSampleCommands);
  CHECK(f.empties == 3);
  CHECK(f.buf.empty());
}

TEST_CASE("parser: pipeline fed in random chunks", "[parser]") {
  const std::string p = sample_pipeline();
  for (unsigned seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(seed);
    Feeder f;
    size_t pos = 0;
    while (pos < p.size()) {
      size_t n = std::min<size_t>(p.size() - pos, 1 + rng() % 40);
      f.push(std::string_view(p).substr(pos, n));
      pos += n;
    }
    INFO("seed " << seed);
    REQUIRE(f.commands == kSampleCommands);
    REQUIRE(f.empties == 3);
  }
}

TEST_CASE("parser: request arguments are views into the buffer", "[parser]") {
  std::string req = multibulk({"GET", "abc"});
  RequestParser p;
  REQUIRE(p.feed(req.data(), req.size(), {}) == Status::kCommand);
  REQUIRE(p.args().size() == 2);
  CHECK(p.args()[1].data() >= req.data());
  CHECK(p.args()[1].data() < req.data() + req.size());
  CHECK(p.consumed() == req.size());
}

TEST_CASE("parser: consumed covers exactly one request", "[parser]") {
  std::string two = multibulk({"PING"}) + "PING\r\n";
  RequestParser p;
  REQUIRE(p.feed(two.data(), two.size(), {}) == Status::kCommand);
  CHECK(p.consumed() == 14);
  p.reset();
  REQUIRE(p.feed(two.data() + 14, two.size() - 14, {}) == Status::kCommand);
  CHECK(p.consumed() == 6);
}

TEST_CASE("parser: empty requests", "[parser]") {
  struct Case {
    std::string in;
    size_t consumed;
  };
  for (const Case& c : {Case{"*0\r\n", 4}, Case{"*-1\r\n", 5}, Case{"*-5\r\n", 5}, Case{"\r\n", 2},
                        Case{"\n", 1}, Case{"   \t \r\n", 7}, Case{"  \n", 3}}) {
    RequestParser p;
    INFO("input " << c.in);
    REQUIRE(p.feed(c.in.data(), c.in.size(), {}) == Status::kEmpty);
    CHECK(p.consumed() == c.consumed);
  }
}

TEST_CASE("parser: incomplete inputs wait for more", "[parser]") {
  for (std::string in :
       {"*", "*1", "*1\r", "*1\r\n", "*1\r\n$", "*1\r\n$4", "*1\r\n$4\r", "*1\r\n$4\r\nPI",
        "*1\r\n$4\r\nPING", "*1\r\n$4\r\nPING\r", "PING", "PING\r", "*2147483647\r\n"}) {
    RequestParser p;
    INFO("input " << in);
    CHECK(p.feed(in.data(), in.size(), {}) == Status::kIncomplete);
  }
}

TEST_CASE("parser: bulk trailer is skipped unchecked, like Redis", "[parser]") {
  std::string in = "*1\r\n$4\r\nPINGxx";
  RequestParser p;
  REQUIRE(p.feed(in.data(), in.size(), {}) == Status::kCommand);
  CHECK(p.args()[0] == "PING");
  CHECK(p.consumed() == in.size());
}

TEST_CASE("parser: binary arguments with NUL and CRLF", "[parser]") {
  std::string payload;
  for (int i = 0; i < 256; ++i) payload.push_back(static_cast<char>(i));
  payload += "\r\n\r\n";
  std::string req = multibulk({"SET", std::string("k\0y", 3), payload});
  Feeder f = feed_whole(req);
  REQUIRE(f.commands.size() == 1);
  CHECK(f.commands[0][1] == std::string("k\0y", 3));
  CHECK(f.commands[0][2] == payload);
}

TEST_CASE("parser: malformed multibulk headers", "[parser]") {
  const std::string mb = "ERR Protocol error: invalid multibulk length";
  CHECK(error_of("*abc\r\n") == mb);
  CHECK(error_of("*-x\r\n") == mb);
  CHECK(error_of("*99999999999\r\n") == mb);
  CHECK(error_of("*2147483648\r\n") == mb);
  CHECK(error_of("*99999999999999999999999\r\n") == mb);
  CHECK(error_of("*\r\n") == mb);
  CHECK(error_of("*1x\r\n") == mb);
  CHECK(error_of("*+1\r\n") == mb);
  CHECK(error_of("* 1\r\n") == mb);
  CHECK(error_of("*01\r\n") == mb);
  CHECK(error_of("*-0\r\n") == mb);
  CHECK(error_of("*-\r\n") == mb);
}

TEST_CASE("parser: malformed bulk headers", "[parser]") {
  const std::string bl = "ERR Protocol error: invalid bulk length";
  CHECK(error_of("*1\r\n$-2\r\n") == bl);
  CHECK(error_of("*1\r\n$-1\r\n") == bl);
  CHECK(error_of("*1\r\n$abc\r\n") == bl);
  CHECK(error_of("*1\r\n$\r\n") == bl);
  CHECK(error_of("*1\r\n$-0\r\n") == bl);
  CHECK(error_of("*1\r\n$04\r\n") == bl);
  CHECK(error_of("*1\r\n$4 \r\n") == bl);
  CHECK(error_of("*2\r\n$3\r\nGET\r\n$99999999999999999999999\r\n") == bl);

  CHECK(error_of("*1\r\nPING\r\n") == "ERR Protocol error: expected '$', got 'P'");
  CHECK(error_of("*1\r\n*1\r\n") == "ERR Protocol error: expected '$', got '*'");
  CHECK(error_of("*2\r\n$3\r\nGET\r\n:1\r\n") == "ERR Protocol error: expected '$', got ':'");
  CHECK(error_of("*1\r\n\r\n") == "ERR Protocol error: expected '$', got '\r'");
}

TEST_CASE("parser: proto-max-bulk-len", "[parser]") {
  ParserLimits lim;
  lim.max_bulk_len = 100;
  CHECK(error_of("*1\r\n$101\r\n", lim) == "ERR Protocol error: invalid bulk length");
  Feeder ok = feed_whole(multibulk({std::string(100, 'z')}), lim);
  CHECK(ok.error.empty());
  CHECK(ok.commands.size() == 1);
  // The default limit is 512MB.
  CHECK(error_of("*1\r\n$536870913\r\n") == "ERR Protocol error: invalid bulk length");
  CHECK(feed_whole("*1\r\n$536870912\r\n").error.empty());
}

TEST_CASE("parser: unbalanced quotes in inline requests", "[parser]") {
  const std::string uq = "ERR Protocol error: unbalanced quotes in request";
  CHECK(error_of("ECHO \"abc\r\n") == uq);
  CHECK(error_of("ECHO 'abc\r\n") == uq);
  CHECK(error_of("ECHO \"abc\"def\r\n") == uq);
  CHECK(error_of("ECHO 'a'b\r\n") == uq);
  // Earlier requests in the same buffer are still parsed.
  Feeder f = feed_whole("PING\r\nECHO \"x\r\n");
  CHECK(f.commands.size() == 1);
  CHECK(f.error == uq);
}

TEST_CASE("parser: oversized headers and inline requests", "[parser]") {
  const size_t max = RequestParser::kInlineMax;
  // Inline: exactly the limit without a newline still waits; one more byte is an error.
  {
    std::string in(max, 'x');
    RequestParser p;
    CHECK(p.feed(in.data(), in.size(), {}) == Status::kIncomplete);
    in.push_back('x');
    CHECK(p.feed(in.data(), in.size(), {}) == Status::kError);
    CHECK(p.error() == "ERR Protocol error: too big inline request");
  }
  // A long inline request with a newline is fine.
  {
    Feeder f = feed_whole("ECHO " + std::string(max * 2, 'y') + "\r\n");
    CHECK(f.error.empty());
    REQUIRE(f.commands.size() == 1);
    CHECK(f.commands[0][1].size() == max * 2);
  }
  CHECK(error_of("*" + std::string(max, '1')) == "ERR Protocol error: too big mbulk count string");
  CHECK(error_of("*1\r\n$" + std::string(max, '1')) ==
        "ERR Protocol error: too big bulk count string");
  // Arriving in pieces gives the same verdict.
  {
    Feeder f;
    std::string in = "*1\r\n$" + std::string(max, '1');
    f.push(std::string_view(in).substr(0, 1000));
    CHECK(f.error.empty());
    f.push(std::string_view(in).substr(1000));
    CHECK(f.error == "ERR Protocol error: too big bulk count string");
  }
}

TEST_CASE("parser: limits before authentication", "[parser]") {
  ParserLimits lim;
  lim.unauthenticated = true;
  CHECK(error_of("*11\r\n", lim) == "ERR Protocol error: unauthenticated multibulk length");
  CHECK(error_of("*10\r\n", lim).empty());
  CHECK(error_of("*1\r\n$16385\r\n", lim) == "ERR Protocol error: unauthenticated bulk length");
  CHECK(error_of("*1\r\n$16384\r\n", lim).empty());
  // A malformed length is reported as such, not as an authentication problem.
  CHECK(error_of("*abc\r\n", lim) == "ERR Protocol error: invalid multibulk length");
  // Authenticated clients have no such limits.
  CHECK(error_of("*11\r\n").empty());
  CHECK(error_of("*1\r\n$16385\r\n").empty());
}

TEST_CASE("parser: every error survives every split point", "[parser]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"*abc\r\n", "ERR Protocol error: invalid multibulk length"},
      {"*1\r\n$-2\r\n", "ERR Protocol error: invalid bulk length"},
      {"*2\r\n$3\r\nGET\r\nx\r\n", "ERR Protocol error: expected '$', got 'x'"},
      {"SET a \"b\r\n", "ERR Protocol error: unbalanced quotes in request"},
  };
  for (auto& [in, err] : cases) {
    for (size_t cut = 0; cut <= in.size(); ++cut) {
      Feeder f;
      f.push(std::string_view(in).substr(0, cut));
      f.push(std::string_view(in).substr(cut));
      INFO(in << " cut at " << cut);
      CHECK(f.error == err);
    }
  }
}

TEST_CASE("parser: 10 MB bulk arriving in chunks", "[parser]") {
  const size_t big = 10 * 1024 * 1024;
  std::string value(big, '\0');
  for (size_t i = 0; i < big; ++i) value[i] = static_cast<char>('a' + i % 26);
  std::string req = multibulk({"SET", "bigkey", value});
  const size_t header = req.size() - big - 2;

  RequestParser p;
  std::string buf;
  size_t pos = 0;
  const size_t chunk = 64 * 1024;
  int feeds = 0;
  Status st = Status::kIncomplete;
  while (pos < req.size()) {
    size_t n = std::min(chunk, req.size() - pos);
    buf.append(req, pos, n);
    pos += n;
    st = p.feed(buf.data(), buf.size(), {});
    ++feeds;
    if (pos < req.size()) {
      REQUIRE(st == Status::kIncomplete);
      // Once the bulk header is in, the parser knows the whole request size.
      if (buf.size() >= header) REQUIRE(p.bytes_wanted() == req.size());
    }
  }
  REQUIRE(st == Status::kCommand);
  REQUIRE(p.args().size() == 3);
  CHECK(p.args()[1] == "bigkey");
  CHECK(p.args()[2].size() == big);
  CHECK(p.args()[2] == value);
  CHECK(p.consumed() == req.size());
  CHECK(feeds == static_cast<int>((req.size() + chunk - 1) / chunk));
  p.reset();
  CHECK(p.bytes_wanted() == 0);
}

TEST_CASE("parser: reset forgets partial progress", "[parser]") {
  RequestParser p;
  std::string partial = "*2\r\n$3\r\nGET\r\n";
  CHECK(p.feed(partial.data(), partial.size(), {}) == Status::kIncomplete);
  p.reset();
  std::string next = "PING\r\n";
  REQUIRE(p.feed(next.data(), next.size(), {}) == Status::kCommand);
  CHECK(p.args().size() == 1);
  CHECK(p.args()[0] == "PING");
}
