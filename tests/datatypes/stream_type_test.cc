// Engine tests for the stream type: entries against a std::map model (appends, XDEL, trimming,
// ranges both ways, node splits), ID rules at the ends of the ID space, consumer groups, images.
#include "datatypes/stream_type.h"

#include <catch.hpp>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace sable;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
using Model = std::map<StreamId, Fields>;

void append(Stream& s, Model& m, StreamId id, const Fields& f, const StreamLimits& lim) {
  std::vector<std::string_view> fv;
  for (auto& [k, v] : f) {
    fv.push_back(k);
    fv.push_back(v);
  }
  s.append(id, fv, lim);
  m[id] = f;
}

Fields fields_of(const Stream::FieldList& f) {
  Fields out;
  for (auto& [k, v] : f) out.emplace_back(std::string(k), std::string(v));
  return out;
}

std::vector<std::pair<StreamId, Fields>> engine_range(const Stream& s, StreamId a, StreamId b,
                                                      bool rev, size_t count) {
  std::vector<std::pair<StreamId, Fields>> out;
  s.range(a, b, rev, count, [&](StreamId id, const Stream::FieldList& f) {
    out.emplace_back(id, fields_of(f));
    return true;
  });
  return out;
}

std::vector<std::pair<StreamId, Fields>> model_range(const Model& m, StreamId a, StreamId b,
                                                     bool rev, size_t count) {
  std::vector<std::pair<StreamId, Fields>> out;
  if (a > b) return out;
  if (!rev) {
    for (auto it = m.lower_bound(a); it != m.end() && it->first <= b; ++it) {
      out.emplace_back(it->first, it->second);
      if (count && out.size() >= count) break;
    }
  } else {
    auto it = m.upper_bound(b);
    while (it != m.begin()) {
      --it;
      if (it->first < a) break;
      out.emplace_back(it->first, it->second);
      if (count && out.size() >= count) break;
    }
  }
  return out;
}

void check_same(const Stream& s, const Model& m) {
  REQUIRE(s.length() == m.size());
  if (m.empty()) {
    CHECK(s.first_id() == StreamId{});
  } else {
    CHECK(s.first_id() == m.begin()->first);
    CHECK(s.last_live_id() == m.rbegin()->first);
  }
  REQUIRE(engine_range(s, kStreamIdMin, kStreamIdMax, false, 0) ==
          model_range(m, kStreamIdMin, kStreamIdMax, false, 0));
}

}  // namespace

TEST_CASE("stream IDs parse like Redis's and step across the seq/ms boundary", "[stream]") {
  StreamId id;
  bool star = false;
  CHECK(parse_stream_id("5", 0, &id));
  CHECK(id == StreamId{5, 0});
  CHECK(parse_stream_id("5", UINT64_MAX, &id));
  CHECK(id == StreamId{5, UINT64_MAX});
  CHECK(parse_stream_id("18446744073709551615-18446744073709551615", 0, &id));
  CHECK(id == kStreamIdMax);
  CHECK_FALSE(parse_stream_id("18446744073709551616-0", 0, &id));
  CHECK_FALSE(parse_stream_id("-1", 0, &id));
  CHECK_FALSE(parse_stream_id("1-2-3", 0, &id));
  CHECK_FALSE(parse_stream_id("abc", 0, &id));
  CHECK_FALSE(parse_stream_id("", 0, &id));
  CHECK_FALSE(parse_stream_id("1-*", 0, &id));
  CHECK(parse_stream_id("1-*", 0, &id, &star));
  CHECK(star);
  CHECK(parse_stream_id("1-2", 0, &id, &star));
  CHECK_FALSE(star);
  CHECK(format_stream_id({1, 2}) == "1-2");

  id = {0, UINT64_MAX};
  CHECK(stream_id_incr(&id));
  CHECK(id == StreamId{1, 0});
  CHECK(stream_id_decr(&id));
  CHECK(id == StreamId{0, UINT64_MAX});
  id = kStreamIdMax;
  CHECK_FALSE(stream_id_incr(&id));
  id = kStreamIdMin;
  CHECK_FALSE(stream_id_decr(&id));
}

TEST_CASE("next_id: explicit, ms-*, automatic, and the ends of the ID space", "[stream]") {
  Stream s;
  StreamId id;
  CHECK(s.next_id(false, true, {0, 0}, 100, &id));  // 0-* on an empty stream is 0-1
  CHECK(id == StreamId{0, 1});
  StreamLimits lim;
  std::string_view fv[] = {"f", "v"};
  s.append({0, 1}, fv, lim);
  CHECK_FALSE(s.next_id(false, false, {0, 1}, 100, &id));  // equal
  CHECK(s.next_id(false, false, {0, 2}, 100, &id));
  CHECK(s.next_id(true, false, {}, 100, &id));
  CHECK(id == StreamId{100, 0});
  s.append({5, UINT64_MAX}, fv, lim);
  CHECK_FALSE(s.next_id(false, true, {5, 0}, 0, &id));  // seq overflow in 5-*
  CHECK(s.next_id(false, true, {6, 0}, 0, &id));
  CHECK(id == StreamId{6, 0});
  CHECK(s.next_id(true, false, {}, 3, &id));  // clock behind: last + 1
  CHECK(id == StreamId{6, 0});
  s.append({UINT64_MAX, UINT64_MAX - 1}, fv, lim);
  CHECK(s.next_id(true, false, {}, 3, &id));
  CHECK(id == kStreamIdMax);
  s.append(kStreamIdMax, fv, lim);
  CHECK_FALSE(s.next_id(true, false, {}, 3, &id));
  CHECK(s.length() == 4);
  CHECK(s.last_id() == kStreamIdMax);
  auto all = engine_range(s, kStreamIdMin, kStreamIdMax, false, 0);
  REQUIRE(all.size() == 4);
  CHECK(all.back().first == kStreamIdMax);
  CHECK(engine_range(s, kStreamIdMax, kStreamIdMax, false, 0).size() == 1);
  CHECK(engine_range(s, kStreamIdMin, kStreamIdMin, true, 0).empty());
}

TEST_CASE("stream entries against a model: appends, XDEL, trims, ranges", "[stream]") {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 6; ++round) {
    StreamLimits lim;
    lim.node_max_entries = round % 3 == 0 ? 0 : 1 + rng() % 7;
    lim.node_max_bytes = round % 2 ? 0 : 40 + rng() % 200;
    Stream s;
    Model m;
    StreamId next{1, 0};
    for (int op = 0; op < 3000; ++op) {
      int kind = static_cast<int>(rng() % 20);
      if (kind < 12) {
        Fields f;
        bool same = rng() % 3 != 0;
        size_t n = 1 + rng() % 3;
        for (size_t i = 0; i < n; ++i)
          f.emplace_back(same ? "f" + std::to_string(i) : "x" + std::to_string(rng() % 5),
                         std::string(rng() % 20, 'a' + static_cast<char>(rng() % 26)));
        append(s, m, next, f, lim);
        next = rng() % 2 ? StreamId{next.ms, next.seq + 1 + rng() % 3}
                         : StreamId{next.ms + 1 + rng() % 3, rng() % 2};
      } else if (kind < 15 && !m.empty()) {
        auto it = m.begin();
        std::advance(it, static_cast<long>(rng() % m.size()));
        StreamId id = it->first;
        CHECK(s.remove(id));
        m.erase(id);
        CHECK_FALSE(s.remove(id));
        CHECK(s.max_deleted_id() >= id);
      } else if (kind == 15) {
        Stream::Trim t;
        t.by = Stream::TrimBy::kMaxLen;
        t.maxlen = m.size() > 5 ? m.size() - rng() % 5 : 0;
        uint64_t removed = s.trim(t);
        uint64_t expect = m.size() > t.maxlen ? m.size() - t.maxlen : 0;
        CHECK(removed == expect);
        while (m.size() > t.maxlen) m.erase(m.begin());
      } else if (kind == 16 && !m.empty()) {
        Stream::Trim t;
        t.by = Stream::TrimBy::kMinId;
        auto it = m.begin();
        std::advance(it, static_cast<long>(rng() % std::min<size_t>(m.size(), 8)));
        t.minid = it->first;
        uint64_t before = m.size();
        s.trim(t);
        while (!m.empty() && m.begin()->first < t.minid) m.erase(m.begin());
        CHECK(before - m.size() <= before);
      } else if (kind == 17) {
        // Approximate trims remove whole nodes only: never below maxlen, and the model follows
        // what the engine kept.
        Stream::Trim t;
        t.by = Stream::TrimBy::kMaxLen;
        t.approx = true;
        t.maxlen = m.size() / 2;
        s.trim(t);
        CHECK(s.length() >= t.maxlen);
        while (m.size() > s.length()) m.erase(m.begin());
      }
      if (op % 97 == 0) check_same(s, m);
      if (op % 31 == 0) {
        StreamId a{rng() % (next.ms + 2), rng() % 4}, b{rng() % (next.ms + 2), rng() % 4};
        size_t count = rng() % 4 == 0 ? 0 : rng() % 10;
        CHECK(engine_range(s, a, b, false, count) == model_range(m, a, b, false, count));
        CHECK(engine_range(s, a, b, true, count) == model_range(m, a, b, true, count));
      }
    }
    check_same(s, m);
    // Node bounds hold.
    if (lim.node_max_entries && s.length() > 0)
      CHECK(s.node_count() * lim.node_max_entries >= s.length());
  }
}

TEST_CASE("trimming with LIMIT removes whole nodes only, up to the limit", "[stream]") {
  StreamLimits lim;
  lim.node_max_entries = 10;
  lim.node_max_bytes = 0;
  Stream s;
  std::string_view fv[] = {"f", "v"};
  for (uint64_t i = 1; i <= 100; ++i) s.append({i, 0}, fv, lim);
  CHECK(s.node_count() == 10);
  Stream::Trim t;
  t.approx = true;
  t.maxlen = 0;
  t.limit = 25;
  CHECK(s.trim(t) == 20);
  CHECK(s.length() == 80);
  CHECK(s.first_id() == StreamId{21, 0});
  t.limit = 0;
  t.maxlen = 55;
  CHECK(s.trim(t) == 20);  // whole nodes: 60 left, not 55
  t.approx = false;
  CHECK(s.trim(t) == 5);
  CHECK(s.first_id() == StreamId{46, 0});
  Stream::Trim m;
  m.by = Stream::TrimBy::kMinId;
  m.minid = {50, 1};
  CHECK(s.trim(m) == 5);
  CHECK(s.first_id() == StreamId{51, 0});
  CHECK(s.max_deleted_id() == StreamId{});  // trimming does not move the tombstone mark
}

TEST_CASE("consumer groups: delivery, PELs, acks, lag", "[stream]") {
  StreamLimits lim;
  Stream s;
  std::string_view fv[] = {"f", "v"};
  for (uint64_t i = 1; i <= 5; ++i) s.append({i, 0}, fv, lim);
  StreamGroup* g = s.create_group("g", {}, 0);
  REQUIRE(g);
  CHECK_FALSE(s.create_group("g", {}, 0));
  int64_t lag;
  CHECK(s.group_lag(*g, &lag));
  CHECK(lag == 5);
  StreamConsumer* a = g->get_consumer("alice", 10);
  StreamConsumer* b = g->get_consumer("bob", 10);
  for (uint64_t i = 1; i <= 3; ++i) {
    s.group_advance(*g, {i, 0});
    g->deliver({i, 0}, a, 20);
  }
  CHECK(g->entries_read == 3);
  CHECK(s.group_lag(*g, &lag));
  CHECK(lag == 2);
  CHECK(g->pel.size() == 3);
  CHECK(a->pel.size() == 3);
  g->assign(g->pel.find({2, 0}), b);
  CHECK(a->pel.size() == 2);
  CHECK(b->pel.size() == 1);
  CHECK(g->pel.at({2, 0}).consumer == b);
  CHECK(g->ack({1, 0}));
  CHECK_FALSE(g->ack({1, 0}));
  CHECK(g->delete_consumer("bob") == 1);
  CHECK(g->pel.size() == 1);
  // A deletion after the group's position makes the counter unknowable.
  CHECK(s.remove({4, 0}));
  CHECK(s.range_has_tombstones(g->last_id, kStreamIdMax));
  CHECK_FALSE(s.group_lag(*g, &lag));
  g->last_id = {5, 0};
  g->entries_read = kEntriesReadInvalid;
  CHECK(s.group_lag(*g, &lag));  // at the last ID the counter is entries_added
  CHECK(lag == 0);
  CHECK(s.destroy_group("g"));
  CHECK_FALSE(s.destroy_group("g"));
}

TEST_CASE("images and clones keep entries, metadata and groups", "[stream]") {
  StreamLimits lim;
  lim.node_max_entries = 3;
  Stream s;
  std::string_view fv1[] = {"a", "1", "b", "2"};
  std::string_view fv2[] = {"c", "3"};
  for (uint64_t i = 1; i <= 10; ++i) {
    if (i % 2)
      s.append({i, i}, fv1, lim);
    else
      s.append({i, i}, fv2, lim);
  }
  s.remove({3, 3});
  s.set_last_id({20, 0});
  StreamGroup* g = s.create_group("g", {5, 5}, 4);
  StreamConsumer* c = g->get_consumer("c", 7);
  g->deliver({2, 2}, c, 8)->delivery_count = 3;
  g->get_consumer("idle", 9);

  StreamImage img = s.to_image();
  CHECK(img.entries.size() == 9);
  CHECK(img.last_id == StreamId{20, 0});
  CHECK(img.first_id == StreamId{1, 1});
  CHECK(img.max_deleted_id == StreamId{3, 3});
  CHECK(img.entries_added == 10);
  REQUIRE(img.groups.size() == 1);
  CHECK(img.groups[0].entries_read == 4);
  REQUIRE(img.groups[0].pending.size() == 1);
  CHECK(img.groups[0].pending[0].consumer == "c");
  CHECK(img.groups[0].pending[0].delivery_count == 3);
  CHECK(img.groups[0].consumers.size() == 2);

  std::unique_ptr<Stream> back(Stream::from_image(img, lim));
  REQUIRE(back);
  StreamImage img2 = back->to_image();
  CHECK(img2.entries.size() == img.entries.size());
  CHECK(img2.entries[1].fields == img.entries[1].fields);
  CHECK(img2.last_id == img.last_id);
  CHECK(img2.max_deleted_id == img.max_deleted_id);
  CHECK(img2.entries_added == img.entries_added);
  CHECK(img2.groups[0].pending[0].delivery_time_ms == 8);

  std::unique_ptr<Stream> copy(s.clone());
  CHECK(copy->length() == s.length());
  CHECK(copy->find_group("g")->pel.at({2, 2}).consumer->name == "c");
  s.destroy_group("g");
  CHECK(copy->find_group("g") != nullptr);
  CHECK(copy->memory() > 0);
}
