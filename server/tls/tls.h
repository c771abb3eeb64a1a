// TLS for client connections (tls-port), with OpenSSL driven through memory BIOs so that the
// libuv loop keeps doing all socket I/O: ciphertext read from the socket is fed in, plaintext
// comes out into the client's query buffer; replies are encrypted into a wire buffer that the
// reactor writes like any other output. The handshake happens inside the first reads.
//
// A Context is one SSL_CTX built from the tls-* directives. CONFIG SET of a tls-* directive
// builds a new one; connections already open keep the context they started with (OpenSSL
// reference-counts it), new ones get the new context.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct ssl_ctx_st;
struct ssl_st;
struct bio_st;

namespace sable {

struct Config;
struct ReadBuffer;

namespace tls {

class Context {
 public:
  ~Context();
  // Builds a context from the tls-* settings; on failure returns null and *error says why (the
  // first OpenSSL error included), in the words Redis logs.
  static std::unique_ptr<Context> create(const Config& cfg, std::string* error);
  ssl_ctx_st* get() const { return ctx_; }

 private:
  explicit Context(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

// One server-side TLS session.
class Conn {
 public:
  explicit Conn(const Context& ctx);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  enum class Status { kOk, kClosed, kError };
  // Feeds `n` bytes read from the socket and decrypts what it can into `in`, growing it as
  // needed (by at most what the peer sent). kClosed: the peer sent close_notify; kError: a
  // handshake or record failure (error() says what).
  Status receive(const char* data, size_t n, ReadBuffer& in);
  // Encrypts as much of `plain` as the session allows (all of it once the handshake is done),
  // erasing what was taken, and moves the resulting records, together with any handshake
  // messages, to wire(). False on a fatal error.
  bool send(std::string& plain);
  // Ciphertext waiting to go to the socket.
  std::string& wire() { return wire_; }
  bool handshake_done() const;
  const std::string& error() const { return error_; }

 private:
  void drain();  // moves the write BIO's bytes to wire_
  ssl_st* ssl_ = nullptr;
  bio_st* rbio_ = nullptr;  // owned by ssl_
  bio_st* wbio_ = nullptr;  // owned by ssl_
  std::string wire_;
  std::string error_;
};

}  // namespace tls
}  // namespace sable
