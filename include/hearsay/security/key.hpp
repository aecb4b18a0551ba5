// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_KEY_HPP
#define HEARSAY_SECURITY_KEY_HPP

// aead_key: one 256-bit secret key of a cluster, and how to read one from text.
//
// Theory of operation. A key is 32 bytes drawn from a cryptographic random
// source (`head -c 32 /dev/urandom | base64`, or libsodium's
// crypto_aead_chacha20poly1305_ietf_keygen); every member of a cluster holds
// the same keys (keyring.hpp). from_base64() reads the standard alphabet
// (RFC 4648, padding optional, surrounding whitespace ignored) and refuses
// anything that is not exactly 32 bytes. The key wipes its bytes when it is
// destroyed or overwritten, as far as the compiler lets a header do so; copies
// the caller makes of its text are the caller's to wipe. Cost: 32 bytes, no
// allocation.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hearsay/core/error.hpp"
#include "hearsay/core/result.hpp"

namespace hearsay {

/// Holds one 256-bit secret key; wiped when destroyed.
class aead_key {
  public:
    /// Size of a key in bytes.
    static constexpr std::size_t size = 32;

    /// Makes the all-zero key (a placeholder: never seal with it).
    aead_key() = default;
    /// Makes a key of the 32 bytes at `bytes`.
    explicit aead_key(const std::array<std::byte, size>& bytes) : bytes_(bytes) {}
    aead_key(const aead_key&) = default;
    aead_key& operator=(const aead_key&) = default;
    ~aead_key() { wipe(); }

    /// Reads a key written in base64 (44 characters with padding, 43 without).
    static result<aead_key> from_base64(std::string_view text) {
        while (!text.empty() && is_space(text.front()))
            text.remove_prefix(1);
        while (!text.empty() && (is_space(text.back()) || text.back() == '='))
            text.remove_suffix(1);
        if (text.size() != 43) // 32 bytes: ten groups of four characters, then three
            return errc::bad_key;
        aead_key key;
        std::uint32_t bits = 0;
        int held = 0;
        std::size_t at = 0;
        for (char c : text) {
            const int v = sextet(c);
            if (v < 0)
                return errc::bad_key;
            bits = (bits << 6) | static_cast<std::uint32_t>(v);
            held += 6;
            if (held >= 8) {
                held -= 8;
                key.bytes_[at++] = static_cast<std::byte>((bits >> held) & 0xFFu);
            }
        }
        if ((bits & ((1u << held) - 1)) != 0) // the last character's unused bits must be 0
            return errc::bad_key;
        return key;
    }

    /// Returns the key's 32 bytes.
    const std::byte* data() const noexcept { return bytes_.data(); }

    friend bool operator==(const aead_key& a, const aead_key& b) noexcept {
        unsigned diff = 0; // no early exit: comparing keys takes the same time whatever they hold
        for (std::size_t i = 0; i < size; ++i)
            diff |= std::to_integer<unsigned>(a.bytes_[i] ^ b.bytes_[i]);
        return diff == 0;
    }
    friend bool operator!=(const aead_key& a, const aead_key& b) noexcept { return !(a == b); }

  private:
    static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    static int sextet(char c) {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    }
    void wipe() noexcept {
        volatile std::byte* p = bytes_.data(); // volatile: the stores are not elided
        for (std::size_t i = 0; i < size; ++i)
            p[i] = std::byte{0};
    }

    std::array<std::byte, size> bytes_{};
};

} // namespace hearsay

#endif
