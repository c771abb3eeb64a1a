// The server log: Redis's line format ("pid:M 01 Jan 2026 12:00:00.000 * message") written to
// stdout or to `logfile`, filtered by `loglevel`.
//
// The level and the open file are kept between lines: configure() parses `loglevel` and notes
// `logfile`, and runs again only when the configuration changes (start-up, CONFIG SET); the file
// is opened by the first line written after that, so writing a line costs a comparison and one
// write.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace sable {

enum LogLevel { kLogDebug = 0, kLogVerbose = 1, kLogNotice = 2, kLogWarning = 3 };

class Log {
 public:
  Log() = default;
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;
  ~Log();

  // Applies the `loglevel` and `logfile` directives. The file is reopened only when its path
  // changed; an empty path means stdout.
  void configure(std::string_view level, const std::string& path);
  // Closes the file so the next line opens it again (a relative path after `dir` changed).
  void reopen();
  bool enabled(int level) const { return level >= min_level_; }
  // Writes one line (the caller checked enabled()).
  void write(int level, std::string_view msg);

 private:
  static constexpr int kNothing = kLogWarning + 1;  // `loglevel nothing`
  int min_level_ = kLogNotice;
  std::string path_;
  FILE* file_ = nullptr;    // open log file; null until the next line opens path_
  int64_t checked_us_ = 0;  // when the open file was last checked against path_ (rotation)
};

}  // namespace sable
