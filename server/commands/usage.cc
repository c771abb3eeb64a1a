// Argument documentation for COMMAND DOCS, written as one usage line per command.
//
// Each command's arguments are kept as the familiar one-line syntax (without the command name),
// e.g. "key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]", and turned into the
// argument tree COMMAND DOCS reports when asked. The notation:
//   [ ... ]      optional group          < ... >   required group
//   a | b        alternatives (oneof)    x ...     x repeats (multiple)
//   UPPERCASE    a literal token: alone it is a pure-token; followed by one argument it becomes
//                that argument's token ("EX seconds"); a group that starts with a token and has
//                several arguments after it becomes a block led by the token ("LIMIT offset count")
//   lowercase    a named argument whose type follows from its name (key, count, pattern …)
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/reply.h"
#include "server/command.h"

namespace sable {

namespace {

const struct {
  const char* fullname;
  const char* usage;
} kUsage[] = {
    // connection
    {"auth", "[username] password"},
    {"echo", "message"},
    {"hello", "[protover [AUTH username password] [SETNAME clientname]]"},
    {"ping", "[message]"},
    {"select", "index"},
    {"client|caching", "<YES | NO>"},
    {"client|kill",
     "<ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | "
     "[USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> ...>"},
    {"client|list", "[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id ...]"},
    {"client|no-evict", "<ON | OFF>"},
    {"client|no-touch", "<ON | OFF>"},
    {"client|pause", "timeout [WRITE | ALL]"},
    {"client|reply", "<ON | OFF | SKIP>"},
    {"client|setinfo", "<LIB-NAME libname | LIB-VER libver>"},
    {"client|setname", "connection-name"},
    {"client|tracking",
     "<ON | OFF> [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]"},
    {"client|unblock", "client-id [TIMEOUT | ERROR]"},
    // strings
    {"append", "key value"},
    {"decr", "key"},
    {"decrby", "key decrement"},
    {"get", "key"},
    {"getdel", "key"},
    {"getex",
     "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | "
     "PXAT unix-time-milliseconds | PERSIST]"},
    {"getrange", "key start end"},
    {"getset", "key value"},
    {"incr", "key"},
    {"incrby", "key increment"},
    {"incrbyfloat", "key increment"},
    {"lcs", "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]"},
    {"mget", "key ..."},
    {"mset", "<key value> ..."},
    {"msetnx", "<key value> ..."},
    {"psetex", "key milliseconds value"},
    {"set",
     "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | "
     "PXAT unix-time-milliseconds | KEEPTTL]"},
    {"setex", "key seconds value"},
    {"setnx", "key value"},
    {"setrange", "key offset value"},
    {"strlen", "key"},
    {"substr", "key start end"},
    // bitmaps
    {"bitcount", "key [start end [BYTE | BIT]]"},
    {"bitfield",
     "key [GET encoding offset | <[OVERFLOW <WRAP | SAT | FAIL>] "
     "<SET encoding offset value | INCRBY encoding offset increment>>] ..."},
    {"bitfield_ro", "key [GET encoding offset ...]"},
    {"bitop", "operation destkey key ..."},
    {"bitpos", "key bit [start [end [BYTE | BIT]]]"},
    {"getbit", "key offset"},
    {"setbit", "key offset value"},
    // generic
    {"copy", "source destination [DB destination-db] [REPLACE]"},
    {"del", "key ..."},
    {"exists", "key ..."},
    {"expire", "key seconds [NX | XX | GT | LT]"},
    {"expireat", "key unix-time-seconds [NX | XX | GT | LT]"},
    {"expiretime", "key"},
    {"keys", "pattern"},
    {"move", "key db"},
    {"object|encoding", "key"},
    {"object|freq", "key"},
    {"object|idletime", "key"},
    {"object|refcount", "key"},
    {"persist", "key"},
    {"pexpire", "key milliseconds [NX | XX | GT | LT]"},
    {"pexpireat", "key unix-time-milliseconds [NX | XX | GT | LT]"},
    {"pexpiretime", "key"},
    {"pttl", "key"},
    {"rename", "key newkey"},
    {"renamenx", "key newkey"},
    {"scan", "cursor [MATCH pattern] [COUNT count] [TYPE type]"},
    {"sort",
     "key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] "
     "[STORE destination]"},
    {"sort_ro", "key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA]"},
    {"touch", "key ..."},
    {"ttl", "key"},
    {"type", "key"},
    {"unlink", "key ..."},
    {"wait", "numreplicas timeout"},
    // lists
    {"blmove", "source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout"},
    {"blmpop", "timeout numkeys key ... <LEFT | RIGHT> [COUNT count]"},
    {"blpop", "key ... timeout"},
    {"brpop", "key ... timeout"},
    {"brpoplpush", "source destination timeout"},
    {"lindex", "key index"},
    {"linsert", "key <BEFORE | AFTER> pivot element"},
    {"llen", "key"},
    {"lmove", "source destination <LEFT | RIGHT> <LEFT | RIGHT>"},
    {"lmpop", "numkeys key ... <LEFT | RIGHT> [COUNT count]"},
    {"lpop", "key [count]"},
    {"lpos", "key element [RANK rank] [COUNT num-matches] [MAXLEN len]"},
    {"lpush", "key element ..."},
    {"lpushx", "key element ..."},
    {"lrange", "key start stop"},
    {"lrem", "key count element"},
    {"lset", "key index element"},
    {"ltrim", "key start stop"},
    {"rpop", "key [count]"},
    {"rpoplpush", "source destination"},
    {"rpush", "key element ..."},
    {"rpushx", "key element ..."},
    // hashes
    {"hdel", "key field ..."},
    {"hexists", "key field"},
    {"hget", "key field"},
    {"hgetall", "key"},
    {"hincrby", "key field increment"},
    {"hincrbyfloat", "key field increment"},
    {"hkeys", "key"},
    {"hlen", "key"},
    {"hmget", "key field ..."},
    {"hmset", "key <field value> ..."},
    {"hrandfield", "key [count [WITHVALUES]]"},
    {"hscan", "key cursor [MATCH pattern] [COUNT count]"},
    {"hset", "key <field value> ..."},
    {"hsetnx", "key field value"},
    {"hstrlen", "key field"},
    {"hvals", "key"},
    // sets
    {"sadd", "key member ..."},
    {"scard", "key"},
    {"sdiff", "key ..."},
    {"sdiffstore", "destination key ..."},
    {"sinter", "key ..."},
    {"sintercard", "numkeys key ... [LIMIT limit]"},
    {"sinterstore", "destination key ..."},
    {"sismember", "key member"},
    {"smembers", "key"},
    {"smismember", "key member ..."},
    {"smove", "source destination member"},
    {"spop", "key [count]"},
    {"srandmember", "key [count]"},
    {"srem", "key member ..."},
    {"sscan", "key cursor [MATCH pattern] [COUNT count]"},
    {"sunion", "key ..."},
    {"sunionstore", "destination key ..."},
    // sorted sets
    {"bzmpop", "timeout numkeys key ... <MIN | MAX> [COUNT count]"},
    {"bzpopmax", "key ... timeout"},
    {"bzpopmin", "key ... timeout"},
    {"zadd", "key [NX | XX] [GT | LT] [CH] [INCR] <score member> ..."},
    {"zcard", "key"},
    {"zcount", "key min max"},
    {"zdiff", "numkeys key ... [WITHSCORES]"},
    {"zdiffstore", "destination numkeys key ..."},
    {"zincrby", "key increment member"},
    {"zinter", "numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]"},
    {"zintercard", "numkeys key ... [LIMIT limit]"},
    {"zinterstore",
     "destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>]"},
    {"zlexcount", "key min max"},
    {"zmpop", "numkeys key ... <MIN | MAX> [COUNT count]"},
    {"zmscore", "key member ..."},
    {"zpopmax", "key [count]"},
    {"zpopmin", "key [count]"},
    {"zrandmember", "key [count [WITHSCORES]]"},
    {"zrange", "key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]"},
    {"zrangebylex", "key min max [LIMIT offset count]"},
    {"zrangebyscore", "key min max [WITHSCORES] [LIMIT offset count]"},
    {"zrangestore", "dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]"},
    {"zrank", "key member"},
    {"zrem", "key member ..."},
    {"zremrangebylex", "key min max"},
    {"zremrangebyrank", "key start stop"},
    {"zremrangebyscore", "key min max"},
    {"zrevrange", "key start stop [WITHSCORES]"},
    {"zrevrangebylex", "key max min [LIMIT offset count]"},
    {"zrevrangebyscore", "key max min [WITHSCORES] [LIMIT offset count]"},
    {"zrevrank", "key member"},
    {"zscan", "key cursor [MATCH pattern] [COUNT count]"},
    {"zscore", "key member"},
    {"zunion", "numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]"},
    {"zunionstore",
     "destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>]"},
    // pub/sub
    {"psubscribe", "pattern ..."},
    {"publish", "channel message"},
    {"pubsub|channels", "[pattern]"},
    {"pubsub|numsub", "[channel ...]"},
    {"pubsub|shardchannels", "[pattern]"},
    {"pubsub|shardnumsub", "[shardchannel ...]"},
    {"punsubscribe", "[pattern ...]"},
    {"spublish", "shardchannel message"},
    {"ssubscribe", "shardchannel ..."},
    {"subscribe", "channel ..."},
    {"sunsubscribe", "[shardchannel ...]"},
    {"unsubscribe", "[channel ...]"},
    // transactions
    {"watch", "key ..."},
    // server
    {"bgsave", "[SCHEDULE]"},
    {"command|docs", "[command-name ...]"},
    {"command|getkeys", "command [arg ...]"},
    {"command|getkeysandflags", "command [arg ...]"},
    {"command|info", "[command-name ...]"},
    {"command|list", "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]"},
    {"config|get", "parameter ..."},
    {"config|set", "<parameter value> ..."},
    // scripting
    {"eval", "script numkeys [key ...] [arg ...]"},
    {"evalsha", "sha1 numkeys [key ...] [arg ...]"},
    {"eval_ro", "script numkeys [key ...] [arg ...]"},
    {"evalsha_ro", "sha1 numkeys [key ...] [arg ...]"},
    {"script|debug", "<YES | SYNC | NO>"},
    {"script|exists", "sha1 ..."},
    {"script|flush", "[ASYNC | SYNC]"},
    {"script|load", "script"},
    {"flushall", "[ASYNC | SYNC]"},
    {"flushdb", "[ASYNC | SYNC]"},
    {"info", "[section ...]"},
    {"latency|graph", "event"},
    {"latency|histogram", "[command ...]"},
    {"latency|history", "event"},
    {"latency|reset", "[event ...]"},
    {"memory|usage", "key [SAMPLES count]"},
    {"shutdown", "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]"},
    {"slowlog|get", "[count]"},
    {"swapdb", "index1 index2"},
};

// One node of the argument tree.
struct Arg {
  std::string name;
  std::string type;  // string integer double key pattern unix-time pure-token oneof block
  std::string token;
  bool optional = false, multiple = false;
  int key_spec_index = -1;
  std::vector<Arg> args;
};

bool is_token_word(std::string_view w) {
  bool upper = false;
  for (char ch : w) {
    if (std::islower(static_cast<unsigned char>(ch))) return false;
    if (std::isupper(static_cast<unsigned char>(ch))) upper = true;
  }
  return upper;
}

std::string lower(std::string_view w) {
  std::string s(w);
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The type a named argument gets from its name (and, for a few names, from the command).
std::string type_of(std::string_view name, std::string_view cmd) {
  static const char* const kKeys[] = {"key", "key1", "key2",   "destination", "source",
                                      "dst", "src",  "newkey", "destkey"};
  static const char* const kInts[] = {"count",
                                      "index",
                                      "start",
                                      "end",
                                      "stop",
                                      "offset",
                                      "numkeys",
                                      "seconds",
                                      "milliseconds",
                                      "db",
                                      "destination-db",
                                      "client-id",
                                      "rank",
                                      "num-matches",
                                      "len",
                                      "limit",
                                      "bit",
                                      "protover",
                                      "decrement",
                                      "cursor",
                                      "index1",
                                      "index2",
                                      "numreplicas",
                                      "weight",
                                      "slot",
                                      "start-slot",
                                      "end-slot",
                                      "port",
                                      "cluster_bus_port",
                                      "config-epoch"};
  if (cmd == "cluster" && name == "key") return "string";  // CLUSTER KEYSLOT hashes any name
  for (const char* k : kKeys)
    if (name == k) return "key";
  if (name == "pattern") return "pattern";
  if (name.starts_with("unix-time")) return "unix-time";
  // Exceptions first, as Redis types them: ZRANGE's start/stop may be scores or lex ranges.
  if (cmd == "zrange" && (name == "start" || name == "stop")) return "string";
  if (cmd == "client" && name == "timeout") return "integer";  // CLIENT PAUSE milliseconds
  if (name == "increment")
    return (cmd == "incrbyfloat" || cmd == "hincrbyfloat") ? "double" : "integer";
  if (name == "value" && (cmd == "bitfield" || cmd == "setbit")) return "integer";
  if (name == "score" || name == "timeout" || name == "longitude" || name == "latitude" ||
      name == "radius" || name == "width" || name == "height")
    return "double";
  if ((name == "min" || name == "max") && (cmd == "zcount" || cmd.ends_with("byscore")))
    return "double";
  for (const char* k : kInts)
    if (name == k) return "integer";
  return "string";
}

// Recursive-descent parser over the usage words.
class UsageParser {
 public:
  UsageParser(std::string_view line, std::string_view cmd) : cmd_(cmd) {
    size_t i = 0;
    while (i < line.size()) {
      char ch = line[i];
      if (ch == ' ') {
        ++i;
      } else if (ch == '[' || ch == ']' || ch == '<' || ch == '>' || ch == '|') {
        words_.emplace_back(1, ch);
        ++i;
      } else {
        size_t j = i;
        while (j < line.size() && std::string_view(" []<>|").find(line[j]) == std::string::npos)
          ++j;
        words_.emplace_back(line.substr(i, j - i));
        i = j;
      }
    }
  }

  std::vector<Arg> parse() {
    std::vector<Arg> out = sequence(/*top=*/true);
    return out;
  }

  bool ok() const { return ok_ && pos_ == words_.size(); }

 private:
  // One item of a sequence: a token word (kept aside until we know what it leads), or an argument.
  struct Item {
    bool is_token = false;
    std::string word;
    Arg arg;
  };

  bool at(std::string_view w) const { return pos_ < words_.size() && words_[pos_] == w; }

  // Parses items until '|', ']', '>' or the end, then folds token words into arguments.
  std::vector<Arg> sequence(bool top) {
    std::vector<Item> items;
    while (pos_ < words_.size() && !at("|") && !at("]") && !at(">")) {
      Item it;
      const std::string& w = words_[pos_];
      if (w == "...") {
        if (items.empty()) {
          ok_ = false;
          ++pos_;
          continue;
        }
        if (items.back().is_token) {
          ok_ = false;
        } else {
          items.back().arg.multiple = true;
        }
        ++pos_;
        continue;
      }
      if (w == "[" || w == "<") {
        ++pos_;
        it.arg = group(w == "[" ? "]" : ">");
        it.arg.optional = it.arg.optional || w == "[";
      } else if (is_token_word(w)) {
        it.is_token = true;
        it.word = w;
        ++pos_;
      } else {
        it.arg.name = w;
        it.arg.type = type_of(w, cmd_);
        ++pos_;
      }
      items.push_back(std::move(it));
    }
    // "TOKEN a b …" inside a group: one block led by the token. When the block ends in a group
    // (GEOSEARCH's "COUNT count [ANY]", "BYBOX width height <M | KM | FT | MI>") Redis declares
    // the token on the first argument instead, in a block without one.
    bool token_then_options = items.size() >= 3 && !items[1].is_token &&
                              items[1].arg.type != "block" && items[1].arg.type != "oneof" &&
                              !items[1].arg.optional && !items.back().is_token &&
                              (items.back().arg.type == "oneof" || items.back().arg.optional);
    if (!top && items.size() >= 3 && items[0].is_token && !token_then_options &&
        std::none_of(items.begin() + 1, items.end(), [](const Item& i) { return i.is_token; })) {
      Arg block;
      block.type = "block";
      block.token = items[0].word;
      for (size_t i = 1; i < items.size(); ++i) block.args.push_back(std::move(items[i].arg));
      block.name = joined_name(block.args);
      // "[GET encoding offset ...]": the whole block repeats, not its last argument.
      std::swap(block.multiple, block.args.back().multiple);
      return {std::move(block)};
    }
    std::vector<Arg> out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_token) {
        out.push_back(std::move(items[i].arg));
      } else if (i + 1 < items.size() && !items[i + 1].is_token && items[i + 1].arg.token.empty()) {
        items[i + 1].arg.token = items[i].word;
        out.push_back(std::move(items[i + 1].arg));
        ++i;
      } else {
        Arg t;
        t.name = lower(items[i].word);
        t.type = "pure-token";
        t.token = items[i].word;
        out.push_back(std::move(t));
      }
    }
    return out;
  }

  // After an opening bracket: alternatives up to `close`.
  Arg group(std::string_view close) {
    std::vector<Arg> alts;
    for (;;) {
      std::vector<Arg> seq = sequence(false);
      if (seq.size() == 1) {
        alts.push_back(std::move(seq[0]));
      } else if (!seq.empty()) {
        Arg block;
        block.type = "block";
        block.args = std::move(seq);
        block.name = joined_name(block.args);
        alts.push_back(std::move(block));
      } else {
        ok_ = false;
      }
      if (at("|")) {
        ++pos_;
        continue;
      }
      break;
    }
    if (!at(close)) {
      ok_ = false;
    } else {
      ++pos_;
    }
    if (alts.size() == 1) return std::move(alts[0]);
    Arg oneof;
    oneof.type = "oneof";
    oneof.args = std::move(alts);
    oneof.name = joined_name(oneof.args);
    return oneof;
  }

  static std::string joined_name(const std::vector<Arg>& args) {
    std::string n;
    for (const Arg& a : args) {
      if (!n.empty()) n += '_';
      n += a.name;
    }
    return n;
  }

  std::string_view cmd_;
  std::vector<std::string> words_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Numbers key arguments in order of appearance, one index per distinct key name.
void number_keys(std::vector<Arg>& args, std::vector<std::string>& seen) {
  for (Arg& a : args) {
    if (a.type == "key") {
      auto it = std::find(seen.begin(), seen.end(), a.name);
      a.key_spec_index = static_cast<int>(it - seen.begin());
      if (it == seen.end()) seen.push_back(a.name);
    }
    number_keys(a.args, seen);
  }
}

std::vector<Arg> parse_usage(const CommandSpec& c) {
  UsageParser p(c.usage, c.parent ? c.parent->name : c.name);
  std::vector<Arg> args = p.parse();
  if (!p.ok()) return {};
  std::vector<std::string> seen;
  number_keys(args, seen);
  return args;
}

void reply_arg(ReplyWriter& r, const Arg& a) {
  size_t n =
      2 + (a.key_spec_index >= 0) + !a.token.empty() + (a.optional || a.multiple) + !a.args.empty();
  r.map_len(n);
  r.bulk("name");
  r.bulk(a.name);
  r.bulk("type");
  r.bulk(a.type);
  if (a.key_spec_index >= 0) {
    r.bulk("key_spec_index");
    r.integer(a.key_spec_index);
  }
  if (!a.token.empty()) {
    r.bulk("token");
    r.bulk(a.token);
  }
  if (a.optional || a.multiple) {
    r.bulk("flags");
    r.set_len(a.optional + a.multiple);
    if (a.optional) r.simple("optional");
    if (a.multiple) r.simple("multiple");
  }
  if (!a.args.empty()) {
    r.bulk("arguments");
    r.array_len(a.args.size());
    for (const Arg& sub : a.args) reply_arg(r, sub);
  }
}

}  // namespace

void apply_usage_docs(CommandTable& t) {
  std::unordered_map<std::string_view, const char*> by_name;
  for (const auto& u : kUsage) by_name.emplace(u.fullname, u.usage);
  auto apply = [&](CommandSpec& c) {
    if (auto it = by_name.find(c.fullname); it != by_name.end()) c.usage = it->second;
  };
  for (CommandSpec* c : t.all()) {
    apply(*c);
    for (auto& sub : c->subcommands) apply(*sub);
  }
}

bool has_argument_docs(const CommandSpec& c) { return !c.usage.empty() && !parse_usage(c).empty(); }

void reply_argument_docs(ReplyWriter& r, const CommandSpec& c) {
  std::vector<Arg> args = parse_usage(c);
  r.array_len(args.size());
  for (const Arg& a : args) reply_arg(r, a);
}

}  // namespace sable
