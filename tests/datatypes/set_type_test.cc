// Engine tests for the set type: intset ordering and width upgrades (16 → 32 → 64 bits),
// conversion to hashtable, a randomized comparison with std::set, SCAN across growth, pops.
#include "datatypes/set_type.h"

#include <catch.hpp>
#include <climits>
#include <random>
#include <set>
#include <string>
#include <vector>

using sable::Encoding;
using sable::Intset;
using sable::Set;
using sable::SetLimits;

namespace {

std::vector<std::string> members(const Set& s) {
  std::vector<std::string> out;
  s.for_each([&](std::string_view m) { out.emplace_back(m); });
  return out;
}

}  // namespace

TEST_CASE("intset keeps values sorted and upgrades its width", "[set]") {
  Intset* is = Intset::create();
  bool added;
  REQUIRE(is->width == 2);
  for (int64_t v : {5, -3, 100, 0}) is = Intset::add(is, v, &added);
  REQUIRE(is->width == 2);
  is = Intset::add(is, 5, &added);
  REQUIRE_FALSE(added);
  is = Intset::add(is, 40000, &added);  // past int16: 32-bit, appended
  REQUIRE(added);
  REQUIRE(is->width == 4);
  is = Intset::add(is, -5000000000LL, &added);  // past int32: 64-bit, prepended
  REQUIRE(is->width == 8);
  std::vector<int64_t> got;
  for (size_t i = 0; i < is->length; ++i) got.push_back(is->get(i));
  REQUIRE(got == std::vector<int64_t>{-5000000000LL, -3, 0, 5, 100, 40000});
  REQUIRE(is->contains(40000));
  REQUIRE_FALSE(is->contains(41));
  size_t pos;
  REQUIRE(is->search(100, &pos));
  is = Intset::remove_at(is, pos);
  REQUIRE(is->length == 5);
  REQUIRE(is->width == 8);  // never downgrades, like Redis
  is = Intset::add(is, INT64_MIN, &added);
  is = Intset::add(is, INT64_MAX, &added);
  REQUIRE(is->get(0) == INT64_MIN);
  REQUIRE(is->get(is->length - 1) == INT64_MAX);
  std::free(is);
}

TEST_CASE("intset upgrade from 16 straight to 64 bits keeps order", "[set]") {
  Intset* is = Intset::create();
  bool added;
  for (int v = -10; v <= 10; ++v) is = Intset::add(is, v * 7, &added);
  is = Intset::add(is, 1LL << 40, &added);
  REQUIRE(is->width == 8);
  for (size_t i = 1; i < is->length; ++i) REQUIRE(is->get(i - 1) < is->get(i));
  REQUIRE(is->get(is->length - 1) == (1LL << 40));
  std::free(is);
}

TEST_CASE("set converts to hashtable on non-integers and past the entry limit", "[set]") {
  SetLimits lim{4};
  Set s = Set::create_intset();
  for (const char* m : {"3", "1", "2"}) REQUIRE(s.add(m, lim));
  REQUIRE(s.enc == Encoding::kIntset);
  REQUIRE(members(s) == std::vector<std::string>{"1", "2", "3"});
  REQUIRE_FALSE(s.add("2", lim));
  REQUIRE_FALSE(s.contains("02"));  // not canonical: not the integer 2
  REQUIRE(s.add("02", lim));        // ... so it is a new string member
  REQUIRE(s.enc == Encoding::kHashtable);
  REQUIRE(s.contains("2"));
  REQUIRE(s.contains("02"));
  s.destroy();

  s = Set::create_intset();
  for (int i = 0; i < 4; ++i) s.add(std::to_string(i), lim);
  REQUIRE(s.enc == Encoding::kIntset);
  s.add("4", lim);
  REQUIRE(s.enc == Encoding::kHashtable);
  REQUIRE(s.size() == 5);
  s.destroy();
}

TEST_CASE("set random operations match std::set in both encodings", "[set]") {
  for (size_t max_intset : {size_t{0}, size_t{64}, size_t{100000}}) {
    SetLimits lim{max_intset};
    Set s = Set::create_intset();
    std::set<std::string> model;
    std::mt19937_64 rng(7);
    bool strings = max_intset == 64;
    for (int i = 0; i < 20000; ++i) {
      std::string m = std::to_string(static_cast<int64_t>(rng() % 500) - 250);
      if (strings && rng() % 50 == 0) m = "s" + m;
      if (rng() % 3) {
        REQUIRE(s.add(m, lim) == model.insert(m).second);
      } else {
        REQUIRE(s.remove(m) == (model.erase(m) == 1));
      }
      REQUIRE(s.size() == model.size());
    }
    auto got = members(s);
    REQUIRE(std::set<std::string>(got.begin(), got.end()) == model);
    REQUIRE(got.size() == model.size());
    Set c = s.clone();
    auto cloned = members(c);
    REQUIRE(std::set<std::string>(cloned.begin(), cloned.end()) == model);
    REQUIRE(cloned.size() == model.size());
    c.destroy();
    std::mt19937_64 r2(3);
    while (!s.empty()) {
      std::string m = s.pop_random(r2);
      REQUIRE(model.erase(m) == 1);
    }
    REQUIRE(model.empty());
    s.destroy();
  }
}

TEST_CASE("set scan returns every stable member across growth and shrink", "[set]") {
  SetLimits lim{0};
  Set s = Set::create_intset();
  for (int i = 0; i < 200; ++i) s.add("m" + std::to_string(i), lim);
  REQUIRE(s.enc == Encoding::kHashtable);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int step = 0;
  do {
    cursor = s.scan(cursor, [&](std::string_view m) { seen.emplace(m); });
    if (step < 10) {
      for (int k = 0; k < 100; ++k) s.add("g" + std::to_string(step * 100 + k), lim);
    } else {
      for (int k = 0; k < 100; ++k) s.remove("g" + std::to_string((step - 10) * 100 + k));
    }
    ++step;
  } while (cursor != 0);
  for (int i = 0; i < 200; ++i) REQUIRE(seen.count("m" + std::to_string(i)) == 1);
  s.destroy();
}

TEST_CASE("intset scan returns everything at once", "[set]") {
  SetLimits lim;
  Set s = Set::create_intset();
  s.add("10", lim);
  s.add("-1", lim);
  std::vector<std::string> got;
  REQUIRE(s.scan(5, [&](std::string_view m) { got.emplace_back(m); }) == 0);
  REQUIRE(got == std::vector<std::string>{"-1", "10"});
  REQUIRE(s.memory() == 8 + 2 * 2);
  s.destroy();
}
