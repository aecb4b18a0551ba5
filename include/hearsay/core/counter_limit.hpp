// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_COUNTER_LIMIT_HPP
#define HEARSAY_CORE_COUNTER_LIMIT_HPP

// The largest counter hearsay holds: a dot's counter (the n-th event of a
// writer), a version vector entry, a count of g_counter or pn_counter.
//
// Why 2^62: no honest writer reaches it (a writer minting a billion events a
// second needs 146 years; a g_counter of bytes at 10 GB/s, 14 years), yet it
// leaves two bits of headroom, so the sums and successors the data types and
// anti-entropy compute (a counter plus one, the dots of two prefixes) never
// wrap. Decoding refuses a larger counter (errc::counter_too_large), so no
// merge of received data produces one; a local mutator that would pass it
// throws counter_overflow before changing anything, so no local counter ever
// wraps. A writer that reaches the limit must continue under a fresh writer id.

#include <cstdint>
#include <stdexcept> // overflow_error

namespace hearsay {

/// Is the largest counter a data type holds or a decoder accepts: 2^62.
inline constexpr std::uint64_t max_counter_value = std::uint64_t{1} << 62;

/// Reports that a mutator would raise a counter past max_counter_value; the state is unchanged.
class counter_overflow : public std::overflow_error {
  public:
    counter_overflow()
        : std::overflow_error("hearsay: counter would pass max_counter_value (2^62); the state "
                              "is unchanged: continue under a fresh writer id") {}
};

namespace detail {

/// Returns `counter + n`, throwing counter_overflow when it would pass max_counter_value.
inline std::uint64_t checked_counter_add(std::uint64_t counter, std::uint64_t n) {
    if (counter > max_counter_value || n > max_counter_value - counter)
        throw counter_overflow();
    return counter + n;
}

} // namespace detail
} // namespace hearsay

#endif
