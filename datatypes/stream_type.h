// The stream engine: an append-mostly log of entries keyed by 128-bit IDs (ms-seq), with consumer
// groups. No RESP and no I/O.
//
// Entries live in packed nodes held in an ordered map keyed by the node's first ID, so a lookup is
// O(log nodes) and a node is walked linearly (a node is bounded by stream-node-max-entries and
// stream-node-max-bytes). A node is one byte buffer of varints (datatypes/listpack.h):
//
//   [master field count][field len][field bytes]...        -- the fields of the node's first entry
//   entry: [flags 1][ms - first.ms][seq, minus first.seq when ms is the first's][body]
//   body:  flags & kSameFields: the values only, [len][bytes] per master field
//          otherwise:           [field count][field len][field][value len][value]...
//
// XDEL sets kDeleted in the flags byte (the bytes stay); a node whose entries are all deleted is
// dropped. Trimming drops whole nodes from the front and, when exact, marks entries deleted in the
// first node left. Appends go to the last node until it is full.
//
// Consumer groups: the group's last-delivered ID and entries-read counter, its pending entries list
// (PEL) ordered by ID holding delivery time, count and owner, and consumers each with their own
// ordered PEL (IDs pointing at the group's records) and seen-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "datatypes/object.h"
#include "datatypes/stream_image.h"

namespace sable {

constexpr StreamId kStreamIdMin{0, 0};
constexpr StreamId kStreamIdMax{UINT64_MAX, UINT64_MAX};
constexpr int64_t kEntriesReadInvalid = -1;

struct StreamLimits {
  size_t node_max_bytes = 4096;   // 0: no limit
  size_t node_max_entries = 100;  // 0: no limit
};

// Parses "ms-seq" or "ms" (the sequence is then `missing_seq`). `seq_star`, when given, accepts
// "ms-*" (reported through *seq_star = true). Digits as Redis's string2ull reads them.
bool parse_stream_id(std::string_view s, uint64_t missing_seq, StreamId* out,
                     bool* seq_star = nullptr);
std::string format_stream_id(StreamId id);
// id + 1 / id - 1 across the seq/ms boundary; false at the ends of the ID space.
bool stream_id_incr(StreamId* id);
bool stream_id_decr(StreamId* id);

struct StreamConsumer;

struct StreamPending {
  int64_t delivery_time = 0;
  uint64_t delivery_count = 1;
  StreamConsumer* consumer = nullptr;
};

struct StreamConsumer {
  std::string name;
  int64_t seen_time = 0;
  std::map<StreamId, StreamPending*> pel;
};

struct StreamGroup {
  StreamId last_id;
  int64_t entries_read = kEntriesReadInvalid;
  std::map<StreamId, StreamPending> pel;
  std::map<std::string, std::unique_ptr<StreamConsumer>, std::less<>> consumers;

  StreamConsumer* find_consumer(std::string_view name) const;
  // Creates the consumer when missing; *created says whether it did.
  StreamConsumer* get_consumer(std::string_view name, int64_t now, bool* created = nullptr);
  // Removes a consumer with its pending entries; returns how many it had.
  size_t delete_consumer(std::string_view name);
  // Records id as delivered to `c` now (a new PEL entry, or moves an existing one to `c`).
  StreamPending* deliver(StreamId id, StreamConsumer* c, int64_t now);
  // Acknowledges id; false when it was not pending.
  bool ack(StreamId id);
  // Moves an existing PEL record to consumer `c`.
  void assign(std::map<StreamId, StreamPending>::iterator it, StreamConsumer* c);
};

class Stream {
 public:
  using FieldList = std::vector<std::pair<std::string_view, std::string_view>>;

  Stream() = default;
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  uint64_t length() const { return length_; }
  StreamId last_id() const { return last_id_; }
  StreamId first_id() const { return first_id_; }
  StreamId max_deleted_id() const { return max_deleted_id_; }
  uint64_t entries_added() const { return entries_added_; }
  size_t node_count() const { return nodes_.size(); }
  // How many nodes Redis's radix tree would have for these node keys (XINFO radix-tree-nodes):
  // the 128-bit big-endian IDs in a path-compressed trie, as Redis's rax lays them out.
  size_t radix_tree_nodes() const;

  void set_last_id(StreamId id) { last_id_ = id; }
  void set_entries_added(uint64_t n) { entries_added_ = n; }
  void set_max_deleted_id(StreamId id) { max_deleted_id_ = id; }

  // The ID XADD would give: `*` (auto = true, from `now_ms`), "ms-*" (seq_auto), or explicit.
  // Returns false when no valid ID exists (not above last_id, or sequence overflow).
  bool next_id(bool auto_id, bool seq_auto, StreamId given, uint64_t now_ms, StreamId* out) const;
  // Appends an entry (id must be above last_id). `fv` alternates field, value.
  void append(StreamId id, std::span<const std::string_view> fv, const StreamLimits& lim);
  // XDEL of one ID; false when no such live entry.
  bool remove(StreamId id);
  bool contains(StreamId id) const;

  enum class TrimBy { kMaxLen, kMinId };
  struct Trim {
    TrimBy by = TrimBy::kMaxLen;
    bool approx = false;
    uint64_t maxlen = 0;
    StreamId minid;
    int64_t limit = 0;  // 0: none (approx only)
  };
  // Returns the number of entries removed.
  uint64_t trim(const Trim& t);

  // Visits live entries with start <= id <= end, ascending (or descending when rev), at most
  // `count` (0: all). fn(StreamId, const FieldList&) returns false to stop. Views are valid until
  // the next change. Returns the number visited.
  template <class F>
  size_t range(StreamId start, StreamId end, bool rev, size_t count, F&& fn) const;

  // The ID of the last live entry (0-0 when empty), in O(1).
  StreamId last_live_id() const { return length_ ? last_live_ : StreamId{}; }
  // The first/last live entry.
  bool first_entry(StreamId* id, FieldList* fields) const;
  bool last_entry(StreamId* id, FieldList* fields) const;

  // Consumer groups, by name.
  std::map<std::string, std::unique_ptr<StreamGroup>, std::less<>>& groups() { return groups_; }
  const std::map<std::string, std::unique_ptr<StreamGroup>, std::less<>>& groups() const {
    return groups_;
  }
  StreamGroup* find_group(std::string_view name) const;
  StreamGroup* create_group(std::string_view name, StreamId last, int64_t entries_read);
  bool destroy_group(std::string_view name);

  // Redis 7.0's logical read counter of an ID (the lag machinery), kEntriesReadInvalid if unknown.
  int64_t estimate_distance(StreamId id) const;
  // Whether a deleted entry may lie in [start, end].
  bool range_has_tombstones(StreamId start, StreamId end) const;
  // XINFO's lag of a group; false when it cannot be known (reply null).
  bool group_lag(const StreamGroup& g, int64_t* lag) const;
  // A group has delivered `id` (ascending): advance last_id and entries_read as Redis 7.0 does.
  void group_advance(StreamGroup& g, StreamId id) const;

  StreamImage to_image() const;
  static Stream* from_image(const StreamImage& img, const StreamLimits& lim = {});

  Stream* clone() const;
  size_t memory() const;

  // Walks one node's entries (internal, public for the template).
  struct Node {
    StreamId first;
    StreamId last;
    uint32_t count = 0;  // entries including deleted ones
    uint32_t live = 0;
    uint32_t master_n = 0;
    uint32_t entries_off = 0;
    // The size Redis's listpack for this node would have, less its two count elements: node
    // boundaries follow Redis's (stream-node-max-bytes counts listpack bytes), so XTRIM ~ and
    // XINFO's node counts agree with Redis's.
    uint64_t lp_base = 0;
    uint64_t lp_bytes() const;
    std::string buf;
  };
  // Decodes the entry at offset `off` of `n`: id, deleted flag, fields; returns the next offset.
  // `fields` may be null (skip them).
  static size_t decode(const Node& n, size_t off, StreamId* id, bool* deleted, FieldList* fields);

 private:
  using NodeMap = std::map<StreamId, Node>;
  NodeMap::const_iterator node_for(StreamId id) const;  // node that may hold id (or end())
  void refresh_first_id();
  void mark_deleted(Node& n, size_t off);

  NodeMap nodes_;
  uint64_t length_ = 0;
  StreamId last_id_;
  StreamId first_id_;
  StreamId max_deleted_id_;
  StreamId last_live_;
  uint64_t entries_added_ = 0;
  std::map<std::string, std::unique_ptr<StreamGroup>, std::less<>> groups_;
};

template <class F>
size_t Stream::range(StreamId start, StreamId end, bool rev, size_t count, F&& fn) const {
  if (start > end || nodes_.empty()) return 0;
  size_t seen = 0;
  FieldList fields;
  StreamId id;
  bool deleted;
  if (!rev) {
    auto it = node_for(start);
    if (it == nodes_.end()) it = nodes_.begin();
    for (; it != nodes_.end(); ++it) {
      const Node& n = it->second;
      if (n.first > end) break;
      if (n.last < start) continue;
      size_t off = n.entries_off;
      for (uint32_t i = 0; i < n.count; ++i) {
        off = decode(n, off, &id, &deleted, &fields);
        if (deleted || id < start) continue;
        if (id > end) return seen;
        ++seen;
        if (!fn(id, static_cast<const FieldList&>(fields))) return seen;
        if (count && seen >= count) return seen;
      }
    }
    return seen;
  }
  auto it = node_for(end);
  if (it == nodes_.end()) return 0;
  std::vector<uint32_t> offs;
  while (true) {
    const Node& n = it->second;
    if (n.last < start) break;
    if (n.first <= end) {
      offs.clear();
      size_t off = n.entries_off;
      for (uint32_t i = 0; i < n.count; ++i) {
        offs.push_back(static_cast<uint32_t>(off));
        off = decode(n, off, &id, &deleted, nullptr);
      }
      for (size_t i = offs.size(); i-- > 0;) {
        decode(n, offs[i], &id, &deleted, &fields);
        if (deleted || id > end) continue;
        if (id < start) return seen;
        ++seen;
        if (!fn(id, static_cast<const FieldList&>(fields))) return seen;
        if (count && seen >= count) return seen;
      }
    }
    if (it == nodes_.begin()) break;
    --it;
  }
  return seen;
}

void register_stream_ops();

}  // namespace sable
