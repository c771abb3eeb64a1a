// Tests of ArgCursor (server/arg_parser.h): typed reads, keyword matching with values, the
// first captured error, and key-list spans.
#include <catch.hpp>
#include <string_view>
#include <vector>

#include "server/arg_parser.h"

using sable::ArgCursor;
namespace err = sable::err;

TEST_CASE("ArgCursor: typed reads and the first error", "[arg_cursor]") {
  std::vector<std::string_view> argv{"cmd", "12", "x", "1.5"};
  ArgCursor a(argv, 1);
  CHECK(a.next<int64_t>() == 12);
  CHECK(a.next<int64_t>() == 0);
  CHECK_FALSE(a.ok());
  CHECK(a.error() == err::kNotInteger);
  CHECK(a.next<double>() == 0);  // later reads do nothing
  a.fail(err::kSyntax);
  CHECK(a.error() == err::kNotInteger);
  CHECK(a.done());
}

TEST_CASE("ArgCursor: keywords with values", "[arg_cursor]") {
  std::vector<std::string_view> argv{"cmd", "count", "3", "LIMIT"};
  ArgCursor a(argv, 1);
  CHECK_FALSE(a.match("COUNT", 3));  // only two arguments follow
  CHECK(a.match("COUNT", 1));
  CHECK(a.next_at_least(1, err::kCountNotPositive) == 3);
  CHECK(a.match_one_of({"LIMIT", "COUNT"}, 1) == -1);  // nothing follows LIMIT
  CHECK(a.match_one_of({"COUNT", "limit"}) == 1);
  CHECK(a.ok());
  CHECK(a.done());
}

TEST_CASE("ArgCursor: next_at_least uses one message for both failures", "[arg_cursor]") {
  std::vector<std::string_view> argv{"cmd", "-1", "x"};
  ArgCursor a(argv, 1);
  CHECK(a.next_at_least(0, err::kLimitNegative) == 0);
  CHECK(a.error() == err::kLimitNegative);
  ArgCursor b(argv, 2);
  b.next_at_least(0, err::kLimitNegative);
  CHECK(b.error() == err::kLimitNegative);
}

TEST_CASE("ArgCursor: take returns key lists", "[arg_cursor]") {
  std::vector<std::string_view> argv{"cmd", "2", "k1", "k2", "LEFT"};
  ArgCursor a(argv, 2);
  auto keys = a.take(2);
  REQUIRE(keys.size() == 2);
  CHECK(keys[1] == "k2");
  CHECK(a.peek() == "LEFT");
  CHECK(a.take(2).empty());
  CHECK(a.error() == err::kSyntax);
}
