// The latency monitor's series, graph and report, and the command latency histogram, checked
// against figures taken from Redis 7.0 for the same inputs.
#include "server/latency.h"

#include <catch.hpp>
#include <string>

#include "command_fixture.h"

using sable::LatencyHistogram;
using sable::LatencyMonitor;
using sable::testing::CommandFixture;

TEST_CASE("latency series keep one sample per second and the all-time worst", "[latency]") {
  LatencyMonitor m;
  m.add("command", 120, 1000);
  m.add("command", 300, 1000);  // same second: raises it
  m.add("command", 50, 1000);   // same second, lower: ignored
  m.add("command", 80, 1001);
  const auto* s = m.find("command");
  REQUIRE(s);
  auto all = s->ordered();
  REQUIRE(all.size() == 2);
  CHECK(all[0].time == 1000);
  CHECK(all[0].latency_ms == 300);
  CHECK(all[1].latency_ms == 80);
  CHECK(s->latest().time == 1001);
  CHECK(s->max_ms == 300);
  CHECK(m.find("nosuch") == nullptr);
  CHECK_FALSE(m.reset("nosuch"));
  CHECK(m.reset("command"));
  CHECK(m.reset_all() == 0);
}

TEST_CASE("latency series wrap after 160 seconds", "[latency]") {
  LatencyMonitor m;
  for (int i = 0; i < 200; ++i) m.add("fork", i + 1, 5000 + i);
  auto all = m.find("fork")->ordered();
  REQUIRE(all.size() == 160);
  CHECK(all.front().latency_ms == 41);
  CHECK(all.back().latency_ms == 200);
}

TEST_CASE("latency threshold 0 disables the monitor", "[latency]") {
  LatencyMonitor m;
  m.add_if_needed(0, "command", 500);
  m.add_if_needed(100, "command", 99);
  CHECK(m.events().empty());
  m.add_if_needed(100, "command", 100);
  CHECK(m.events().size() == 1);
}

TEST_CASE("LATENCY GRAPH draws what Redis draws", "[latency]") {
  LatencyMonitor m;
  m.add("command", 200, 100);
  m.add("command", 303, 102);
  m.add("command", 250, 103);
  std::string want = "command - high 303 ms, low 200 ms (all time high 303 ms)\n" +
                     std::string(80, '-') + "\n # \n | \n |#\n_||\n   \n310\nsss\n";
  CHECK(m.graph("command", *m.find("command"), 103) == want);
  LatencyMonitor one;
  one.add("command", 200, 100);
  CHECK(one.graph("command", *one.find("command"), 100) ==
        "command - high 200 ms, low 200 ms (all time high 200 ms)\n" + std::string(80, '-') +
            "\n \n \n \n_\n \n0\ns\n");
}

TEST_CASE("LATENCY DOCTOR summarizes events and advises", "[latency]") {
  LatencyMonitor m;
  CHECK(m.doctor(0, 10000, 0).rfind("I'm sorry, Dave, I can't do that.", 0) == 0);
  CHECK(m.doctor(100, 10000, 0).rfind("Dave, no latency spike was observed", 0) == 0);
  m.add("command", 200, 904);
  m.add("command", 303, 906);
  m.add("command", 250, 907);
  std::string r = m.doctor(100, 10000, 907);
  CHECK(r.find("1. command: 3 latency spikes (average 251ms, mean deviation 34ms, period 1.00 "
               "sec). Worst all time event 303ms.\n\nI have a few advices for you:\n\n- Check "
               "your Slow Log") != std::string::npos);
  CHECK(r.find("slowlog-log-slower-than") == std::string::npos);
  CHECK(m.doctor(100, -1, 907).find("'CONFIG SET slowlog-log-slower-than 100000'") !=
        std::string::npos);
  CHECK(m.doctor(1, 10000, 907)
            .find("only logs events that are slower than your configured "
                  "latency monitor threshold. Please use 'CONFIG SET "
                  "slowlog-log-slower-than 1000'.") != std::string::npos);
}

TEST_CASE("latency histogram buckets and percentiles match HdrHistogram's", "[latency]") {
  LatencyHistogram h;
  CHECK(h.total() == 0);
  CHECK(h.log2_buckets().empty());
  CHECK(h.value_at_percentile(50) == 0);
  h.record(10'500);  // a ~10 us SET: Redis shows bucket 16
  auto b = h.log2_buckets();
  REQUIRE(b.size() == 1);
  CHECK(b[0].first / 1000 == 16);
  CHECK(b[0].second == 1);
  h.record(3'050'000);    // DEBUG SLEEP 0.003: bucket 4227
  h.record(300'500'000);  // DEBUG SLEEP 0.3: bucket 541065
  h.record(500);          // below the first level: counted at 1 us
  b = h.log2_buckets();
  REQUIRE(b.size() == 4);
  CHECK(b[0] == std::pair<int64_t, uint64_t>{1031, 1});
  CHECK(b[1].first / 1000 == 16);
  CHECK(b[1].second == 2);
  CHECK(b[2].first / 1000 == 4227);
  CHECK(b[3].first / 1000 == 541065);
  CHECK(b[3].second == 4);
  LatencyHistogram p;
  p.record(1000);
  CHECK(p.value_at_percentile(50) == 1003);  // INFO latencystats p50=1.003
  CHECK(p.value_at_percentile(0) == 1000);
  p.record(5'000'000'000);  // clamped to 1 s: counted, but past the last reported level
  CHECK(p.total() == 2);
  CHECK(p.log2_buckets().size() == 1);
}

TEST_CASE("the dispatcher records latency events and histograms", "[latency][commands]") {
  CommandFixture f;
  CHECK(f.run({"CONFIG", "SET", "latency-monitor-threshold", "10"}) == "+OK\r\n");
  CHECK(f.run({"DEBUG", "SLEEP", "0.02"}) == "+OK\r\n");
  CHECK(f.run({"LATENCY", "HISTORY", "nosuch"}) == "*0\r\n");
  std::string latest = f.run({"LATENCY", "LATEST"});
  CHECK(latest.rfind("*1\r\n*4\r\n$7\r\ncommand\r\n", 0) == 0);
  CHECK(f.run({"LATENCY", "RESET", "nosuch", "command"}) == ":1\r\n");
  CHECK(f.run({"LATENCY", "LATEST"}) == "*0\r\n");
  CHECK(f.run({"CONFIG", "RESETSTAT"}) == "+OK\r\n");
  CHECK(f.run({"LATENCY", "HISTOGRAM", "set"}) == "*0\r\n");
  CHECK(f.run({"SET", "a", "b"}) == "+OK\r\n");
  std::string h = f.run({"LATENCY", "HISTOGRAM", "set", "nosuch", "set"});
  CHECK(h.rfind("*4\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n*2\r\n",
                0) == 0);
  CHECK(f.run({"CONFIG", "SET", "latency-tracking", "no"}) == "+OK\r\n");
  CHECK(f.run({"SET", "a", "b"}) == "+OK\r\n");
  CHECK(f.server().commands.find("set")->stats.latency.total() == 1);
}
