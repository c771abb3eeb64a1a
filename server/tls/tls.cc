// TLS contexts and sessions over memory BIOs (see tls.h).
#include "server/tls/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "server/client.h"
#include "server/config.h"

namespace sable::tls {

namespace {

// The first queued OpenSSL error as text (and the queue emptied), or "" when there is none.
std::string ssl_error_text() {
  unsigned long e = ERR_peek_error();  // the earliest, the cause
  std::string r;
  if (e) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    r = buf;
  }
  ERR_clear_error();
  return r;
}

int password_cb(char* buf, int size, int, void* user) {
  const auto* pass = static_cast<const std::string*>(user);
  if (!pass || pass->empty()) return -1;  // no passphrase configured: loading is cancelled
  int n = std::min<int>(size, static_cast<int>(pass->size()));
  std::memcpy(buf, pass->data(), static_cast<size_t>(n));
  return n;
}

// tls-protocols: space-separated TLSv1, TLSv1.1, TLSv1.2 and TLSv1.3 (any case). Returns the
// SSL_OP_NO_* options that disable the others, or -1 when a word is unknown.
long protocol_options(const std::string& spec) {
  if (spec.empty()) return SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1;  // TLSv1.2 and TLSv1.3
  bool v10 = false, v11 = false, v12 = false, v13 = false;
  std::istringstream in(spec);
  std::string w;
  while (in >> w) {
    if (!strcasecmp(w.c_str(), "tlsv1")) v10 = true;
    else if (!strcasecmp(w.c_str(), "tlsv1.1")) v11 = true;
    else if (!strcasecmp(w.c_str(), "tlsv1.2")) v12 = true;
    else if (!strcasecmp(w.c_str(), "tlsv1.3")) v13 = true;
    else return -1;
  }
  long opts = 0;
  if (!v10) opts |= SSL_OP_NO_TLSv1;
  if (!v11) opts |= SSL_OP_NO_TLSv1_1;
  if (!v12) opts |= SSL_OP_NO_TLSv1_2;
  if (!v13) opts |= SSL_OP_NO_TLSv1_3;
  return opts;
}

// The password callback's data must outlive the loading calls only; the context keeps none.
struct CtxDeleter {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};

}  // namespace

Context::~Context() { SSL_CTX_free(ctx_); }

std::unique_ptr<Context> Context::create(const Config& cfg, std::string* error) {
  auto fail = [&](std::string msg) -> std::unique_ptr<Context> {
    *error = std::move(msg);
    ERR_clear_error();
    return nullptr;
  };
  if (cfg.tls_cert_file.empty()) return fail("No tls-cert-file configured!");
  if (cfg.tls_key_file.empty()) return fail("No tls-key-file configured!");
  bool need_ca = cfg.tls_auth_clients != "no" || cfg.tls_replication || cfg.tls_cluster;
  if (need_ca && cfg.tls_ca_cert_file.empty() && cfg.tls_ca_cert_dir.empty())
    return fail(
        "Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, "
        "tls-replication or tls-auth-clients are enabled!");
  long protocols = protocol_options(cfg.tls_protocols);
  if (protocols < 0)
    return fail(
        "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and "
        "'TLSv1.3'.");
  if ((protocols & (SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 | SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3)) ==
      (SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 | SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3))
    return fail("Failed to configure protocols: none enabled");

  std::unique_ptr<SSL_CTX, CtxDeleter> ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return fail("Failed to create TLS context: " + ssl_error_text());
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_COMPRESSION |
                                     SSL_OP_SINGLE_DH_USE | SSL_OP_SINGLE_ECDH_USE |
                                     protocols);
#ifdef SSL_OP_NO_CLIENT_RENEGOTIATION
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_CLIENT_RENEGOTIATION);  // OpenSSL 3 refuses it anyway
#endif
  if (cfg.tls_prefer_server_ciphers)
    SSL_CTX_set_options(ctx.get(), SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                  SSL_MODE_RELEASE_BUFFERS);
  // The session id context is needed even with caching off: with client certificates verified,
  // a client offering a session to a context without one gets an internal-error alert.
  static const unsigned char kSessionContext[] = "sable";
  SSL_CTX_set_session_id_context(ctx.get(), kSessionContext, sizeof(kSessionContext) - 1);
  if (cfg.tls_session_caching) {
    SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_SERVER);
    SSL_CTX_sess_set_cache_size(ctx.get(), cfg.tls_session_cache_size);
    SSL_CTX_set_timeout(ctx.get(), static_cast<long>(cfg.tls_session_cache_timeout));
  } else {
    SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_TICKET);
  }
  int verify = SSL_VERIFY_NONE;
  if (cfg.tls_auth_clients == "yes") verify = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  if (cfg.tls_auth_clients == "optional") verify = SSL_VERIFY_PEER;
  SSL_CTX_set_verify(ctx.get(), verify, nullptr);

  SSL_CTX_set_default_passwd_cb(ctx.get(), password_cb);
  SSL_CTX_set_default_passwd_cb_userdata(ctx.get(),
                                         const_cast<std::string*>(&cfg.tls_key_file_pass));
  bool cert_ok = SSL_CTX_use_certificate_chain_file(ctx.get(), cfg.tls_cert_file.c_str()) > 0;
  if (!cert_ok)
    return fail("Failed to load certificate: " + cfg.tls_cert_file + ": " + ssl_error_text());
  bool key_ok =
      SSL_CTX_use_PrivateKey_file(ctx.get(), cfg.tls_key_file.c_str(), SSL_FILETYPE_PEM) > 0;
  SSL_CTX_set_default_passwd_cb_userdata(ctx.get(), nullptr);
  if (!key_ok)
    return fail("Failed to load private key: " + cfg.tls_key_file + ": " + ssl_error_text());
  if (SSL_CTX_check_private_key(ctx.get()) != 1)
    return fail("Private key does not match the certificate: " + ssl_error_text());
  if (!cfg.tls_ca_cert_file.empty() || !cfg.tls_ca_cert_dir.empty()) {
    const char* file = cfg.tls_ca_cert_file.empty() ? nullptr : cfg.tls_ca_cert_file.c_str();
    const char* dir = cfg.tls_ca_cert_dir.empty() ? nullptr : cfg.tls_ca_cert_dir.c_str();
    if (SSL_CTX_load_verify_locations(ctx.get(), file, dir) <= 0)
      return fail("Failed to configure CA certificate(s) file/directory: " + ssl_error_text());
  }
  if (!cfg.tls_dh_params_file.empty()) {
    BIO* b = BIO_new_file(cfg.tls_dh_params_file.c_str(), "r");
    if (!b) return fail("Failed to load " + cfg.tls_dh_params_file + ": " + std::strerror(errno));
    EVP_PKEY* dh = PEM_read_bio_Parameters(b, nullptr);
    BIO_free(b);
    if (!dh) return fail("Failed to load DH params file: " + cfg.tls_dh_params_file);
    if (SSL_CTX_set0_tmp_dh_pkey(ctx.get(), dh) <= 0) {
      EVP_PKEY_free(dh);
      return fail("Failed to load DH params file: " + ssl_error_text());
    }
  } else {
    SSL_CTX_set_dh_auto(ctx.get(), 1);
  }
  if (!cfg.tls_ciphers.empty() && !SSL_CTX_set_cipher_list(ctx.get(), cfg.tls_ciphers.c_str()))
    return fail("Failed to configure ciphers: " + cfg.tls_ciphers);
  if (!cfg.tls_ciphersuites.empty() &&
      !SSL_CTX_set_ciphersuites(ctx.get(), cfg.tls_ciphersuites.c_str()))
    return fail("Failed to configure ciphersuites: " + cfg.tls_ciphersuites);
  return std::unique_ptr<Context>(new Context(ctx.release()));
}

Conn::Conn(const Context& ctx) {
  ssl_ = SSL_new(ctx.get());
  rbio_ = BIO_new(BIO_s_mem());
  wbio_ = BIO_new(BIO_s_mem());
  // An empty read BIO means "wait for more" rather than end of file.
  BIO_set_mem_eof_return(rbio_, -1);
  BIO_set_mem_eof_return(wbio_, -1);
  SSL_set_bio(ssl_, rbio_, wbio_);
  SSL_set_accept_state(ssl_);
}

Conn::~Conn() { SSL_free(ssl_); }

bool Conn::handshake_done() const { return SSL_is_init_finished(ssl_); }

void Conn::drain() {
  size_t pending = BIO_ctrl_pending(wbio_);
  if (!pending) return;
  size_t at = wire_.size();
  wire_.resize(at + pending);
  int n = BIO_read(wbio_, wire_.data() + at, static_cast<int>(pending));
  wire_.resize(at + static_cast<size_t>(std::max(n, 0)));
}

Conn::Status Conn::receive(const char* data, size_t n, ReadBuffer& in) {
  while (n > 0) {
    int w = BIO_write(rbio_, data, static_cast<int>(std::min<size_t>(n, 1u << 30)));
    if (w <= 0) {
      error_ = "cannot buffer TLS input";
      return Status::kError;
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  for (;;) {
    in.reserve(in.len + ReadBuffer::kChunk);
    int r = SSL_read(ssl_, in.data.get() + in.len, static_cast<int>(std::min<size_t>(in.cap - in.len, 1u << 30)));
    if (r > 0) {
      in.len += static_cast<size_t>(r);
      // Nothing buffered on either side: done without the call that would only say "want read".
      if (SSL_pending(ssl_) == 0 && BIO_ctrl_pending(rbio_) == 0) {
        drain();
        return Status::kOk;
      }
      continue;
    }
    int e = SSL_get_error(ssl_, r);
    drain();  // handshake messages and alerts
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return Status::kOk;
    if (e == SSL_ERROR_ZERO_RETURN) return Status::kClosed;
    error_ = ssl_error_text();
    if (error_.empty()) error_ = e == SSL_ERROR_SYSCALL ? "unexpected EOF" : "TLS error";
    return Status::kError;
  }
}

bool Conn::send(std::string& plain) {
  size_t done = 0;
  while (done < plain.size()) {
    int n = SSL_write(ssl_, plain.data() + done,
                      static_cast<int>(std::min<size_t>(plain.size() - done, 1u << 30)));
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    int e = SSL_get_error(ssl_, n);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) break;  // handshake not done
    error_ = ssl_error_text();
    plain.erase(0, done);
    drain();
    return false;
  }
  plain.erase(0, done);
  drain();
  return true;
}

}  // namespace sable::tls
