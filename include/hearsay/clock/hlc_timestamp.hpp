// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CLOCK_HLC_TIMESTAMP_HPP
#define HEARSAY_CLOCK_HLC_TIMESTAMP_HPP

// hlc_timestamp: a hybrid logical clock timestamp in 64 bits.
//
// Layout (Kulkarni et al. 2014, "Logical Physical Clocks and Consistent
// Snapshots in Globally Distributed Databases"): the high 48 bits
// hold physical time in milliseconds since the Unix epoch (enough until the
// year 10889), the low 16 bits a logical counter that orders events within one
// millisecond. Guarantees: timestamps order by (physical_ms, logical), which is
// the order of raw(), so raw() is a compact, order-preserving wire form.
// from_raw(t.raw()) == t for every t. The default timestamp is zero, below all
// others. Cost: one std::uint64_t; every operation O(1), constexpr.

#include <cstddef> // std::size_t
#include <cstdint>
#include <functional> // std::hash
#include <iosfwd>     // std::basic_ostream; printing needs <ostream> only where it is used

namespace hearsay {

/// Orders events by physical milliseconds, then by a logical counter.
class hlc_timestamp {
  public:
    /// The number of low bits holding the logical counter.
    static constexpr unsigned logical_bits = 16;
    /// The largest physical part, in milliseconds (2^48 - 1).
    static constexpr std::uint64_t max_physical_ms = (std::uint64_t{1} << (64 - logical_bits)) - 1;
    /// The largest logical counter.
    static constexpr std::uint16_t max_logical = 0xFFFF;

    /// Constructs the zero timestamp.
    constexpr hlc_timestamp() noexcept = default;

    /// Constructs a timestamp; physical_ms is reduced to its low 48 bits.
    constexpr hlc_timestamp(std::uint64_t physical_ms, std::uint16_t logical) noexcept
        : raw_(((physical_ms & max_physical_ms) << logical_bits) | std::uint64_t{logical}) {}

    /// Returns the timestamp whose packed form is raw.
    static constexpr hlc_timestamp from_raw(std::uint64_t raw) noexcept {
        hlc_timestamp t;
        t.raw_ = raw;
        return t;
    }

    /// Returns the physical part, in milliseconds since the Unix epoch.
    constexpr std::uint64_t physical_ms() const noexcept { return raw_ >> logical_bits; }
    /// Returns the logical counter.
    constexpr std::uint16_t logical() const noexcept {
        return static_cast<std::uint16_t>(raw_ & max_logical);
    }
    /// Returns the packed form: physical_ms() << 16 | logical().
    constexpr std::uint64_t raw() const noexcept { return raw_; }

    friend constexpr bool operator==(hlc_timestamp a, hlc_timestamp b) noexcept {
        return a.raw_ == b.raw_;
    }
    friend constexpr bool operator!=(hlc_timestamp a, hlc_timestamp b) noexcept {
        return a.raw_ != b.raw_;
    }
    friend constexpr bool operator<(hlc_timestamp a, hlc_timestamp b) noexcept {
        return a.raw_ < b.raw_;
    }
    friend constexpr bool operator<=(hlc_timestamp a, hlc_timestamp b) noexcept {
        return a.raw_ <= b.raw_;
    }
    friend constexpr bool operator>(hlc_timestamp a, hlc_timestamp b) noexcept {
        return a.raw_ > b.raw_;
    }
    friend constexpr bool operator>=(hlc_timestamp a, hlc_timestamp b) noexcept {
        return a.raw_ >= b.raw_;
    }

  private:
    std::uint64_t raw_ = 0;
};

/// Writes t as "physical_ms:logical", e.g. "1700000000000:3".
template <class CharT, class Traits>
std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os,
                                              hlc_timestamp t) {
    return os << t.physical_ms() << os.widen(':') << t.logical();
}

} // namespace hearsay

namespace std {
/// Hashes an hlc_timestamp by its packed form.
template <> struct hash<hearsay::hlc_timestamp> {
    std::size_t operator()(hearsay::hlc_timestamp t) const noexcept {
        return std::hash<std::uint64_t>{}(t.raw());
    }
};
} // namespace std

#endif // HEARSAY_CLOCK_HLC_TIMESTAMP_HPP
