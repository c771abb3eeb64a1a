// Engine tests for the sorted set (datatypes/zset_type.h): both encodings, conversion, ranks,
// ranges, removals, and a long random run checked against a std::set model.
#include "datatypes/zset_type.h"

#include <algorithm>
#include <catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace sable;

namespace {

using Model = std::set<std::pair<double, std::string>>;

std::vector<std::pair<std::string, double>> all(const ZSet& z, bool rev = false) {
  std::vector<std::pair<std::string, double>> v;
  for (auto it = z.begin(rev); it.valid(); it.next()) v.emplace_back(it.member(), it.score());
  return v;
}

void add(ZSet* z, std::string_view m, double s, const ZSet::Limits& lim) {
  double ns;
  z->add(m, s, 0, &ns, lim);
}

ZScoreRange srange(double a, double b, bool ax = false, bool bx = false) {
  ZScoreRange r;
  r.min = a;
  r.max = b;
  r.minex = ax;
  r.maxex = bx;
  return r;
}

}  // namespace

TEST_CASE("zset basic add, score, rank in both encodings", "[zset]") {
  for (size_t entries : {size_t(128), size_t(0)}) {
    ZSet::Limits lim{entries, 64};
    ZSet* z = ZSet::create(lim);
    CHECK(z->encoding() == (entries ? Encoding::kListpack : Encoding::kSkiplist));
    add(z, "b", 2, lim);
    add(z, "a", 1, lim);
    add(z, "c", 2, lim);
    add(z, "neg", -1.5, lim);
    CHECK(z->size() == 4);
    double s;
    REQUIRE(z->score("neg", &s));
    CHECK(s == -1.5);
    CHECK_FALSE(z->score("zz", &s));
    size_t r;
    REQUIRE(z->rank("c", false, &r));
    CHECK(r == 3);
    REQUIRE(z->rank("c", true, &r));
    CHECK(r == 0);
    auto v = all(*z);
    REQUIRE(v.size() == 4);
    CHECK(v[0].first == "neg");
    CHECK(v[1].first == "a");
    CHECK(v[2].first == "b");
    CHECK(v[3].first == "c");
    auto rv = all(*z, true);
    CHECK(rv[0].first == "c");
    CHECK(rv[3].first == "neg");
    CHECK(z->at_rank(2, false).member() == "b");
    CHECK(z->at_rank(0, true).member() == "c");
    CHECK_FALSE(z->at_rank(4, false).valid());
    CHECK(z->check());
    delete z;
  }
}

TEST_CASE("zset add flags", "[zset]") {
  ZSet::Limits lim;
  ZSet* z = ZSet::create(lim);
  double ns = 0;
  CHECK(z->add("a", 5, 0, &ns, lim) == ZSet::AddResult::kAdded);
  CHECK(z->add("a", 5, 0, &ns, lim) == ZSet::AddResult::kUnchanged);
  CHECK(z->add("a", 6, ZSet::kNX, &ns, lim) == ZSet::AddResult::kSkipped);
  CHECK(z->add("b", 6, ZSet::kXX, &ns, lim) == ZSet::AddResult::kSkipped);
  CHECK(z->add("a", 4, ZSet::kGT, &ns, lim) == ZSet::AddResult::kSkipped);
  CHECK(z->add("a", 7, ZSet::kGT, &ns, lim) == ZSet::AddResult::kUpdated);
  CHECK(z->add("a", 8, ZSet::kLT, &ns, lim) == ZSet::AddResult::kSkipped);
  CHECK(z->add("a", 2, ZSet::kIncr, &ns, lim) == ZSet::AddResult::kUpdated);
  CHECK(ns == 9);
  CHECK(z->add("a", INFINITY, ZSet::kIncr, &ns, lim) == ZSet::AddResult::kUpdated);
  CHECK(z->add("a", -INFINITY, ZSet::kIncr, &ns, lim) == ZSet::AddResult::kNaN);
  CHECK(z->add("a", NAN, 0, &ns, lim) == ZSet::AddResult::kNaN);
  delete z;
}

TEST_CASE("zset score encodings round-trip in listpack", "[zset]") {
  ZSet::Limits lim;
  ZSet* z = ZSet::create(lim);
  std::vector<double> scores = {0, -0.0, 1, -1, 119, -120, 120, -121, 1e15, -1e15, 0.1, 1.5,
                                9007199254740992.0, 1e300, INFINITY, -INFINITY, -9007199254740991.0,
                                4.5e-300,
                                // the listpack integer element edges, and 2^53 on both sides
                                127, 128, 4095, 4096, -4096, -4097, 32768, -8388609, 2147483648.0,
                                9007199254740991.0, -9007199254740992.0, 5e-324};
  for (size_t i = 0; i < scores.size(); ++i) add(z, "m" + std::to_string(i), scores[i], lim);
  for (size_t i = 0; i < scores.size(); ++i) {
    double s;
    REQUIRE(z->score("m" + std::to_string(i), &s));
    CHECK(s == scores[i]);
    // The listpack stores -0 as 0, as Redis does.
    CHECK(std::signbit(s) == (std::signbit(scores[i]) && scores[i] != 0));
  }
  CHECK(z->check());
  // Both walking directions see the same sorted sequence.
  auto fwd = all(*z), rev = all(*z, true);
  std::reverse(rev.begin(), rev.end());
  CHECK(fwd == rev);
  CHECK(std::is_sorted(fwd.begin(), fwd.end(), [](const auto& a, const auto& b) {
    return a.second < b.second || (a.second == b.second && a.first < b.first);
  }));
  delete z;
}

TEST_CASE("zset converts to skiplist at the limits", "[zset]") {
  ZSet::Limits lim{4, 8};
  ZSet* z = ZSet::create(lim);
  for (int i = 0; i < 4; ++i) add(z, "m" + std::to_string(i), i, lim);
  CHECK(z->encoding() == Encoding::kListpack);
  add(z, "m4", 4, lim);
  CHECK(z->encoding() == Encoding::kSkiplist);
  CHECK(z->size() == 5);
  CHECK(z->check());
  delete z;

  z = ZSet::create(lim);
  add(z, "short", 1, lim);
  add(z, "longer-than-8", 1, lim);
  CHECK(z->encoding() == Encoding::kSkiplist);
  z->remove("longer-than-8");
  z->shrink_encoding_if_fits(lim);
  CHECK(z->encoding() == Encoding::kListpack);
  CHECK(all(*z).size() == 1);
  delete z;

  z = ZSet::create(lim, 9);
  CHECK(z->encoding() == Encoding::kSkiplist);
  delete z;
}

TEST_CASE("zset score and lex ranges", "[zset]") {
  for (size_t entries : {size_t(128), size_t(0)}) {
    ZSet::Limits lim{entries, 64};
    ZSet* z = ZSet::create(lim);
    for (int i = 1; i <= 10; ++i) add(z, std::string(1, char('a' + i - 1)), i, lim);
    CHECK(z->count(srange(2, 5)) == 4);
    CHECK(z->count(srange(2, 5, true, true)) == 2);
    CHECK(z->count(srange(-INFINITY, INFINITY)) == 10);
    CHECK(z->count(srange(5, 2)) == 0);
    CHECK(z->count(srange(5, 5, true)) == 0);
    auto it = z->first_in(srange(2.5, 7), true);
    REQUIRE(it.valid());
    CHECK(it.member() == "g");
    it = z->first_in(srange(2.5, 7), false);
    CHECK(it.member() == "c");
    CHECK_FALSE(z->first_in(srange(11, 20), false).valid());
    CHECK_FALSE(z->first_in(srange(11, 20), true).valid());
    CHECK_FALSE(z->first_in(srange(-5, 0), true).valid());

    ZLexRange lr;
    lr.min = "b";
    lr.min_kind = ZLexRange::kString;
    lr.max = "d";
    lr.max_kind = ZLexRange::kString;
    lr.maxex = true;
    CHECK(z->count(lr) == 2);
    CHECK(z->first_in(lr, true).member() == "c");
    CHECK(z->remove_range(lr) == 2);
    CHECK(z->size() == 8);
    CHECK(z->remove_range(srange(9, INFINITY)) == 2);
    CHECK(z->remove_rank_range(0, 1) == 2);  // a, d
    auto v = all(*z);
    REQUIRE(v.size() == 4);
    CHECK(v[0].first == "e");
    std::vector<std::pair<std::string, double>> popped;
    z->pop(true, 2, &popped);
    REQUIRE(popped.size() == 2);
    CHECK(popped[0].first == "h");
    CHECK(popped[1].first == "g");
    CHECK(z->size() == 2);
    CHECK(z->check());
    delete z;
  }
}

TEST_CASE("zset random operations match a std::set model", "[zset]") {
  for (size_t entries : {size_t(16), size_t(128), size_t(0)}) {
    std::mt19937 rng(42 + entries);
    ZSet::Limits lim{entries, 64};
    ZSet* z = ZSet::create(lim);
    Model model;
    std::map<std::string, double> scores;
    auto check_all = [&] {
      REQUIRE(z->size() == model.size());
      size_t i = 0;
      auto v = all(*z);
      for (auto& [s, m] : model) {
        REQUIRE(v[i].first == m);
        REQUIRE(v[i].second == s);
        ++i;
      }
    };
    for (int step = 0; step < 20000; ++step) {
      int op = rng() % 10;
      std::string m = "m" + std::to_string(rng() % 300);
      double s = static_cast<int>(rng() % 50) / 2.0;
      if (op < 5) {
        double ns;
        auto r = z->add(m, s, 0, &ns, lim);
        auto f = scores.find(m);
        if (f == scores.end()) {
          REQUIRE(r == ZSet::AddResult::kAdded);
        } else {
          model.erase({f->second, m});
        }
        scores[m] = s;
        model.insert({s, m});
      } else if (op < 7) {
        bool had = scores.count(m);
        REQUIRE(z->remove(m) == had);
        if (had) {
          model.erase({scores[m], m});
          scores.erase(m);
        }
      } else if (op == 7) {
        size_t r;
        bool had = scores.count(m);
        REQUIRE(z->rank(m, false, &r) == had);
        if (had) {
          auto pos = model.find({scores[m], m});
          REQUIRE(r == static_cast<size_t>(std::distance(model.begin(), pos)));
        }
      } else if (op == 8) {
        double a = static_cast<int>(rng() % 50) / 2.0, b = a + rng() % 5;
        size_t expect = 0;
        for (auto& [sc, mm] : model) expect += sc > a && sc <= b;
        REQUIRE(z->count(srange(a, b, true, false)) == expect);
        if (rng() % 20 == 0) {
          REQUIRE(z->remove_range(srange(a, b, true, false)) == expect);
          for (auto it = model.begin(); it != model.end();) {
            if (it->first > a && it->first <= b) {
              scores.erase(it->second);
              it = model.erase(it);
            } else {
              ++it;
            }
          }
        }
      } else if (!model.empty()) {
        size_t k = rng() % model.size();
        auto it = z->at_rank(k, rng() % 2);
        REQUIRE(it.valid());
      }
      if (step % 1000 == 0) {
        check_all();
        REQUIRE(z->check());
      }
    }
    check_all();
    ZSet* c = z->clone();
    REQUIRE(c->check());
    REQUIRE(all(*c) == all(*z));
    CHECK(c->memory() > 0);
    delete c;
    // Scan sees every member at least once.
    std::set<std::string> seen;
    uint64_t cur = 0;
    do {
      cur = z->scan(cur, 10, [&](std::string_view mm, double) { seen.insert(std::string(mm)); });
    } while (cur);
    CHECK(seen.size() == model.size());
    delete z;
  }
}
