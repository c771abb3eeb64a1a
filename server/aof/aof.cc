// The append-only file (see aof.h for the model).
#include "server/aof/aof.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "datatypes/clock.h"
#include "server/fd_write.h"
#include "datatypes/keyspace.h"
#include "datatypes/numbers.h"
#include "datatypes/stream_type.h"
#include "protocol/request_parser.h"
#include "server/client.h"
#include "server/command.h"
#include "server/persistence/rdb.h"
#include "server/scripting/functions.h"
#include "server/scripting/scripting.h"
#include "server/server.h"

namespace sable {

namespace {

void put_request(std::string* out, std::span<const std::string_view> argv) {
  *out += fmt::format("*{}\r\n", argv.size());
  for (std::string_view a : argv) {
    *out += fmt::format("${}\r\n", a.size());
    out->append(a);
    *out += "\r\n";
  }
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Commands whose outcome depends on chance or the clock: written as the values they left.
bool writes_resulting_values(std::string_view top) {
  return is_one_of(top, {"spop", "xreadgroup", "xclaim", "xautoclaim", "xgroup"});
}

// Commands that may give a key a TTL relative to now: the request, then PEXPIREAT.
bool sets_relative_ttl(std::string_view top) {
  return is_one_of(top, {"set", "setex", "psetex", "getex", "expire", "pexpire", "restore",
                          "restore-asking"});
}

// Writes that change no key's signal but still change the dataset.
bool always_written(std::string_view top) {
  return is_one_of(top, {"flushall", "flushdb", "swapdb", "function"});
}

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

uint64_t file_size(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

void fsync_dir(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

Aof::Aof(Server& s) : s_(s) {}

Aof::~Aof() {
  if (syncer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_syncer_ = true;
    }
    cv_.notify_all();
    syncer_.join();
  }
  if (child_pid_ != -1) {
    ::kill(child_pid_, SIGUSR1);
    ::waitpid(child_pid_, nullptr, 0);
  }
  if (fd_ >= 0) {
    flush();
    ::fsync(fd_);
    ::close(fd_);
  }
}

std::string Aof::dir() const { return s_.config.appenddirname; }
std::string Aof::path(const std::string& name) const { return dir() + "/" + name; }
std::string Aof::base_name(uint64_t seq) const {
  return fmt::format("{}.{}.base.rdb", s_.config.appendfilename, seq);
}
std::string Aof::incr_name(uint64_t seq) const {
  return fmt::format("{}.{}.incr.aof", s_.config.appendfilename, seq);
}
std::string Aof::manifest_name() const { return s_.config.appendfilename + ".manifest"; }

// ---------------------------------------------------------------------------------------------
// Manifest

bool Aof::read_manifest(std::vector<FileEntry>* out, std::string* error) const {
  out->clear();
  std::string text;
  if (!read_file(path(manifest_name()), &text)) return false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key, value;
    FileEntry f;
    bool have_name = false, have_seq = false, have_type = false;
    while (words >> key >> value) {
      if (key == "file") {
        f.name = value;
        have_name = true;
      } else if (key == "seq") {
        int64_t v;
        have_seq = parse_int64(value, &v) && v > 0;
        f.seq = static_cast<uint64_t>(v);
      } else if (key == "type" && value.size() == 1 &&
                 std::string_view("bih").find(value[0]) != std::string_view::npos) {
        f.type = value[0];
        have_type = true;
      }
    }
    if (!have_name || !have_seq || !have_type || f.name.find('/') != std::string::npos) {
      *error = "Invalid AOF manifest file format";
      return true;
    }
    out->push_back(std::move(f));
  }
  return true;
}

bool Aof::write_manifest(const std::vector<FileEntry>& files, std::string* error) const {
  std::string text;
  for (const FileEntry& f : files)
    text += fmt::format("file {} seq {} type {}\n", f.name, f.seq, f.type);
  std::string tmp = path("temp-" + manifest_name());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  bool ok = fd >= 0 && write_all(fd, text.data(), text.size()) && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (ok) ok = ::rename(tmp.c_str(), path(manifest_name()).c_str()) == 0;
  if (!ok) {
    *error = fmt::format("Can't persist the AOF manifest file {}: {}", manifest_name(),
                         std::strerror(errno));
    ::unlink(tmp.c_str());
    return false;
  }
  fsync_dir(dir());
  return true;
}

void Aof::delete_history() {
  std::vector<FileEntry> keep;
  bool changed = false;
  for (const FileEntry& f : files_) {
    if (f.type == 'h') {
      ::unlink(path(f.name).c_str());
      changed = true;
    } else {
      keep.push_back(f);
    }
  }
  if (changed) {
    files_ = std::move(keep);
    std::string err;
    if (!write_manifest(files_, &err)) s_.log(kLogWarning, err);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

std::string Aof::load_at_startup(bool* found, size_t* keys) {
  *found = false;
  *keys = 0;
  std::vector<FileEntry> files;
  std::string error;
  if (!read_manifest(&files, &error)) return {};
  if (!error.empty()) return error;
  *found = true;
  files_ = files;
  delete_history();
  return load_files(files_, keys);
}

std::string Aof::load_files(const std::vector<FileEntry>& files, size_t* keys) {
  loading_ = true;
  std::string error;
  size_t commands = 0;
  std::vector<const FileEntry*> order;
  for (const FileEntry& f : files)
    if (f.type == 'b') order.push_back(&f);
  for (const FileEntry& f : files)
    if (f.type == 'i') order.push_back(&f);
  for (size_t i = 0; i < order.size() && error.empty(); ++i) {
    const FileEntry& f = *order[i];
    std::string p = path(f.name);
    if (f.type == 'b') {
      std::string data;
      if (!read_file(p, &data)) {
        error = fmt::format("The AOF file {} doesn't exist", f.name);
        break;
      }
      if (data.compare(0, 5, "REDIS") == 0) {
        size_t n = 0;
        error = rdb_load_bytes(s_, data, &n);
        *keys += n;
      } else {
        error = load_commands(p, false, &commands);
      }
      base_seq_ = std::max(base_seq_, f.seq);
      base_size_ = data.size();
    } else {
      if (::access(p.c_str(), F_OK) != 0) {
        error = fmt::format("The AOF file {} doesn't exist", f.name);
        break;
      }
      error = load_commands(p, i + 1 == order.size(), &commands);
      incr_seq_ = std::max(incr_seq_, f.seq);
    }
  }
  loading_ = false;
  if (error.empty()) {
    uint64_t total = 0;
    for (const FileEntry& f : files) total += file_size(path(f.name));
    current_size_ = total;
    size_t n = 0;
    for (auto& db : s_.dbs) n += db->size();
    *keys = n;
  }
  return error;
}

// Replays one file of RESP requests through a loading client. A request cut short at the end of
// the last file (a crash while appending) is dropped as aof-load-truncated allows, and the file
// truncated to the last whole request (before an unfinished MULTI).
std::string Aof::load_commands(const std::string& file, bool last, size_t* commands) {
  // Read in slices, so loading needs memory for the data set, not for the file as well.
  int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) return fmt::format("Can't open the append-only file {}", file);
  constexpr size_t kSlice = 4 << 20;
  std::string data;        // the unread part of the file, starting at a request's first byte
  uint64_t data_at = 0;    // file offset of data[0]
  bool eof = false;
  std::string error;
  auto read_more = [&](size_t at_least) {
    size_t want = std::max(kSlice, at_least);
    size_t old = data.size();
    data.resize(old + want);
    size_t got = 0;
    while (got < want) {
      ssize_t n = ::read(fd, data.data() + old + got, want - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = fmt::format("Error reading the append only file {}: {}", file,
                                     std::strerror(errno));
      if (n <= 0) {
        eof = true;
        break;
      }
      got += static_cast<size_t>(n);
    }
    data.resize(old + got);
  };
  Client* c = s_.create_fake_client();
  c->flags |= kClientDenyBlocking;
  s_.clients[c->id] = c;
  RequestParser parser;
  ParserLimits limits;
  size_t pos = 0;
  uint64_t valid = 0;  // file offset after the last whole request outside MULTI
  bool in_multi = false;
  read_more(0);
  while (error.empty()) {
    if (pos == data.size()) {
      if (eof) break;
      data.clear();
      data_at += pos;
      pos = 0;
      read_more(0);
      continue;
    }
    auto st = parser.feed(data.data() + pos, data.size() - pos, limits);
    if (st == RequestParser::Status::kIncomplete) {
      if (eof) break;
      // Keep the partial request (the parser's progress is relative to its start), read on.
      data.erase(0, pos);
      data_at += pos;
      pos = 0;
      read_more(parser.bytes_wanted() > data.size() ? parser.bytes_wanted() - data.size() : 0);
      continue;
    }
    if (st == RequestParser::Status::kError) {
      error = fmt::format("Bad file format reading the append only file {}", file);
      break;
    }
    std::vector<std::string_view> argv(parser.args().begin(), parser.args().end());
    size_t used = parser.consumed();
    if (st == RequestParser::Status::kCommand && !argv.empty()) {
      const CommandSpec* container = nullptr;
      const CommandSpec* cmd = s_.commands.lookup(argv, &container);
      if (!cmd) {
        error =
            fmt::format("Unknown command '{:.128}' reading the append only file {}", argv[0], file);
        break;
      }
      if (iequals(cmd->name, "multi")) {
        in_multi = true;
      } else if (iequals(cmd->name, "exec")) {
        in_multi = false;
      }
      s_.call(*c, *cmd, argv);
      c->reply.buffer().clear();
      if (c->has(kClientBlocked)) s_.blocking->unblock(*c, false);
      c->reply.buffer().clear();
      ++*commands;
    }
    parser.reset();
    pos += used;
    if (!in_multi) valid = data_at + pos;
  }
  ::close(fd);
  uint64_t total = data_at + data.size();
  s_.clients.erase(c->id);
  s_.free_client(c);
  if (!error.empty()) return error;
  if (valid < total) {
    if (!last || !s_.config.aof_load_truncated)
      return fmt::format(
          "Unexpected end of file reading the append only file {}. You can: 1) Make a backup of "
          "your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively "
          "you can set the 'aof-load-truncated' configuration option to yes and restart the "
          "server.",
          file);
    s_.log(kLogWarning,
           fmt::format("!!! Warning: short read while loading the AOF file {}!!!", file));
    if (::truncate(file.c_str(), static_cast<off_t>(valid)) != 0)
      return fmt::format("Error truncating the AOF file {}: {}", file, std::strerror(errno));
    s_.log(kLogWarning,
           fmt::format("AOF {} loaded anyway because aof-load-truncated is enabled", file));
  }
  return {};
}

std::string Aof::reload() {
  flush();
  if (fd_ >= 0) ::fsync(fd_);
  std::vector<FileEntry> files;
  std::string error;
  if (!read_manifest(&files, &error)) return "AOF manifest not found";
  if (!error.empty()) return error;
  for (int i = 0; i < static_cast<int>(s_.dbs.size()); ++i) {
    s_.signal_flushed_db(i);
    s_.db(i).clear();
  }
  s_.scripting->functions().flush();
  size_t keys = 0;
  selected_db_ = -1;
  return load_files(files, &keys);
}

// ---------------------------------------------------------------------------------------------
// Appending

int Aof::create_incr(uint64_t seq, std::string* error) {
  int fd = ::open(path(incr_name(seq)).c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0)
    *error = fmt::format("Can't open the append-only file {}: {}", incr_name(seq),
                         std::strerror(errno));
  return fd;
}

void Aof::use_incr(int fd, uint64_t seq) {
  close_fd();
  std::lock_guard<std::mutex> lock(mu_);
  fd_ = fd;
  incr_seq_ = seq;
  selected_db_ = -1;  // a new file starts without a SELECT
}

std::string Aof::open_incr(uint64_t seq) {
  std::string err;
  int fd = create_incr(seq, &err);
  if (fd >= 0) use_incr(fd, seq);
  return err;
}

void Aof::close_fd() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ >= 0) {
    ::fsync(fd_);
    ::close(fd_);
    fd_ = -1;
  }
}

std::string Aof::start() {
  if (state_ == State::kOn) return {};
  if (::mkdir(dir().c_str(), 0755) != 0 && errno != EEXIST)
    return fmt::format("Can't create the append-only directory {}: {}", dir(),
                       std::strerror(errno));
  std::vector<FileEntry> existing;
  std::string error;
  bool have = read_manifest(&existing, &error);
  if (!error.empty()) return error;
  if (have && !files_.empty()) {
    // Start-up after loading these files: keep appending to the last incremental file.
    uint64_t last_incr = 0;
    for (const FileEntry& f : files_)
      if (f.type == 'i') last_incr = std::max(last_incr, f.seq);
    if (last_incr == 0) {
      last_incr = incr_seq_ + 1;
      files_.push_back({incr_name(last_incr), last_incr, 'i'});
      if (!write_manifest(files_, &error)) return error;
    }
    error = open_incr(last_incr);
    if (!error.empty()) return error;
  } else {
    // No AOF for this dataset yet (or a stale one from before appendonly was turned off): a new
    // base from what is in memory now, then an empty incremental file.
    for (const FileEntry& f : existing) {
      base_seq_ = std::max(base_seq_, f.type == 'b' ? f.seq : 0);
      incr_seq_ = std::max(incr_seq_, f.type == 'i' ? f.seq : 0);
    }
    uint64_t b = base_seq_ + 1, i = incr_seq_ + 1;
    error = rdb_save(s_, path(base_name(b)));
    if (!error.empty()) return error;
    error = open_incr(i);
    if (!error.empty()) return error;
    std::vector<FileEntry> files{{base_name(b), b, 'b'}, {incr_name(i), i, 'i'}};
    if (!write_manifest(files, &error)) return error;
    for (const FileEntry& f : existing) ::unlink(path(f.name).c_str());
    files_ = std::move(files);
    base_seq_ = b;
    base_size_ = file_size(path(base_name(b)));
    current_size_ = base_size_;
  }
  rewrite_base_size_ = current_size_;
  state_ = State::kOn;
  if (!syncer_.joinable()) syncer_ = std::thread([this] { fsync_thread(); });
  return {};
}

std::string Aof::start_background() {
  if (state_ != State::kOff) return {};
  if (s_.bgsave_in_progress()) return start();  // a snapshot child runs: written in the foreground
  if (::mkdir(dir().c_str(), 0755) != 0 && errno != EEXIST)
    return fmt::format("Can't create the append-only directory {}: {}", dir(),
                       std::strerror(errno));
  std::vector<FileEntry> existing;
  std::string error;
  read_manifest(&existing, &error);
  if (!error.empty()) return error;
  for (const FileEntry& f : existing) {
    base_seq_ = std::max(base_seq_, f.type == 'b' ? f.seq : 0);
    incr_seq_ = std::max(incr_seq_, f.type == 'i' ? f.seq : 0);
  }
  uint64_t b = base_seq_ + 1, i = incr_seq_ + 1;
  int fd = create_incr(i, &error);
  if (fd < 0) return error;
  use_incr(fd, i);
  stale_files_ = std::move(existing);
  rewrite_files_ = {{base_name(b), b, 'b'}, {incr_name(i), i, 'i'}};
  state_ = State::kWaitRewrite;
  if (!syncer_.joinable()) syncer_ = std::thread([this] { fsync_thread(); });
  error = fork_first_base();
  if (!error.empty()) {
    abandon_first_base();
    return error;
  }
  return {};
}

std::string Aof::fork_first_base() {
  // The base covers everything written so far: the incremental file starts empty with it.
  flush();
  if (::ftruncate(fd_, 0) != 0)
    return fmt::format("Can't truncate the append-only file: {}", std::strerror(errno));
  selected_db_ = -1;
  return fork_base_writer(rewrite_files_[0].name);
}

std::string Aof::fork_base_writer(const std::string& name) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    std::string e = rdb_save(s_, path(name));
    _exit(e.empty() ? 0 : 1);
  }
  if (pid < 0)
    return fmt::format("Can't rewrite append only file in background: fork: {}",
                       std::strerror(errno));
  s_.log(kLogNotice, fmt::format("Background append only file rewriting started by pid {}", pid));
  child_pid_ = pid;
  rewrite_start_ms_ = wall_ms();
  rewrite_scheduled_ = false;
  return {};
}

void Aof::abandon_first_base() {
  close_fd();
  for (const FileEntry& f : rewrite_files_) ::unlink(path(f.name).c_str());
  rewrite_files_.clear();
  stale_files_.clear();
  state_ = State::kOff;
}

void Aof::stop() {
  if (state_ == State::kOff) return;
  flush();
  if (child_pid_ != -1) {
    ::kill(child_pid_, SIGUSR1);
    ::waitpid(child_pid_, nullptr, 0);
    ::unlink(path(base_name(base_seq_ + 1)).c_str());
    child_pid_ = -1;
  }
  if (state_ == State::kWaitRewrite) {  // the first base never finished: nothing to keep
    abandon_first_base();
    return;
  }
  close_fd();
  files_.clear();
  state_ = State::kOff;
}

void Aof::select(int db) {
  if (db == selected_db_) return;
  std::string n = std::to_string(db);
  std::string_view argv[] = {"SELECT", n};
  put_request(&buf_, argv);
  selected_db_ = db;
}

void Aof::append_request(int db, std::span<const std::string_view> argv) {
  select(db);
  if (atomic_depth_ > 0 && !multi_open_) {
    std::string_view multi[] = {"MULTI"};
    put_request(&buf_, multi);
    multi_open_ = true;
  }
  put_request(&buf_, argv);
}

void Aof::end_atomic() {
  if (atomic_depth_ > 0 && --atomic_depth_ == 0 && multi_open_) {
    std::string_view exec[] = {"EXEC"};
    put_request(&buf_, exec);
    multi_open_ = false;
  }
}

void Aof::append_value_of(int db, const std::string& key) {
  Entry* e = s_.db(db).find_raw(key);
  if (!e) {
    std::string_view argv[] = {"DEL", key};
    return append_request(db, argv);
  }
  std::string payload = dump_payload(s_, e);
  int64_t at = entry::has_expire(e) ? entry::expire_at(e) : 0;
  std::string ttl = std::to_string(at);
  std::string_view argv[] = {"RESTORE", key, ttl, payload, "REPLACE", "ABSTTL"};
  append_request(db, argv);
}

void Aof::feed_del(int db, std::string_view key) {
  if (state_ == State::kOff || loading_) return;
  std::string_view argv[] = {"DEL", key};
  append_request(db, argv);
}

void Aof::feed_command(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
                       std::span<const std::pair<int, std::string>> keys, bool changed) {
  if (state_ == State::kOff || loading_) return;
  std::string_view top = cmd.parent ? std::string_view(cmd.parent->name) : cmd.name;
  if (!changed && !always_written(top)) return;  // a write that changed nothing
  int db = c.db_index;
  if (top == "migrate") {
    // The keys it moved away (the target acknowledged them), as one DEL, as Redis rewrites it.
    std::vector<std::string_view> del{"DEL"};
    for (const auto& k : keys)
      if (k.first == db && std::find(del.begin() + 1, del.end(), k.second) == del.end())
        del.push_back(k.second);
    if (del.size() > 1) append_request(db, del);
    return;
  }
  if (writes_resulting_values(top)) {
    // The keys it signalled, and the keys its arguments name (some of these commands change a
    // group or a consumer without signalling the key).
    std::vector<std::pair<int, std::string>> all(keys.begin(), keys.end());
    for (size_t pos : cmd.key_positions(argv))
      if (pos < argv.size()) all.emplace_back(db, std::string(argv[pos]));
    std::vector<std::pair<int, std::string>> seen;
    for (const auto& k : all) {
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
      seen.push_back(k);
      append_value_of(k.first, k.second);
    }
    return;
  }
  if ((top == "xadd" || top == "xtrim") && argv.size() > 2) {
    // XADD's ID becomes the ID the entry got, and an approximate trim (~) becomes the exact one
    // it amounted to (MAXLEN = the length left, MINID = the first ID left), so replaying gives
    // the same stream whatever the node size then.
    Entry* e = s_.db(db).find_raw(argv[1]);
    if (e && entry::type(e) == ObjType::kStream) {
      const auto* st = static_cast<const Stream*>(entry::object(e));
      std::vector<std::string> out(argv.begin(), argv.end());
      std::vector<bool> drop(out.size(), false);
      size_t i = 2;
      while (i < argv.size()) {
        std::string_view a = argv[i];
        if (iequals(a, "nomkstream")) {
          ++i;
        } else if ((iequals(a, "maxlen") || iequals(a, "minid")) && i + 1 < argv.size()) {
          bool maxlen = iequals(a, "maxlen");
          size_t t = i + 1;
          bool approx = argv[t] == "~";
          if (argv[t] == "=" || approx) ++t;
          if (approx && t < argv.size()) {
            out[t - 1] = "=";
            if (maxlen)
              out[t] = std::to_string(st->length());
            else if (st->length() > 0)  // (an emptied stream: the exact trim empties it too)
              out[t] = format_stream_id(st->first_id());
          }
          i = t + 1;
        } else if (iequals(a, "limit") && i + 1 < argv.size()) {
          drop[i] = drop[i + 1] = true;  // LIMIT goes with ~
          i += 2;
        } else {
          break;
        }
      }
      if (top == "xadd" && i < argv.size()) out[i] = format_stream_id(st->last_id());
      std::vector<std::string_view> rewritten;
      for (size_t k = 0; k < out.size(); ++k)
        if (!drop[k]) rewritten.push_back(out[k]);
      return append_request(db, rewritten);
    }
  }
  append_request(db, argv);
  if (sets_relative_ttl(top)) {
    for (const auto& [kdb, key] : keys) {
      Entry* e = s_.db(kdb).find_raw(key);
      if (!e || !entry::has_expire(e)) continue;
      std::string at = std::to_string(entry::expire_at(e));
      std::string_view pexpireat[] = {"PEXPIREAT", key, at};
      append_request(kdb, pexpireat);
    }
  }
}

void Aof::flush() {
  if (buf_.empty() || fd_ < 0) return;
  size_t written = 0;
  int err = 0;
  while (written < buf_.size()) {
    ssize_t w = ::write(fd_, buf_.data() + written, buf_.size() - written);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      err = w < 0 ? errno : ENOSPC;
      break;
    }
    written += static_cast<size_t>(w);
  }
  if (err) {
    if (last_write_ok_) {
      if (written == 0)
        s_.log(kLogWarning, fmt::format("Error writing to the AOF file: {}", std::strerror(err)));
      else
        s_.log(kLogWarning,
               fmt::format("Short write while writing to the AOF file: (nwritten={}, expected={})",
                           written, buf_.size()));
    }
    // A half-written request would stop the next load: cut it off. When that fails the part
    // written stays, and only the rest is written again.
    if (written > 0) {
      struct stat st {};
      if (::fstat(fd_, &st) == 0 && st.st_size >= static_cast<off_t>(written) &&
          ::ftruncate(fd_, st.st_size - static_cast<off_t>(written)) == 0) {
        written = 0;
      } else {
        s_.log(kLogWarning,
               fmt::format("Could not remove short write from the append-only file.  Redis may "
                           "refuse to load the AOF the next time it starts.  ftruncate: {}",
                           std::strerror(errno)));
        current_size_ += written;
        buf_.erase(0, written);
      }
    }
    last_write_errno_ = err;
    last_write_ok_ = false;
    if (s_.config.appendfsync == "always") {
      // What the clients were told must be on disk; it cannot be, so stop here.
      s_.log(kLogWarning,
             "Can't recover from AOF write error when the AOF fsync policy is 'always'. "
             "Exiting...");
      std::fflush(stdout);
      std::_Exit(1);
    }
    return;  // kept: written again at the next flush (the cron retries while writes wait)
  }
  if (!last_write_ok_) s_.log(kLogWarning, "AOF write error looks solved, Redis can write again.");
  last_write_ok_ = true;
  current_size_ += buf_.size();
  buf_.clear();
  if (s_.config.appendfsync == "always") {
    if (::fdatasync(fd_) != 0) {
      s_.log(kLogWarning,
             fmt::format("Can't persist append only file: {}. Exiting...", std::strerror(errno)));
      std::fflush(stdout);
      std::_Exit(1);
    }
  } else if (s_.config.appendfsync == "everysec") {
    fsync_wanted_ = true;
  }
}

void Aof::fsync_thread() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_syncer_) {
    cv_.wait_for(lock, std::chrono::seconds(1));
    if (stop_syncer_) break;
    if (fsync_wanted_ && fd_ >= 0) {
      fsync_wanted_ = false;
      // Under the lock: the loop thread does not close fd_ meanwhile.
      if (::fdatasync(fd_) != 0) {
        fsync_errno_ = errno;
        fsync_failed_ = true;
      } else {
        fsync_failed_ = false;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rewriting

std::string Aof::rewrite_background(bool* scheduled) {
  *scheduled = false;
  if (child_pid_ != -1) return "Background append only file rewriting already in progress";
  if (s_.bgsave_in_progress()) {
    rewrite_scheduled_ = true;
    *scheduled = true;
    return {};
  }
  if (state_ == State::kWaitRewrite) return fork_first_base();  // a retry of the first base
  if (state_ == State::kOff) {
    // Without appendonly, a rewrite writes a fresh AOF set that start() would also write.
    rewrite_scheduled_ = false;
    std::string err = start();
    if (!err.empty()) return err;
    stop();
    ++rewrites_;
    return {};
  }
  flush();
  // From now on writes go to a new incremental file, listed at once, so the files on disk stay
  // a complete history whatever happens to the child. The switch happens only once the
  // manifest naming the new file is on disk (a full disk leaves writes going to the old one).
  uint64_t next_incr = incr_seq_ + 1, next_base = base_seq_ + 1;
  std::string err;
  int fd = create_incr(next_incr, &err);
  if (fd < 0) return err;
  files_.push_back({incr_name(next_incr), next_incr, 'i'});
  if (!write_manifest(files_, &err)) {
    files_.pop_back();
    ::close(fd);
    ::unlink(path(incr_name(next_incr)).c_str());
    note_rewrite_failure();
    return err;
  }
  use_incr(fd, next_incr);
  err = fork_base_writer(base_name(next_base));
  if (!err.empty()) return err;
  rewrite_files_ = {{base_name(next_base), next_base, 'b'}, {incr_name(next_incr), next_incr, 'i'}};
  return {};
}

void Aof::finish_rewrite(bool ok) {
  child_pid_ = -1;
  last_rewrite_time_sec_ = (wall_ms() - rewrite_start_ms_) / 1000;
  rewrite_start_ms_ = -1;
  last_rewrite_ok_ = ok;
  if (state_ == State::kWaitRewrite) return finish_first_base(ok);
  if (!ok) {
    ::unlink(path(rewrite_files_[0].name).c_str());
    s_.log(kLogWarning, "Background AOF rewrite terminated with error");
    note_rewrite_failure();
    return;
  }
  // The new base covers everything up to the incremental file opened at the start: the files
  // before it become history.
  std::vector<FileEntry> files = rewrite_files_;
  for (FileEntry& f : files_) {
    if (f.type == 'i' && f.seq > rewrite_files_[1].seq) files.push_back(f);
    if (f.name != rewrite_files_[1].name && (f.type == 'b' || f.seq < rewrite_files_[1].seq))
      files.push_back({f.name, f.seq, 'h'});
  }
  std::string err;
  if (!write_manifest(files, &err)) {
    s_.log(kLogWarning, err);
    last_rewrite_ok_ = false;
    note_rewrite_failure();
    return;
  }
  rewrite_failures_ = 0;
  files_ = std::move(files);
  base_seq_ = rewrite_files_[0].seq;
  base_size_ = file_size(path(rewrite_files_[0].name));
  ++rewrites_;
  delete_history();
  uint64_t total = 0;
  for (const FileEntry& f : files_) total += file_size(path(f.name));
  current_size_ = total;
  rewrite_base_size_ = total;
  s_.log(kLogNotice, "Background AOF rewrite finished successfully");
}

void Aof::finish_first_base(bool ok) {
  std::string err;
  if (ok) {
    flush();
    if (!write_manifest(rewrite_files_, &err)) {
      s_.log(kLogWarning, err);
      ok = last_rewrite_ok_ = false;
    }
  }
  if (!ok) {
    // Tried again later (the incremental file is emptied then, as the new base covers it).
    ::unlink(path(rewrite_files_[0].name).c_str());
    s_.log(kLogWarning, "Background AOF rewrite terminated with error");
    note_rewrite_failure();
    rewrite_scheduled_ = true;
    return;
  }
  for (const FileEntry& f : stale_files_) ::unlink(path(f.name).c_str());
  stale_files_.clear();
  files_ = rewrite_files_;
  base_seq_ = rewrite_files_[0].seq;
  base_size_ = file_size(path(rewrite_files_[0].name));
  current_size_ = base_size_ + file_size(path(rewrite_files_[1].name));
  rewrite_base_size_ = current_size_;
  rewrite_failures_ = 0;
  ++rewrites_;
  state_ = State::kOn;
  s_.log(kLogNotice, "Background AOF rewrite finished successfully");
}

void Aof::note_rewrite_failure() {
  ++rewrite_failures_;
  if (rewrite_failures_ < 3) return;
  int64_t minutes = std::min<int64_t>(int64_t{1} << std::min<uint64_t>(rewrite_failures_ - 3, 6), 60);
  rewrite_retry_ms_ = wall_ms() + minutes * 60 * 1000;
  s_.log(kLogWarning, fmt::format("Background AOF rewrite has repeatedly failed and triggered the "
                                  "limit, will retry in {} minutes",
                                  minutes));
}

void Aof::cron() {
  if (child_pid_ != -1) {
    int status = 0;
    pid_t r = ::waitpid(child_pid_, &status, WNOHANG);
    if (r == child_pid_) finish_rewrite(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return;
  }
  bool due = rewrite_scheduled_ && !s_.bgsave_in_progress();
  if (state_ == State::kOff) {
    // A BGREWRITEAOF that waited for a BGSAVE runs now even without appendonly, as in Redis.
    if (due) {
      bool scheduled;
      std::string err = rewrite_background(&scheduled);
      if (!err.empty()) s_.log(kLogWarning, err);
    }
    return;
  }
  if (state_ == State::kWaitRewrite) {
    if (due && (rewrite_failures_ < 3 || wall_ms() >= rewrite_retry_ms_)) {
      std::string err = fork_first_base();
      if (!err.empty()) s_.log(kLogWarning, err);
    }
    return;
  }
  long long pct = s_.config.auto_aof_rewrite_percentage;
  if (!due && pct > 0 && !s_.bgsave_in_progress() &&
      current_size_ > static_cast<uint64_t>(s_.config.auto_aof_rewrite_min_size)) {
    uint64_t base = std::max<uint64_t>(rewrite_base_size_, 1);
    due =
        (current_size_ - std::min(current_size_, base)) * 100 / base >= static_cast<uint64_t>(pct);
  }
  // After repeated failures (a full disk, say) automatic rewrites back off, as Redis's do: a
  // minute after the third failure in a row, doubling up to an hour.
  if (due && !rewrite_scheduled_ && rewrite_failures_ >= 3 && wall_ms() < rewrite_retry_ms_)
    due = false;
  if (due) {
    bool scheduled;
    std::string err = rewrite_background(&scheduled);
    if (!err.empty()) s_.log(kLogWarning, err);
  }
}

std::vector<std::pair<std::string, std::string>> Aof::info_fields() const {
  std::vector<std::pair<std::string, std::string>> f;
  auto n = [](int64_t v) { return std::to_string(v); };
  f.emplace_back("aof_enabled", state_ != State::kOff ? "1" : "0");
  f.emplace_back("aof_rewrite_in_progress", child_pid_ != -1 ? "1" : "0");
  f.emplace_back("aof_rewrite_scheduled", rewrite_scheduled_ ? "1" : "0");
  f.emplace_back("aof_last_rewrite_time_sec", n(last_rewrite_time_sec_));
  f.emplace_back("aof_current_rewrite_time_sec",
                 n(child_pid_ != -1 ? (wall_ms() - rewrite_start_ms_) / 1000 : -1));
  f.emplace_back("aof_last_bgrewrite_status", last_rewrite_ok_ ? "ok" : "err");
  f.emplace_back("aof_rewrites", n(static_cast<int64_t>(rewrites_)));
  f.emplace_back("aof_rewrites_consecutive_failures", last_rewrite_ok_ ? "0" : "1");
  f.emplace_back("aof_last_write_status", last_write_ok_ && !fsync_failed_ ? "ok" : "err");
  f.emplace_back("aof_last_cow_size", "0");
  f.emplace_back("module_fork_in_progress", "0");
  f.emplace_back("module_fork_last_cow_size", "0");
  if (state_ != State::kOff) {
    f.emplace_back("aof_current_size", n(static_cast<int64_t>(current_size_)));
    f.emplace_back("aof_base_size", n(static_cast<int64_t>(base_size_)));
    f.emplace_back("aof_pending_rewrite", rewrite_scheduled_ ? "1" : "0");
    f.emplace_back("aof_buffer_length", n(static_cast<int64_t>(buf_.size())));
    f.emplace_back("aof_pending_bio_fsync", "0");
    f.emplace_back("aof_delayed_fsync", "0");
  }
  return f;
}

}  // namespace sable
