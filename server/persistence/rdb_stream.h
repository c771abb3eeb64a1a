// The RDB codec for streams: a StreamImage (datatypes/stream_image.h) to and from the value body
// Redis writes for a stream key, i.e. everything after the type byte and the key.
//
// The body, as Redis 7.0 lays it out (RDB_TYPE_STREAM_LISTPACKS_2, type 19):
//   node count; per node: the node key (the node's master ID as 16 bytes, ms then seq, both big
//   endian) and a listpack holding the node's entries;
//   the stream length, last ID (ms, seq), first ID, max deleted ID, entries added;
//   group count; per group: name, last delivered ID, entries read (-1 as 2^64-1), the global PEL
//   (raw 16-byte ID, delivery time as 8 little-endian bytes, delivery count), then the consumers
//   (name, seen time, their PEL as raw 16-byte IDs).
// Type 15 (Redis 5/6) lacks the first/max-deleted IDs, entries added and entries read; type 21
// (Redis 7.2) adds each consumer's active time after its seen time.
//
// A node listpack starts with a master entry: live count, deleted count, the number of master
// fields, the master field names, and a 0 terminator. Each entry follows as: flags (1 deleted,
// 2 same fields as the master), ms and seq deltas from the master ID, then either the values
// alone (same fields) or a field count and field/value pairs, and finally the entry's element
// count (lp-count) so the node can be walked backwards.
//
// The reader checks everything Redis's loader checks with sanitize-dump-payload (listpack
// integrity, every count against the data, PEL consumers against the global PEL) and more (IDs
// strictly ascending, the length and last ID agreeing with the entries), and never allocates by a
// count read from the input: a damaged body gives an error, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "datatypes/stream_image.h"

namespace sable {

// When the writer starts a new node (Redis's stream-node-max-entries / stream-node-max-bytes;
// 0 means no limit on that axis, as in Redis).
struct StreamNodeLimits {
  size_t max_entries = 100;
  size_t max_bytes = 4096;
};

// The RDB type byte write_stream's output goes under (RDB_TYPE_STREAM_LISTPACKS_2).
constexpr uint8_t kRdbStreamWriteType = 19;

// Whether `type` is one of the stream types read_stream decodes (15, 19, 21).
bool rdb_is_stream_type(uint8_t type);

// Appends the body of `img` in type 19's layout to *out. `img` must keep its contract (entries in
// ascending ID order, each pending entry naming one of its group's consumers). With `compress`,
// node listpacks longer than 20 bytes are LZF-compressed when that makes them shorter, as Redis
// does with rdbcompression. `type` may ask for type 15's layout (what Redis 5/6 load: first and
// max deleted IDs, entries added and entries read are dropped) or 21's (Redis 7.2: the seen time
// doubles as active time); the RDB writer wants the default.
void write_stream(const StreamImage& img, std::string* out, StreamNodeLimits lim = {},
                  bool compress = false, uint8_t type = kRdbStreamWriteType);

// The outcome of read_stream: empty `error` on success; `truncated` when the input ended early
// (the loader reports that as a short read); `consumed` is the body's length in bytes.
struct StreamReadResult {
  std::string error;
  bool truncated = false;
  size_t consumed = 0;
  bool ok() const { return error.empty(); }
};

// Decodes a body of RDB type `type` (15, 19 or 21) from the start of `in` (which may continue
// past the body) into *out. On error *out is left in an unspecified (but valid) state.
StreamReadResult read_stream(uint8_t type, std::string_view in, StreamImage* out);

}  // namespace sable
