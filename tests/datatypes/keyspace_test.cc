// Tests for the keyspace (Db): string encodings, TTL bookkeeping and its index, lazy and active
// expiry, detaching values, swapping databases, storing changed collections, and the size of an
// entry.
#include "datatypes/keyspace.h"

#include <catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "datatypes/clock.h"
#include "datatypes/hash_type.h"

using namespace sable;

namespace {

std::string value_of(const Entry* e) {
  char scratch[32];
  return std::string(entry::string_value(e, scratch));
}

// Freezes the cached clock for the life of the object and lets it run again afterwards.
struct FrozenClock {
  explicit FrozenClock(int64_t ms) { set(ms); }
  ~FrozenClock() { set_clock_for_test(0); }
  void set(int64_t ms) { set_clock_for_test(ms); }
};

const int64_t kT0 = 1700000000000;  // some fixed wall time, in ms

}  // namespace

TEST_CASE("keyspace: string encodings", "[keyspace]") {
  Db db;
  Entry* e = db.set("int", Value::string("12345"));
  CHECK(entry::type(e) == ObjType::kString);
  CHECK(entry::encoding(e) == Encoding::kInt);
  CHECK(entry::int_value(e) == 12345);
  CHECK(value_of(e) == "12345");

  e = db.set("min", Value::string("-9223372036854775808"));
  CHECK(entry::encoding(e) == Encoding::kInt);
  CHECK(value_of(e) == "-9223372036854775808");

  // Not canonical integers: kept as strings, byte for byte.
  for (const char* s : {"007", "+1", " 1", "-0", "1.0", "9223372036854775808"}) {
    e = db.set("notint", Value::string(s));
    INFO(s);
    CHECK(entry::encoding(e) == Encoding::kEmbStr);
    CHECK(value_of(e) == s);
  }

  std::string emb(kEmbstrMaxLen, 'e');
  e = db.set("emb", Value::string(emb));
  CHECK(entry::encoding(e) == Encoding::kEmbStr);
  CHECK(value_of(e) == emb);

  std::string raw(kEmbstrMaxLen + 1, 'r');
  e = db.set("raw", Value::string(raw));
  CHECK(entry::encoding(e) == Encoding::kRaw);
  CHECK(value_of(e) == raw);

  // Forced raw even when short; binary content survives.
  std::string bin("a\0b\r\n", 5);
  e = db.set("forced", Value::raw(bin));
  CHECK(entry::encoding(e) == Encoding::kRaw);
  CHECK(value_of(e) == bin);

  e = db.set("empty", Value::string(""));
  CHECK(entry::encoding(e) == Encoding::kEmbStr);
  CHECK(value_of(e) == "");

  CHECK(db.size() == 7);
  CHECK(db.find("missing") == nullptr);
  REQUIRE(db.find("raw") != nullptr);
  CHECK(entry::key(db.find("raw")) == "raw");
}

TEST_CASE("keyspace: overwrite, delete and binary keys", "[keyspace]") {
  Db db;
  std::string k("k\0ey", 4);
  db.set(k, Value::string("1"));
  db.set(k, Value::string(std::string(100, 'x')));
  db.set(k, Value::string("short"));
  CHECK(db.size() == 1);
  CHECK(value_of(db.find(k)) == "short");
  CHECK(db.find("k") == nullptr);
  CHECK(db.del(k));
  CHECK_FALSE(db.del(k));
  CHECK(db.size() == 0);

  // Long keys (varint length over one byte).
  std::string long_key(5000, 'K');
  db.set(long_key, Value::integer(-5));
  REQUIRE(db.find(long_key) != nullptr);
  CHECK(entry::key(db.find(long_key)) == long_key);
  CHECK(entry::int_value(db.find(long_key)) == -5);
}

TEST_CASE("keyspace: expiry is lazy on access", "[keyspace][expire]") {
  FrozenClock clock(kT0);
  Db db;
  db.set("a", Value::string("va"));
  db.set("b", Value::string("vb"));
  Entry* e = db.set_expire("a", kT0 + 500);
  REQUIRE(e != nullptr);
  CHECK(entry::has_expire(e));
  CHECK(entry::expire_at(e) == kT0 + 500);
  CHECK(entry::key(e) == "a");
  CHECK(value_of(e) == "va");
  CHECK(db.expires_size() == 1);
  CHECK(entry::expire_at(db.find("b")) == -1);

  clock.set(kT0 + 499);
  CHECK(db.find("a") != nullptr);
  clock.set(kT0 + 500);  // the deadline itself counts as expired
  CHECK(db.is_expired(db.find_raw("a")));
  uint64_t before = db.expired_count();
  CHECK(db.find("a") == nullptr);
  CHECK(db.find_raw("a") == nullptr);
  CHECK(db.size() == 1);
  CHECK(db.expires_size() == 0);
  CHECK(db.expired_count() == before + 1);
  CHECK(db.set_expire("missing", kT0) == nullptr);
}

TEST_CASE("keyspace: TTL changes move entries and keep values", "[keyspace][expire]") {
  FrozenClock clock(kT0);
  Db db;
  std::string raw(200, 'r');
  db.set("int", Value::integer(77));
  db.set("emb", Value::string("embedded"));
  db.set("raw", Value::string(raw));
  for (const char* k : {"int", "emb", "raw"}) REQUIRE(db.set_expire(k, kT0 + 1000));
  CHECK(db.expires_size() == 3);
  CHECK(entry::int_value(db.find("int")) == 77);
  CHECK(value_of(db.find("emb")) == "embedded");
  CHECK(value_of(db.find("raw")) == raw);

  // Updating an existing TTL keeps the entry in place.
  Entry* before = db.find("emb");
  CHECK(db.set_expire("emb", kT0 + 2000) == before);
  CHECK(entry::expire_at(db.find("emb")) == kT0 + 2000);
  CHECK(db.expires_size() == 3);

  CHECK(db.persist("raw"));
  CHECK_FALSE(db.persist("raw"));
  CHECK_FALSE(db.persist("missing"));
  CHECK(db.expires_size() == 2);
  CHECK(entry::expire_at(db.find("raw")) == -1);
  CHECK(value_of(db.find("raw")) == raw);

  // SET drops the TTL unless asked to keep it.
  db.set("int", Value::integer(78), /*keep_ttl=*/true);
  CHECK(entry::expire_at(db.find("int")) == kT0 + 1000);
  CHECK(db.expires_size() == 2);
  db.set("int", Value::integer(79));
  CHECK(entry::expire_at(db.find("int")) == -1);
  CHECK(db.expires_size() == 1);

  // update() keeps both the TTL and the LRU clock.
  entry::set_lru(db.find("emb", false), 1234);
  db.update("emb", Value::string("changed"));
  Entry* e = db.find("emb", false);
  CHECK(value_of(e) == "changed");
  CHECK(entry::lru(e) == 1234);
  CHECK(entry::expire_at(e) == kT0 + 2000);

  // Deleting a key with a TTL removes it from the index.
  CHECK(db.del("emb"));
  CHECK(db.expires_size() == 0);
}

TEST_CASE("keyspace: the TTL index stays consistent under churn", "[keyspace][expire]") {
  FrozenClock clock(kT0);
  Db db;
  std::mt19937 rng(3);
  std::vector<bool> has_ttl(500, false), exists(500, false);
  for (int round = 0; round < 20000; ++round) {
    int i = rng() % 500;
    std::string k = "k" + std::to_string(i);
    switch (rng() % 5) {
      case 0:
        db.set(k, Value::string(std::to_string(rng())));
        exists[i] = true;
        has_ttl[i] = false;
        break;
      case 1:
        if (db.set_expire(k, kT0 + 100000)) has_ttl[i] = true;
        break;
      case 2:
        db.persist(k);
        has_ttl[i] = false;
        break;
      case 3:
        db.del(k);
        exists[i] = has_ttl[i] = false;
        break;
      case 4:
        if (exists[i]) db.set(k, Value::string(std::string(rng() % 80, 'v')), true);
        break;
    }
  }
  size_t ttl_count = 0, count = 0;
  for (int i = 0; i < 500; ++i) {
    std::string k = "k" + std::to_string(i);
    Entry* e = db.find_raw(k);
    REQUIRE((e != nullptr) == exists[i]);
    if (e) REQUIRE(entry::has_expire(e) == has_ttl[i]);
    ttl_count += has_ttl[i];
    count += exists[i];
  }
  CHECK(db.expires_size() == ttl_count);
  CHECK(db.size() == count);
}

namespace {
bool g_allow_expiry = true;
bool test_gate() { return g_allow_expiry; }
}  // namespace

TEST_CASE("keyspace: a closed expire gate keeps expired keys stored", "[keyspace][expire]") {
  FrozenClock clock(kT0);
  set_expire_gate(test_gate);
  g_allow_expiry = false;
  Db db;
  db.set("a", Value::string("va"));
  db.set_expire("a", kT0 + 10);
  db.set("b", Value::string("vb"));
  clock.set(kT0 + 10);
  // Reads see the key as missing, but neither lookups nor the active cycle remove it.
  CHECK(db.find("a") == nullptr);
  CHECK(db.find_raw("a") != nullptr);
  size_t sampled = 99;
  CHECK(db.expire_sample(20, &sampled) == 0);
  CHECK(sampled == 0);
  CHECK(db.size() == 2);
  CHECK(db.expired_count() == 0);
  g_allow_expiry = true;
  CHECK(db.find("a") == nullptr);
  CHECK(db.find_raw("a") == nullptr);
  CHECK(db.expired_count() == 1);
  set_expire_gate(nullptr);
}

TEST_CASE("keyspace: active expiry samples keys with TTLs", "[keyspace][expire]") {
  FrozenClock clock(kT0);
  Db db;
  for (int i = 0; i < 200; ++i) {
    std::string k = "k" + std::to_string(i);
    db.set(k, Value::string("v"));
    if (i % 2 == 0) db.set_expire(k, kT0 + (i % 4 == 0 ? 10 : 100000));
  }
  db.set("plain", Value::string("x"));
  CHECK(db.expires_size() == 100);
  size_t sampled = 0;
  CHECK(db.expire_sample(20, &sampled) == 0);  // nothing is due yet
  CHECK(sampled == 20);

  clock.set(kT0 + 10);
  size_t removed = 0;
  for (int i = 0; i < 1000 && db.expires_size() > 50; ++i) removed += db.expire_sample(20, nullptr);
  CHECK(removed == 50);
  CHECK(db.expires_size() == 50);
  CHECK(db.size() == 151);
  for (int i = 0; i < 200; ++i) {
    bool gone = i % 4 == 0;
    REQUIRE((db.find_raw("k" + std::to_string(i)) == nullptr) == gone);
  }
  // An empty index samples nothing.
  Db empty;
  CHECK(empty.expire_sample(20, &sampled) == 0);
  CHECK(sampled == 0);
}

TEST_CASE("keyspace: take detaches values", "[keyspace]") {
  FrozenClock clock(kT0);
  Db db;
  std::string raw(100, 'R');
  db.set("emb", Value::string("hello"));
  db.set("raw", Value::string(raw));
  db.set("int", Value::integer(9));
  db.set_expire("raw", kT0 + 5000);

  Value v;
  std::string copy;
  int64_t expire = 0;
  REQUIRE(db.take("emb", &v, &copy, &expire));
  CHECK(v.enc == Encoding::kEmbStr);
  CHECK(v.s == "hello");
  CHECK(expire == -1);
  CHECK(db.find("emb") == nullptr);
  db.set("emb2", v);
  CHECK(value_of(db.find("emb2")) == "hello");

  REQUIRE(db.take("raw", &v, &copy, &expire));
  CHECK(v.enc == Encoding::kRaw);
  CHECK(expire == kT0 + 5000);
  CHECK(db.expires_size() == 0);
  // The raw string object is handed over and owned by its new entry.
  Entry* e = db.set("raw2", v);
  db.set_expire("raw2", expire);
  CHECK(value_of(db.find("raw2")) == raw);
  (void)e;

  REQUIRE(db.take("int", &v, &copy, &expire));
  CHECK(v.enc == Encoding::kInt);
  CHECK(v.i == 9);
  free_value(v);

  CHECK_FALSE(db.take("missing", &v, &copy, &expire));
  CHECK(db.size() == 2);
}

TEST_CASE("keyspace: clone_value copies", "[keyspace]") {
  Db db;
  std::string raw(300, 'c');
  db.set("src", Value::string(raw));
  db.set("dst", clone_value(db.find("src")));
  db.del("src");
  CHECK(value_of(db.find("dst")) == raw);
}

TEST_CASE("keyspace: swap_contents exchanges keys and TTLs", "[keyspace]") {
  FrozenClock clock(kT0);
  Db a(0), b(1);
  a.set("a1", Value::string("x"));
  a.set("a2", Value::string("y"));
  a.set_expire("a2", kT0 + 100);
  b.set("b1", Value::string("z"));
  a.swap_contents(b);
  CHECK(a.id() == 0);
  CHECK(a.size() == 1);
  CHECK(b.size() == 2);
  CHECK(a.expires_size() == 0);
  CHECK(b.expires_size() == 1);
  CHECK(a.find("b1") != nullptr);
  CHECK(b.find("a2") != nullptr);
  clock.set(kT0 + 100);
  CHECK(b.find("a2") == nullptr);
  CHECK(b.expires_size() == 0);
}

TEST_CASE("keyspace: random_entry skips expired keys", "[keyspace]") {
  FrozenClock clock(kT0);
  Db db;
  CHECK(db.random_entry() == nullptr);
  for (int i = 0; i < 50; ++i) {
    std::string k = "k" + std::to_string(i);
    db.set(k, Value::string("v"));
    if (i != 7) db.set_expire(k, kT0 + 1);
  }
  clock.set(kT0 + 1);
  Entry* e = db.random_entry();
  REQUIRE(e != nullptr);
  CHECK(entry::key(e) == "k7");
  CHECK(db.size() >= 1);
}

TEST_CASE("keyspace: scan visits every key", "[keyspace]") {
  Db db;
  for (int i = 0; i < 1000; ++i) db.set("k" + std::to_string(i), Value::integer(i));
  std::set<std::string> seen;
  uint64_t cursor = 0;
  do {
    cursor = db.scan(cursor, [&](Entry* e) { seen.insert(std::string(entry::key(e))); });
  } while (cursor != 0);
  CHECK(seen.size() == 1000);
  db.clear();
  CHECK(db.size() == 0);
  CHECK(db.expires_size() == 0);
}

TEST_CASE("keyspace: entry sizes", "[keyspace][memory]") {
  FrozenClock clock(kT0);
  Db db;
  std::string key16(16, 'k'), val16(16, 'v');
  Entry* e = db.set(key16, Value::string(val16));
  CHECK(entry::encoding(e) == Encoding::kEmbStr);
  // One 48-byte size class: link, header, key and value in one allocation.
  CHECK(entry::alloc_size(e) <= 48);
  CHECK(entry_memory(e) == entry::alloc_size(e));

  // An integer value is 8 bytes regardless of its decimal length.
  e = db.set(key16, Value::string("1234567890123"));
  CHECK(entry::alloc_size(e) <= 48);

  // A TTL adds its block only to keys that have one.
  e = db.set_expire(key16, kT0 + 1000);
  CHECK(entry::alloc_size(e) <= 64);

  // Out-of-line strings count their buffer in entry_memory.
  e = db.set("big", Value::string(std::string(1000, 'b')));
  CHECK(entry::alloc_size(e) < 48);
  CHECK(entry_memory(e) >= 1000 + entry::alloc_size(e));
}

TEST_CASE("keyspace: store_object follows a collection that moved or changed encoding",
          "[keyspace]") {
  FrozenClock clock(kT0);
  register_engine_ops();
  Db db;
  HashLimits lim{2, 64};
  Hash h = Hash::create();
  h.set("f1", "v1", lim);
  Entry* e = db.store_object("h", nullptr, ObjType::kHash, h.enc, h.ptr);
  REQUIRE(e == db.find("h"));
  CHECK(entry::encoding(e) == Encoding::kListpack);
  db.set_expire("h", kT0 + 5000);
  e = db.find("h");

  h.set("f2", "v2", lim);  // may reallocate the listpack: same encoding, new pointer
  Entry* same = db.store_object("h", e, ObjType::kHash, h.enc, h.ptr);
  CHECK(same == e);
  CHECK(entry::object(e) == h.ptr);

  h.set("f3", "v3", lim);  // past the limit: a hashtable now
  REQUIRE(h.enc == Encoding::kHashtable);
  e = db.store_object("h", e, ObjType::kHash, h.enc, h.ptr);
  CHECK(entry::encoding(e) == Encoding::kHashtable);
  CHECK(entry::object(e) == h.ptr);
  CHECK(entry::expire_at(e) == kT0 + 5000);
  CHECK(db.expires_size() == 1);
  CHECK(Hash(entry::encoding(e), entry::object(e)).size() == 3);
  CHECK(db.del("h"));
}

namespace {
std::vector<std::string> g_saved_keys;
int g_clears = 0;
void record_save(Db&, Entry* e) {
  g_saved_keys.emplace_back(entry::key(e));
  snapshot_mark::set_saved(e);
}
void record_clear(Db&) { ++g_clears; }
}  // namespace

TEST_CASE("snapshot marks: each key is saved once, before its first change", "[keyspace]") {
  Db db;
  for (int i = 0; i < 6; ++i) db.set("k" + std::to_string(i), Value::string("v"));
  g_saved_keys.clear();
  g_clears = 0;
  set_snapshot_hooks(record_save, record_clear);
  snapshot_begin();
  // Every entry that existed at the start reads unsaved; a new one reads saved.
  size_t unsaved = 0;
  db.for_each([&](Entry* e) { unsaved += !snapshot_mark::saved(e); });
  CHECK(unsaved == 6);
  db.set("new", Value::string("x"));
  CHECK(snapshot_mark::saved(db.find_raw("new")));
  db.set("new", Value::string("y"));  // a key created during the snapshot is never saved
  CHECK(g_saved_keys.empty());

  db.set("k0", Value::string("changed"));
  db.del("k1");
  db.set_expire("k2", 1000);
  db.set_expire("k2", 2000);  // already saved: not again
  Value v;
  std::string copy;
  int64_t exp;
  db.take("k3", &v, &copy, &exp);
  db.snapshot_protect("k4");
  db.snapshot_protect("missing");
  CHECK(g_saved_keys == std::vector<std::string>{"k0", "k1", "k2", "k3", "k4"});
  CHECK(snapshot_mark::saved(db.find_raw("k0")));  // the rebuilt entry stays saved
  CHECK_FALSE(snapshot_mark::saved(db.find_raw("k5")));
  db.clear();
  CHECK(g_clears == 1);
  snapshot_end();
  set_snapshot_hooks(nullptr, nullptr);

  // The next snapshot flips the mark: entries saved in the last one read unsaved again.
  db.set("a", Value::string("1"));
  snapshot_begin();
  CHECK_FALSE(snapshot_mark::saved(db.find_raw("a")));
  snapshot_end();
  snapshot_mark::set_saved(db.find_raw("a"));
}
