// Tests for Redis-style argument splitting (inline requests, redis.conf lines). The expected
// results were checked against redis-server 7.0 inline requests.
#include "protocol/split_args.h"

#include <catch.hpp>
#include <string>
#include <vector>

using sable::split_args;
using Args = std::vector<std::string>;

namespace {
Args split_ok(std::string_view line) {
  auto r = split_args(line);
  INFO("line: " << line);
  REQUIRE(r.has_value());
  return *r;
}
bool unbalanced(std::string_view line) { return !split_args(line).has_value(); }
}  // namespace

TEST_CASE("split_args: plain words and whitespace", "[split_args]") {
  CHECK(split_ok("set foo bar") == Args{"set", "foo", "bar"});
  CHECK(split_ok("   set \t foo   bar  ") == Args{"set", "foo", "bar"});
  CHECK(split_ok("") == Args{});
  CHECK(split_ok("    ") == Args{});
  CHECK(split_ok("\t\r\n") == Args{});
  CHECK(split_ok("one") == Args{"one"});
  // \v and \f separate tokens only between them, not inside an unquoted word.
  CHECK(split_ok("a\vb") == Args{"a\vb"});
  CHECK(split_ok("\va b\f") == Args{"a", "b\f"});
}

TEST_CASE("split_args: double quotes and escapes", "[split_args]") {
  CHECK(split_ok("\"foo bar\"") == Args{"foo bar"});
  CHECK(split_ok("echo \"\"") == Args{"echo", ""});
  CHECK(split_ok("\"\\x41\\x4A\\x6a\"") == Args{"AJj"});
  CHECK(split_ok("\"\\x4g\"") == Args{"x4g"});  // not a hex escape: the 'x' is kept
  CHECK(split_ok("\"\\x4\"") == Args{"x4"});
  CHECK(split_ok("\"a\\qb\"") == Args{"aqb"});
  CHECK(split_ok("\"a\\\"b\"") == Args{"a\"b"});
  CHECK(split_ok("\"\\\\\"") == Args{"\\"});
  CHECK(split_ok("\"\\n\\r\\t\\b\\a\"") == Args{"\n\r\t\b\a"});
  CHECK(split_ok("\"\\x00\"") == Args{std::string(1, '\0')});
  CHECK(split_ok("\"\\xff\"") == Args{std::string(1, '\xff')});
  // A quote opens in the middle of a word and joins it.
  CHECK(split_ok("a\"b c\"") == Args{"ab c"});
  // Any isspace() character may follow a closing quote.
  CHECK(split_ok("\"a\"\vb") == Args{"a", "b"});
  CHECK(split_ok("\"a\"\fb") == Args{"a", "b"});
  CHECK(split_ok("\"a\"\tb") == Args{"a", "b"});
}

TEST_CASE("split_args: single quotes", "[split_args]") {
  CHECK(split_ok("'foo bar'") == Args{"foo bar"});
  CHECK(split_ok("''") == Args{""});
  CHECK(split_ok("'it\\'s'") == Args{"it's"});
  CHECK(split_ok("'a\\nb'") == Args{"a\\nb"});  // no escapes but \'
  CHECK(split_ok("'\"'") == Args{"\""});
  CHECK(split_ok("'a' 'b'") == Args{"a", "b"});
}

TEST_CASE("split_args: unbalanced quotes", "[split_args]") {
  CHECK(unbalanced("\"abc"));
  CHECK(unbalanced("'abc"));
  CHECK(unbalanced("\"abc\\"));
  CHECK(unbalanced("'a\\\\'"));
  CHECK(unbalanced("\"abc\"def"));
  CHECK(unbalanced("'abc'def"));
  CHECK(unbalanced("a\"b c\"d"));
  CHECK(unbalanced("\"a\"\"b\""));
  CHECK(unbalanced("set k \"v"));
}

TEST_CASE("split_args: a NUL byte ends the line", "[split_args]") {
  CHECK(split_ok(std::string_view("ping\0 extra", 11)) == Args{"ping"});
  CHECK(split_ok(std::string_view("a b\0\"", 5)) == Args{"a", "b"});
}
