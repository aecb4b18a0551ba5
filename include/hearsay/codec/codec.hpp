// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_CODEC_HPP
#define HEARSAY_CODEC_CODEC_HPP

// hearsay's binary wire format: encode and decode every data type, its deltas
// and the standard values, and the customization point for user types.
// docs/wire-format.md is the byte-level reference.

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/containers.hpp"
#include "hearsay/codec/context.hpp"
#include "hearsay/codec/counters.hpp"
#include "hearsay/codec/decode.hpp"
#include "hearsay/codec/encode.hpp"
#include "hearsay/codec/flags.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/limits.hpp"
#include "hearsay/codec/maps.hpp"
#include "hearsay/codec/or_set.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/registers.hpp"
#include "hearsay/codec/sets.hpp"
#include "hearsay/codec/values.hpp"
#include "hearsay/codec/varint.hpp"
#include "hearsay/codec/writer.hpp"

#endif
