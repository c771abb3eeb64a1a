// A seeded random argument-vector fuzzer for the dispatcher (issue 14: no request may abort the
// process).
//
// Every command and subcommand of the command table is called in-process through
// Server::execute, the entry point the reactor uses, with argument vectors that mix existing keys
// of every type and encoding, missing keys, the option keywords of the command's usage line, and
// integers and floats at the edges of their ranges, at arities around the declared one. After
// each command the fuzzer checks that the reply bytes are complete RESP values, that no handler
// asked for a huge allocation or gave up with -OOM, and a watchdog thread checks that no command
// runs for seconds. A crash, a sanitizer report, a hang or an invalid reply prints the seed, the
// iteration and the argument vector that caused it.
//
// The test is hidden from the plain `sable-tests` run ("[.]") and has its own ctest entry. It is
// bounded by an iteration count and a time budget; the environment can override both and the
// seed: SABLE_FUZZ_SEED, SABLE_FUZZ_ITERATIONS, SABLE_FUZZ_SECONDS (and SABLE_FUZZ_VERBOSE=1
// prints every argument vector to stderr before it runs). A report names the seed and the
// iteration; rerunning with that seed and SABLE_FUZZ_ITERATIONS just above the iteration replays
// the same vectors (keys given millisecond TTLs may expire at slightly different points).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "server/command.h"
#include "server/server.h"

#if defined(SABLE_SANITIZE) && __has_include(<sanitizer/common_interface_defs.h>)
#include <sanitizer/common_interface_defs.h>
#define SABLE_FUZZ_DEATH_CALLBACK 1
#endif

using namespace sable;  // NOLINT: test file

namespace {

// ---------------------------------------------------------------------------------------------
// Huge-allocation detector. Outside the sanitizers this binary replaces the global operator new:
// while the fuzzer runs, a request above the limit is recorded (and refused with bad_alloc, as an
// exhausted allocator would). Under ASan the sanitizer's own allocator must stay in charge of
// new/delete pairing, so there the limit comes from ASan's max_allocation_size instead (below).
std::atomic<size_t> g_alloc_limit{0};
std::atomic<size_t> g_huge_request{0};

#ifndef SABLE_SANITIZE
void* checked_new(size_t n) {
  size_t limit = g_alloc_limit.load(std::memory_order_relaxed);
  if (limit && n > limit) {
    g_huge_request.store(n, std::memory_order_relaxed);
    throw std::bad_alloc();
  }
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
#endif

// The argument vector being run, kept in a plain buffer a signal handler can write out.
char g_current[4096];
size_t g_current_len = 0;
std::atomic<int64_t> g_cmd_started_ms{0};  // 0: no command running

char g_where[96];  // "seed S iteration I: "

void write_current(const char* why) {
  ssize_t ignored = write(2, why, std::strlen(why));
  ignored = write(2, g_where, std::strlen(g_where));
  ignored = write(2, g_current, g_current_len);
  ignored = write(2, "\n", 1);
  (void)ignored;
}

struct sigaction g_previous[32];
void on_fatal_signal(int sig) {
  write_current("\n*** fuzz: fatal signal while running: ");
  sigaction(sig, &g_previous[sig], nullptr);
  raise(sig);
}

#ifdef SABLE_FUZZ_DEATH_CALLBACK
void on_sanitizer_death() { write_current("\n*** fuzz: sanitizer report while running: "); }
#endif

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string printable(std::string_view a) {
  std::string out = "\"";
  for (unsigned char ch : a.substr(0, 200)) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 32 || ch > 126) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[ch >> 4];
      out += hex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  if (a.size() > 200) out += "...(" + std::to_string(a.size()) + " bytes)";
  return out + "\"";
}

std::string describe(const std::vector<std::string>& argv) {
  std::string s;
  for (auto& a : argv) s += (s.empty() ? "" : " ") + printable(a);
  return s;
}

// ---------------------------------------------------------------------------------------------
// RESP well-formedness: the output buffer must hold only complete values.

// Parses one value at `pos`; returns false when the bytes are incomplete or malformed.
bool parse_value(std::string_view b, size_t& pos, int depth = 0) {
  if (depth > 64 || pos >= b.size()) return false;
  char type = b[pos];
  size_t eol = b.find("\r\n", pos);
  if (eol == std::string_view::npos) return false;
  std::string_view line = b.substr(pos + 1, eol - pos - 1);
  pos = eol + 2;
  auto number = [&](long long* out) {
    if (line.empty()) return false;
    char* end = nullptr;
    std::string tmp(line);
    *out = std::strtoll(tmp.c_str(), &end, 10);
    return *end == '\0';
  };
  long long n;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case '#':
    case ',':
    case '(':
      return line.find('\n') == std::string_view::npos && line.find('\r') == std::string_view::npos;
    case '$':
    case '=':
    case '!':
      if (!number(&n) || n < -1) return false;
      if (n == -1) return type == '$';
      if (b.size() - pos < static_cast<size_t>(n) + 2) return false;
      if (b.substr(pos + n, 2) != "\r\n") return false;
      pos += n + 2;
      return true;
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      if (!number(&n) || n < -1) return false;
      if (n == -1) return type == '*';
      long long items = (type == '%' || type == '|') ? 2 * n : n;
      for (long long i = 0; i < items; ++i)
        if (!parse_value(b, pos, depth + 1)) return false;
      // An attribute precedes the value it annotates.
      return type != '|' || parse_value(b, pos, depth + 1);
    }
    default:
      return false;
  }
}

bool well_formed(std::string_view b) {
  size_t pos = 0;
  while (pos < b.size())
    if (!parse_value(b, pos)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The argument vocabulary.

const char* const kKeys[] = {"s",   "i",     "f",      "big",     "bits", "L",   "LL",
                             "H",   "HH",    "S",      "IS",      "SS",   "Z",   "ZZ",
                             "w_a", "nokey", "dst{x}", "missing", "imax", "imin"};

const char* const kEdgeNumbers[] = {
    "0",
    "-1",
    "1",
    "2",
    "3",
    "-2",
    "10",
    "100",
    "2147483647",
    "2147483648",
    "2147483649",
    "-2147483647",
    "-2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775806",
    "-9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999",
    "inf",
    "-inf",
    "+inf",
    "nan",
    "-nan",
    "1e308",
    "-1e308",
    "1e309",
    "4.9e-324",
    "1.7976931348623157e308",
    "0.5",
    "-0.0",
    "3.14",
    "1e3",
    "0x10",
    " 1",
    "1 ",
    "",
    "(1",
    "(-inf",
    "(+inf",
    "[a",
    "(a",
    "-",
    "+",
};

const char* const kStrings[] = {"",
                                "a",
                                "b",
                                "c",
                                "x",
                                "f",
                                "n",
                                "v",
                                "1",
                                "2",
                                "hello",
                                "m5",
                                "field7",
                                "*",
                                "?",
                                "[",
                                "#",
                                "w_*",
                                "*->f",
                                "H->f",
                                "nosuch*",
                                "\\",
                                "a*b",
                                "[a-z]*",
                                "0",
                                "12345",
                                "-1",
                                "3.5",
                                "m299",
                                "field0",
                                "*a*a*a*a*a*a*a*a*a*a*a*a*b",
                                "[^a]*[a-",
                                "pinf",
                                "ninf",
                                "m"};

// CONFIG SET parameters the fuzzer may change: the ones that alter encodings, eviction and
// bookkeeping. Left out: dir (chdir), logfile/pidfile/dbfilename (create files), save, daemonize,
// databases, requirepass, proto-max-bulk-len/client-query-buffer-limit (the fuzzer's own bound on
// string sizes) and loglevel (kept quiet), enable-*-command.
const char* const kConfigParams[] = {"hash-max-listpack-entries",
                                     "hash-max-listpack-value",
                                     "set-max-intset-entries",
                                     "set-max-listpack-entries",
                                     "set-max-listpack-value",
                                     "zset-max-listpack-entries",
                                     "zset-max-listpack-value",
                                     "list-max-listpack-size",
                                     "list-compress-depth",
                                     "maxmemory",
                                     "maxmemory-policy",
                                     "maxmemory-samples",
                                     "slowlog-log-slower-than",
                                     "slowlog-max-len",
                                     "lfu-log-factor",
                                     "lfu-decay-time",
                                     "notify-keyspace-events",
                                     "lazyfree-lazy-user-del",
                                     "hz"};

// DEBUG subcommands the fuzzer may call. Left out: SLEEP (stops the process for as long as asked,
// "inf" included), RELOAD (writes dump.rdb and exits if it cannot load it back), POPULATE (a
// client-chosen number of keys, by design), LOG (server log noise).
const char* const kDebugSubs[] = {
    "HELP",   "OBJECT",       "SET-ACTIVE-EXPIRE",          "ERROR",     "PROTOCOL",
    "DIGEST", "DIGEST-VALUE", "QUICKLIST-PACKED-THRESHOLD", "PAUSE-CRON", "CHANGE-REPL-ID"};

bool is_upper_token(std::string_view w) {
  bool letter = false;
  for (char ch : w) {
    if (ch >= 'a' && ch <= 'z') return false;
    if (ch >= 'A' && ch <= 'Z') letter = true;
  }
  return letter;
}

// A usage line as a tree (the notation of server/commands/usage.cc): words, sequences,
// alternatives "a | b", optional "[...]" and required "<...>" groups, and repeats "x ...".
struct Usage {
  enum Kind { kWord, kSeq, kAlt, kOpt, kRepeat } kind = kSeq;
  std::string word;
  std::vector<Usage> items;
};

class UsageParser {
 public:
  explicit UsageParser(const std::string& text) {
    std::string cur;
    auto flush = [&] {
      if (!cur.empty()) toks_.push_back(cur);
      cur.clear();
    };
    for (char ch : text) {
      if (ch == '[' || ch == ']' || ch == '<' || ch == '>' || ch == '|') {
        flush();
        toks_.push_back(std::string(1, ch));
      } else if (ch == ' ') {
        flush();
      } else {
        cur += ch;
      }
    }
    flush();
  }
  Usage parse() { return alternatives(); }

 private:
  bool at(const char* t) const { return pos_ < toks_.size() && toks_[pos_] == t; }
  Usage alternatives() {
    Usage alt{Usage::kAlt, {}, {sequence()}};
    while (at("|")) {
      ++pos_;
      alt.items.push_back(sequence());
    }
    return alt.items.size() == 1 ? alt.items[0] : alt;
  }
  Usage sequence() {
    Usage seq{Usage::kSeq, {}, {}};
    while (pos_ < toks_.size() && !at("|") && !at("]") && !at(">")) {
      Usage item;
      if (at("[") || at("<")) {
        bool optional = at("[");
        ++pos_;
        Usage inner = alternatives();
        if (at("]") || at(">")) ++pos_;
        item = optional ? Usage{Usage::kOpt, {}, {inner}} : inner;
      } else if (toks_[pos_].size() > 1 && toks_[pos_][0] == '@') {
        ++pos_;  // "[@name …]" only names a block for COMMAND DOCS
        continue;
      } else {
        item = Usage{Usage::kWord, toks_[pos_++], {}};
      }
      if (at("...") || at("...+")) {
        ++pos_;
        item = Usage{Usage::kRepeat, {}, {item}};
      }
      seq.items.push_back(std::move(item));
    }
    return seq;
  }
  std::vector<std::string> toks_;
  size_t pos_ = 0;
};

void collect_keywords(const Usage& u, std::vector<std::string>* out) {
  if (u.kind == Usage::kWord && is_upper_token(u.word)) out->push_back(u.word);
  for (auto& i : u.items) collect_keywords(i, out);
}

struct Target {
  const CommandSpec* spec;
  Usage usage;
  std::vector<std::string> keywords;    // the upper-case words of the usage line
  std::vector<const char*> typed_keys;  // keys of the type the command works on
};

// Why a generated vector must not run, or nullptr. These would stop, hang or write files from the
// test process; none of them is skipped for crashing. Not skipped: blocking commands (a blocked
// in-process client holds up nothing; the fuzzer runs the others and lets writes serve it, or
// unblocks it), MONITOR, SUBSCRIBE and MULTI (their clients are RESET now and then), CLIENT KILL
// and QUIT (a closed client is replaced), CLIENT PAUSE (lifted after each command), FLUSHALL.
// MODULE LOAD is not skipped either: Sable never opens the file.
const char* skip_reason(const std::vector<std::string>& argv) {
  auto is = [&](size_t i, std::string_view w) { return argv.size() > i && iequals(argv[i], w); };
  if (is(0, "shutdown")) return "stops the process";
  if (is(0, "migrate")) return "connects to other hosts and waits on them";
  if (is(0, "save") || is(0, "bgsave")) return "writes dump.rdb (BGSAVE forks)";
  if (is(0, "config") && is(1, "rewrite")) return "writes the configuration file";
  if (is(0, "debug")) {
    for (const char* s : kDebugSubs)
      if (is(1, s)) return nullptr;
    return "DEBUG subcommand that sleeps, reloads or populates";
  }
  if (is(0, "config") && is(1, "set")) {
    for (size_t i = 2; i < argv.size(); i += 2) {
      bool ok = false;
      for (const char* p : kConfigParams) ok = ok || iequals(argv[i], p);
      if (!ok) return "CONFIG SET of a parameter outside the fuzzer's list";
    }
  }
  return nullptr;
}

class Fuzzer {
 public:
  explicit Fuzzer(uint64_t seed) : seed_(seed), rng_(seed) {
    server_ = std::make_unique<Server>();
    server_->config.loglevel = "nothing";
    server_->config.save_params.clear();
    server_->config.enable_debug_command = "yes";
    // Strings may grow up to proto-max-bulk-len (SETRANGE, SETBIT, APPEND): keep that small so
    // the fuzzer's memory stays bounded.
    server_->config.proto_max_bulk_len = 1 << 20;
    server_->init();
    for (int i = 0; i < 3; ++i) clients_.push_back(new_client()->id);
    setup_ = new_client()->id;
    for (const CommandSpec* c : server_->commands.all()) {
      if (c->subcommands.empty()) {
        add_target(c);
      } else {
        add_target(c);  // the container itself, with a random second argument
        for (auto& sub : c->subcommands) add_target(sub.get());
      }
    }
    populate();
  }
  ~Fuzzer() {
    for (auto& [name, n] : outcomes_)
      std::fprintf(stderr, "%-28s %8llu replies %8llu errors\n", name.c_str(),
                   static_cast<unsigned long long>(n.first),
                   static_cast<unsigned long long>(n.second));
    for (auto& [id, c] : std::map<uint64_t, Client*>(server_->clients)) server_->free_client(c);
  }

  size_t targets() const { return targets_.size(); }
  uint64_t executed() const { return executed_; }
  uint64_t skipped() const { return skipped_; }

  // Runs one random command; returns an empty string, or what went wrong.
  std::string step(uint64_t iteration, bool verbose) {
    if (iteration % 300 == 0) populate();
    // The timer's periodic work: active expiry, incremental rehashing, unpausing.
    if (iteration % 200 == 199) server_->cron();
    std::vector<std::string> argv = generate();
    if (skip_reason(argv)) {
      ++skipped_;
      return {};
    }
    Client* c = pick_client();
    // CLIENT REPLY OFF/SKIP queued in MULTI mutes replies inside EXEC, whose array length was
    // already announced: Redis 7.0 sends a short array there too (the stream is out of step
    // afterwards). Not a crash, and the reply check would flag it, so it is left out.
    if (c->has(kClientMulti) && argv.size() > 1 && iequals(argv[0], "client") &&
        iequals(argv[1], "reply")) {
      ++skipped_;
      return {};
    }
    uint64_t id = c->id;
    std::snprintf(g_where, sizeof(g_where), "(seed %llu, iteration %llu) ",
                  static_cast<unsigned long long>(seed_),
                  static_cast<unsigned long long>(iteration));
    set_current(argv);
    if (verbose) write_current("fuzz: ");
    std::vector<std::string_view> views(argv.begin(), argv.end());
    g_huge_request.store(0);
    g_cmd_started_ms.store(steady_ms());
    try {
      server_->execute(*c, views);
    } catch (const std::exception& e) {
      g_cmd_started_ms.store(0);
      return std::string("exception escaped the dispatcher: ") + e.what() + " running " +
             describe(argv);
    }
    g_cmd_started_ms.store(0);
    ++executed_;
    if (size_t huge = g_huge_request.load())
      return "allocation of " + std::to_string(huge) + " bytes running " + describe(argv);
    std::string problem = check_replies(argv, server_->find_client(id));
    if (!problem.empty()) return problem;
    settle();
    return {};
  }

 private:
  void add_target(const CommandSpec* c) {
    Target t{c, UsageParser(c->usage).parse(), {}, {}};
    collect_keywords(t.usage, &t.keywords);
    std::string cats = " " + c->acl_categories + " ";
    auto has = [&](const char* cat) { return cats.find(cat) != std::string::npos; };
    auto add = [&](std::initializer_list<const char*> keys) {
      t.typed_keys.insert(t.typed_keys.end(), keys);
    };
    if (has(" list ")) add({"L", "LL"});
    if (has(" hash ")) add({"H", "HH"});
    if (has(" set ")) add({"S", "IS", "SS"});
    if (has(" sortedset ")) add({"Z", "ZZ"});
    if (has(" string ") || has(" bitmap ")) add({"s", "i", "f", "big", "bits", "w_a", "imax"});
    targets_.push_back(std::move(t));
  }

  Client* new_client() {
    Client* c = server_->create_fake_client();
    server_->clients[c->id] = c;
    return c;
  }

  template <typename T, size_t N>
  const char* pick(const T (&arr)[N]) {
    return arr[rng_() % N];
  }
  bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

  std::string number() {
    // The extremes of the 64- and 32-bit ranges, where additions and negations overflow.
    static const char* const kExtremes[] = {"9223372036854775807",  "-9223372036854775808",
                                            "-9223372036854775807", "2147483648",
                                            "-2147483649",          "4294967296"};
    if (chance(25)) return pick(kExtremes);
    if (chance(50)) return pick(kEdgeNumbers);
    return std::to_string(static_cast<int64_t>(rng_() % 21) - 10);
  }
  std::string key() {
    if (target_ && !target_->typed_keys.empty() && chance(60))
      return target_->typed_keys[rng_() % target_->typed_keys.size()];
    return pick(kKeys);
  }
  std::string keyword(const Target& t) {
    if (!t.keywords.empty() && chance(85)) return t.keywords[rng_() % t.keywords.size()];
    // A keyword of some other command.
    const Target& other = targets_[rng_() % targets_.size()];
    return other.keywords.empty() ? std::string("WITHSCORES")
                                  : other.keywords[rng_() % other.keywords.size()];
  }
  std::string long_string() {
    return std::string(chance(50) ? 70 : 5000,
                       chance(30) ? 'a' : static_cast<char>('A' + rng_() % 26));
  }
  std::string any(const Target& t) {
    switch (rng_() % 10) {
      case 0:
      case 1:
      case 2:
        return key();
      case 3:
      case 4:
        return keyword(t);
      case 5:
      case 6:
        return number();
      case 7:
        return chance(10) ? long_string() : std::string(pick(kStrings));
      default:
        return pick(kStrings);
    }
  }

  // A value for a usage word, guessed from its name.
  std::string filler(const Target& t, const std::string& w) {
    if (chance(5)) return any(t);
    if (w == "numkeys") return chance(70) ? std::to_string(rng_() % 4) : number();
    if (w.find("key") != std::string::npos || w == "destination" || w == "source" || w == "dst" ||
        w == "src")
      return key();
    // Names whose values come from a small set of their own.
    static const struct {
      const char* word;
      std::vector<const char*> values;
    } kChoices[] = {
        {"encoding",
         {"i1", "u1", "i8", "u8", "i16", "u16", "i32", "u32", "i63", "u63", "i64", "u64", "i0",
          "u0", "i65", "x8"}},
        {"section",
         {"all", "everything", "default", "memory", "keyspace", "commandstats", "errorstats",
          "latencystats", "clients", "stats", "server", "persistence"}},
        {"type",
         {"string", "list", "hash", "set", "zset", "normal", "pubsub", "master", "replica"}},
        {"operation", {"AND", "OR", "XOR", "NOT", "DIFF"}},
        {"event", {"command", "fast-command", "expire-cycle", "nosuch"}},
        {"category", {"read", "write", "keyspace", "dangerous", "nosuch"}},
        {"ip:port", {"127.0.0.1:6379", "fake", ":0", ""}},
        {"yes/no", {"yes", "no"}},
    };
    for (const auto& c : kChoices)
      if (w == c.word && chance(85)) return c.values[rng_() % c.values.size()];
    if ((w == "command" || w == "command-name") && chance(85)) {
      const CommandSpec& other = *targets_[rng_() % targets_.size()].spec;
      return other.parent ? other.parent->name : other.name;
    }
    // A small offset next to a huge count is where offset + count overflows (SORT ... LIMIT).
    if (w == "offset" && chance(40)) return std::to_string(rng_() % 4);
    if (w == "offset" && t.spec->name.rfind("bitfield", 0) == 0 && chance(25))
      return "#" + number();
    if (w == "destination-db") return chance(80) ? std::to_string(rng_() % 17) : number();
    static const char* const numeric[] = {"count",
                                          "start",
                                          "end",
                                          "offset",
                                          "index",
                                          "timeout",
                                          "seconds",
                                          "milliseconds",
                                          "increment",
                                          "decrement",
                                          "len",
                                          "rank",
                                          "score",
                                          "min",
                                          "max",
                                          "db",
                                          "cursor",
                                          "port",
                                          "unix-time-seconds",
                                          "unix-time-milliseconds",
                                          "bit",
                                          "numints",
                                          "client-id",
                                          "value",
                                          "stop",
                                          "num-matches",
                                          "samples",
                                          "maxlen",
                                          "protover",
                                          "delta",
                                          "index1",
                                          "index2",
                                          "ttl",
                                          "weight"};
    for (const char* n : numeric)
      if (w == n) return chance(90) ? number() : std::string(pick(kStrings));
    if (w == "parameter") return pick(kConfigParams);
    return chance(70) ? std::string(pick(kStrings)) : any(t);
  }

  void expand(const Target& t, const Usage& u, std::vector<std::string>* argv, int depth) {
    if (depth > 16 || argv->size() > 24) return;
    switch (u.kind) {
      case Usage::kWord:
        argv->push_back(is_upper_token(u.word) ? u.word : filler(t, u.word));
        return;
      case Usage::kSeq:
        for (auto& i : u.items) expand(t, i, argv, depth + 1);
        return;
      case Usage::kAlt:
        expand(t, u.items[rng_() % u.items.size()], argv, depth + 1);
        return;
      case Usage::kOpt:
        if (chance(50)) expand(t, u.items[0], argv, depth + 1);
        return;
      case Usage::kRepeat: {
        int n = 1;
        while (n < 5 && chance(45)) ++n;
        for (int i = 0; i < n; ++i) expand(t, u.items[0], argv, depth + 1);
        return;
      }
    }
  }

  std::vector<std::string> generate() {
    const Target& t = targets_[rng_() % targets_.size()];
    target_ = &t;
    const CommandSpec& c = *t.spec;
    std::vector<std::string> argv;
    auto cased = [&](std::string name) {
      if (chance(30))
        for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return name;
    };
    if (c.parent) {
      argv.push_back(cased(c.parent->name));
      argv.push_back(cased(c.name));
    } else {
      argv.push_back(cased(c.name));
      if (c.name == "debug")
        argv.push_back(pick(kDebugSubs));
      else if (!c.subcommands.empty())
        argv.push_back(any(t));
    }
    size_t base = argv.size();
    if (chance(70) && !t.usage.items.empty()) {
      // Follow the usage line: some optional groups, one alternative of each choice.
      expand(t, t.usage, &argv, 0);
    } else {
      // A random mixture at an arity around the declared one.
      int a = c.arity;
      int n = a > 0 ? a : -a + static_cast<int>(rng_() % 6);
      if (chance(15)) n += static_cast<int>(rng_() % 5) - 2;
      if (n < static_cast<int>(base)) n = static_cast<int>(base);
      while (static_cast<int>(argv.size()) < n) {
        if (argv.size() == base && chance(70))
          argv.push_back(key());
        else
          argv.push_back(any(t));
      }
    }
    // Mutations: an edge number or a keyword dropped in anywhere after the name.
    if (argv.size() > base && chance(15)) argv[base + rng_() % (argv.size() - base)] = number();
    if (chance(5)) argv.insert(argv.begin() + base + rng_() % (argv.size() - base + 1), keyword(t));
    if (argv.size() > 24) argv.resize(24);
    return argv;
  }

  void set_current(const std::vector<std::string>& argv) {
    std::string d = describe(argv);
    g_current_len = std::min(d.size(), sizeof(g_current));
    std::memcpy(g_current, d.data(), g_current_len);
  }

  // A client that may run a command: not blocked, not waiting for CLIENT PAUSE.
  Client* pick_client() {
    std::vector<Client*> ready;
    for (uint64_t id : clients_)
      if (Client* c = server_->find_client(id); !c->has(kClientBlocked)) ready.push_back(c);
    if (ready.empty()) {
      Client* first = server_->find_client(clients_[0]);
      server_->blocking->unblock(*first, false);
      ready.push_back(first);
    }
    return ready[rng_() % ready.size()];
  }

  std::string check_replies(const std::vector<std::string>& argv, Client* runner) {
    if (stats_ && runner) {
      const CommandSpec* container = nullptr;
      std::vector<std::string_view> views(argv.begin(), argv.end());
      const CommandSpec* spec = server_->commands.lookup(views, &container);
      std::string name = spec ? spec->fullname : "?";
      const std::string& out = runner->reply.buffer();
      auto& [ok, errors] = outcomes_[name];
      ++(out.empty() || out[0] != '-' ? ok : errors);
      if (std::getenv("SABLE_FUZZ_SAMPLE") && name == std::getenv("SABLE_FUZZ_SAMPLE"))
        std::fprintf(stderr, "%s -> %s\n", describe(argv).c_str(), out.substr(0, 80).c_str());
    }
    for (auto& [id, c] : server_->clients) {
      std::string& out = c->reply.buffer();
      if (!well_formed(out))
        return "malformed reply " + printable(out.substr(0, 400)) + " for " + describe(argv);
      if (out.rfind("-OOM", 0) == 0 && server_->config.maxmemory == 0)
        return "a handler ran out of memory (bad_alloc/length_error) for " + describe(argv);
      out.clear();
    }
    return {};
  }

  // Puts the clients back in a state the next command can use: a closed connection is replaced
  // by a new one (as a reconnecting client would), a pause is lifted, and a client stuck in
  // MULTI, subscribe or monitor mode or with replies off is RESET now and then.
  void settle() {
    if (server_->pause_end_ms) server_->unpause_clients();
    for (uint64_t& cid : clients_) {
      Client* c = server_->find_client(cid);
      bool alive = c != nullptr;
      if (alive && c->has(kClientCloseAfterReply | kClientCloseAsap)) {
        server_->free_client(c);
        alive = false;
      }
      if (!alive) {
        cid = new_client()->id;
        continue;
      }
      if (c->has(kClientMulti | kClientPubsub | kClientReplyOff | kClientMonitor) && chance(25)) {
        std::vector<std::string_view> reset{"RESET"};
        server_->execute(*c, reset);
        c->reply.buffer().clear();
      }
      if (c->has(kClientBlocked) && chance(30)) server_->blocking->unblock(*c, chance(50));
    }
    if (!server_->find_client(setup_)) setup_ = new_client()->id;
    for (auto& [cid, c] : server_->clients) c->reply.buffer().clear();
  }

  void run_setup(std::vector<std::string> argv) {
    std::vector<std::string_view> views(argv.begin(), argv.end());
    Client* c = server_->find_client(setup_);
    server_->execute(*c, views);
    c->reply.buffer().clear();
  }

  // (Re)creates a key of every type and encoding in databases 0 and 1.
  void populate() {
    if (!server_->find_client(setup_)) setup_ = new_client()->id;
    server_->reset_client_state(*server_->find_client(setup_));
    server_->config.maxmemory = 0;
    for (const char* db : {"1", "0"}) {
      run_setup({"SELECT", db});
      std::vector<std::string> del{"DEL"};
      for (const char* k : kKeys) del.push_back(k);
      run_setup(del);
      run_setup({"SET", "s", "hello"});
      run_setup({"SET", "i", "12345"});
      run_setup({"SET", "f", "3.5"});
      run_setup({"SET", "big", std::string(1000, 'x')});
      run_setup({"SET", "bits", std::string("\xff\x00\x0f\xf0", 4)});
      run_setup({"SET", "w_a", "7"});
      run_setup({"SET", "imax", "9223372036854775807"});
      run_setup({"SET", "imin", "-9223372036854775808"});
      run_setup({"RPUSH", "L", "a", "b", "c", "1", "2", "3", "-9223372036854775808"});
      run_setup(
          {"HSET", "H", "f", "v", "n", "1", "x", "2.5", "m", "9223372036854775807", "d", "1e308"});
      run_setup({"SADD", "S", "a", "b", "c"});
      run_setup({"SADD", "IS", "1", "2", "3", "-5", "100"});
      run_setup({"ZADD", "Z", "1", "a", "2", "b", "3", "c", "+inf", "pinf", "-inf", "ninf"});
      std::vector<std::string> ll{"RPUSH", "LL"}, hh{"HSET", "HH"}, ss{"SADD", "SS"},
          zz{"ZADD", "ZZ"};
      for (int i = 0; i < 1000; ++i) {
        std::string m = "m" + std::to_string(i);
        ll.push_back(i % 3 ? m + "-element" : std::to_string(i));
        if (i < 300) {
          hh.push_back("field" + std::to_string(i));
          hh.push_back(std::to_string(i));
          ss.push_back(m);
          zz.push_back(std::to_string(i % 50));
          zz.push_back(m);
        }
      }
      run_setup(ll);
      run_setup(hh);
      run_setup(ss);
      run_setup(zz);
      if (chance(20)) run_setup({"EXPIRE", pick(kKeys), "1000"});
      // A key that expires while the fuzzer runs (lazily on access, or in the active cycle).
      if (chance(20)) run_setup({"PEXPIRE", pick(kKeys), std::to_string(1 + rng_() % 50)});
    }
  }

  const Target* target_ = nullptr;  // the command being generated
  bool stats_ = std::getenv("SABLE_FUZZ_STATS") != nullptr;
  std::map<std::string, std::pair<uint64_t, uint64_t>> outcomes_;  // name -> (replies, errors)

  uint64_t seed_;
  std::mt19937_64 rng_;
  std::unique_ptr<Server> server_;
  std::vector<Target> targets_;
  std::vector<uint64_t> clients_;  // ids: a command may free any client (CLIENT KILL)
  uint64_t setup_ = 0;             // the client that (re)creates the keys
  uint64_t executed_ = 0, skipped_ = 0;
};

uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 0) : fallback;
}

}  // namespace

#ifndef SABLE_SANITIZE
void* operator new(size_t n) { return checked_new(n); }
void* operator new[](size_t n) { return checked_new(n); }
#else
// ASan refuses (and reports) any single allocation above 1 GiB in this binary.
extern "C" const char* __asan_default_options() { return "max_allocation_size=1073741824"; }
#endif

TEST_CASE("dispatcher survives random argument vectors", "[.][fuzz]") {
#ifdef SABLE_SANITIZE
  const uint64_t default_iterations = 60000, default_seconds = 20, hang_ms = 60000;
#else
  const uint64_t default_iterations = 400000, default_seconds = 20, hang_ms = 10000;
#endif
  uint64_t seed = env_u64("SABLE_FUZZ_SEED", 20261201);
  uint64_t iterations = env_u64("SABLE_FUZZ_ITERATIONS", default_iterations);
  uint64_t seconds = env_u64("SABLE_FUZZ_SECONDS", default_seconds);
  bool verbose = env_u64("SABLE_FUZZ_VERBOSE", 0) != 0;

  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) {
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigaction(sig, &sa, &g_previous[sig]);
  }
#ifdef SABLE_FUZZ_DEATH_CALLBACK
  __sanitizer_set_death_callback(on_sanitizer_death);
#endif
  // The watchdog: a command still running after hang_ms is a hang.
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      int64_t started = g_cmd_started_ms.load();
      if (started && steady_ms() - started > static_cast<int64_t>(hang_ms)) {
        write_current("\n*** fuzz: command still running after the hang limit: ");
        std::abort();
      }
    }
  });

  std::string problem;
  uint64_t i = 0;
  {
    Fuzzer fuzz(seed);
    g_alloc_limit.store(size_t{256} << 20);
    int64_t deadline = steady_ms() + static_cast<int64_t>(seconds) * 1000;
    for (; i < iterations && problem.empty(); ++i) {
      if (i % 64 == 0 && steady_ms() > deadline) break;
      problem = fuzz.step(i, verbose);
    }
    g_alloc_limit.store(0);
    WARN("fuzz: seed " << seed << ", " << i << " iterations, " << fuzz.executed()
                       << " commands run, " << fuzz.skipped() << " skipped, " << fuzz.targets()
                       << " commands and subcommands");
  }
  done.store(true);
  watchdog.join();
  INFO("seed " << seed << " (SABLE_FUZZ_SEED), iteration " << i);
  CHECK(problem.empty());
  if (!problem.empty()) FAIL(problem);
}
