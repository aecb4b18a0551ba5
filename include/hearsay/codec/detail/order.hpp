// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DETAIL_ORDER_HPP
#define HEARSAY_CODEC_DETAIL_ORDER_HPP

// The one check behind every canonical container: each element must sort
// strictly after the one before it. An equal neighbour is a duplicate; a smaller
// one means the encoder did not sort.

#include "hearsay/codec/reader.hpp"
#include "hearsay/core/error.hpp"

namespace hearsay::detail {

/// Tells whether `next` sorts strictly after `previous`; otherwise records why not in `in`.
template <class T, class Less>
bool strictly_after(reader& in, const T& previous, const T& next, Less less) {
    if (less(previous, next))
        return true;
    return in.fail(less(next, previous) ? errc::not_canonical : errc::duplicate_entry);
}

/// Tells whether `next` sorts strictly after `previous` by operator<.
template <class T> bool strictly_after(reader& in, const T& previous, const T& next) {
    return strictly_after(in, previous, next, [](const T& a, const T& b) { return a < b; });
}

} // namespace hearsay::detail

#endif
