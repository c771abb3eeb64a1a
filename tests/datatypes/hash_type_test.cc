// Engine tests for the hash type: listpack edits, conversion to hashtable at the configured
// limits, a randomized comparison with std::map, SCAN across table growth, clone and memory.
#include "datatypes/hash_type.h"

#include <catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>

using sable::Encoding;
using sable::Hash;
using sable::HashLimits;

namespace {

std::map<std::string, std::string> contents(const Hash& h) {
  std::map<std::string, std::string> m;
  h.for_each([&](std::string_view f, std::string_view v) {
    REQUIRE(m.emplace(std::string(f), std::string(v)).second);
  });
  return m;
}

}  // namespace

TEST_CASE("hash listpack set, update, delete keep insertion order", "[hash]") {
  Hash h = Hash::create();
  HashLimits lim;
  REQUIRE(h.enc == Encoding::kListpack);
  REQUIRE(h.set("a", "1", lim));
  REQUIRE(h.set("b", "22", lim));
  REQUIRE(h.set("c", "333", lim));
  REQUIRE_FALSE(h.set("b", "a longer value than before", lim));
  REQUIRE_FALSE(h.set("c", "", lim));
  std::vector<std::string> order;
  h.for_each([&](std::string_view f, std::string_view) { order.emplace_back(f); });
  REQUIRE(order == std::vector<std::string>{"a", "b", "c"});
  std::string_view v;
  REQUIRE(h.get("b", &v));
  REQUIRE(v == "a longer value than before");
  REQUIRE(h.get("c", &v));
  REQUIRE(v.empty());
  REQUIRE(h.del("a"));
  REQUIRE_FALSE(h.del("a"));
  REQUIRE(h.size() == 2);
  REQUIRE_FALSE(h.exists("a"));
  REQUIRE(h.del("b"));
  REQUIRE(h.del("c"));
  REQUIRE(h.empty());
  h.destroy();
}

TEST_CASE("hash converts on long values and on entry count", "[hash]") {
  HashLimits lim{4, 8};
  Hash h = Hash::create();
  h.set("f", "12345678", lim);  // exactly the value limit: stays compact
  REQUIRE(h.enc == Encoding::kListpack);
  h.set("g", "123456789", lim);
  REQUIRE(h.enc == Encoding::kHashtable);
  REQUIRE(contents(h) == std::map<std::string, std::string>{{"f", "12345678"}, {"g", "123456789"}});
  h.destroy();

  h = Hash::create();
  h.set("long-field-name", "1", lim);
  REQUIRE(h.enc == Encoding::kHashtable);
  h.destroy();

  h = Hash::create();
  for (int i = 0; i < 4; ++i) h.set("f" + std::to_string(i), "v", lim);
  REQUIRE(h.enc == Encoding::kListpack);
  h.set("f1", "updated", lim);  // an update does not grow the count
  REQUIRE(h.enc == Encoding::kListpack);
  h.set("f4", "v", lim);
  REQUIRE(h.enc == Encoding::kHashtable);
  REQUIRE(h.size() == 5);
  h.del("f4");
  h.del("f3");
  REQUIRE(h.enc == Encoding::kHashtable);  // never converts back
  h.destroy();
}

TEST_CASE("hash random operations match std::map in both encodings", "[hash]") {
  for (size_t max_entries : {size_t{0}, size_t{16}, size_t{1000}}) {
    HashLimits lim{max_entries, 20};
    Hash h = Hash::create();
    std::map<std::string, std::string> model;
    std::mt19937_64 rng(42);
    for (int i = 0; i < 20000; ++i) {
      std::string f = "f" + std::to_string(rng() % 300);
      if (rng() % 3) {
        std::string v(rng() % 25, static_cast<char>('a' + rng() % 26));
        REQUIRE(h.set(f, v, lim) == (model.count(f) == 0));
        model[f] = v;
      } else {
        REQUIRE(h.del(f) == (model.erase(f) == 1));
      }
      if (i % 1000 == 0) REQUIRE(contents(h) == model);
    }
    REQUIRE(contents(h) == model);
    REQUIRE(h.size() == model.size());
    Hash c = h.clone();
    REQUIRE(c.enc == h.enc);
    REQUIRE(contents(c) == model);
    REQUIRE(c.memory() > 0);
    c.destroy();
    h.destroy();
  }
}

TEST_CASE("hash scan returns every stable field across growth", "[hash]") {
  HashLimits lim{0, 64};
  Hash h = Hash::create();
  for (int i = 0; i < 100; ++i) h.set("base" + std::to_string(i), "v", lim);
  REQUIRE(h.enc == Encoding::kHashtable);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int added = 0;
  do {
    cursor = h.scan(cursor, [&](std::string_view f, std::string_view) { seen.emplace(f); });
    // Grow the table a lot between the first calls.
    if (added < 2000)
      for (int k = 0; k < 50; ++k) h.set("extra" + std::to_string(added++), "v", lim);
  } while (cursor != 0);
  for (int i = 0; i < 100; ++i) REQUIRE(seen.count("base" + std::to_string(i)) == 1);
  h.destroy();
}

TEST_CASE("hash scan of a listpack returns everything with cursor 0", "[hash]") {
  HashLimits lim;
  Hash h = Hash::create();
  h.set("a", "1", lim);
  h.set("b", "2", lim);
  int n = 0;
  REQUIRE(h.scan(0, [&](std::string_view, std::string_view) { ++n; }) == 0);
  REQUIRE(n == 2);
  std::mt19937_64 rng(1);
  for (int i = 0; i < 50; ++i) {
    Hash::Pair p = h.random_pair(rng);
    REQUIRE((p == Hash::Pair{"a", "1"} || p == Hash::Pair{"b", "2"}));
  }
  h.destroy();
}
