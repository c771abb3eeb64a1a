// Engine tests for the shared compact encoding (datatypes/listpack.h): varints at every size
// boundary, integer and string element encodings at their edges, byte-for-byte equality with a
// listpack written by Redis 7.0, random edits of every shape against a std::vector model walked
// in both directions, split/merge, the saturated count, and integrity checks of damaged input.
#include "datatypes/listpack.h"

#include <array>
#include <catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

using sable::kLpForwardPairs;
using sable::kLpPairs;
using sable::kLpSingles;
using sable::Listpack;
using sable::LpElem;
using sable::LpNeedle;
using sable::LpShape;
using sable::LpValue;
namespace varint = sable::varint;

namespace {

std::vector<unsigned char> from_hex(const std::string& h) {
  std::vector<unsigned char> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<unsigned char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

const std::vector<int64_t> kIntEdges = {0,
                                        1,
                                        127,
                                        128,
                                        -1,
                                        -4096,
                                        4095,
                                        4096,
                                        -4097,
                                        32767,
                                        -32768,
                                        32768,
                                        -32769,
                                        8388607,
                                        -8388608,
                                        8388608,
                                        -8388609,
                                        2147483647,
                                        -2147483647 - 1,
                                        2147483648LL,
                                        -2147483649LL,
                                        INT64_MAX,
                                        INT64_MIN};

// What a stored element reads back as: canonical integers come back as integers.
std::string text(const LpElem& e) { return e.to_string(); }

// A random element value: integers at the edges, near-integers that must stay strings, short
// and long strings (all length classes), binary bytes.
std::string random_value(std::mt19937_64& rng) {
  switch (rng() % 10) {
    case 0:
      return std::to_string(kIntEdges[rng() % kIntEdges.size()]);
    case 1:
      return std::to_string(static_cast<int64_t>(rng()) >> (rng() % 64));
    case 2: {
      const char* odd[] = {
          "007", "-0",  "+1", " 1", "1 ", "", "-", "9223372036854775808", "-9223372036854775809",
          "1e3", "0x10"};
      return odd[rng() % 11];
    }
    case 3: {
      size_t len = rng() % 3 == 0 ? 4000 + rng() % 200 : 60 + rng() % 10;  // 12-bit / 32-bit edges
      if (rng() % 8 == 0) len = 4096 + rng() % 3;
      return std::string(len, static_cast<char>('a' + rng() % 26));
    }
    case 4: {
      std::string s(rng() % 20, '\0');
      for (auto& c : s) c = static_cast<char>(rng());
      return s;
    }
    default:
      return "v" + std::to_string(rng() % 1000);
  }
}

using Entry = std::pair<std::string, std::string>;  // second unused for width 1

void write(Listpack& lp, unsigned char* at, const Entry& e, bool replace) {
  LpValue v[2] = {LpValue::from(e.first), LpValue::from(e.second)};
  if (replace)
    lp.replace(at, v);
  else
    lp.insert(at, v);
}

Entry read(const Listpack& lp, const unsigned char* p) {
  Entry e{text(lp.get(p, 0)), ""};
  if (lp.shape().width == 2) e.second = text(lp.get(p, 1));
  return e;
}

// The listpack holds exactly `model`, walking forwards, backwards (when it can) and by seek.
void require_same(const Listpack& lp, const std::vector<Entry>& model) {
  REQUIRE(lp.check());
  REQUIRE(lp.size() == model.size());
  REQUIRE(lp.empty() == model.empty());
  size_t i = 0;
  for (unsigned char* p = lp.first(); p; p = lp.next(p), ++i) {
    REQUIRE(i < model.size());
    REQUIRE(read(lp, p) == model[i]);
  }
  REQUIRE(i == model.size());
  if (lp.shape().backlen) {
    for (unsigned char* p = lp.last(); p; p = lp.prev(p)) REQUIRE(read(lp, p) == model[--i]);
    REQUIRE(i == 0);
  }
  if (!model.empty()) {
    REQUIRE(read(lp, lp.seek(0)) == model.front());
    REQUIRE(read(lp, lp.seek(-1)) == model.back());
    size_t k = model.size() / 2;
    REQUIRE(read(lp, lp.seek(static_cast<long long>(k))) == model[k]);
  }
  REQUIRE(lp.seek(static_cast<long long>(model.size())) == nullptr);
  REQUIRE(lp.seek(-static_cast<long long>(model.size()) - 1) == nullptr);
}

void random_ops(LpShape shape, uint64_t seed, int steps) {
  std::mt19937_64 rng(seed);
  Listpack lp = Listpack::create(shape);
  std::vector<Entry> model;
  auto entry = [&] {
    return Entry{random_value(rng), shape.width == 2 ? random_value(rng) : std::string()};
  };
  for (int step = 0; step < steps; ++step) {
    size_t n = model.size();
    unsigned op = static_cast<unsigned>(rng() % 100);
    if (n > 300) op = 60 + op % 40;  // keep it small enough to walk after every step
    if (op < 20) {
      Entry e = entry();
      lp.append(std::array<LpValue, 2>{LpValue::from(e.first), LpValue::from(e.second)}.data());
      model.push_back(e);
    } else if (op < 35) {
      Entry e = entry();
      lp.prepend(std::array<LpValue, 2>{LpValue::from(e.first), LpValue::from(e.second)}.data());
      model.insert(model.begin(), e);
    } else if (op < 55) {
      size_t at = rng() % (n + 1);
      Entry e = entry();
      write(lp, at == n ? nullptr : lp.seek(static_cast<long long>(at)), e, false);
      model.insert(model.begin() + static_cast<long>(at), e);
    } else if (op < 70 && n) {
      size_t at = rng() % n;
      Entry e = entry();
      write(lp, lp.seek(static_cast<long long>(at)), e, true);
      model[at] = e;
    } else if (op < 82 && n) {
      size_t at = rng() % n, cnt = 1 + rng() % 4;
      unsigned char* after = lp.erase(lp.seek(static_cast<long long>(at)), cnt);
      cnt = std::min(cnt, n - at);
      model.erase(model.begin() + static_cast<long>(at),
                  model.begin() + static_cast<long>(at + cnt));
      if (at < model.size())
        REQUIRE(read(lp, after) == model[at]);
      else
        REQUIRE(after == nullptr);
    } else if (op < 87) {
      size_t cnt = rng() % 5;
      lp.erase_head(cnt);
      model.erase(model.begin(), model.begin() + static_cast<long>(std::min(cnt, n)));
    } else if (op < 92) {
      size_t cnt = rng() % 5;
      lp.erase_tail(cnt);
      model.resize(n - std::min(cnt, n));
    } else {
      size_t k = rng() % (n + 1);
      Listpack right = lp.split(k);
      REQUIRE(right.size() == n - k);
      REQUIRE(lp.size() == k);
      REQUIRE(right.check());
      lp.merge(right);
    }
    require_same(lp, model);
  }
  Listpack c = lp.clone();
  require_same(c, model);
  c.destroy();
  lp.destroy();
}

}  // namespace

TEST_CASE("varint: forward form round-trips at every size boundary", "[listpack]") {
  std::vector<uint64_t> vals = {0,
                                1,
                                127,
                                128,
                                16383,
                                16384,
                                (1ULL << 21) - 1,
                                1ULL << 21,
                                (1ULL << 28),
                                (1ULL << 35) - 1,
                                1ULL << 56,
                                UINT64_MAX};
  for (uint64_t v : vals) {
    unsigned char buf[16];
    size_t n = varint::put(buf, v);
    REQUIRE(n == varint::size(v));
    uint64_t back;
    REQUIRE(varint::get(buf, &back) == n);
    REQUIRE(back == v);
    REQUIRE(varint::get_checked(buf, n, &back) == n);
    REQUIRE(back == v);
    REQUIRE(varint::get_checked(buf, n - 1, &back) == 0);  // truncated
  }
  REQUIRE(varint::size(127) == 1);
  REQUIRE(varint::size(128) == 2);
  REQUIRE(varint::size(UINT64_MAX) == 10);
  unsigned char endless[12];
  std::memset(endless, 0xFF, sizeof(endless));
  uint64_t v;
  REQUIRE(varint::get_checked(endless, sizeof(endless), &v) == 0);
}

TEST_CASE("varint: back-lengths use Redis's sizes and read from their last byte", "[listpack]") {
  // (value, bytes) at each of Redis's thresholds.
  std::vector<std::pair<uint64_t, size_t>> cases = {
      {0, 1},       {127, 1},     {128, 2},       {16382, 2},     {16383, 3},
      {2097150, 3}, {2097151, 4}, {268435454, 4}, {268435455, 5}, {(1ULL << 32), 5}};
  for (auto [v, size] : cases) {
    REQUIRE(varint::back_size(v) == size);
    unsigned char buf[8] = {};
    varint::back_put(buf + 1, v);
    size_t k;
    REQUIRE(varint::back_get(buf + size, &k) == v);
    REQUIRE(k == size);
    REQUIRE((buf[1] & 0x80) == 0);  // the first byte ends a backward read
  }
  unsigned char two[2];
  varint::back_put(two, 202);  // as Redis writes 202: 0x01 0xCA
  REQUIRE(two[0] == 0x01);
  REQUIRE(two[1] == 0xCA);
}

TEST_CASE("listpack: integer elements at every encoding edge", "[listpack]") {
  Listpack lp = Listpack::create(kLpSingles);
  std::vector<std::pair<int64_t, size_t>> sizes = {
      {0, 1},         {127, 1},       {128, 2},       {-1, 2},           {-4096, 2},
      {4095, 2},      {4096, 3},      {-4097, 3},     {32767, 3},        {-32768, 3},
      {32768, 4},     {-32769, 4},    {8388607, 4},   {-8388608, 4},     {8388608, 5},
      {-8388609, 5},  {INT32_MAX, 5}, {INT32_MIN, 5}, {2147483648LL, 9}, {-2147483649LL, 9},
      {INT64_MAX, 9}, {INT64_MIN, 9}};
  for (auto [v, size] : sizes) {
    LpValue e = LpValue::integer(v);
    REQUIRE(e.size() == size);
    REQUIRE(LpValue::from(std::to_string(v)).size() == size);
    lp.append(&e);
  }
  size_t i = 0;
  for (unsigned char* p = lp.first(); p; p = lp.next(p), ++i) {
    LpElem e = lp.get(p);
    REQUIRE(e.is_int);
    REQUIRE(e.num == sizes[i].first);
    REQUIRE(lp.entry_size(p) == sizes[i].second + 1);
  }
  REQUIRE(i == sizes.size());
  REQUIRE(lp.check());
  lp.destroy();
}

TEST_CASE("listpack: strings of every length class, non-canonical numbers stay strings",
          "[listpack]") {
  Listpack lp = Listpack::create(kLpSingles);
  std::vector<std::string> vals;
  for (size_t len : {0, 1, 63, 64, 127, 128, 4095, 4096, 16380, 16383, 70000})
    vals.push_back(std::string(len, 'q'));
  for (const char* s : {"007", "-0", "+1", "1 ", "9223372036854775808", "-", "12a"})
    vals.push_back(s);
  for (const auto& v : vals) {
    LpValue e = LpValue::from(v);
    lp.append(&e);
  }
  size_t i = 0;
  for (unsigned char* p = lp.first(); p; p = lp.next(p), ++i) {
    LpElem e = lp.get(p);
    REQUIRE_FALSE(e.is_int);
    REQUIRE(e.str == vals[i]);
  }
  REQUIRE(lp.check());
  // LpValue::string keeps a canonical integer as bytes, so views into the buffer are possible.
  LpValue s = LpValue::string("12345");
  lp.prepend(&s);
  REQUIRE(lp.get(lp.first()).str == "12345");
  REQUIRE_FALSE(lp.get(lp.first()).is_int);
  lp.destroy();
}

TEST_CASE("listpack: a list node is byte for byte what Redis 7.0 writes", "[listpack]") {
  // RPUSH l <these> in redis-server 7.0.15, DUMP (rdbcompression no): the quicklist node.
  std::vector<std::string> vals = {"a",
                                   "",
                                   "1",
                                   "-1",
                                   "0",
                                   "127",
                                   "128",
                                   "-4096",
                                   "4095",
                                   "4096",
                                   "-4097",
                                   "32767",
                                   "-32768",
                                   "32768",
                                   "8388607",
                                   "-8388608",
                                   "8388608",
                                   "2147483647",
                                   "-2147483648",
                                   "2147483648",
                                   "9223372036854775807",
                                   "-9223372036854775808",
                                   "007",
                                   "-0",
                                   "+1",
                                   std::string(63, 'x'),
                                   std::string(64, 'y'),
                                   std::string(200, 'z')};
  auto rep = [](const char* byte, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += byte;
    return s;
  };
  std::string hex =
      "ca0100001c0081610280010101dfff0200017f01c08002d00002cfff02f1001003f1ffef03f1ff7f03f1008003"
      "f200800004f2ffff7f04f200008004f30000800005f3ffffff7f05f30000008005f40000008000000000"
      "09f4ffffffffffffff7f09f40000000000000080098330303704822d3003822b3103bf" +
      rep("78", 63) + "40e040" + rep("79", 64) + "42e0c8" + rep("7a", 200) + "01caff";
  std::vector<unsigned char> redis = from_hex(hex);
  REQUIRE(redis.size() == 458);

  Listpack lp = Listpack::create(kLpSingles);
  for (const auto& v : vals) {
    LpValue e = LpValue::from(v);
    lp.append(&e);
  }
  REQUIRE(lp.bytes() == redis.size());
  REQUIRE(std::memcmp(lp.raw(), redis.data(), redis.size()) == 0);
  size_t n = 0;
  REQUIRE(Listpack::validate(redis.data(), redis.size(), kLpSingles, &n));
  REQUIRE(n == vals.size());
  lp.destroy();

  // HSET h f1 v1 n 12 in Redis: a hash listpack, read as singles (Redis counts elements).
  std::vector<unsigned char> hash = from_hex("1400000004008266310382763103816e020c01ff");
  REQUIRE(Listpack::validate(hash.data(), hash.size(), kLpSingles, &n));
  REQUIRE(n == 4);
  Listpack view(hash.data(), kLpSingles);
  std::vector<std::string> got;
  for (unsigned char* p = view.first(); p; p = view.next(p)) got.push_back(view.get(p).to_string());
  REQUIRE(got == std::vector<std::string>{"f1", "v1", "n", "12"});
}

TEST_CASE("listpack: random edits match a vector model, lists (width 1)", "[listpack]") {
  for (uint64_t seed = 1; seed <= 6; ++seed) random_ops(kLpSingles, seed, 1500);
}

TEST_CASE("listpack: random edits match a vector model, pairs with back-lengths", "[listpack]") {
  for (uint64_t seed = 11; seed <= 14; ++seed) random_ops(kLpPairs, seed, 1500);
}

TEST_CASE("listpack: random edits match a vector model, forward-only pairs", "[listpack]") {
  for (uint64_t seed = 21; seed <= 24; ++seed) random_ops(kLpForwardPairs, seed, 1500);
}

TEST_CASE("listpack: pairs carry one back-length each; forward pairs none", "[listpack]") {
  LpValue v[2] = {LpValue::string("field"), LpValue::integer(5)};
  Listpack a = Listpack::create(kLpPairs);
  Listpack b = Listpack::create(kLpForwardPairs);
  a.append(v);
  b.append(v);
  REQUIRE(a.bytes() == 7 + 6 + 1 + 1);
  REQUIRE(b.bytes() == 7 + 6 + 1);
  REQUIRE(a.get(a.first(), 0).str == "field");
  REQUIRE(a.get(a.last(), 1).num == 5);
  REQUIRE(b.get(b.first(), 1).num == 5);
  a.destroy();
  b.destroy();
}

TEST_CASE("listpack: the count saturates at 65535 and comes back exact", "[listpack]") {
  Listpack lp = Listpack::create(kLpSingles);
  LpValue one = LpValue::integer(1);
  for (int i = 0; i < 70000; ++i) lp.append(&one);
  REQUIRE(sable::lp::stored_count(lp.raw()) == sable::lp::kCountUnknown);
  REQUIRE(lp.size() == 70000);
  REQUIRE(lp.check());
  lp.erase_tail(4000);
  REQUIRE(lp.size() == 66000);
  lp.erase_head(1000);
  REQUIRE(lp.size() == 65000);
  REQUIRE(sable::lp::stored_count(lp.raw()) == 65000);
  Listpack right = lp.split(100);
  REQUIRE(right.size() == 64900);
  REQUIRE(sable::lp::stored_count(right.raw()) == 64900);
  lp.merge(right);
  REQUIRE(lp.size() == 65000);
  for (int i = 0; i < 600; ++i) lp.prepend(&one);
  REQUIRE(lp.size() == 65600);
  REQUIRE(lp.check());
  size_t n;
  REQUIRE(Listpack::validate(lp.raw(), lp.bytes(), kLpSingles, &n));
  REQUIRE(n == 65600);
  lp.destroy();
}

TEST_CASE("listpack: needles match integers by value and strings by bytes", "[listpack]") {
  Listpack lp = Listpack::create(kLpSingles);
  for (const char* s : {"10", "010", "abc", "-5"}) {
    LpValue e = LpValue::from(s);
    lp.append(&e);
  }
  auto find = [&](const char* s) {
    LpNeedle n(s);
    int i = 0;
    for (unsigned char* p = lp.first(); p; p = lp.next(p), ++i)
      if (n.matches(lp.get(p))) return i;
    return -1;
  };
  REQUIRE(find("10") == 0);
  REQUIRE(find("010") == 1);
  REQUIRE(find("abc") == 2);
  REQUIRE(find("-5") == 3);
  REQUIRE(find("5") == -1);
  char buf[24];
  REQUIRE(lp.get(lp.seek(3)).view(buf) == "-5");
  lp.destroy();
}

TEST_CASE("listpack: damaged bytes are refused, never read out of bounds", "[listpack]") {
  std::mt19937_64 rng(99);
  for (LpShape shape : {kLpSingles, kLpPairs, kLpForwardPairs}) {
    Listpack lp = Listpack::create(shape);
    for (int i = 0; i < 40; ++i) {
      std::string a = random_value(rng), b = random_value(rng);
      LpValue v[2] = {LpValue::from(a), LpValue::from(b)};  // views: the strings must outlive them
      lp.append(v);
    }
    std::vector<unsigned char> good(lp.raw(), lp.raw() + lp.bytes());
    lp.destroy();
    REQUIRE(Listpack::validate(good.data(), good.size(), shape, nullptr));
    // Every truncation fails (the header's total no longer matches, or the end is wrong).
    for (size_t len = 0; len < good.size(); len += 1 + len / 8) {
      std::vector<unsigned char> cut(good.begin(), good.begin() + static_cast<long>(len));
      REQUIRE_FALSE(Listpack::validate(cut.data(), cut.size(), shape, nullptr));
    }
    // Random byte flips: either refused, or a listpack that can be walked and decoded safely.
    for (int trial = 0; trial < 3000; ++trial) {
      std::vector<unsigned char> bad = good;
      for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k)
        bad[sable::lp::kHeader + rng() % (bad.size() - sable::lp::kHeader)] =
            static_cast<unsigned char>(rng());
      size_t n;
      if (!Listpack::validate(bad.data(), bad.size(), shape, &n)) continue;
      Listpack view(bad.data(), shape);
      size_t walked = 0;
      for (unsigned char* p = view.first(); p; p = view.next(p), ++walked) {
        REQUIRE(p < bad.data() + bad.size());
        for (unsigned i = 0; i < shape.width; ++i) (void)view.get(p, i).to_string();
      }
      REQUIRE(walked == n);
    }
  }
}
