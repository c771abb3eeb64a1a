// The RDB stream codec (see rdb_stream.h for the layout). The body is built in and read from
// memory: the writer appends to a string the RDB writer then emits as it is, and the reader
// walks a bounds-checked view, so neither depends on the writer's or loader's own buffering.
#include "server/persistence/rdb_stream.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>
extern "C" {
#include <liblzf/lzf.h>
}

#include "datatypes/listpack.h"

namespace sable {

namespace {

constexpr uint8_t kTypeListpacks = 15, kTypeListpacks2 = 19, kTypeListpacks3 = 21;
constexpr int64_t kFlagDeleted = 1, kFlagSameFields = 2;
// A node never grows past this many bytes, whatever the limits say (Redis's cap too).
constexpr size_t kNodeHardMaxBytes = size_t{1} << 30;

// ---- writing --------------------------------------------------------------------------------

void put_len(std::string* out, uint64_t v) {
  unsigned char b[9];
  size_t n;
  if (v < (1 << 6)) {
    b[0] = static_cast<unsigned char>(v);
    n = 1;
  } else if (v < (1 << 14)) {
    b[0] = static_cast<unsigned char>((v >> 8) | 0x40);
    b[1] = static_cast<unsigned char>(v & 0xFF);
    n = 2;
  } else if (v <= UINT32_MAX) {
    b[0] = 0x80;
    for (int i = 0; i < 4; ++i) b[1 + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
    n = 5;
  } else {
    b[0] = 0x81;
    for (int i = 0; i < 8; ++i) b[1 + i] = static_cast<unsigned char>(v >> (56 - 8 * i));
    n = 9;
  }
  out->append(reinterpret_cast<const char*>(b), n);
}

void put_raw_string(std::string* out, std::string_view s, bool compress) {
  if (compress && s.size() > 20) {
    std::string packed(s.size(), '\0');
    unsigned int n = lzf_compress(s.data(), static_cast<unsigned int>(s.size()), packed.data(),
                                  static_cast<unsigned int>(s.size() - 4));
    if (n > 0) {
      out->push_back(static_cast<char>(0xC3));  // encoded value, LZF
      put_len(out, n);
      put_len(out, s.size());
      out->append(packed.data(), n);
      return;
    }
  }
  put_len(out, s.size());
  out->append(s);
}

void put_ms_time(std::string* out, int64_t t) {
  auto u = static_cast<uint64_t>(t);
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
}

void put_id_raw(std::string* out, StreamId id) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((id.ms >> (56 - 8 * i)) & 0xFF));
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((id.seq >> (56 - 8 * i)) & 0xFF));
}

// A node listpack of single elements (each with its back-length), built front to back. The live
// count, element 0, is only known when the node is complete: finish() puts it in front.
class NodeBuilder {
 public:
  void add(const LpValue& v) {
    size_t n = v.size();
    size_t at = body_.size();
    body_.resize(at + n + varint::back_size(n));
    auto* p = reinterpret_cast<unsigned char*>(body_.data()) + at;
    v.write(p);
    varint::back_put(p + n, n);
    ++count_;
  }
  void add_int(int64_t v) { add(LpValue::integer(v)); }
  void add_str(std::string_view s) { add(LpValue::from(s)); }
  // The listpack's size with `live` as its live count, as Redis's XADD sees it when deciding
  // whether the next entry still goes in this node.
  size_t bytes(int64_t live) const {
    size_t c = LpValue::integer(live).size();
    return lp::kHeader + c + varint::back_size(c) + body_.size() + 1;
  }

  std::string finish(int64_t live) {
    LpValue c = LpValue::integer(live);
    size_t head = c.size() + varint::back_size(c.size());
    std::string lp(lp::kHeader + head, '\0');
    auto* p = reinterpret_cast<unsigned char*>(lp.data());
    size_t elements = count_ + 1;
    auto stored = static_cast<uint16_t>(std::min<size_t>(elements, lp::kCountUnknown));
    std::memcpy(p + 4, &stored, 2);
    c.write(p + lp::kHeader);
    varint::back_put(p + lp::kHeader + c.size(), c.size());
    lp.append(body_);
    lp.push_back(static_cast<char>(lp::kEof));
    auto total = static_cast<uint32_t>(lp.size());
    std::memcpy(lp.data(), &total, 4);
    return lp;
  }

 private:
  std::string body_;
  size_t count_ = 0;
};

bool same_fields(const StreamImage::Entry& e, const std::vector<std::string_view>& master) {
  if (e.fields.size() != master.size()) return false;
  for (size_t i = 0; i < master.size(); ++i)
    if (e.fields[i].first != master[i]) return false;
  return true;
}

// One node being filled: its master ID and fields, and its listpack without the live count.
struct Node {
  StreamId master;
  std::vector<std::string_view> master_fields;
  NodeBuilder lp;
  size_t entries = 0;

  explicit Node(const StreamImage::Entry& first) : master(first.id) {
    for (auto& [f, v] : first.fields) master_fields.push_back(f);
    lp.add_int(0);  // deleted
    lp.add_int(static_cast<int64_t>(master_fields.size()));
    for (std::string_view f : master_fields) lp.add_str(f);
    lp.add_int(0);  // end of the master entry
  }
  void add(const StreamImage::Entry& e) {
    bool same = same_fields(e, master_fields);
    auto nf = static_cast<int64_t>(e.fields.size());
    lp.add_int(same ? kFlagSameFields : 0);
    lp.add_int(static_cast<int64_t>(e.id.ms - master.ms));
    lp.add_int(static_cast<int64_t>(e.id.seq - master.seq));
    if (same) {
      for (auto& [f, v] : e.fields) lp.add_str(v);
      lp.add_int(nf + 3);
    } else {
      lp.add_int(nf);
      for (auto& [f, v] : e.fields) {
        lp.add_str(f);
        lp.add_str(v);
      }
      lp.add_int(2 * nf + 4);
    }
    ++entries;
  }
  void write(std::string* out, bool compress) {
    std::string key;
    put_id_raw(&key, master);
    put_raw_string(out, key, false);
    put_raw_string(out, lp.finish(static_cast<int64_t>(entries)), compress);
  }
};

// What an entry adds to a node by Redis's estimate: the bytes of its fields and values.
size_t entry_weight(const StreamImage::Entry& e) {
  size_t n = 0;
  for (auto& [f, v] : e.fields) n += f.size() + v.size();
  return n;
}

}  // namespace

bool rdb_is_stream_type(uint8_t type) {
  return type == kTypeListpacks || type == kTypeListpacks2 || type == kTypeListpacks3;
}

void write_stream(const StreamImage& img, std::string* out, StreamNodeLimits lim, bool compress,
                  uint8_t type) {
  if (!rdb_is_stream_type(type)) type = kTypeListpacks2;
  size_t max_bytes =
      lim.max_bytes == 0 || lim.max_bytes > kNodeHardMaxBytes ? kNodeHardMaxBytes : lim.max_bytes;
  // Node boundaries as Redis's XADD draws them: a new node when the current one holds
  // max_entries entries, or when its bytes plus the new entry's fields and values would reach
  // max_bytes. The node count comes first, so the nodes are built before any is written.
  std::vector<Node> nodes;
  for (const auto& e : img.entries) {
    if (nodes.empty() ||
        nodes.back().lp.bytes(static_cast<int64_t>(nodes.back().entries)) + entry_weight(e) >=
            max_bytes ||
        (lim.max_entries && nodes.back().entries >= lim.max_entries))
      nodes.emplace_back(e);
    nodes.back().add(e);
  }
  put_len(out, nodes.size());
  for (Node& n : nodes) n.write(out, compress);
  put_len(out, img.entries.size());
  put_len(out, img.last_id.ms);
  put_len(out, img.last_id.seq);
  if (type >= kTypeListpacks2) {
    put_len(out, img.first_id.ms);
    put_len(out, img.first_id.seq);
    put_len(out, img.max_deleted_id.ms);
    put_len(out, img.max_deleted_id.seq);
    put_len(out, img.entries_added);
  }
  put_len(out, img.groups.size());
  for (const auto& g : img.groups) {
    put_raw_string(out, g.name, compress);
    put_len(out, g.last_delivered.ms);
    put_len(out, g.last_delivered.seq);
    if (type >= kTypeListpacks2) put_len(out, static_cast<uint64_t>(g.entries_read));
    put_len(out, g.pending.size());
    std::map<std::string_view, std::vector<StreamId>> owned;
    for (const auto& p : g.pending) {
      put_id_raw(out, p.id);
      put_ms_time(out, p.delivery_time_ms);
      put_len(out, p.delivery_count);
      owned[p.consumer].push_back(p.id);
    }
    put_len(out, g.consumers.size());
    for (const auto& c : g.consumers) {
      put_raw_string(out, c.name, compress);
      put_ms_time(out, c.seen_time_ms);
      if (type >= kTypeListpacks3) put_ms_time(out, c.seen_time_ms);  // active time
      auto it = owned.find(c.name);
      if (it == owned.end()) {
        put_len(out, 0);
        continue;
      }
      put_len(out, it->second.size());
      for (StreamId id : it->second) put_id_raw(out, id);
    }
  }
}

// ---- reading --------------------------------------------------------------------------------

namespace {

struct ReadError {
  std::string why;
  bool truncated;
};

[[noreturn]] void fail(std::string why) { throw ReadError{std::move(why), false}; }

class Reader {
 public:
  explicit Reader(std::string_view in)
      : p_(reinterpret_cast<const unsigned char*>(in.data())), end_(p_ + in.size()), begin_(p_) {}
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  const unsigned char* take(size_t n) {
    if (n > static_cast<size_t>(end_ - p_)) throw ReadError{"Short read", true};
    const unsigned char* r = p_;
    p_ += n;
    return r;
  }
  uint8_t byte() { return *take(1); }
  uint64_t len(bool* encoded = nullptr) {
    if (encoded) *encoded = false;
    uint8_t b = byte();
    int kind = b >> 6;
    if (kind == 3) {
      if (!encoded) fail("Unexpected encoded length");
      *encoded = true;
      return b & 0x3F;
    }
    if (kind == 0) return b & 0x3F;
    if (kind == 1) return (static_cast<uint64_t>(b & 0x3F) << 8) | byte();
    if (b == 0x80 || b == 0x81) {
      size_t n = b == 0x80 ? 4 : 8;
      const unsigned char* q = take(n);
      uint64_t v = 0;
      for (size_t i = 0; i < n; ++i) v = (v << 8) | q[i];
      return v;
    }
    fail("Unknown length encoding " + std::to_string(b) + " in rdbLoadLen()");
  }
  std::string str() {
    bool enc;
    uint64_t n = len(&enc);
    if (!enc) {
      const unsigned char* q = take(n);
      return std::string(reinterpret_cast<const char*>(q), n);
    }
    auto le = [&](size_t k) {
      const unsigned char* q = take(k);
      uint64_t v = 0;
      for (size_t i = 0; i < k; ++i) v |= static_cast<uint64_t>(q[i]) << (8 * i);
      return v;
    };
    switch (n) {
      case 0:
        return std::to_string(static_cast<int8_t>(le(1)));
      case 1:
        return std::to_string(static_cast<int16_t>(le(2)));
      case 2:
        return std::to_string(static_cast<int32_t>(le(4)));
      case 3: {
        uint64_t clen = len(), ulen = len();
        const unsigned char* c = take(clen);
        // LZF expands at most ~88x: a larger claim is corrupt, refused before allocating.
        if (ulen == 0 || ulen > clen * 100 + 64) fail("Invalid LZF compressed string");
        std::string out(ulen, '\0');
        if (lzf_decompress(c, static_cast<unsigned int>(clen), out.data(),
                           static_cast<unsigned int>(ulen)) != ulen)
          fail("Invalid LZF compressed string");
        return out;
      }
      default:
        fail("Unknown RDB string encoding type " + std::to_string(n));
    }
  }
  int64_t ms_time() {
    const unsigned char* q = take(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(q[i]) << (8 * i);
    return static_cast<int64_t>(v);
  }
  StreamId id_raw() { return decode_id(take(16)); }
  StreamId id_lens() {
    StreamId id;
    id.ms = len();
    id.seq = len();
    return id;
  }

  static StreamId decode_id(const unsigned char* q) {
    StreamId id;
    for (int i = 0; i < 8; ++i) id.ms = (id.ms << 8) | q[i];
    for (int i = 8; i < 16; ++i) id.seq = (id.seq << 8) | q[i];
    return id;
  }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  const unsigned char* begin_;
};

[[noreturn]] void bad_listpack() { fail("Stream listpack integrity check failed"); }

// Walks the elements of a node listpack already checked by Listpack::validate.
class NodeWalker {
 public:
  explicit NodeWalker(std::string& blob)
      : lp_(reinterpret_cast<unsigned char*>(blob.data()), kLpSingles), at_(lp_.first()) {}
  bool done() const { return at_ == nullptr; }
  LpElem next() {
    if (!at_) bad_listpack();
    LpElem e = lp_.get(at_);
    at_ = lp_.next(at_);
    return e;
  }
  int64_t next_int() {
    LpElem e = next();
    if (e.is_int) return e.num;
    int64_t v;
    if (!parse_int64(e.str, &v)) bad_listpack();
    return v;
  }
  // A count: an integer in [0, limit].
  int64_t next_count(int64_t limit) {
    int64_t v = next_int();
    if (v < 0 || v > limit) bad_listpack();
    return v;
  }
  std::string next_string() {
    char buf[24];
    return std::string(next().view(buf));
  }

 private:
  Listpack lp_;
  unsigned char* at_;
};

// Reads one node's entries into out->entries; *prev is the last ID seen so far (live or
// deleted), *any whether there was one.
void read_node(Reader& r, StreamImage* out, StreamId* prev, bool* any) {
  std::string key = r.str();
  if (key.size() != 16) fail("Stream node key entry is not the size of a stream ID");
  StreamId master = Reader::decode_id(reinterpret_cast<const unsigned char*>(key.data()));
  if (*any && master <= *prev) fail("Stream node key out of order");
  std::string blob = r.str();
  size_t elements = 0;
  if (!Listpack::validate(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(),
                          kLpSingles, &elements))
    bad_listpack();
  if (elements == 0) fail("Empty listpack inside stream");
  auto cap = static_cast<int64_t>(elements);
  NodeWalker w(blob);
  int64_t live = w.next_count(cap);
  int64_t deleted = w.next_count(cap);
  if (live == 0) fail("Empty listpack inside stream");
  int64_t nmaster = w.next_count(cap);
  std::vector<std::string> master_fields;
  for (int64_t i = 0; i < nmaster; ++i) master_fields.push_back(w.next_string());
  if (w.next_int() != 0) bad_listpack();
  int64_t seen_live = 0, seen_deleted = 0;
  for (int64_t j = 0; j < live + deleted; ++j) {
    int64_t flags = w.next_int();
    if (flags & ~(kFlagDeleted | kFlagSameFields)) bad_listpack();
    StreamId id;
    id.ms = master.ms + static_cast<uint64_t>(w.next_int());
    id.seq = master.seq + static_cast<uint64_t>(w.next_int());
    if (id < master || (*any && id <= *prev)) fail("Stream entry IDs out of order");
    *prev = id;
    *any = true;
    StreamImage::Entry e;
    e.id = id;
    int64_t nf, lp_count;
    if (flags & kFlagSameFields) {
      nf = nmaster;
      for (int64_t i = 0; i < nf; ++i) e.fields.emplace_back(master_fields[i], w.next_string());
      lp_count = nf + 3;
    } else {
      nf = w.next_count(cap);
      for (int64_t i = 0; i < nf; ++i) {
        std::string f = w.next_string();
        e.fields.emplace_back(std::move(f), w.next_string());
      }
      lp_count = 2 * nf + 4;
    }
    if (w.next_int() != lp_count) bad_listpack();
    if (flags & kFlagDeleted) {
      ++seen_deleted;
    } else {
      ++seen_live;
      out->entries.push_back(std::move(e));
    }
  }
  if (!w.done() || seen_live != live || seen_deleted != deleted) bad_listpack();
}

// Redis's estimate of a group's entries_read when the file does not record it (type 15): exact
// when the group's last ID is the stream's last or first entry, -1 (unknown) when it cannot
// tell.
int64_t estimate_entries_read(const StreamImage& s, StreamId id) {
  auto added = static_cast<int64_t>(s.entries_added);
  if (s.entries_added == 0) return 0;
  if (s.entries.empty() && id <= s.last_id) return added;
  if (id == s.last_id) return added;
  if (id > s.last_id) return -1;
  bool no_gaps = s.max_deleted_id == StreamId{} || s.max_deleted_id < s.first_id;
  if (no_gaps) {
    auto len = static_cast<int64_t>(s.entries.size());
    if (id < s.first_id) return added - len;
    if (id == s.first_id) return added - len + 1;
  }
  return -1;
}

void read_group(Reader& r, uint8_t type, StreamImage* s) {
  StreamImage::Group g;
  g.name = r.str();
  g.last_delivered = r.id_lens();
  g.entries_read = type >= kTypeListpacks2 ? static_cast<int64_t>(r.len())
                                           : estimate_entries_read(*s, g.last_delivered);
  uint64_t npel = r.len();
  for (uint64_t i = 0; i < npel; ++i) {
    StreamImage::PendingEntry p;
    p.id = r.id_raw();
    p.delivery_time_ms = r.ms_time();
    p.delivery_count = r.len();
    g.pending.push_back(std::move(p));
  }
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  std::stable_sort(g.pending.begin(), g.pending.end(), by_id);
  for (size_t i = 1; i < g.pending.size(); ++i)
    if (g.pending[i - 1].id == g.pending[i].id)
      fail("Duplicated global PEL entry loading stream consumer group");
  std::vector<bool> claimed(g.pending.size(), false);
  uint64_t nconsumers = r.len();
  for (uint64_t i = 0; i < nconsumers; ++i) {
    StreamImage::Consumer c;
    c.name = r.str();
    c.seen_time_ms = r.ms_time();
    if (type >= kTypeListpacks3) r.ms_time();  // active time (Redis 7.2): no place in 7.0's model
    uint64_t n = r.len();
    for (uint64_t k = 0; k < n; ++k) {
      StreamId id = r.id_raw();
      StreamImage::PendingEntry probe;
      probe.id = id;
      auto it = std::lower_bound(g.pending.begin(), g.pending.end(), probe, by_id);
      if (it == g.pending.end() || it->id != id)
        fail("Consumer entry not found in group global PEL");
      size_t at = static_cast<size_t>(it - g.pending.begin());
      if (claimed[at]) fail("Duplicated consumer PEL entry loading a stream consumer group");
      claimed[at] = true;
      it->consumer = c.name;
    }
    g.consumers.push_back(std::move(c));
  }
  std::stable_sort(g.consumers.begin(), g.consumers.end(),
                   [](const auto& a, const auto& b) { return a.name < b.name; });
  for (size_t i = 1; i < g.consumers.size(); ++i)
    if (g.consumers[i - 1].name == g.consumers[i].name) fail("Duplicate stream consumer detected.");
  for (bool c : claimed)
    if (!c) fail("Stream CG PEL entry without consumer");
  s->groups.push_back(std::move(g));
}

void read_body(Reader& r, uint8_t type, StreamImage* s) {
  if (!rdb_is_stream_type(type)) fail("Not a stream RDB type " + std::to_string(type));
  uint64_t nodes = r.len();
  StreamId prev;
  bool any = false;
  for (uint64_t i = 0; i < nodes; ++i) read_node(r, s, &prev, &any);
  uint64_t length = r.len();
  if (length != s->entries.size()) fail("Stream length does not match its entries");
  s->last_id = r.id_lens();
  if (any && s->last_id < prev) fail("Stream last ID is smaller than an entry's ID");
  if (type >= kTypeListpacks2) {
    s->first_id = r.id_lens();
    s->max_deleted_id = r.id_lens();
    s->entries_added = r.len();
    if (s->max_deleted_id > s->last_id) fail("Stream max deleted ID is past its last ID");
    if (s->entries_added < length) fail("Stream entries added is smaller than its length");
  } else {
    s->first_id = s->entries.empty() ? StreamId{} : s->entries.front().id;
    s->max_deleted_id = {};
    s->entries_added = length;
  }
  uint64_t ngroups = r.len();
  for (uint64_t i = 0; i < ngroups; ++i) read_group(r, type, s);
  std::stable_sort(s->groups.begin(), s->groups.end(),
                   [](const auto& a, const auto& b) { return a.name < b.name; });
  for (size_t i = 1; i < s->groups.size(); ++i)
    if (s->groups[i - 1].name == s->groups[i].name) fail("Duplicated consumer group name");
}

}  // namespace

StreamReadResult read_stream(uint8_t type, std::string_view in, StreamImage* out) {
  StreamReadResult res;
  *out = StreamImage{};
  Reader r(in);
  try {
    read_body(r, type, out);
    res.consumed = r.offset();
  } catch (const ReadError& e) {
    res.error = e.why;
    res.truncated = e.truncated;
  } catch (const std::bad_alloc&) {
    res.error = "Out of memory loading a stream";
  }
  return res;
}

}  // namespace sable
