// CRC-64 used by RDB files: Redis's check value and incremental use.
#include <catch.hpp>
#include <string>

#include "server/persistence/rdb.h"

using namespace sable;

TEST_CASE("crc64 matches Redis's check value", "[rdb]") {
  const std::string s = "123456789";
  REQUIRE(crc64(0, s.data(), s.size()) == 0xe9c6d914c4b8d9caULL);
  REQUIRE(crc64(0, s.data(), 0) == 0);
}

TEST_CASE("crc64 can be computed in pieces", "[rdb]") {
  const std::string s = "This is a longer input spread over several calls";
  uint64_t whole = crc64(0, s.data(), s.size());
  uint64_t part = crc64(0, s.data(), 10);
  part = crc64(part, s.data() + 10, s.size() - 10);
  REQUIRE(part == whole);
}
