// The stream engine: packed nodes of entries in an ordered map, consumer groups and their PELs.
#include "datatypes/stream_type.h"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "datatypes/listpack.h"
#include "datatypes/numbers.h"

namespace sable {

namespace {

constexpr unsigned char kDeleted = 1;
constexpr unsigned char kSameFields = 2;

// Redis's string2ull: a decimal that fits in 64 bits unsigned (a negative number is refused).
bool parse_u64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 40) return false;
  int64_t ll;
  if (parse_int64(s, &ll)) {
    if (ll < 0) return false;
    *out = static_cast<uint64_t>(ll);
    return true;
  }
  char buf[48];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(buf, &end, 10);
  if (errno == EINVAL || errno == ERANGE || end != buf + s.size()) return false;
  *out = v;
  return true;
}

void put_varint(std::string& b, uint64_t v) {
  unsigned char tmp[10];
  size_t n = varint::put(tmp, v);
  b.append(reinterpret_cast<char*>(tmp), n);
}
void put_str(std::string& b, std::string_view s) {
  put_varint(b, s.size());
  b.append(s);
}
size_t get_varint(const std::string& b, size_t off, uint64_t* v) {
  return off + varint::get(reinterpret_cast<const unsigned char*>(b.data()) + off, v);
}
size_t get_str(const std::string& b, size_t off, std::string_view* s) {
  uint64_t len;
  off = get_varint(b, off, &len);
  *s = std::string_view(b.data() + off, static_cast<size_t>(len));
  return off + static_cast<size_t>(len);
}

// Sizes of elements in a Redis listpack (an element and its back-length), to follow Redis's
// node boundaries.
size_t lp_backlen(size_t l) {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}
size_t lp_int(int64_t v) {
  size_t n = v >= 0 && v <= 127                 ? 1
             : v >= -4096 && v <= 4095          ? 2
             : v >= -32768 && v <= 32767        ? 3
             : v >= -8388608 && v <= 8388607    ? 4
             : v >= INT32_MIN && v <= INT32_MAX ? 5
                                                : 9;
  return n + lp_backlen(n);
}
size_t lp_str(std::string_view s) {
  int64_t v;
  if (s.size() <= 20 && parse_int64(s, &v)) return lp_int(v);
  size_t n = s.size() + (s.size() <= 63 ? 1 : s.size() <= 4095 ? 2 : 5);
  return n + lp_backlen(n);
}

}  // namespace

uint64_t Stream::Node::lp_bytes() const {
  return lp_base + lp_int(live) + lp_int(static_cast<int64_t>(count - live));
}

bool parse_stream_id(std::string_view s, uint64_t missing_seq, StreamId* out, bool* seq_star) {
  if (s.size() > 127) return false;
  size_t dash = s.find('-');
  uint64_t ms, seq;
  if (dash == std::string_view::npos) {
    if (!parse_u64(s, &ms)) return false;
    *out = {ms, missing_seq};
    if (seq_star) *seq_star = false;
    return true;
  }
  std::string_view a = s.substr(0, dash), b = s.substr(dash + 1);
  if (!parse_u64(a, &ms)) return false;
  if (seq_star && b == "*") {
    *seq_star = true;
    *out = {ms, 0};
    return true;
  }
  if (!parse_u64(b, &seq)) return false;
  if (seq_star) *seq_star = false;
  *out = {ms, seq};
  return true;
}

std::string format_stream_id(StreamId id) {
  return std::to_string(id.ms) + "-" + std::to_string(id.seq);
}

bool stream_id_incr(StreamId* id) {
  if (id->seq == UINT64_MAX) {
    if (id->ms == UINT64_MAX) return false;
    ++id->ms;
    id->seq = 0;
  } else {
    ++id->seq;
  }
  return true;
}

bool stream_id_decr(StreamId* id) {
  if (id->seq == 0) {
    if (id->ms == 0) return false;
    --id->ms;
    id->seq = UINT64_MAX;
  } else {
    --id->seq;
  }
  return true;
}

// ---- consumer groups ----

StreamConsumer* StreamGroup::find_consumer(std::string_view name) const {
  auto it = consumers.find(name);
  return it == consumers.end() ? nullptr : it->second.get();
}

StreamConsumer* StreamGroup::get_consumer(std::string_view name, int64_t now, bool* created) {
  auto it = consumers.find(name);
  if (created) *created = it == consumers.end();
  if (it != consumers.end()) return it->second.get();
  auto c = std::make_unique<StreamConsumer>();
  c->name = std::string(name);
  c->seen_time = now;
  StreamConsumer* p = c.get();
  consumers.emplace(p->name, std::move(c));
  return p;
}

size_t StreamGroup::delete_consumer(std::string_view name) {
  auto it = consumers.find(name);
  if (it == consumers.end()) return 0;
  StreamConsumer* c = it->second.get();
  size_t n = c->pel.size();
  for (auto& [id, rec] : c->pel) pel.erase(id);
  consumers.erase(it);
  return n;
}

StreamPending* StreamGroup::deliver(StreamId id, StreamConsumer* c, int64_t now) {
  auto [it, inserted] = pel.try_emplace(id);
  StreamPending& p = it->second;
  if (!inserted && p.consumer != c) {
    p.consumer->pel.erase(id);
  }
  p.delivery_time = now;
  p.delivery_count = inserted ? 1 : p.delivery_count + 1;
  p.consumer = c;
  c->pel[id] = &p;
  return &p;
}

void StreamGroup::assign(std::map<StreamId, StreamPending>::iterator it, StreamConsumer* c) {
  StreamPending& p = it->second;
  if (p.consumer == c) return;
  p.consumer->pel.erase(it->first);
  p.consumer = c;
  c->pel[it->first] = &p;
}

bool StreamGroup::ack(StreamId id) {
  auto it = pel.find(id);
  if (it == pel.end()) return false;
  it->second.consumer->pel.erase(id);
  pel.erase(it);
  return true;
}

// ---- nodes ----

size_t Stream::decode(const Node& n, size_t off, StreamId* id, bool* deleted, FieldList* fields) {
  const std::string& b = n.buf;
  unsigned char flags = static_cast<unsigned char>(b[off++]);
  uint64_t dms, seq;
  off = get_varint(b, off, &dms);
  off = get_varint(b, off, &seq);
  id->ms = n.first.ms + dms;
  id->seq = dms == 0 ? n.first.seq + seq : seq;
  *deleted = flags & kDeleted;
  if (fields) fields->clear();
  if (flags & kSameFields) {
    size_t moff = 0;
    uint64_t mcount;
    moff = get_varint(b, moff, &mcount);
    for (uint64_t i = 0; i < mcount; ++i) {
      std::string_view f, v;
      moff = get_str(b, moff, &f);
      off = get_str(b, off, &v);
      if (fields) fields->emplace_back(f, v);
    }
  } else {
    uint64_t nf;
    off = get_varint(b, off, &nf);
    for (uint64_t i = 0; i < nf; ++i) {
      std::string_view f, v;
      off = get_str(b, off, &f);
      off = get_str(b, off, &v);
      if (fields) fields->emplace_back(f, v);
    }
  }
  return off;
}

Stream::NodeMap::const_iterator Stream::node_for(StreamId id) const {
  auto it = nodes_.upper_bound(id);
  if (it == nodes_.begin()) return nodes_.end();
  return std::prev(it);
}

bool Stream::next_id(bool auto_id, bool seq_auto, StreamId given, uint64_t now,
                     StreamId* out) const {
  if (auto_id) {
    if (now > last_id_.ms) {
      *out = {now, 0};
      return true;
    }
    StreamId id = last_id_;
    if (!stream_id_incr(&id)) return false;
    *out = id;
    return true;
  }
  StreamId id = given;
  if (seq_auto) {
    if (given.ms == last_id_.ms) {
      if (last_id_.seq == UINT64_MAX) return false;
      id.seq = last_id_.seq + 1;
    } else {
      id.seq = 0;
    }
  }
  if (id <= last_id_) return false;
  *out = id;
  return true;
}

void Stream::append(StreamId id, std::span<const std::string_view> fv, const StreamLimits& lim) {
  size_t nf = fv.size() / 2;
  Node* n = nullptr;
  if (!nodes_.empty()) {
    // Redis's rule: a new node when the tail's listpack bytes plus the new fields' and values'
    // lengths reach stream-node-max-bytes, or when it holds stream-node-max-entries entries
    // (deleted ones included).
    Node& last = std::prev(nodes_.end())->second;
    uint64_t elements = 0;
    for (auto s : fv) elements += s.size();
    uint64_t max_bytes = lim.node_max_bytes ? lim.node_max_bytes : (1u << 30);
    if (max_bytes > (1u << 30)) max_bytes = 1u << 30;
    bool full = last.lp_bytes() + elements >= max_bytes ||
                (lim.node_max_entries && last.count >= lim.node_max_entries);
    if (!full)
      n = &last;
    else
      last.buf.shrink_to_fit();  // a sealed node only shrinks from here on
  }
  if (!n) {
    n = &nodes_[id];
    n->first = id;
    put_varint(n->buf, nf);
    for (size_t i = 0; i < nf; ++i) put_str(n->buf, fv[2 * i]);
    n->master_n = static_cast<uint32_t>(nf);
    n->entries_off = static_cast<uint32_t>(n->buf.size());
    n->lp_base = 7 + lp_int(static_cast<int64_t>(nf)) + lp_int(0);
    for (size_t i = 0; i < nf; ++i) n->lp_base += lp_str(fv[2 * i]);
  }
  bool same = nf == n->master_n;
  if (same) {
    size_t moff = 0;
    uint64_t mc;
    moff = get_varint(n->buf, moff, &mc);
    for (size_t i = 0; i < nf && same; ++i) {
      std::string_view f;
      moff = get_str(n->buf, moff, &f);
      same = f == fv[2 * i];
    }
  }
  std::string& b = n->buf;
  b.push_back(static_cast<char>(same ? kSameFields : 0));
  uint64_t dms = id.ms - n->first.ms;
  {
    // flags, ms and seq differences from the master ID, the body, the element count
    uint64_t lp = lp_int(same ? kSameFields : 0) + lp_int(static_cast<int64_t>(dms)) +
                  lp_int(static_cast<int64_t>(id.seq - n->first.seq));
    for (size_t i = 0; i < nf; ++i) lp += lp_str(fv[2 * i + 1]) + (same ? 0 : lp_str(fv[2 * i]));
    if (!same) lp += lp_int(static_cast<int64_t>(nf));
    lp += lp_int(static_cast<int64_t>(same ? nf + 3 : 2 * nf + 4));
    n->lp_base += lp;
  }
  put_varint(b, dms);
  put_varint(b, dms == 0 ? id.seq - n->first.seq : id.seq);
  if (same) {
    for (size_t i = 0; i < nf; ++i) put_str(b, fv[2 * i + 1]);
  } else {
    put_varint(b, nf);
    for (size_t i = 0; i < nf; ++i) {
      put_str(b, fv[2 * i]);
      put_str(b, fv[2 * i + 1]);
    }
  }
  n->last = id;
  ++n->count;
  ++n->live;
  if (length_ == 0) first_id_ = id;
  ++length_;
  ++entries_added_;
  last_id_ = id;
  last_live_ = id;
}

void Stream::mark_deleted(Node& n, size_t off) {
  n.buf[off] = static_cast<char>(n.buf[off] | kDeleted);
  --n.live;
  --length_;
}

void Stream::refresh_first_id() {
  first_id_ = {0, 0};
  if (length_ == 0 || nodes_.empty()) return;
  const Node& n = nodes_.begin()->second;
  size_t off = n.entries_off;
  StreamId id;
  bool deleted;
  for (uint32_t i = 0; i < n.count; ++i) {
    off = decode(n, off, &id, &deleted, nullptr);
    if (!deleted) {
      first_id_ = id;
      return;
    }
  }
}

bool Stream::contains(StreamId id) const {
  bool found = false;
  range(id, id, false, 1, [&](StreamId, const FieldList&) {
    found = true;
    return false;
  });
  return found;
}

bool Stream::remove(StreamId id) {
  auto cit = node_for(id);
  if (cit == nodes_.end()) return false;
  Node& n = const_cast<Node&>(cit->second);
  if (id > n.last) return false;
  size_t off = n.entries_off;
  StreamId cur;
  bool deleted;
  for (uint32_t i = 0; i < n.count; ++i) {
    size_t next = decode(n, off, &cur, &deleted, nullptr);
    if (cur == id) {
      if (deleted) return false;
      mark_deleted(n, off);
      if (n.live == 0) nodes_.erase(cit);
      if (id > max_deleted_id_) max_deleted_id_ = id;
      if (id == first_id_) refresh_first_id();
      if (length_ == 0) first_id_ = {0, 0};
      if (id == last_live_) {
        last_live_ = {};
        range(kStreamIdMin, kStreamIdMax, true, 1, [&](StreamId i, const FieldList&) {
          last_live_ = i;
          return false;
        });
      }
      return true;
    }
    if (cur > id) return false;
    off = next;
  }
  return false;
}

uint64_t Stream::trim(const Trim& t) {
  uint64_t removed = 0;
  auto over = [&]() { return t.by == TrimBy::kMaxLen ? length_ > t.maxlen : first_id_ < t.minid; };
  while (!nodes_.empty() && length_ > 0 && over()) {
    auto it = nodes_.begin();
    Node& n = it->second;
    bool whole = t.by == TrimBy::kMaxLen ? length_ - n.live >= t.maxlen : n.last < t.minid;
    if (whole) {
      if (t.limit && removed + n.live > static_cast<uint64_t>(t.limit)) break;
      removed += n.live;
      length_ -= n.live;
      nodes_.erase(it);
      continue;
    }
    if (t.approx) break;
    // Exact: mark entries deleted in this node until the condition holds.
    size_t off = n.entries_off;
    StreamId id;
    bool deleted;
    for (uint32_t i = 0; i < n.count && over(); ++i) {
      size_t next = decode(n, off, &id, &deleted, nullptr);
      if (!deleted) {
        if (t.by == TrimBy::kMinId && id >= t.minid) break;
        mark_deleted(n, off);
        ++removed;
        if (t.by == TrimBy::kMinId) {
          // first_id_ is refreshed below; keep `over` meaningful while walking.
          first_id_ = id;
          stream_id_incr(&first_id_);
        }
      }
      off = next;
    }
    if (n.live == 0) nodes_.erase(it);
    break;
  }
  refresh_first_id();
  return removed;
}

bool Stream::first_entry(StreamId* id, FieldList* fields) const {
  bool found = false;
  range(kStreamIdMin, kStreamIdMax, false, 1, [&](StreamId i, const FieldList& f) {
    *id = i;
    *fields = f;
    found = true;
    return false;
  });
  return found;
}

bool Stream::last_entry(StreamId* id, FieldList* fields) const {
  bool found = false;
  range(kStreamIdMin, kStreamIdMax, true, 1, [&](StreamId i, const FieldList& f) {
    *id = i;
    *fields = f;
    found = true;
    return false;
  });
  return found;
}

// ---- groups ----

StreamGroup* Stream::find_group(std::string_view name) const {
  auto it = groups_.find(name);
  return it == groups_.end() ? nullptr : it->second.get();
}

StreamGroup* Stream::create_group(std::string_view name, StreamId last, int64_t entries_read) {
  if (groups_.find(name) != groups_.end()) return nullptr;
  auto g = std::make_unique<StreamGroup>();
  g->last_id = last;
  g->entries_read = entries_read;
  StreamGroup* p = g.get();
  groups_.emplace(std::string(name), std::move(g));
  return p;
}

bool Stream::destroy_group(std::string_view name) {
  auto it = groups_.find(name);
  if (it == groups_.end()) return false;
  groups_.erase(it);
  return true;
}

int64_t Stream::estimate_distance(StreamId id) const {
  if (entries_added_ == 0) return 0;
  if (length_ == 0 && id <= last_id_) return static_cast<int64_t>(entries_added_);
  if (id == last_id_) return static_cast<int64_t>(entries_added_);
  if (id > last_id_) return kEntriesReadInvalid;
  bool no_holes = max_deleted_id_ == kStreamIdMin || max_deleted_id_ < first_id_;
  if (no_holes) {
    if (id < first_id_) return static_cast<int64_t>(entries_added_ - length_);
    if (id == first_id_) return static_cast<int64_t>(entries_added_ - length_ + 1);
  }
  return kEntriesReadInvalid;
}

bool Stream::range_has_tombstones(StreamId start, StreamId end) const {
  if (length_ == 0 || max_deleted_id_ == kStreamIdMin) return false;
  if (first_id_ > max_deleted_id_) return false;
  return start <= max_deleted_id_ && end >= max_deleted_id_;
}

bool Stream::group_lag(const StreamGroup& g, int64_t* lag) const {
  if (entries_added_ == 0) {
    *lag = 0;
    return true;
  }
  if (g.entries_read != kEntriesReadInvalid && !range_has_tombstones(g.last_id, kStreamIdMax)) {
    *lag = static_cast<int64_t>(entries_added_) - g.entries_read;
    return true;
  }
  int64_t read = estimate_distance(g.last_id);
  if (read == kEntriesReadInvalid) return false;
  *lag = static_cast<int64_t>(entries_added_) - read;
  return true;
}

void Stream::group_advance(StreamGroup& g, StreamId id) const {
  if (id <= g.last_id) return;
  if (g.entries_read != kEntriesReadInvalid && !range_has_tombstones(id, kStreamIdMax)) {
    ++g.entries_read;
  } else if (entries_added_) {
    g.entries_read = estimate_distance(id);
  }
  g.last_id = id;
}

// ---- images, copies, memory ----

StreamImage Stream::to_image() const {
  StreamImage img;
  img.entries.reserve(static_cast<size_t>(length_));
  range(kStreamIdMin, kStreamIdMax, false, 0, [&](StreamId id, const FieldList& f) {
    StreamImage::Entry e;
    e.id = id;
    for (auto& [k, v] : f) e.fields.emplace_back(std::string(k), std::string(v));
    img.entries.push_back(std::move(e));
    return true;
  });
  img.last_id = last_id_;
  img.first_id = length_ ? first_id_ : StreamId{};
  img.max_deleted_id = max_deleted_id_;
  img.entries_added = entries_added_;
  for (auto& [name, g] : groups_) {
    StreamImage::Group ig;
    ig.name = name;
    ig.last_delivered = g->last_id;
    ig.entries_read = g->entries_read;
    for (auto& [id, p] : g->pel)
      ig.pending.push_back({id, p.consumer->name, p.delivery_time, p.delivery_count});
    for (auto& [cname, c] : g->consumers) ig.consumers.push_back({cname, c->seen_time});
    img.groups.push_back(std::move(ig));
  }
  return img;
}

Stream* Stream::from_image(const StreamImage& img, const StreamLimits& lim) {
  auto s = std::make_unique<Stream>();
  std::vector<std::string_view> fv;
  for (const auto& e : img.entries) {
    if (e.id <= s->last_id_ && s->length_ > 0) return nullptr;  // not ascending
    fv.clear();
    for (auto& [k, v] : e.fields) {
      fv.push_back(k);
      fv.push_back(v);
    }
    s->append(e.id, fv, lim);
  }
  s->last_id_ = img.last_id;
  s->max_deleted_id_ = img.max_deleted_id;
  s->entries_added_ = img.entries_added;
  s->refresh_first_id();
  for (const auto& ig : img.groups) {
    StreamGroup* g = s->create_group(ig.name, ig.last_delivered, ig.entries_read);
    if (!g) return nullptr;
    for (const auto& c : ig.consumers) g->get_consumer(c.name, c.seen_time_ms);
    for (const auto& p : ig.pending) {
      StreamConsumer* c = g->find_consumer(p.consumer);
      if (!c) c = g->get_consumer(p.consumer, p.delivery_time_ms);
      StreamPending* rec = g->deliver(p.id, c, p.delivery_time_ms);
      rec->delivery_count = p.delivery_count;
    }
  }
  return s.release();
}

Stream* Stream::clone() const {
  auto* s = new Stream();
  s->nodes_ = nodes_;
  s->length_ = length_;
  s->last_id_ = last_id_;
  s->first_id_ = first_id_;
  s->max_deleted_id_ = max_deleted_id_;
  s->last_live_ = last_live_;
  s->entries_added_ = entries_added_;
  for (auto& [name, g] : groups_) {
    StreamGroup* ng = s->create_group(name, g->last_id, g->entries_read);
    for (auto& [cname, c] : g->consumers) ng->get_consumer(cname, c->seen_time);
    for (auto& [id, p] : g->pel) {
      StreamPending* rec = ng->deliver(id, ng->find_consumer(p.consumer->name), p.delivery_time);
      rec->delivery_count = p.delivery_count;
    }
  }
  return s;
}

size_t Stream::memory() const {
  constexpr size_t kMapNode = 48;  // red-black tree node overhead
  size_t m = sizeof(Stream);
  for (auto& [id, n] : nodes_) m += kMapNode + sizeof(Node) + n.buf.capacity();
  for (auto& [name, g] : groups_) {
    m += kMapNode + sizeof(StreamGroup) + name.capacity();
    m += g->pel.size() * (kMapNode + sizeof(StreamId) + sizeof(StreamPending));
    for (auto& [cname, c] : g->consumers) {
      m += kMapNode + sizeof(StreamConsumer) + cname.capacity() * 2;
      m += c->pel.size() * (kMapNode + sizeof(StreamId) + sizeof(void*));
    }
  }
  return m;
}

void register_stream_ops() {
  ObjectOps ops;
  ops.destroy = [](void* obj, Encoding) { delete static_cast<Stream*>(obj); };
  ops.clone = [](const void* obj, Encoding) -> void* {
    return static_cast<const Stream*>(obj)->clone();
  };
  ops.memory = [](const void* obj, Encoding) { return static_cast<const Stream*>(obj)->memory(); };
  register_object_ops(ObjType::kStream, ops);
}

namespace {

using RaxKey = std::array<unsigned char, 16>;

size_t rax_branch(const std::vector<RaxKey>& keys, size_t lo, size_t hi, size_t depth);

// Nodes for keys[lo, hi) below `depth` bytes already matched: a run of shared bytes is one
// compressed node, a byte where the keys part is a branch node, and each key ends in a leaf.
size_t rax_nodes(const std::vector<RaxKey>& keys, size_t lo, size_t hi, size_t depth) {
  if (hi - lo == 1) return depth == 16 ? 1 : 2;  // the rest in one node, then the leaf
  size_t common = depth;
  while (common < 16 && keys[lo][common] == keys[hi - 1][common]) ++common;  // sorted keys
  return (common > depth ? 1 : 0) + rax_branch(keys, lo, hi, common);
}

size_t rax_branch(const std::vector<RaxKey>& keys, size_t lo, size_t hi, size_t depth) {
  size_t n = 1;
  for (size_t i = lo; i < hi;) {
    size_t j = i;
    while (j < hi && keys[j][depth] == keys[i][depth]) ++j;
    n += rax_nodes(keys, i, j, depth + 1);
    i = j;
  }
  return n;
}

}  // namespace

size_t Stream::radix_tree_nodes() const {
  if (nodes_.empty()) return 1;
  std::vector<RaxKey> keys;
  keys.reserve(nodes_.size());
  for (const auto& [id, node] : nodes_) {
    RaxKey k;
    for (int i = 0; i < 8; ++i) {
      k[i] = static_cast<unsigned char>(id.ms >> (56 - 8 * i));
      k[8 + i] = static_cast<unsigned char>(id.seq >> (56 - 8 * i));
    }
    keys.push_back(k);
  }
  return rax_nodes(keys, 0, keys.size(), 0);
}

}  // namespace sable
