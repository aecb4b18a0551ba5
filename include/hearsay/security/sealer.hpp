// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_SEALER_HPP
#define HEARSAY_SECURITY_SEALER_HPP

// sealer: turns an engine's messages into sealed datagrams and back, with a
// keyring (keyring.hpp) and a replay guard (replay_window.hpp).
//
// Theory of operation. With a primary key, seal() wraps each message as
//   marker   1 byte, 0xA5: a sealed datagram, layout 1
//   key id   4 bytes, little-endian: the ring's key that sealed it
//   nonce    12 bytes: session (8 bytes, random per start) then counter
//            (4 bytes, little-endian, 0, 1, 2, ... within the session)
//   sealed   the message encrypted with ChaCha20-Poly1305, then its 16-byte tag
// and authenticates the first 17 bytes followed by the ring's label as
// associated data (docs/security.md). open() refuses, before anything reads
// the message, a datagram that is too short, of another layout, under a key
// id the ring does not hold, whose tag does not verify, or whose counter its
// session's replay window has seen (replayed). Without a primary key both
// pass bytes through unchanged, at no cost.
//
// A (key, nonce) pair is never used twice: the session is drawn from the
// cipher's cryptographic random source when a start first seals, and a new one
// is drawn before the counter would wrap; sessions of 64 random bits collide
// with probability about s^2 / 2^65 among s sessions under one key.
//
// The caller's contract: the views seal() and open() return stay valid until
// the next call of the same function. Not thread-safe. Cost: overhead() = 33
// bytes per datagram; one AEAD pass per datagram each way; buffers grow to
// the largest datagram, then steady operation does not allocate.

#include <cstddef>
#include <cstdint>
#include <cstring> // memcpy
#include <utility> // move
#include <vector>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/security/aead.hpp"
#include "hearsay/security/keyring.hpp"
#include "hearsay/security/replay_window.hpp"

namespace hearsay {

/// Says what open() made of a datagram.
enum class open_status : std::uint8_t {
    clear,           ///< no key: the datagram is the message, unchanged
    opened,          ///< it opened under a key of the ring: the message is its plaintext
    unauthenticated, ///< refused: not sealed under a key of the ring, with this label
    replayed         ///< refused: its session's replay window saw its counter already
};

/// Seals outgoing messages under a keyring's primary key and opens incoming ones.
class sealer {
  public:
    /// First byte of every sealed datagram.
    static constexpr std::byte marker{0xA5};
    /// Bytes before the sealed text: marker, key id, nonce.
    static constexpr std::size_t header_size = 1 + 4 + aead::nonce_size;
    /// Bytes a sealed datagram adds to its message.
    static constexpr std::size_t sealed_overhead = header_size + aead::tag_size;

    /// Makes a sealer without keys: messages pass through unchanged.
    sealer() : sealer(keyring{}) {}
    /// Seals with `keys` (an empty ring: no sealing) and keeps the replay windows of at most
    /// `max_sessions` sender sessions.
    explicit sealer(keyring keys, std::size_t max_sessions = 4096)
        : keys_(std::move(keys)), replays_(max_sessions) {}

    /// Returns the keyring, for rotation: changes apply to the next datagram.
    keyring& keys() noexcept { return keys_; }
    const keyring& keys() const noexcept { return keys_; }
    /// Returns what sealing adds to a message: 33 bytes, or 0 without a primary key.
    std::size_t overhead() const noexcept { return keys_.sealing() ? sealed_overhead : 0; }
    /// Returns the replay windows kept.
    const replay_guard& replays() const noexcept { return replays_; }

    /// Returns `message` sealed under the primary key, or `message` itself without one; an
    /// empty view when the cipher failed (nothing should be sent).
    bytes_view seal(bytes_view message) {
        if (!keys_.sealing())
            return message;
        if (!session_started_ || counter_ == ~std::uint32_t{0})
            start_session();
        const std::size_t size = sealed_overhead + message.size();
        if (sealed_.size() < size)
            sealed_.resize(size);
        std::byte* out = sealed_.data();
        out[0] = marker;
        store_le32(out + 1, keys_.primary());
        store_le32(out + 5, static_cast<std::uint32_t>(session_));
        store_le32(out + 9, static_cast<std::uint32_t>(session_ >> 32));
        store_le32(out + 13, counter_++);
        if (!keys_.cipher()->seal(*keys_.primary_key(), out + 5, associated(out), message,
                                  out + header_size))
            return {};
        return bytes_view(out, size);
    }

    /// Opens `datagram` into `message` (clear or opened), or says why it is refused; a refused
    /// datagram changes nothing.
    open_status open(bytes_view datagram, bytes_view& message) {
        if (!keys_.sealing()) {
            message = datagram;
            return open_status::clear;
        }
        const std::byte* in = datagram.data();
        if (datagram.size() < sealed_overhead || in[0] != marker)
            return open_status::unauthenticated;
        const aead_key* key = keys_.find(load_le32(in + 1));
        if (key == nullptr)
            return open_status::unauthenticated;
        const std::uint64_t session =
            std::uint64_t{load_le32(in + 5)} | std::uint64_t{load_le32(in + 9)} << 32;
        const std::uint32_t counter = load_le32(in + 13);
        if (!replays_.fresh(session, counter)) // seen before, if it is authentic at all
            return open_status::replayed;
        const std::size_t size = datagram.size() - sealed_overhead;
        if (opened_.size() < size + 1)
            opened_.resize(size + 1); // never empty: data() is never null
        if (!keys_.cipher()->open(*key, in + 5, associated(in), datagram.subspan(header_size),
                                  opened_.data()))
            return open_status::unauthenticated;
        replays_.mark(session, counter); // only now: forgeries never move a window
        message = bytes_view(opened_.data(), size);
        return open_status::opened;
    }

  private:
    static void store_le32(std::byte* at, std::uint32_t v) noexcept {
        for (unsigned i = 0; i < 4; ++i)
            at[i] = static_cast<std::byte>(static_cast<unsigned char>(v >> (8 * i)));
    }
    static std::uint32_t load_le32(const std::byte* at) noexcept {
        std::uint32_t v = 0;
        for (unsigned i = 0; i < 4; ++i)
            v |= std::uint32_t{static_cast<unsigned char>(at[i])} << (8 * i);
        return v;
    }

    // Returns the associated data of the datagram whose header is at `header`: the header, then
    // the label.
    bytes_view associated(const std::byte* header) {
        const std::string& label = keys_.label();
        ad_.resize(header_size + label.size());
        std::memcpy(ad_.data(), header, header_size);
        if (!label.empty())
            std::memcpy(ad_.data() + header_size, label.data(), label.size());
        return bytes_view(ad_.data(), ad_.size());
    }

    void start_session() {
        std::byte drawn[8];
        keys_.cipher()->random(drawn, sizeof drawn);
        session_ = 0;
        for (unsigned i = 0; i < 8; ++i)
            session_ |= std::uint64_t{static_cast<unsigned char>(drawn[i])} << (8 * i);
        counter_ = 0;
        session_started_ = true;
    }

    keyring keys_;
    replay_guard replays_;
    std::uint64_t session_ = 0;
    std::uint32_t counter_ = 0;
    bool session_started_ = false;
    std::vector<std::byte> sealed_;
    std::vector<std::byte> opened_;
    std::vector<std::byte> ad_;
};

} // namespace hearsay

#endif
