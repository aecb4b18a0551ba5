// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_OPENSSL_HPP
#define HEARSAY_SECURITY_OPENSSL_HPP

// openssl_aead: the aead policy (aead.hpp) over OpenSSL 3's EVP interface
// with EVP_chacha20_poly1305 (RFC 8439). Opt-in: not part of
// <hearsay/hearsay.hpp> nor of the single header; the program includes this
// header and links libcrypto (Debian: libssl-dev; CMake: OpenSSL::Crypto).
//
// Theory of operation. Each thread keeps one EVP_CIPHER_CTX, made at its first
// call and reset per datagram, so the object itself is stateless: one may
// serve every engine of a process, on any thread. The cipher is fetched once
// (EVP_CIPHER_fetch, default provider). make() throws std::runtime_error when
// OpenSSL has no ChaCha20-Poly1305; a failing call returns false. random() is
// RAND_bytes (and aborts the program if OpenSSL's generator cannot seed: no
// nonce may be drawn from a weak source). Cost: OpenSSL's ChaCha20-Poly1305,
// about 3 GB/s per core on x86-64 with its vector code, plus a fixed cost of
// several hundred nanoseconds per datagram (docs/benchmarks.md).

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstddef>
#include <cstdlib> // abort
#include <limits>
#include <memory> // shared_ptr, unique_ptr
#include <stdexcept>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/security/aead.hpp"
#include "hearsay/security/key.hpp"

namespace hearsay {

/// Seals with OpenSSL 3's EVP ChaCha20-Poly1305.
class openssl_aead final : public aead {
  public:
    /// Fetches the cipher and returns a shared adapter; throws std::runtime_error if it fails.
    static std::shared_ptr<const openssl_aead> make() {
        EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr);
        if (cipher == nullptr)
            throw std::runtime_error("hearsay: OpenSSL has no ChaCha20-Poly1305");
        return std::shared_ptr<const openssl_aead>(new openssl_aead(cipher));
    }
    ~openssl_aead() override { EVP_CIPHER_free(cipher_); }

    bool seal(const aead_key& key, const std::byte* nonce, bytes_view ad, bytes_view plain,
              std::byte* out) const override {
        EVP_CIPHER_CTX* ctx = context();
        int n = 0;
        return ctx != nullptr && fits(ad.size()) && fits(plain.size()) &&
               EVP_EncryptInit_ex2(ctx, cipher_, uchar(key.data()), uchar(nonce), nullptr) == 1 &&
               (ad.empty() ||
                EVP_EncryptUpdate(ctx, nullptr, &n, uchar(ad.data()), len(ad.size())) == 1) &&
               (plain.empty() || EVP_EncryptUpdate(ctx, uchar(out), &n, uchar(plain.data()),
                                                   len(plain.size())) == 1) &&
               EVP_EncryptFinal_ex(ctx, uchar(out + plain.size()), &n) == 1 &&
               EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, len(tag_size), out + plain.size()) ==
                   1;
    }
    bool open(const aead_key& key, const std::byte* nonce, bytes_view ad, bytes_view sealed,
              std::byte* out) const override {
        if (sealed.size() < tag_size)
            return false;
        const std::size_t size = sealed.size() - tag_size;
        // The tag is handed over by a non-const pointer: copy it rather than cast const away.
        std::byte tag[tag_size];
        for (std::size_t i = 0; i < tag_size; ++i)
            tag[i] = sealed[size + i];
        EVP_CIPHER_CTX* ctx = context();
        int n = 0;
        return ctx != nullptr && fits(ad.size()) && fits(size) &&
               EVP_DecryptInit_ex2(ctx, cipher_, uchar(key.data()), uchar(nonce), nullptr) == 1 &&
               EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, len(tag_size), tag) == 1 &&
               (ad.empty() ||
                EVP_DecryptUpdate(ctx, nullptr, &n, uchar(ad.data()), len(ad.size())) == 1) &&
               (size == 0 ||
                EVP_DecryptUpdate(ctx, uchar(out), &n, uchar(sealed.data()), len(size)) == 1) &&
               EVP_DecryptFinal_ex(ctx, uchar(out + size), &n) == 1; // checks the tag
    }
    void random(std::byte* out, std::size_t size) const override {
        if (!fits(size) || RAND_bytes(uchar(out), len(size)) != 1)
            std::abort(); // a nonce from a failed generator could repeat: stop instead
    }
    const char* name() const noexcept override { return "OpenSSL"; }

  private:
    explicit openssl_aead(EVP_CIPHER* cipher) : cipher_(cipher) {}

    struct context_deleter {
        void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
    };
    // Returns this thread's context, made at its first call; nullptr if OpenSSL cannot make one.
    static EVP_CIPHER_CTX* context() {
        static thread_local std::unique_ptr<EVP_CIPHER_CTX, context_deleter> ctx(
            EVP_CIPHER_CTX_new());
        return ctx.get();
    }
    static int len(std::size_t size) noexcept { return static_cast<int>(size); } // after fits()
    static bool fits(std::size_t size) noexcept {
        return size <= static_cast<std::size_t>(std::numeric_limits<int>::max());
    }
    static unsigned char* uchar(std::byte* p) noexcept {
        return reinterpret_cast<unsigned char*>(p);
    }
    static const unsigned char* uchar(const std::byte* p) noexcept {
        return reinterpret_cast<const unsigned char*>(p);
    }

    EVP_CIPHER* cipher_;
};

} // namespace hearsay

#endif
