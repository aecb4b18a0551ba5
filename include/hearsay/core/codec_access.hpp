// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_CODEC_ACCESS_HPP
#define HEARSAY_CORE_CODEC_ACCESS_HPP

namespace hearsay {

/// Grants the codec layer (codec/) access to the internals of the data types it
/// encodes and rebuilds; every data type befriends it, and nothing else uses it.
struct codec_access;

} // namespace hearsay

#endif
