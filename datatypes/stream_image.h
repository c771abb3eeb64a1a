// A stream's whole content as plain values: what the stream engine (datatypes/stream_type) hands
// to the RDB writer and takes back from the RDB loader (server/persistence/rdb_stream), so neither
// side depends on the other's internal layout. Everything is in Redis 7.0's terms: entry IDs are
// ms-seq pairs of unsigned 64-bit numbers, times are Unix milliseconds.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sable {

struct StreamId {
  uint64_t ms = 0;
  uint64_t seq = 0;
  auto operator<=>(const StreamId&) const = default;
};

struct StreamImage {
  struct Entry {
    StreamId id;
    std::vector<std::pair<std::string, std::string>> fields;  // field, value; in entry order
  };
  // One entry delivered to a group's consumer and not yet acknowledged.
  struct PendingEntry {
    StreamId id;
    std::string consumer;
    int64_t delivery_time_ms = 0;  // last delivery
    uint64_t delivery_count = 0;
  };
  struct Consumer {
    std::string name;
    int64_t seen_time_ms = 0;
  };
  struct Group {
    std::string name;
    StreamId last_delivered;
    int64_t entries_read = -1;         // -1: unknown (Redis's SCG_INVALID_ENTRIES_READ)
    std::vector<PendingEntry> pending;  // in ID order, each naming one of `consumers`
    std::vector<Consumer> consumers;    // in name order
  };

  std::vector<Entry> entries;  // live entries in ID order (deleted ones are not here)
  StreamId last_id;            // the last ID ever added (XADD / XSETID), even if since deleted
  StreamId first_id;           // the first live entry's ID; 0-0 when empty
  StreamId max_deleted_id;     // the largest ID ever deleted (XDEL / trimming); 0-0 when none
  uint64_t entries_added = 0;  // how many entries were ever added
  std::vector<Group> groups;   // in name order
};

}  // namespace sable
