// Tests for Redis glob matching (KEYS, SCAN MATCH, PSUBSCRIBE patterns), following the cases of
// Redis's stringmatchlen, plus a pathological pattern that must not take exponential time.
#include "datatypes/glob.h"

#include <catch.hpp>
#include <chrono>
#include <string>

using sable::glob_match;

TEST_CASE("glob: literals, ? and *", "[glob]") {
  CHECK(glob_match("hello", "hello"));
  CHECK_FALSE(glob_match("hello", "hell"));
  CHECK_FALSE(glob_match("hello", "helloo"));
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "a"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "anything at all"));
  CHECK(glob_match("**", "x"));
  CHECK(glob_match("h?llo", "hello"));
  CHECK(glob_match("h?llo", "hallo"));
  CHECK_FALSE(glob_match("h?llo", "hllo"));
  CHECK(glob_match("h*llo", "hllo"));
  CHECK(glob_match("h*llo", "heeeello"));
  CHECK(glob_match("*llo", "hello"));
  CHECK(glob_match("he*", "hello"));
  CHECK_FALSE(glob_match("he*x", "hello"));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK(glob_match("a*b*c", "abbbc"));
  CHECK_FALSE(glob_match("a*b*c", "acb"));
  CHECK(glob_match("*a*", "bab"));
  CHECK(glob_match("user:*:name", "user:1000:name"));
  CHECK(glob_match(std::string_view("a\0*", 3), std::string_view("a\0bc", 4)));
}

TEST_CASE("glob: character classes", "[glob]") {
  CHECK(glob_match("h[ae]llo", "hello"));
  CHECK(glob_match("h[ae]llo", "hallo"));
  CHECK_FALSE(glob_match("h[ae]llo", "hillo"));
  CHECK(glob_match("h[^e]llo", "hallo"));
  CHECK_FALSE(glob_match("h[^e]llo", "hello"));
  CHECK(glob_match("h[a-b]llo", "hbllo"));
  CHECK_FALSE(glob_match("h[a-b]llo", "hcllo"));
  CHECK(glob_match("[z-a]", "m"));  // reversed ranges are swapped
  CHECK(glob_match("[0-9][0-9]", "42"));
  CHECK_FALSE(glob_match("[]", "a"));  // an empty class matches nothing
  CHECK(glob_match("[^]", "a"));       // and its negation anything
  CHECK(glob_match("[\\]]", "]"));
  CHECK(glob_match("[a\\-z]", "-"));
  CHECK_FALSE(glob_match("[a\\-z]", "b"));
  // An unterminated class runs to the end of the pattern.
  CHECK(glob_match("[abc", "a"));
  CHECK_FALSE(glob_match("[abc", "ab"));
  CHECK(glob_match("x[-]", "x-"));
}

TEST_CASE("glob: escapes", "[glob]") {
  CHECK(glob_match("\\*", "*"));
  CHECK_FALSE(glob_match("\\*", "a"));
  CHECK(glob_match("\\?", "?"));
  CHECK_FALSE(glob_match("\\?", "x"));
  CHECK(glob_match("a\\[b", "a[b"));
  CHECK(glob_match("a\\", "a\\"));  // a trailing backslash is literal
  CHECK(glob_match("\\h\\i", "hi"));
}

TEST_CASE("glob: nocase", "[glob]") {
  CHECK(glob_match("HeLLo", "hello", true));
  CHECK_FALSE(glob_match("HeLLo", "hello", false));
  CHECK(glob_match("h[A-Z]llo", "hello", true));
  CHECK(glob_match("H*O", "hello", true));
  CHECK(glob_match("[^A]", "b", true));
  CHECK_FALSE(glob_match("[^A]", "a", true));
}

TEST_CASE("glob: pathological patterns stay fast", "[glob]") {
  std::string pattern;
  for (int i = 0; i < 30; ++i) pattern += "a*";
  pattern += "b";
  std::string subject(5000, 'a');
  auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(glob_match(pattern, subject));
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  CHECK(ms < 2000);
}
