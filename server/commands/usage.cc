// Argument documentation for COMMAND DOCS, from the usage line of each command's row.
//
// A row keeps its arguments as the familiar one-line syntax (CommandRow::usage, without the name),
// e.g. "key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]", and turned into the
// argument tree COMMAND DOCS reports when asked. The notation:
//   [ ... ]      optional group          < ... >   required group
//   a | b        alternatives (oneof)    x ...     x repeats (multiple)
//   UPPERCASE    a literal token: alone it is a pure-token; followed by one argument it becomes
//                that argument's token ("EX seconds"); a group that starts with a token and has
//                several arguments after it becomes a block led by the token ("LIMIT offset count")
//   lowercase    a named argument whose type follows from its name (key, count, pattern …)
//   x ...+       x repeats with its token each time (multiple_token: "CONFIG n v CONFIG n v")
//   [@name ...]  the group is a block called `name`, even when it holds one argument
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/reply.h"
#include "server/command.h"

namespace sable {

namespace {

// One node of the argument tree.
struct Arg {
  std::string name;
  std::string type;  // string integer double key pattern unix-time pure-token oneof block
  std::string token;
  bool optional = false, multiple = false, multiple_token = false;
  int key_spec_index = -1;
  std::vector<Arg> args;
};

bool is_token_word(std::string_view w) {
  if (w == "=" || w == "~" || w == "*" || w == "$") return true;  // stream literal symbols
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
  static const char* const kKeys[] = {"key",       "key1", "key2", "destination", "source",
                                      "sourcekey", "dst",  "src",  "newkey",      "destkey"};
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
  if (cmd == "cluster" && name == "key") return "string";
  if (cmd == "lolwut" && name == "version") return "integer";  // CLUSTER KEYSLOT hashes any name
  for (const char* k : kKeys)
    if (name == k) return "key";
  if (name == "pattern") return "pattern";
  if (name.starts_with("unix-time")) return "unix-time";
  // Exceptions first, as Redis types them: ZRANGE's start/stop may be scores or lex ranges.
  if (cmd == "zrange" && (name == "start" || name == "stop")) return "string";
  // Stream IDs ("-", "+", "(1-0") bound the stream ranges.
  if (cmd.starts_with("x") && (name == "start" || name == "end")) return "string";
  if (cmd == "xpending" && name == "min-idle-time") return "integer";
  if (cmd.starts_with("x") && (name == "ms" || name == "entries_read" || name == "entries_added"))
    return "integer";
  if (cmd == "client" && name == "timeout") return "integer";  // CLIENT PAUSE milliseconds
  if (cmd == "migrate" && name == "timeout") return "integer";  // milliseconds
  if ((cmd == "restore" || cmd == "restore-asking") && (name == "ttl" || name == "frequency")) return "integer";
  if (name == "increment")
    return (cmd == "incrbyfloat" || cmd == "hincrbyfloat") ? "double" : "integer";
  if (name == "value" && (cmd == "bitfield" || cmd == "setbit")) return "integer";
  if (name == "bits") return "integer";  // ACL GENPASS
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
    std::string block_name;  // from "[@name …]"
    if (!top && pos_ < words_.size() && words_[pos_].size() > 1 && words_[pos_][0] == '@')
      block_name = words_[pos_++].substr(1);
    while (pos_ < words_.size() && !at("|") && !at("]") && !at(">")) {
      Item it;
      const std::string& w = words_[pos_];
      if (w == "..." || w == "...+") {
        if (items.empty()) {
          ok_ = false;
          ++pos_;
          continue;
        }
        if (items.back().is_token) {
          ok_ = false;
        } else {
          items.back().arg.multiple = true;
          items.back().arg.multiple_token = w == "...+";
        }
        ++pos_;
        continue;
      }
      if (w == "[" || w == "<") {
        ++pos_;
        it.arg = group(w == "[" ? "]" : ">");
        it.arg.optional = it.arg.optional || w == "[";
      } else if (w == "\"\"") {
        // MIGRATE's "": a token that is the empty string.
        it.arg.name = "empty_string";
        it.arg.type = "pure-token";
        ++pos_;
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
    // "[FULL [COUNT count]]": a token leading one optional tokened argument is a block too.
    bool token_then_one_option = items.size() == 2 && items[0].is_token && !items[1].is_token &&
                                 items[1].arg.optional && !items[1].arg.token.empty();
    bool named = !block_name.empty() && items.size() >= 2;
    if (!top && (items.size() >= 3 || token_then_one_option || named) && items[0].is_token &&
        (!token_then_options || named) &&
        std::none_of(items.begin() + 1, items.end(), [](const Item& i) { return i.is_token; })) {
      Arg block;
      block.type = "block";
      block.token = items[0].word;
      for (size_t i = 1; i < items.size(); ++i) block.args.push_back(std::move(items[i].arg));
      block.name = named ? block_name : joined_name(block.args);
      // "[GET encoding offset ...]": the whole block repeats, not its last argument; but in
      // "<STREAMS key ... id ...>" each argument repeats on its own.
      bool inner_multiple = std::any_of(block.args.begin(), block.args.end() - 1,
                                        [](const Arg& a) { return a.multiple; });
      if (!inner_multiple) {
        std::swap(block.multiple, block.args.back().multiple);
        std::swap(block.multiple_token, block.args.back().multiple_token);
      }
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

// Numbers key arguments in order of appearance, one index per distinct key name; a key led by
// its own token is another key spec than the plain one of that name (GEORADIUS's "STORE key",
// MIGRATE's "KEYS key").
void number_keys(std::vector<Arg>& args, std::vector<std::string>& seen) {
  for (Arg& a : args) {
    if (a.type == "key") {
      std::string id = a.token + " " + a.name;
      auto it = std::find(seen.begin(), seen.end(), id);
      a.key_spec_index = static_cast<int>(it - seen.begin());
      if (it == seen.end()) seen.push_back(id);
    }
    number_keys(a.args, seen);
  }
}

// The argument tree of a usage line; empty when it does not parse.
std::vector<Arg> parse_usage(std::string_view usage, std::string_view cmd) {
  UsageParser p(usage, cmd);
  std::vector<Arg> args = p.parse();
  if (!p.ok()) return {};
  std::vector<std::string> seen;
  number_keys(args, seen);
  return args;
}

std::vector<Arg> parse_usage(const CommandSpec& c) {
  return parse_usage(c.usage, c.parent ? c.parent->name : c.name);
}

// A pure token always has one, even the empty one.
bool has_token(const Arg& a) { return !a.token.empty() || a.type == "pure-token"; }

void reply_arg(ReplyWriter& r, const Arg& a) {
  size_t n =
      2 + (a.key_spec_index >= 0) + has_token(a) + (a.optional || a.multiple) + !a.args.empty();
  r.map_len(n);
  r.bulk("name");
  r.bulk(a.name);
  r.bulk("type");
  r.bulk(a.type);
  if (a.key_spec_index >= 0) {
    r.bulk("key_spec_index");
    r.integer(a.key_spec_index);
  }
  if (has_token(a)) {
    r.bulk("token");
    r.bulk(a.token);
  }
  if (a.optional || a.multiple) {
    r.bulk("flags");
    r.set_len(a.optional + a.multiple + a.multiple_token);
    if (a.optional) r.simple("optional");
    if (a.multiple) r.simple("multiple");
    if (a.multiple_token) r.simple("multiple_token");
  }
  if (!a.args.empty()) {
    r.bulk("arguments");
    r.array_len(a.args.size());
    for (const Arg& sub : a.args) reply_arg(r, sub);
  }
}

}  // namespace

bool usage_parses(std::string_view usage, std::string_view cmd) {
  return !parse_usage(usage, cmd).empty();
}

bool has_argument_docs(const CommandSpec& c) { return !c.usage.empty() && !parse_usage(c).empty(); }

void reply_argument_docs(ReplyWriter& r, const CommandSpec& c) {
  std::vector<Arg> args = parse_usage(c);
  r.array_len(args.size());
  for (const Arg& a : args) reply_arg(r, a);
}

}  // namespace sable
