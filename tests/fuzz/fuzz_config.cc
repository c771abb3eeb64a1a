// libFuzzer target: the configuration file parser. Any text is accepted or refused with a
// message; applying it must not crash, and the result must survive CONFIG REWRITE's rendering.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "server/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  sable::Config cfg;
  sable::ConfigRegistry reg(cfg);
  std::string text(reinterpret_cast<const char*>(data), size);
  // `dir` changes the working directory; the fuzzer's own paths need it back.
  static const std::string cwd = [] {
    char buf[4096];
    return std::string(getcwd(buf, sizeof(buf)) ? buf : ".");
  }();
  (void)reg.load_text(text, "fuzz");
  (void)!chdir(cwd.c_str());
  return 0;
}
