// The RDB encoder and the pieces of a snapshot, shared by SAVE, DUMP and the forkless BGSAVE
// (server/persistence/snapshot.cc). Internal to server/persistence.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
extern "C" {
#include <liblzf/lzf.h>
}

#include "datatypes/numbers.h"
#include "server/persistence/rdb.h"
#include "server/persistence/rdb_format.h"

namespace sable {

class Server;
struct Config;
struct Entry;

// Encoder of RDB items, over a FILE* (keeping the running checksum of everything written) or
// appending to a string (the forkless snapshot: its writer thread keeps the checksum).
class Encoder {
 public:
  Encoder(FILE* f, bool compress) : f_(f), compress_(compress) {}
  Encoder(std::string* out, bool compress) : out_(out), compress_(compress), track_crc_(false) {}
  bool failed() const { return failed_; }
  bool compress() const { return compress_; }
  uint64_t crc() const { return crc_; }

  void raw(const void* p, size_t n) {
    if (out_) {
      out_->append(static_cast<const char*>(p), n);
      return;
    }
    if (track_crc_) crc_ = crc64(crc_, p, n);
    if (std::fwrite(p, 1, n, f_) != n) failed_ = true;
  }
  void byte(uint8_t b) { raw(&b, 1); }
  void len(uint64_t v) {
    unsigned char b[9];
    if (v < (1 << 6)) {
      b[0] = static_cast<unsigned char>(v);
      raw(b, 1);
    } else if (v < (1 << 14)) {
      b[0] = static_cast<unsigned char>((v >> 8) | 0x40);
      b[1] = static_cast<unsigned char>(v & 0xFF);
      raw(b, 2);
    } else if (v <= UINT32_MAX) {
      b[0] = rdb::kLen32;
      for (int i = 0; i < 4; ++i) b[1 + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
      raw(b, 5);
    } else {
      b[0] = rdb::kLen64;
      for (int i = 0; i < 8; ++i) b[1 + i] = static_cast<unsigned char>(v >> (56 - 8 * i));
      raw(b, 9);
    }
  }
  // An integer in the 8/16/32-bit special encodings; false when it does not fit.
  bool small_int(int64_t v) {
    unsigned char b[5];
    if (v >= INT8_MIN && v <= INT8_MAX) {
      b[0] = (rdb::kEncVal << 6) | rdb::kEncInt8;
      b[1] = static_cast<unsigned char>(v & 0xFF);
      raw(b, 2);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
      b[0] = (rdb::kEncVal << 6) | rdb::kEncInt16;
      b[1] = static_cast<unsigned char>(v & 0xFF);
      b[2] = static_cast<unsigned char>((v >> 8) & 0xFF);
      raw(b, 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      b[0] = (rdb::kEncVal << 6) | rdb::kEncInt32;
      for (int i = 0; i < 4; ++i) b[1 + i] = static_cast<unsigned char>((v >> (8 * i)) & 0xFF);
      raw(b, 5);
    } else {
      return false;
    }
    return true;
  }
  void integer_string(int64_t v) {
    if (small_int(v)) return;
    char buf[24];
    size_t n = format_int64(v, buf);
    len(n);
    raw(buf, n);
  }
  // A string as Redis writes it: integer when it is a canonical integer that fits 32 bits,
  // LZF when long enough and it shrinks, raw bytes otherwise.
  void str(std::string_view s) {
    int64_t v;
    if (s.size() <= 11 && parse_int64(s, &v) && small_int(v)) return;
    if (compress_ && s.size() > 20) {
      lzf_buf_.resize(s.size());
      unsigned int out = lzf_compress(s.data(), static_cast<unsigned int>(s.size()),
                                      lzf_buf_.data(), static_cast<unsigned int>(s.size() - 4));
      if (out > 0) {
        byte((rdb::kEncVal << 6) | rdb::kEncLzf);
        len(out);
        len(s.size());
        raw(lzf_buf_.data(), out);
        return;
      }
    }
    len(s.size());
    raw(s.data(), s.size());
  }
  // An LZF image Redis-style (a compressed list node): clen, raw length, the bytes.
  void lzf_blob(std::string_view lzf, size_t raw_len) {
    byte((rdb::kEncVal << 6) | rdb::kEncLzf);
    len(lzf.size());
    len(raw_len);
    raw(lzf.data(), lzf.size());
  }
  void binary_double(double d) {
    unsigned char b[8];
    std::memcpy(b, &d, 8);  // little-endian host
    raw(b, 8);
  }

 private:
  FILE* f_ = nullptr;
  std::string* out_ = nullptr;
  bool compress_;
  bool track_crc_ = true;
  bool failed_ = false;
  uint64_t crc_ = 0;
  std::string lzf_buf_;
};

void write_aux(Encoder& e, std::string_view key, std::string_view value);
// The magic, the aux fields and the function libraries: everything before the first database.
void write_preamble(Encoder& e, Server& s);
// SELECTDB and RESIZEDB of a database section.
void write_db_header(Encoder& e, int db, uint64_t size, uint64_t expires);
// One key as a snapshot holds it: its expire time (if any), then write_key_value.
void write_entry(Encoder& e, Entry* en, const Config& cfg);
// Type byte, key (unless !with_key: a DUMP payload), then the value body.
void write_key_value(Encoder& e, Entry* en, const Config& cfg, bool with_key = true);

}  // namespace sable
