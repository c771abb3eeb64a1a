// The HyperLogLog engine: its self-test, sparse and dense agreeing register by register, the
// promotion rules, the cache bytes and corrupt values refused.
#include <catch.hpp>
#include <string>
#include <vector>

#include "datatypes/hll.h"

using namespace sable;  // NOLINT: test file

TEST_CASE("hll: the self-test passes", "[hll]") { CHECK(hll::self_test().empty()); }

TEST_CASE("hll: a new value is sparse, valid and counts zero", "[hll]") {
  std::string h = hll::create();
  CHECK(hll::looks_valid(h));
  CHECK(hll::is_sparse(h));
  CHECK(h.size() == hll::kHeaderSize + 2);  // one XZERO run of 16384
  std::vector<uint8_t> regs(hll::kRegisters);
  REQUIRE(hll::registers(h, regs.data()));
  CHECK(hll::estimate(regs.data()) == 0);
  uint64_t n;
  CHECK(hll::cached_count(h, &n));
}

TEST_CASE("hll: sparse and dense hold the same registers", "[hll]") {
  std::string sparse = hll::create(), dense = hll::create();
  REQUIRE(hll::to_dense(&dense));
  CHECK(dense.size() == hll::kDenseSize);
  for (int i = 0; i < 2000; ++i) {
    std::string e = "k" + std::to_string(i * 7919);
    int a = hll::add(&sparse, e, 1 << 20), b = hll::add(&dense, e, 1 << 20);
    REQUIRE(a == b);
  }
  std::vector<uint8_t> r1(hll::kRegisters), r2(hll::kRegisters);
  REQUIRE(hll::registers(sparse, r1.data()));
  REQUIRE(hll::registers(dense, r2.data()));
  CHECK(r1 == r2);
  uint64_t n = hll::estimate(r1.data());
  CHECK(n > 1900);
  CHECK(n < 2100);
  // Adding an element already counted changes nothing.
  CHECK(hll::add(&sparse, "k0", 1 << 20) == 0);
}

TEST_CASE("hll: a sparse value over the byte limit becomes dense", "[hll]") {
  std::string h = hll::create();
  for (int i = 0; i < 100; ++i) REQUIRE(hll::add(&h, "e" + std::to_string(i), 40) >= 0);
  CHECK_FALSE(hll::is_sparse(h));
  CHECK(h.size() == hll::kDenseSize);
}

TEST_CASE("hll: a register above 32 forces dense", "[hll]") {
  std::string h = hll::create();
  CHECK(hll::set_register(&h, 100, 33, 3000) == 1);
  CHECK_FALSE(hll::is_sparse(h));
  std::vector<uint8_t> regs(hll::kRegisters);
  REQUIRE(hll::registers(h, regs.data()));
  CHECK(regs[100] == 33);
}

TEST_CASE("hll: the cache byte", "[hll]") {
  std::string h = hll::create();
  hll::invalidate_cache(&h);
  uint64_t n;
  CHECK_FALSE(hll::cached_count(h, &n));
  hll::set_cached_count(&h, 12345);
  REQUIRE(hll::cached_count(h, &n));
  CHECK(n == 12345);
}

TEST_CASE("hll: corrupt values are refused", "[hll]") {
  CHECK_FALSE(hll::looks_valid("HYLL"));
  CHECK_FALSE(hll::looks_valid(std::string("HYLX") + std::string(14, '\0')));
  std::string dense = hll::create();
  REQUIRE(hll::to_dense(&dense));
  dense.push_back('x');
  CHECK_FALSE(hll::looks_valid(dense));
  // A sparse body that does not cover exactly 16384 registers.
  std::string h = hll::create();
  h.back() = '\x00';  // XZERO of 16129 instead of 16384
  std::vector<uint8_t> regs(hll::kRegisters);
  CHECK_FALSE(hll::registers(h, regs.data()));
  CHECK(hll::add(&h, "x", 3000) <= 1);  // may refuse or succeed, never crash
  std::string cut = hll::create();
  cut.pop_back();  // XZERO cut short
  CHECK_FALSE(hll::registers(cut, regs.data()));
  CHECK(hll::add(&cut, "x", 3000) == -1);
}
