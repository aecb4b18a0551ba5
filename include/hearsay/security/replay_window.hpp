// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_REPLAY_WINDOW_HPP
#define HEARSAY_SECURITY_REPLAY_WINDOW_HPP

// replay_window and replay_guard: which sealed datagrams were seen already.
//
// Theory of operation. A sender seals under a session (a random 64-bit number
// drawn at each start) and numbers its datagrams 0, 1, 2, ... within it
// (sealer.hpp). For each session, a replay_window keeps the highest counter
// accepted and a bitmap of the `size` counters below it, as IPsec (RFC 4303,
// section 3.4.3) and DTLS (RFC 6347, section 4.1.2.6) do: a counter below the
// window, or one marked in it, is a replay. Datagrams may arrive out of order
// as long as fewer than `size` others from the same sender were sent between
// them (a sender's counter advances over all its receivers).
//
// replay_guard keeps the windows of at most `capacity` sessions. When a new
// session arrives and the table is full, the session heard from least
// recently is forgotten: a datagram of a forgotten session would then be
// taken as new once more. Only datagrams that opened under a key of the ring
// reach the table (the caller checks first, marks after opening), so only key
// holders create sessions; an outsider can replay what it captured only from
// sessions forgotten this way, which needs more live sender sessions than
// `capacity` (twice the cluster's size is ample), and replaying a delta is
// harmless anyway (merging is idempotent).
//
// Cost: `size` / 8 bytes per window; check and mark are O(1) (one hash
// lookup); a new session in a full table costs a scan of the table.

#include <algorithm> // min_element
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace hearsay {

/// Remembers which counters of one session were seen, within the last `size`.
class replay_window {
  public:
    /// Counters the window spans below the highest one seen.
    static constexpr std::uint32_t size = 256;

    /// Tells whether `counter` is new: above the window's bottom and not seen.
    bool fresh(std::uint32_t counter) const noexcept {
        if (!started_ || counter > top_)
            return true;
        const std::uint32_t behind = top_ - counter;
        return behind < size && !bit(behind);
    }
    /// Records `counter` as seen; call it only for a fresh counter of an authentic datagram.
    void mark(std::uint32_t counter) noexcept {
        if (!started_) {
            started_ = true;
            top_ = counter;
        } else if (counter > top_) {
            shift(counter - top_);
            top_ = counter;
        }
        set(top_ - counter);
    }

  private:
    static constexpr std::size_t words = size / 64;

    bool bit(std::uint32_t behind) const noexcept {
        return ((bits_[behind / 64] >> (behind % 64)) & 1u) != 0;
    }
    void set(std::uint32_t behind) noexcept {
        bits_[behind / 64] |= std::uint64_t{1} << (behind % 64);
    }
    // Moves every mark `by` places further behind; those past the window fall off.
    void shift(std::uint32_t by) noexcept {
        if (by >= size) {
            bits_.fill(0);
            return;
        }
        const std::size_t whole = by / 64;
        const unsigned part = by % 64;
        for (std::size_t i = words; i-- > 0;) {
            std::uint64_t v = i >= whole ? bits_[i - whole] << part : 0;
            if (part != 0 && i >= whole + 1)
                v |= bits_[i - whole - 1] >> (64 - part);
            bits_[i] = v;
        }
    }

    std::array<std::uint64_t, words> bits_{}; // bit k: counter top_ - k was seen
    std::uint32_t top_ = 0;
    bool started_ = false;
};

/// Keeps the replay windows of at most `capacity` sender sessions, forgetting the stalest.
class replay_guard {
  public:
    /// Keeps at most `capacity` sessions (at least 1).
    explicit replay_guard(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

    /// Tells whether datagram `counter` of `session` is new (a session not held is new).
    bool fresh(std::uint64_t session, std::uint32_t counter) const {
        const auto it = sessions_.find(session);
        return it == sessions_.end() || it->second.window.fresh(counter);
    }
    /// Records datagram `counter` of `session`, after it opened; may forget the stalest session.
    void mark(std::uint64_t session, std::uint32_t counter) {
        auto it = sessions_.find(session);
        if (it == sessions_.end()) {
            if (sessions_.size() >= capacity_)
                forget_stalest();
            it = sessions_.emplace(session, slot{}).first;
        }
        it->second.window.mark(counter);
        it->second.heard = ++clock_;
    }
    /// Returns the number of sessions held.
    std::size_t sessions() const noexcept { return sessions_.size(); }
    /// Returns the most sessions held at once.
    std::size_t capacity() const noexcept { return capacity_; }

  private:
    struct slot {
        replay_window window;
        std::uint64_t heard = 0; // when this session was last marked
    };

    void forget_stalest() {
        const auto stalest =
            std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
                return a.second.heard < b.second.heard;
            });
        sessions_.erase(stalest);
    }

    std::unordered_map<std::uint64_t, slot> sessions_;
    std::size_t capacity_;
    std::uint64_t clock_ = 0;
};

} // namespace hearsay

#endif
