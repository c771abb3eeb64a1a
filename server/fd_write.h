// Writing a whole buffer to a blocking file descriptor (the AOF, the snapshot writer thread).
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace sable {

// Writes all `n` bytes, retrying on EINTR and short writes. Returns false with errno set on an
// error (a write that makes no progress counts as ENOSPC).
inline bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (w == 0) {
      errno = ENOSPC;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace sable
