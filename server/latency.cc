// Latency monitor time series and command latency histograms (see latency.h).
#include "server/latency.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

namespace sable {

// ---------------------------------------------------------------------------------------------
// Histogram layout: values below 256 ns have a counter each; every further power of two
// [2^k, 2^(k+1)) is split into 128 equal sub-buckets. 23 buckets reach past 1 s.

namespace {
constexpr int kSubBucketHalfBits = 7;  // 128 sub-buckets per power of two
constexpr int64_t kSubBucketMask = 255;
constexpr int kBucketCount = 23;
constexpr size_t kCountsLen = (kBucketCount + 1) << kSubBucketHalfBits;

int bucket_of(int64_t v) {
  return 64 - __builtin_clzll(static_cast<uint64_t>(v | kSubBucketMask)) - (kSubBucketHalfBits + 1);
}
size_t index_of(int64_t v) {
  int b = bucket_of(v);
  int64_t sub = v >> b;
  return (static_cast<size_t>(b + 1) << kSubBucketHalfBits) +
         static_cast<size_t>(sub - (int64_t{1} << kSubBucketHalfBits));
}
int64_t value_at_index(size_t idx) {
  int b = static_cast<int>(idx >> kSubBucketHalfBits) - 1;
  int64_t sub = static_cast<int64_t>(idx & ((1u << kSubBucketHalfBits) - 1)) +
                (int64_t{1} << kSubBucketHalfBits);
  if (b < 0) {
    sub -= int64_t{1} << kSubBucketHalfBits;
    b = 0;
  }
  return sub << b;
}
// The first and last value sharing v's counter.
int64_t lowest_equivalent(int64_t v) {
  int b = bucket_of(v);
  return (v >> b) << b;
}
int64_t highest_equivalent(int64_t v) {
  return lowest_equivalent(v) + (int64_t{1} << bucket_of(v)) - 1;
}
}  // namespace

void LatencyHistogram::record(int64_t ns) {
  ns = std::clamp(ns, kLowest, kHighest);
  if (counts_.empty()) counts_.assign(kCountsLen, 0);
  ++counts_[index_of(ns)];
  ++total_;
}

int64_t LatencyHistogram::value_at_percentile(double percentile) const {
  if (!total_) return 0;
  double p = std::min(percentile, 100.0);
  auto wanted = static_cast<uint64_t>(p / 100.0 * static_cast<double>(total_) + 0.5);
  wanted = std::max<uint64_t>(wanted, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= wanted) {
      int64_t v = value_at_index(i);
      return percentile == 0.0 ? lowest_equivalent(v) : highest_equivalent(v);
    }
  }
  return 0;
}

std::vector<std::pair<int64_t, uint64_t>> LatencyHistogram::log2_buckets() const {
  std::vector<std::pair<int64_t, uint64_t>> out;
  uint64_t cumulative = 0, reported = 0;
  size_t next = 0;  // first counter not yet summed
  // A level's count includes the values sharing the level's own counter; a level past the
  // tracked range is never reached (as in HdrHistogram's logarithmic iteration).
  for (int64_t level = 1024; total_ && reported < total_; level *= 2) {
    size_t idx = index_of(level);
    if (idx >= counts_.size()) break;
    for (; next <= idx; ++next) cumulative += counts_[next];
    if (cumulative > reported) out.emplace_back(highest_equivalent(level), cumulative);
    reported = cumulative;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Event series

std::vector<LatencySample> LatencySeries::ordered() const {
  std::vector<LatencySample> out;
  for (int j = 0; j < kLen; ++j) {
    const LatencySample& s = samples[(next + j) % kLen];
    if (s.time) out.push_back(s);
  }
  return out;
}

void LatencyMonitor::add(std::string_view event, int64_t ms, int64_t now_sec) {
  if (!now_sec) now_sec = static_cast<int64_t>(time(nullptr));
  auto ms32 = static_cast<uint32_t>(std::clamp<int64_t>(ms, 0, UINT32_MAX));
  auto it = events_.find(event);
  if (it == events_.end()) it = events_.emplace(std::string(event), LatencySeries{}).first;
  LatencySeries& s = it->second;
  s.max_ms = std::max(s.max_ms, ms32);
  // One sample per second: a later spike in the same second only raises it.
  LatencySample& prev = s.samples[(s.next + LatencySeries::kLen - 1) % LatencySeries::kLen];
  if (prev.time == now_sec) {
    prev.latency_ms = std::max(prev.latency_ms, ms32);
    return;
  }
  s.samples[s.next] = {now_sec, ms32};
  s.next = (s.next + 1) % LatencySeries::kLen;
}

bool LatencyMonitor::reset(std::string_view event) {
  auto it = events_.find(event);
  if (it == events_.end()) return false;
  events_.erase(it);
  return true;
}

size_t LatencyMonitor::reset_all() {
  size_t n = events_.size();
  events_.clear();
  return n;
}

const LatencySeries* LatencyMonitor::find(std::string_view event) const {
  auto it = events_.find(event);
  return it == events_.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------------------------
// LATENCY GRAPH

namespace {
std::string age_label(int64_t secs) {
  if (secs < 60) return fmt::format("{}s", secs);
  if (secs < 3600) return fmt::format("{}m", secs / 60);
  if (secs < 86400) return fmt::format("{}h", secs / 3600);
  return fmt::format("{}d", secs / 86400);
}

// Draws one stretch of columns: 4 rows of bars (each row holds 3 heights, "_o#", and a full row
// is '|'), a blank row, then the labels written downwards.
void render_columns(std::string& out, const std::vector<uint32_t>& values,
                    const std::vector<std::string>& labels, size_t from, size_t len, uint32_t lo,
                    uint32_t hi) {
  constexpr int kRows = 4;
  constexpr char kFill[] = "_o#";
  constexpr int kPerRow = 3;
  constexpr int kSteps = kRows * kPerRow;
  double range = hi - lo == 0 ? 1.0 : static_cast<double>(hi - lo);
  for (int row = 0; row < kRows; ++row) {
    for (size_t j = from; j < from + len; ++j) {
      int step = static_cast<int>(static_cast<double>(values[j] - lo) * kSteps / range);
      step = std::clamp(step, 0, kSteps - 1);
      int level = step - (kRows - row - 1) * kPerRow;
      out += level >= kPerRow ? '|' : level >= 0 ? kFill[level] : ' ';
    }
    out += '\n';
  }
  out.append(len, ' ');
  out += '\n';
  for (size_t row = 0;; ++row) {
    std::string line(len, ' ');
    bool any = false;
    for (size_t j = from; j < from + len; ++j) {
      if (labels[j].size() > row) {
        line[j - from] = labels[j][row];
        any = true;
      }
    }
    if (!any) break;
    out += line;
    out += '\n';
  }
}
}  // namespace

std::string LatencyMonitor::graph(std::string_view event, const LatencySeries& s,
                                  int64_t now_sec) const {
  constexpr size_t kCols = 80;
  std::vector<uint32_t> values;
  std::vector<std::string> labels;
  uint32_t lo = 0, hi = 0;
  for (const LatencySample& x : s.ordered()) {
    if (values.empty()) lo = hi = x.latency_ms;
    lo = std::min(lo, x.latency_ms);
    hi = std::max(hi, x.latency_ms);
    values.push_back(x.latency_ms);
    labels.push_back(age_label(now_sec - x.time));
  }
  std::string out =
      fmt::format("{} - high {} ms, low {} ms (all time high {} ms)\n", event, hi, lo, s.max_ms);
  out.append(kCols, '-');
  out += '\n';
  for (size_t j = 0; j < values.size(); j += kCols) {
    if (j) out += '\n';
    render_columns(out, values, labels, j, std::min(kCols, values.size() - j), lo, hi);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// LATENCY DOCTOR

namespace {
struct EventSummary {
  size_t samples = 0;
  uint64_t avg = 0, mad = 0;  // ms
  double period = 0;          // seconds between spikes, on average
};

EventSummary summarize(const LatencySeries& s, int64_t now_sec) {
  EventSummary r;
  auto all = s.ordered();
  if (all.empty()) return r;
  uint64_t sum = 0;
  int64_t oldest = all.front().time;
  for (auto& x : all) {
    sum += x.latency_ms;
    oldest = std::min(oldest, x.time);
  }
  r.samples = all.size();
  r.avg = sum / r.samples;
  uint64_t dev = 0;
  for (auto& x : all)
    dev += static_cast<uint64_t>(
        std::llabs(static_cast<long long>(x.latency_ms) - static_cast<long long>(r.avg)));
  r.mad = dev / r.samples;
  int64_t span = std::max<int64_t>(now_sec - oldest, 1);
  r.period = static_cast<double>(span) / static_cast<double>(r.samples);
  return r;
}
}  // namespace

std::string LatencyMonitor::doctor(long long threshold_ms, long long slowlog_us,
                                   int64_t now_sec) const {
  if (events_.empty()) {
    if (threshold_ms == 0)
      return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
             "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in "
             "order to enable it. If we weren't in a deep space mission I'd suggest to take a "
             "look at https://redis.io/topics/latency-monitor.\n";
    return "Dave, no latency spike was observed during the lifetime of this Redis instance, not "
           "in the slightest bit. I honestly think you ought to sit down calmly, take a stress "
           "pill, and think things over.\n";
  }
  std::string out =
      "Dave, I have observed latency spikes in this Redis instance. You don't mind talking "
      "about it, do you Dave?\n\n";
  bool slowlog_enable = false, slowlog_tune = false, slowlog_inspect = false;
  bool scheduler = false, large_objects = false, hz = false;
  int n = 0;
  for (auto& [name, series] : events_) {
    EventSummary e = summarize(series, now_sec);
    out += fmt::format(
        "{}. {}: {} latency spikes (average {}ms, mean deviation {}ms, period {:.2f} sec). Worst "
        "all time event {}ms.\n",
        ++n, name, e.samples, e.avg, e.mad, e.period, series.max_ms);
    if (name == "command") {
      if (slowlog_us < 0)
        slowlog_enable = true;
      else if (slowlog_us / 1000 > threshold_ms)
        slowlog_tune = true;
      slowlog_inspect = large_objects = true;
    } else if (name == "fast-command") {
      scheduler = true;
    } else if (name == "expire-cycle") {
      hz = large_objects = true;
    }
  }
  out += '\n';
  std::vector<std::string> advice;
  if (slowlog_enable)
    advice.push_back(fmt::format(
        "There are latency issues with potentially slow commands you are using. Try to enable "
        "the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than {}'. "
        "If the Slow log is disabled Redis is not able to log slow commands execution for you.",
        threshold_ms * 1000));
  if (slowlog_tune)
    advice.push_back(fmt::format(
        "Your current Slow Log configuration only logs events that are slower than your "
        "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than "
        "{}'.",
        threshold_ms * 1000));
  if (slowlog_inspect)
    advice.push_back(
        "Check your Slow Log to understand what are the commands you are running which are too "
        "slow to execute. Please check https://redis.io/commands/slowlog for more information.");
  if (scheduler)
    advice.push_back(
        "The system is slow to execute Redis code paths not containing system calls. This "
        "usually means the system does not provide Redis CPU time to run for long periods. You "
        "should try to:\n  1) Lower the system load.\n  2) Use a computer / VM just for Redis if "
        "you are running other software in the same system.\n  3) Check if you have a \"noisy "
        "neighbour\" problem.\n  4) Check with 'redis-cli --intrinsic-latency 100' what is the "
        "intrinsic latency in your system.\n  5) Check if the problem is allocator-related by "
        "recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create "
        "fragmentation problems.");
  if (hz)
    advice.push_back(
        "Expiring many keys at once takes time in the periodic expire cycle. Raising 'hz' (for "
        "example 'CONFIG SET hz 100') makes each cycle do less work, more often.");
  if (large_objects)
    advice.push_back(
        "Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
        "blocking operation. If you have very large objects that are often deleted, expired, or "
        "evicted, try to fragment those objects into multiple smaller objects.");
  if (advice.empty()) {
    out +=
        "While there are latency events logged, I'm not able to suggest any easy fix. Please "
        "use the Redis community to get some help, providing this report in your help "
        "request.\n";
    return out;
  }
  out += "I have a few advices for you:\n\n";
  for (auto& a : advice) out += "- " + a + "\n";
  return out;
}

}  // namespace sable
