// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_SODIUM_HPP
#define HEARSAY_SECURITY_SODIUM_HPP

// sodium_aead: the aead policy (aead.hpp) over libsodium's
// crypto_aead_chacha20poly1305_ietf_* (RFC 8439). Opt-in: not part of
// <hearsay/hearsay.hpp> nor of the single header; the program includes this
// header and links libsodium (Debian: libsodium-dev; `pkg-config libsodium`).
//
// Theory of operation. make() initialises libsodium (sodium_init, safe to call
// from several threads and more than once) and throws std::runtime_error when
// it cannot. The object is stateless: one may serve every engine of a
// process, on any thread. random() is randombytes_buf. Cost: libsodium's
// ChaCha20-Poly1305, about 1 GB/s per core on x86-64, plus a fixed cost of a
// few hundred nanoseconds per datagram (docs/benchmarks.md).

#include <sodium.h>

#include <cstddef>
#include <memory> // make_shared, shared_ptr
#include <stdexcept>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/security/aead.hpp"
#include "hearsay/security/key.hpp"

namespace hearsay {

/// Seals with libsodium's ChaCha20-Poly1305 IETF.
class sodium_aead final : public aead {
    static_assert(crypto_aead_chacha20poly1305_ietf_KEYBYTES == aead_key::size &&
                      crypto_aead_chacha20poly1305_ietf_NPUBBYTES == nonce_size &&
                      crypto_aead_chacha20poly1305_ietf_ABYTES == tag_size,
                  "hearsay: libsodium's ChaCha20-Poly1305 IETF sizes differ from RFC 8439's");

  public:
    /// Initialises libsodium and returns a shared adapter; throws std::runtime_error if it fails.
    static std::shared_ptr<const sodium_aead> make() {
        if (sodium_init() < 0)
            throw std::runtime_error("hearsay: libsodium failed to initialise");
        return std::shared_ptr<const sodium_aead>(new sodium_aead());
    }

    bool seal(const aead_key& key, const std::byte* nonce, bytes_view ad, bytes_view plain,
              std::byte* out) const override {
        unsigned long long written = 0;
        return crypto_aead_chacha20poly1305_ietf_encrypt(
                   uchar(out), &written, uchar(plain.data()), plain.size(), uchar(ad.data()),
                   ad.size(), nullptr, uchar(nonce), uchar(key.data())) == 0;
    }
    bool open(const aead_key& key, const std::byte* nonce, bytes_view ad, bytes_view sealed,
              std::byte* out) const override {
        if (sealed.size() < tag_size)
            return false;
        unsigned long long written = 0;
        return crypto_aead_chacha20poly1305_ietf_decrypt(
                   uchar(out), &written, nullptr, uchar(sealed.data()), sealed.size(),
                   uchar(ad.data()), ad.size(), uchar(nonce), uchar(key.data())) == 0;
    }
    void random(std::byte* out, std::size_t size) const override { randombytes_buf(out, size); }
    const char* name() const noexcept override { return "libsodium"; }

  private:
    sodium_aead() = default;

    static unsigned char* uchar(std::byte* p) noexcept {
        return reinterpret_cast<unsigned char*>(p);
    }
    static const unsigned char* uchar(const std::byte* p) noexcept {
        return reinterpret_cast<const unsigned char*>(p);
    }
};

} // namespace hearsay

#endif
