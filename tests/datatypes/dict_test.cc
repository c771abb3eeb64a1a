// Tests for IntrusiveDict: lookups across incremental growth and shrinking, and the SCAN
// guarantee (every element present for the whole scan is returned at least once) while the table
// is resized between SCAN calls.
#include "datatypes/dict.h"

#include <algorithm>
#include <catch.hpp>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

struct TestNode {
  TestNode* next = nullptr;
  std::string key;
};

struct TestTraits {
  using Node = TestNode;
  static TestNode*& next(TestNode* n) { return n->next; }
  static std::string_view key(const TestNode* n) { return n->key; }
};

using Dict = sable::IntrusiveDict<TestTraits>;

// Owns the nodes of a dict so each test can add and drop keys freely.
class Table {
 public:
  ~Table() {
    dict.clear([](TestNode* n) { delete n; });
  }

  bool add(const std::string& k) {
    if (dict.find(k)) return false;
    auto* n = new TestNode;
    n->key = k;
    dict.insert(n);
    return true;
  }
  bool drop(const std::string& k) {
    TestNode* n = dict.remove(k);
    delete n;
    return n != nullptr;
  }
  // Runs a full SCAN with `between(step)` called after each cursor step; returns every key seen.
  template <class F>
  std::unordered_set<std::string> scan_all(F&& between, size_t max_steps = 1000000) {
    std::unordered_set<std::string> seen;
    uint64_t cursor = 0;
    size_t steps = 0;
    do {
      cursor = dict.scan(cursor, [&](TestNode* n) { seen.insert(n->key); });
      between(steps);
      REQUIRE(++steps < max_steps);
    } while (cursor != 0);
    return seen;
  }

  Dict dict;
};

std::string key_of(int i) { return "key:" + std::to_string(i); }

void finish_rehash(Dict& d) {
  for (int i = 0; i < 1000000 && d.rehash(100); ++i) {
  }
  REQUIRE_FALSE(d.rehashing());
}

}  // namespace

TEST_CASE("dict: empty table", "[dict]") {
  Table t;
  CHECK(t.dict.size() == 0);
  CHECK(t.dict.find("x") == nullptr);
  CHECK(t.dict.remove("x") == nullptr);
  CHECK(t.dict.scan(0, [](TestNode*) { FAIL("visited a node in an empty table"); }) == 0);
  std::mt19937_64 rng(1);
  CHECK(t.dict.random_node(rng) == nullptr);
}

TEST_CASE("dict: insert, find and remove across growth and shrink", "[dict]") {
  Table t;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    REQUIRE(t.add(key_of(i)));
    // Everything inserted so far stays reachable, even mid-rehash.
    if (i % 997 == 0)
      for (int j = 0; j <= i; j += 7) REQUIRE(t.dict.find(key_of(j)) != nullptr);
  }
  CHECK(t.dict.size() == n);
  CHECK(t.dict.bucket_count() >= static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) REQUIRE(t.dict.find(key_of(i))->key == key_of(i));
  CHECK(t.dict.find("key:-1") == nullptr);

  // Remove all but every 50th key, then shrink.
  for (int i = 0; i < n; ++i)
    if (i % 50) REQUIRE(t.drop(key_of(i)));
  CHECK(t.dict.size() == n / 50);
  finish_rehash(t.dict);
  size_t before = t.dict.bucket_count();
  t.dict.shrink_if_needed();
  CHECK(t.dict.rehashing());
  // Lookups work while the shrink is in progress.
  for (int i = 0; i < n; i += 50) REQUIRE(t.dict.find(key_of(i)) != nullptr);
  finish_rehash(t.dict);
  CHECK(t.dict.bucket_count() < before);
  CHECK(t.dict.bucket_count() >= t.dict.size());
  for (int i = 0; i < n; ++i) REQUIRE((t.dict.find(key_of(i)) != nullptr) == (i % 50 == 0));
  // Removing the rest leaves an empty table that can grow again.
  for (int i = 0; i < n; i += 50) REQUIRE(t.drop(key_of(i)));
  CHECK(t.dict.size() == 0);
  REQUIRE(t.add("again"));
  CHECK(t.dict.find("again") != nullptr);
}

TEST_CASE("dict: incremental rehash moves buckets a few at a time", "[dict]") {
  Table t;
  int i = 0;
  // Fill until a resize starts.
  while (!t.dict.rehashing()) REQUIRE(t.add(key_of(i++)));
  const int total = i;
  size_t buckets_during = t.dict.bucket_count();
  // Both tables exist: old plus new.
  CHECK(buckets_during > static_cast<size_t>(total));
  // Every key stays findable between steps. (With a seeded hash, the old table's keys may all sit
  // in one bucket, so a single step can finish the move.)
  int steps = 0;
  bool more = true;
  while (more) {
    more = t.dict.rehash(1);
    ++steps;
    for (int j = 0; j < total; ++j) REQUIRE(t.dict.find(key_of(j)) != nullptr);
  }
  CHECK(steps >= 1);
  CHECK(t.dict.bucket_count() < buckets_during);
  CHECK(t.dict.size() == static_cast<size_t>(total));
}

TEST_CASE("dict: replace and unlink through slots", "[dict]") {
  Table t;
  for (int i = 0; i < 100; ++i) t.add(key_of(i));
  auto slot = t.dict.find_slot(key_of(42));
  REQUIRE(slot);
  auto* fresh = new TestNode;
  fresh->key = key_of(42);
  TestNode* old = *slot.link;
  t.dict.replace(slot.link, fresh);
  delete old;
  CHECK(t.dict.find(key_of(42)) == fresh);
  CHECK(t.dict.size() == 100);
  slot = t.dict.find_slot(key_of(42));
  delete t.dict.unlink(slot);
  CHECK(t.dict.find(key_of(42)) == nullptr);
  CHECK(t.dict.size() == 99);
}

TEST_CASE("dict: full scan of a stable table returns each key exactly once", "[dict]") {
  for (int n : {1, 3, 4, 5, 100, 1000, 4097}) {
    Table t;
    for (int i = 0; i < n; ++i) t.add(key_of(i));
    finish_rehash(t.dict);
    std::unordered_map<std::string, int> counts;
    uint64_t cursor = 0;
    do {
      cursor = t.dict.scan(cursor, [&](TestNode* e) { ++counts[e->key]; });
    } while (cursor != 0);
    REQUIRE(counts.size() == static_cast<size_t>(n));
    for (auto& [k, c] : counts) REQUIRE(c == 1);
  }
}

TEST_CASE("dict: scan guarantee while the table grows", "[dict][scan]") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    Table t;
    const int initial = 20 + rng() % 2000;
    for (int i = 0; i < initial; ++i) t.add(key_of(i));
    int next = initial;
    const int per_step = 1 + rng() % 40;
    auto seen = t.scan_all([&](size_t) {
      // Growth is capped: a table that grows faster than the cursor advances never finishes.
      int k = rng() % (per_step + 1);
      for (int j = 0; j < k && next < initial * 16; ++j) t.add(key_of(next++));
      if (rng() % 4 == 0) t.dict.rehash(1 + rng() % 3);
    });
    INFO("seed " << seed << " initial " << initial << " grown to " << t.dict.size());
    for (int i = 0; i < initial; ++i) REQUIRE(seen.count(key_of(i)));
  }
}

TEST_CASE("dict: scan guarantee while the table shrinks", "[dict][scan]") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    Table t;
    const int initial = 500 + rng() % 8000;
    for (int i = 0; i < initial; ++i) t.add(key_of(i));
    finish_rehash(t.dict);
    // About 5% of the keys stay for the whole scan; the others are deleted as it runs.
    std::vector<std::string> kept, doomed;
    for (int i = 0; i < initial; ++i) (rng() % 20 == 0 ? kept : doomed).push_back(key_of(i));
    std::shuffle(doomed.begin(), doomed.end(), rng);
    const int per_step = 5 + rng() % 100;
    size_t shrinks = 0;
    auto seen = t.scan_all([&](size_t) {
      for (int j = 0; j < per_step && !doomed.empty(); ++j) {
        t.drop(doomed.back());
        doomed.pop_back();
      }
      bool was = t.dict.rehashing();
      t.dict.shrink_if_needed();
      if (!was && t.dict.rehashing()) ++shrinks;
      t.dict.rehash(rng() % 4);
    });
    INFO("seed " << seed << " initial " << initial << " kept " << kept.size());
    CHECK(shrinks > 0);
    for (auto& k : kept) REQUIRE(seen.count(k));
  }
}

TEST_CASE("dict: scan guarantee under random growth and shrinking", "[dict][scan]") {
  for (unsigned seed = 100; seed < 130; ++seed) {
    std::mt19937 rng(seed);
    Table t;
    std::vector<std::string> stable;
    for (int i = 0; i < 300; ++i) {
      stable.push_back("stable:" + std::to_string(i));
      t.add(stable.back());
    }
    std::vector<std::string> churn;
    int next = 0;
    auto seen = t.scan_all([&](size_t step) {
      // Alternate phases of heavy insertion and heavy deletion.
      bool grow = (step / 8) % 2 == 0;
      if (grow) {
        for (int j = 0, k = rng() % 300; j < k; ++j) {
          churn.push_back("churn:" + std::to_string(next++));
          t.add(churn.back());
        }
      } else {
        for (int j = 0, k = rng() % 400; j < k && !churn.empty(); ++j) {
          size_t at = rng() % churn.size();
          std::swap(churn[at], churn.back());
          t.drop(churn.back());
          churn.pop_back();
        }
        t.dict.shrink_if_needed();
      }
      t.dict.rehash(rng() % 3);
    });
    INFO("seed " << seed);
    for (auto& k : stable) REQUIRE(seen.count(k));
  }
}

TEST_CASE("dict: random_node returns members, all of them eventually", "[dict]") {
  std::mt19937_64 rng(7);
  Table t;
  for (int i = 0; i < 16; ++i) t.add(key_of(i));
  std::set<std::string> drawn;
  for (int i = 0; i < 5000; ++i) {
    TestNode* n = t.dict.random_node(rng);
    REQUIRE(n != nullptr);
    REQUIRE(t.dict.find(n->key) == n);
    drawn.insert(n->key);
  }
  CHECK(drawn.size() == 16);

  // While a long rehash is in progress (draws themselves step the rehash, so use a big table).
  int i = 16;
  while (t.dict.size() < 40000 || !t.dict.rehashing()) t.add(key_of(i++));
  for (int j = 0; j < 2000; ++j) {
    TestNode* n = t.dict.random_node(rng);
    REQUIRE(n != nullptr);
    REQUIRE(t.dict.find(n->key) == n);
  }
  CHECK(t.dict.rehashing());
}

TEST_CASE("dict: move and swap", "[dict]") {
  Table a, b;
  for (int i = 0; i < 50; ++i) a.add(key_of(i));
  b.add("only-b");
  a.dict.swap(b.dict);
  CHECK(a.dict.size() == 1);
  CHECK(b.dict.size() == 50);
  CHECK(a.dict.find("only-b") != nullptr);
  CHECK(b.dict.find(key_of(49)) != nullptr);
  Dict moved(std::move(b.dict));
  CHECK(moved.size() == 50);
  CHECK(b.dict.size() == 0);
  moved.clear([](TestNode* n) { delete n; });
}

TEST_CASE("dict: random_node picks every node about equally often", "[dict]") {
  // Small tables have collisions (10 keys in 16 buckets); a node sharing a bucket must not be
  // drawn less often than one alone. Also checked on a sparse table after deletions.
  for (int keep : {10, 7}) {
    Table t;
    for (int i = 0; i < 10; ++i) REQUIRE(t.add(key_of(i)));
    for (int i = keep; i < 10; ++i) REQUIRE(t.drop(key_of(i)));
    std::mt19937_64 rng(12345);
    std::unordered_map<std::string, int> hits;
    const int draws = 70000;
    for (int i = 0; i < draws; ++i) ++hits[t.dict.random_node(rng)->key];
    REQUIRE(hits.size() == static_cast<size_t>(keep));
    double expected = static_cast<double>(draws) / keep, chi = 0;
    for (auto& [k, n] : hits) chi += (n - expected) * (n - expected) / expected;
    CHECK(chi < 40);  // df <= 9: 40 has probability ~1e-5, as Redis's own test uses
  }
}
