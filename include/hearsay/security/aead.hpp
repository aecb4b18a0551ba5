// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_AEAD_HPP
#define HEARSAY_SECURITY_AEAD_HPP

// aead: the seal/open policy an engine needs, over one key; hearsay writes no
// cryptography, an adapter supplies it.
//
// Theory of operation. An adapter implements ChaCha20-Poly1305 as RFC 8439
// defines it (the IETF variant: 256-bit key, 96-bit nonce, 128-bit tag), and a
// cryptographic random source. seal() encrypts and authenticates a plaintext
// and authenticates associated data; open() returns the plaintext only when
// the tag proves that the holder of the same key sealed exactly these bytes
// with exactly this associated data and nonce. Two adapters ship, each an
// opt-in header that needs its library: security/sodium.hpp (libsodium) and
// security/openssl.hpp (OpenSSL 3); they interoperate.
//
// The caller's contract: never seal twice with one (key, nonce) pair (the
// sealer draws a random session per start and counts within it), and give
// open() an output of at least sealed.size() - tag_size bytes. An adapter is
// const and keeps no state between calls, so one object may serve several
// engines and threads. Cost: one pass over the bytes (about 1 to 2 cycles per
// byte on x86-64, docs/benchmarks.md) plus a virtual call.

#include <cstddef>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/security/key.hpp"

namespace hearsay {

/// Seals and opens datagrams with ChaCha20-Poly1305 (RFC 8439); adapters derive from it.
class aead {
  public:
    /// Size of a nonce in bytes (96 bits).
    static constexpr std::size_t nonce_size = 12;
    /// Size of the authentication tag appended to a sealed text, in bytes.
    static constexpr std::size_t tag_size = 16;

    aead() = default;
    aead(const aead&) = delete;
    aead& operator=(const aead&) = delete;
    virtual ~aead() = default;

    /// Encrypts `plain` and authenticates it with `ad`: writes plain.size() + tag_size bytes
    /// (ciphertext, then tag) at `out`, which may not overlap `plain`; false on a library error.
    virtual bool seal(const aead_key& key, const std::byte* nonce, bytes_view ad, bytes_view plain,
                      std::byte* out) const = 0;
    /// Checks and decrypts `sealed` (ciphertext, then tag): writes sealed.size() - tag_size bytes
    /// at `out` and returns true, or returns false when it does not open under `key`.
    virtual bool open(const aead_key& key, const std::byte* nonce, bytes_view ad, bytes_view sealed,
                      std::byte* out) const = 0;
    /// Fills `size` bytes at `out` from the library's cryptographic random source.
    virtual void random(std::byte* out, std::size_t size) const = 0;
    /// Names the implementation, e.g. "libsodium".
    virtual const char* name() const noexcept = 0;
};

} // namespace hearsay

#endif
