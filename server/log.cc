// The server log (see log.h): level filtering, the kept log file and Redis's line format.
#include "server/log.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "datatypes/clock.h"

namespace sable {

Log::~Log() {
  if (file_) std::fclose(file_);
}

void Log::configure(std::string_view level, const std::string& path) {
  if (level == "debug")
    min_level_ = kLogDebug;
  else if (level == "verbose")
    min_level_ = kLogVerbose;
  else if (level == "warning")
    min_level_ = kLogWarning;
  else if (level == "nothing")
    min_level_ = kNothing;
  else
    min_level_ = kLogNotice;
  if (path == path_) return;
  reopen();
  path_ = path;
}

void Log::reopen() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
}

void Log::write(int level, std::string_view msg) {
  int64_t us = wall_us();
  time_t secs = us / 1000000;
  struct tm tmv;
  localtime_r(&secs, &tmv);
  char tbuf[64];
  size_t n = std::strftime(tbuf, sizeof(tbuf), "%d %b %Y %H:%M:%S", &tmv);
  static const char marks[] = ".-*#";
  std::string line = fmt::format("{}:M {}.{:03d} {} {}\n", getpid(), std::string_view(tbuf, n),
                                 int((us / 1000) % 1000), marks[level], msg);
  // Redis opens the file for every line, so a log rotated away (logrotate's rename, or a
  // delete) is followed at once. Sable keeps it open and checks at most once a second whether
  // the path still names the open file, reopening it when not.
  if (file_ && us - checked_us_ >= 1000000) {
    checked_us_ = us;
    struct stat by_path, open_file;
    if (::stat(path_.c_str(), &by_path) != 0 || ::fstat(fileno(file_), &open_file) != 0 ||
        by_path.st_ino != open_file.st_ino || by_path.st_dev != open_file.st_dev)
      reopen();
  }
  if (!path_.empty() && !file_) {
    file_ = std::fopen(path_.c_str(), "a");
    checked_us_ = us;
  }
  FILE* out = path_.empty() ? stdout : file_;
  if (!out) return;  // the log file cannot be opened: the line is dropped (tried again next line)
  std::fwrite(line.data(), 1, line.size(), out);
  // Flushed per line: a forked child (BGSAVE) must not inherit buffered lines, and a tail of the
  // file sees each line at once.
  std::fflush(out);
}

}  // namespace sable
