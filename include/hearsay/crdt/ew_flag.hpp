// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_EW_FLAG_HPP
#define HEARSAY_CRDT_EW_FLAG_HPP

#include <cstdint>

#include "hearsay/crdt/detail/causal_flag.hpp"

namespace hearsay {

/// Holds a boolean where a concurrent enable wins over a disable; starts false.
template <class Id = std::uint64_t> using ew_flag = detail::causal_flag<Id, false>;

} // namespace hearsay

#endif
