// Engine tests for strings (datatypes/string_type.h): the encoding choice, INCR-family arithmetic
// and its overflow checks, INCRBYFLOAT formatting, APPEND/SETRANGE growth and limits, GETRANGE
// clipping, SETBIT growth and the bitmap primitives, checked against a plain std::string model.
#include "datatypes/string_type.h"

#include <catch.hpp>
#include <climits>
#include <random>
#include <string>
#include <vector>

using namespace sable;
namespace st = sable::strings;

namespace {

std::string value_of(Db& db, std::string_view key) {
  Entry* e = db.find(key);
  REQUIRE(e != nullptr);
  char scratch[24];
  return std::string(entry::string_value(e, scratch));
}

Encoding encoding_of(Db& db, std::string_view key) { return entry::encoding(db.find(key)); }

constexpr uint64_t kMax = 512ull * 1024 * 1024;

}  // namespace

TEST_CASE("strings: encoding choice", "[strings]") {
  CHECK(st::encode("12345").enc == Encoding::kInt);
  CHECK(st::encode("12345").i == 12345);
  CHECK(st::encode("-9223372036854775808").enc == Encoding::kInt);
  for (const char* s : {"007", "+1", " 1", "-0", "1.0", "9223372036854775808", "", "abc"}) {
    INFO(s);
    CHECK(st::encode(s).enc == Encoding::kEmbStr);
  }
  CHECK(st::encode(std::string(kEmbstrMaxLen, 'x')).enc == Encoding::kEmbStr);
  CHECK(st::encode(std::string(kEmbstrMaxLen + 1, 'x')).enc == Encoding::kRaw);
  // Text keeps its spelling: never int.
  CHECK(st::encode_text("3").enc == Encoding::kEmbStr);
  CHECK(st::encode_text(std::string(kEmbstrMaxLen + 1, '1')).enc == Encoding::kRaw);
  CHECK(st::encode_raw("1").enc == Encoding::kRaw);
  // The keyspace's Value::string is the same choice.
  CHECK(Value::string("42").enc == Encoding::kInt);
  CHECK(Value::string("4.2").enc == Encoding::kEmbStr);
}

TEST_CASE("strings: integer arithmetic and overflow", "[strings]") {
  int64_t r;
  CHECK(st::add(1, 2, &r) == st::Status::kOk);
  CHECK(r == 3);
  CHECK(st::add(LLONG_MAX, 1, &r) == st::Status::kOverflow);
  CHECK(st::add(LLONG_MIN, -1, &r) == st::Status::kOverflow);
  CHECK(st::add(LLONG_MAX, LLONG_MIN, &r) == st::Status::kOk);
  CHECK(r == -1);
  CHECK(st::add(LLONG_MAX - 1, 1, &r) == st::Status::kOk);
  CHECK(r == LLONG_MAX);

  Db db;
  CHECK(st::incr_by(db, "n", nullptr, 5, &r) == st::Status::kOk);
  CHECK(r == 5);
  CHECK(encoding_of(db, "n") == Encoding::kInt);
  CHECK(st::incr_by(db, "n", db.find("n"), -7, &r) == st::Status::kOk);
  CHECK(value_of(db, "n") == "-2");

  // An embstr that reads as an integer becomes int-encoded; the TTL stays.
  db.set("s", st::encode_text("10"));
  db.set_expire("s", 4102444800000);
  CHECK(st::incr_by(db, "s", db.find("s"), 1, &r) == st::Status::kOk);
  CHECK(r == 11);
  CHECK(encoding_of(db, "s") == Encoding::kInt);
  CHECK(entry::expire_at(db.find("s")) == 4102444800000);

  db.set("bad", st::encode("12a"));
  CHECK(st::incr_by(db, "bad", db.find("bad"), 1, &r) == st::Status::kNotInteger);
  CHECK(value_of(db, "bad") == "12a");
  db.set("max", Value::integer(LLONG_MAX));
  CHECK(st::incr_by(db, "max", db.find("max"), 1, &r) == st::Status::kOverflow);
  CHECK(value_of(db, "max") == "9223372036854775807");
}

TEST_CASE("strings: INCRBYFLOAT", "[strings]") {
  Db db;
  std::string out;
  CHECK(st::incr_by_float(db, "f", nullptr, 10.5L, &out) == st::Status::kOk);
  CHECK(out == "10.5");
  CHECK(st::incr_by_float(db, "f", db.find("f"), 0.1L, &out) == st::Status::kOk);
  CHECK(out == "10.6");
  CHECK(value_of(db, "f") == "10.6");
  // A whole result stays text (embstr), as Redis stores it.
  CHECK(st::incr_by_float(db, "f", db.find("f"), -0.6L, &out) == st::Status::kOk);
  CHECK(out == "10");
  CHECK(st::incr_by_float(db, "f", db.find("f"), 0.5L, &out) == st::Status::kOk);
  CHECK(out == "10.5");
  CHECK(encoding_of(db, "f") == Encoding::kEmbStr);
  db.set("i", Value::integer(3));
  CHECK(st::incr_by_float(db, "i", db.find("i"), 1.5L, &out) == st::Status::kOk);
  CHECK(out == "4.5");
  db.set("word", st::encode("abc"));
  CHECK(st::incr_by_float(db, "word", db.find("word"), 1, &out) == st::Status::kNotFloat);
  CHECK(st::add_float(1e4932L, 1e4932L, &out) == st::Status::kNaNOrInfinity);
}

TEST_CASE("strings: GETRANGE clipping", "[strings]") {
  const std::string s = "Hello World";
  CHECK(st::range(s, 0, 4) == "Hello");
  CHECK(st::range(s, -5, -1) == "World");
  CHECK(st::range(s, -1, -5) == "");
  CHECK(st::range(s, 5, 3) == "");
  CHECK(st::range(s, 0, 1000) == s);
  CHECK(st::range(s, -1000, 2) == "Hel");
  CHECK(st::range(s, LLONG_MIN, LLONG_MAX) == s);
  CHECK(st::range("", 0, -1) == "");
  CHECK(st::range(s, 20, 30) == "");
}

TEST_CASE("strings: APPEND grows in place and respects the limit", "[strings]") {
  Db db;
  size_t len;
  CHECK(st::append(db, "k", nullptr, "12", kMax, &len) == st::Status::kOk);
  CHECK(len == 2);
  CHECK(encoding_of(db, "k") == Encoding::kInt);  // a new key is encoded compactly
  CHECK(st::append(db, "k", db.find("k"), "ab", kMax, &len) == st::Status::kOk);
  CHECK(len == 4);
  CHECK(value_of(db, "k") == "12ab");
  CHECK(encoding_of(db, "k") == Encoding::kRaw);  // edited: raw from now on
  std::string model = "12ab";
  for (int i = 0; i < 100; ++i) {
    std::string tail(i % 7, static_cast<char>('a' + i % 26));
    model += tail;
    REQUIRE(st::append(db, "k", db.find("k"), tail, kMax, &len) == st::Status::kOk);
    REQUIRE(len == model.size());
  }
  CHECK(value_of(db, "k") == model);
  CHECK(entry::raw(db.find("k"))->cap >= model.size());
  CHECK(st::append(db, "k", db.find("k"), "xyz", model.size() + 2, &len) == st::Status::kTooLong);
  CHECK(value_of(db, "k") == model);
  CHECK(st::append(db, "k", db.find("k"), "xy", model.size() + 2, &len) == st::Status::kOk);
}

TEST_CASE("strings: SETRANGE pads with zeros and changes nothing when empty", "[strings]") {
  Db db;
  size_t len;
  CHECK(st::set_range(db, "k", nullptr, 3, "", kMax, &len) == st::Status::kOk);
  CHECK(len == 0);
  CHECK(db.find("k") == nullptr);  // writing nothing does not create the key
  CHECK(st::set_range(db, "k", nullptr, 3, "ab", kMax, &len) == st::Status::kOk);
  CHECK(len == 5);
  CHECK(value_of(db, "k") == std::string("\0\0\0ab", 5));
  CHECK(encoding_of(db, "k") == Encoding::kRaw);
  CHECK(st::set_range(db, "k", db.find("k"), 0, "xyz", kMax, &len) == st::Status::kOk);
  CHECK(len == 5);
  CHECK(value_of(db, "k") == "xyzab");
  CHECK(st::set_range(db, "k", db.find("k"), 1, "", kMax, &len) == st::Status::kOk);
  CHECK(len == 5);
  db.set("i", Value::integer(1234));
  CHECK(st::set_range(db, "i", db.find("i"), 1, "9", kMax, &len) == st::Status::kOk);
  CHECK(value_of(db, "i") == "1934");
  CHECK(encoding_of(db, "i") == Encoding::kRaw);
  CHECK(st::set_range(db, "big", nullptr, 100, "abc", 102, &len) == st::Status::kTooLong);
  CHECK(st::set_range(db, "big", nullptr, UINT64_MAX - 1, "abc", kMax, &len) ==
        st::Status::kTooLong);
  CHECK(db.find("big") == nullptr);
  CHECK(st::set_range(db, "big", nullptr, 99, "abc", 102, &len) == st::Status::kOk);
  CHECK(len == 102);
}

TEST_CASE("strings: make_raw reports growth", "[strings]") {
  Db db;
  bool grew;
  RawString* r = st::make_raw(db, "k", nullptr, 0, &grew);
  CHECK(grew);  // created, even when empty
  CHECK(r->len == 0);
  r = st::make_raw(db, "k", db.find("k"), 4, &grew);
  CHECK(grew);
  CHECK(r->len == 4);
  r = st::make_raw(db, "k", db.find("k"), 2, &grew);
  CHECK_FALSE(grew);
  CHECK(r->len == 4);
  db.set("e", st::encode("abc"));
  r = st::make_raw(db, "e", db.find("e"), 2, &grew);
  CHECK_FALSE(grew);
  CHECK(r->view() == "abc");
  CHECK(encoding_of(db, "e") == Encoding::kRaw);
}

TEST_CASE("strings: SETBIT growth and bitmap primitives", "[strings]") {
  Db db;
  bool changed;
  CHECK(st::set_bit(db, "b", nullptr, 7, 1, &changed) == 0);
  CHECK(changed);
  CHECK(value_of(db, "b") == "\x01");
  CHECK(st::set_bit(db, "b", db.find("b"), 7, 1, &changed) == 1);
  CHECK_FALSE(changed);  // same bit, same length
  CHECK(st::set_bit(db, "b", db.find("b"), 23, 0, &changed) == 0);
  CHECK(changed);  // grown, even though the bit was already 0
  CHECK(value_of(db, "b") == std::string("\x01\0\0", 3));
  CHECK(st::set_bit(db, "b", db.find("b"), 0, 1, &changed) == 0);
  CHECK(value_of(db, "b") == std::string("\x81\0\0", 3));

  const std::string s = "foobar";
  CHECK(st::get_bit(s, 1) == 1);
  CHECK(st::get_bit(s, 0) == 0);
  CHECK(st::get_bit(s, 1000) == 0);
  uint64_t from, to;
  REQUIRE(st::bit_range(0, -1, false, s.size(), &from, &to));
  CHECK(st::count_bits(s, from, to) == 26);
  REQUIRE(st::bit_range(1, 1, false, s.size(), &from, &to));
  CHECK(st::count_bits(s, from, to) == 6);
  REQUIRE(st::bit_range(5, 30, true, s.size(), &from, &to));
  CHECK(st::count_bits(s, from, to) == 17);
  CHECK_FALSE(st::bit_range(3, 2, false, s.size(), &from, &to));
  CHECK_FALSE(st::bit_range(0, -1, false, 0, &from, &to));

  const std::string z("\xff\xf0\x00", 3);
  CHECK(st::find_bit(z, 0, 0, 23) == 12);
  CHECK(st::find_bit(z, 1, 16, 23) == -1);
  CHECK(st::find_bit(std::string(16, '\xff'), 0, 0, 127) == -1);
  CHECK(st::find_bit(std::string(16, '\0'), 1, 0, 127) == -1);

  // Fields: read back what was written, at unaligned offsets, against a bit-by-bit model.
  std::mt19937_64 rng(7);
  RawString* r = st::make_raw(db, "f", nullptr, 32);
  for (int i = 0; i < 500; ++i) {
    int bits = 1 + static_cast<int>(rng() % 64);
    uint64_t off = rng() % (256 - 64);
    uint64_t v = rng() & (bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1);
    std::string before(r->view());
    st::write_bits(r, off, bits, v);
    REQUIRE(st::read_bits(r->view(), off, bits) == v);
    for (uint64_t p = 0; p < 256; ++p) {
      if (p >= off && p < off + bits) continue;
      REQUIRE(st::get_bit(r->view(), p) == st::get_bit(before, p));
    }
  }
}

TEST_CASE("strings: BITOP", "[strings]") {
  std::vector<std::string_view> srcs = {"\xff\x0f", "\x0f"};
  CHECK(st::bit_op(st::BitOp::kAnd, srcs) == std::string("\x0f\0", 2));
  CHECK(st::bit_op(st::BitOp::kOr, srcs) == "\xff\x0f");
  CHECK(st::bit_op(st::BitOp::kXor, srcs) == "\xf0\x0f");
  std::vector<std::string_view> one = {"\x0f"};
  CHECK(st::bit_op(st::BitOp::kNot, one) == "\xf0");
  std::vector<std::string_view> empty = {"", ""};
  CHECK(st::bit_op(st::BitOp::kOr, empty).empty());
}
