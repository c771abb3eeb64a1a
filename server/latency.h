// Latency diagnostics: the latency monitor's event time series (LATENCY LATEST/HISTORY/GRAPH/
// DOCTOR) and the per-command latency histograms (LATENCY HISTOGRAM, INFO latencystats).
//
// The monitor keeps, per named event ("command", "fast-command", "expire-cycle" …), a ring of the
// last 160 samples of one second each: a sample is added when an operation took at least
// latency-monitor-threshold milliseconds, and a second spike within the same second only raises
// that second's value. It also remembers the worst latency ever seen for the event.
//
// A command histogram counts durations in nanoseconds with two significant digits over 1 ns to
// 1 s, laid out like an HdrHistogram (256 exact values, then 128 sub-buckets per power of two), so
// its cumulative log-2 buckets and percentiles are the ones Redis reports.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sable {

class LatencyHistogram {
 public:
  static constexpr int64_t kLowest = 1;            // ns
  static constexpr int64_t kHighest = 1000000000;  // ns (1 s); longer durations count as this

  void record(int64_t ns);
  uint64_t total() const { return total_; }
  // The value (ns) at or below which `percentile` percent of the recorded durations fall.
  int64_t value_at_percentile(double percentile) const;
  // Cumulative counts at the power-of-two levels 1024 ns, 2048 ns … as (highest equivalent value
  // of the level in ns, count of durations up to it), until every duration is covered.
  std::vector<std::pair<int64_t, uint64_t>> log2_buckets() const;

 private:
  std::vector<uint64_t> counts_;  // allocated on the first record
  uint64_t total_ = 0;
};

struct LatencySample {
  int64_t time = 0;  // unix seconds; 0 marks an unused slot
  uint32_t latency_ms = 0;
};

struct LatencySeries {
  static constexpr int kLen = 160;
  LatencySample samples[kLen];
  int next = 0;  // slot of the next sample (the oldest one once the ring is full)
  uint32_t max_ms = 0;

  const LatencySample& latest() const { return samples[(next + kLen - 1) % kLen]; }
  // The used samples, oldest first.
  std::vector<LatencySample> ordered() const;
};

class LatencyMonitor {
 public:
  // Records `ms` for `event` when monitoring is on (threshold > 0) and ms reaches it.
  void add_if_needed(long long threshold_ms, std::string_view event, int64_t ms) {
    if (threshold_ms > 0 && ms >= threshold_ms) add(event, ms);
  }
  void add(std::string_view event, int64_t ms, int64_t now_sec = 0);
  // Drops one event's series; returns whether it existed.
  bool reset(std::string_view event);
  // Drops every series; returns how many there were.
  size_t reset_all();
  const LatencySeries* find(std::string_view event) const;
  const std::map<std::string, LatencySeries, std::less<>>& events() const { return events_; }

  // LATENCY GRAPH's text: a title, a ruler and a 4-row chart of the samples with their age.
  std::string graph(std::string_view event, const LatencySeries& s, int64_t now_sec) const;
  // LATENCY DOCTOR's report. slowlog_us is slowlog-log-slower-than.
  std::string doctor(long long threshold_ms, long long slowlog_us, int64_t now_sec) const;

 private:
  std::map<std::string, LatencySeries, std::less<>> events_;
};

}  // namespace sable
