// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_LWW_REGISTER_HPP
#define HEARSAY_CRDT_LWW_REGISTER_HPP

// A last-writer-wins register: each assignment carries a timestamp and its
// writer's id, and the greater (timestamp, writer) pair wins everywhere, so
// replicas agree whatever order they merge in. Timestamps come from the caller
// (a hybrid_logical_clock is the intended source); a writer must not reuse a
// timestamp for two different values. If it does anyway, the greater value wins
// when T has operator<, so that the merge stays commutative.

#include <cstdint>
#include <tuple>       // tie
#include <type_traits> // void_t, declval
#include <utility>     // move
#include <vector>

#include "hearsay/clock/hlc_timestamp.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"
#include "hearsay/crdt/embedding.hpp"

namespace hearsay {
namespace detail {
template <class T, class = void> struct has_less : std::false_type {};
template <class T>
struct has_less<T, std::void_t<decltype(std::declval<const T&>() < std::declval<const T&>())>>
    : std::true_type {};
} // namespace detail

/// Holds the value of the assignment with the greatest (timestamp, writer).
template <class T, class Id = std::uint64_t, class Ts = hlc_timestamp> class lww_register {
  public:
    using value_type = T;
    using id_type = Id;
    using timestamp_type = Ts;

    /// Returns the winning value, or T{} when never assigned.
    const T& value() const { return value_; }
    /// Returns the winning timestamp, or Ts{} when never assigned.
    const Ts& timestamp() const { return timestamp_; }
    /// Returns the winning writer, or Id{} when never assigned.
    const Id& writer() const { return writer_; }
    /// Tells whether any assignment has been seen.
    bool assigned() const { return assigned_; }

    /// Assigns `value` at `ts` by `self`; the delta is bottom when (ts, self) does not win here.
    lww_register assign(T value, Ts ts, Id self) {
        lww_register delta;
        delta.value_ = std::move(value);
        delta.timestamp_ = std::move(ts);
        delta.writer_ = std::move(self);
        delta.assigned_ = true;
        if (!merge(delta))
            return lww_register{};
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const lww_register& other) {
        if (!other.assigned_ || (assigned_ && !beats(other, *this)))
            return false;
        *this = other;
        return true;
    }

    /// Tells whether `a` wins over `b`.
    static bool beats(const lww_register& a, const lww_register& b) {
        if (std::tie(b.timestamp_, b.writer_) < std::tie(a.timestamp_, a.writer_))
            return true;
        if (std::tie(a.timestamp_, a.writer_) < std::tie(b.timestamp_, b.writer_))
            return false;
        if constexpr (detail::has_less<T>::value)
            return b.value_ < a.value_;
        else
            return false;
    }

    friend bool operator==(const lww_register& a, const lww_register& b) {
        return a.assigned_ == b.assigned_ && a.timestamp_ == b.timestamp_ &&
               a.writer_ == b.writer_ && a.value_ == b.value_;
    }
    friend bool operator!=(const lww_register& a, const lww_register& b) { return !(a == b); }

  private:
    T value_{};
    Ts timestamp_{};
    Id writer_{};
    bool assigned_ = false;
    friend struct hearsay::codec_access;
};

/// Inside an or_map, each winning assignment is a part that replaces every part it has seen.
template <class T, class Id, class Ts> struct embedding_traits<lww_register<T, Id, Ts>> {
    using reg = lww_register<T, Id, Ts>;
    static constexpr bool embedded = true;
    using part = reg;
    using snapshot_type = reg;

    static snapshot_type snapshot(const reg& value, const Id&) { return value; }
    static void parts_of(const reg& delta, const snapshot_type& before, const Id&,
                         std::vector<part>& out) {
        if (delta.assigned() && (!before.assigned() || reg::beats(delta, before)))
            out.push_back(delta);
    }
    static bool replaces(const part&, const part&) { return true; }
    template <class MapId> static reg view(const detail::dot_fun<MapId, part>& parts) {
        reg out;
        for (const auto& p : parts)
            out.merge(p.second);
        return out;
    }
};

} // namespace hearsay

#endif
