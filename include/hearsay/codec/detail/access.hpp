// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DETAIL_ACCESS_HPP
#define HEARSAY_CODEC_DETAIL_ACCESS_HPP

// codec_access: the one door from codec/ into the private state of the data
// types. Each type befriends it (core/codec_access.hpp declares it); each
// accessor below names one private member and works on any type that has it,
// so this header needs none of theirs. Only the codec layer uses it.

#include "hearsay/core/codec_access.hpp"

namespace hearsay {

struct codec_access {
    // version_vector, causal_context
    template <class T> static auto& counters(T& x) { return x.counters_; }
    template <class T> static auto& compact(T& x) { return x.compact_; }
    template <class T> static auto& cloud(T& x) { return x.cloud_; }

    // counters
    template <class T> static auto& counts(T& x) { return x.counts_; }
    template <class T> static auto& increments(T& x) { return x.increments_; }
    template <class T> static auto& decrements(T& x) { return x.decrements_; }

    // g_set, dot_fun; two_phase_set
    template <class T> static auto& items(T& x) { return x.items_; }
    template <class T> static auto& live(T& x) { return x.live_; }
    template <class T> static auto& removed(T& x) { return x.removed_; }

    // lww_register
    template <class T> static auto& value(T& x) { return x.value_; }
    template <class T> static auto& timestamp(T& x) { return x.timestamp_; }
    template <class T> static auto& writer_id(T& x) { return x.writer_; }
    template <class T> static auto& assigned(T& x) { return x.assigned_; }

    // the dot stores: mv_register, causal_flag, or_set, or_map; lww_map; embedded
    template <class T> static auto& context(T& x) { return x.context_; }
    template <class T> static auto& values(T& x) { return x.values_; }
    template <class T> static auto& marks(T& x) { return x.marks_; }
    template <class T> static auto& entries(T& x) { return x.entries_; }
    template <class T> static auto& distinct(T& x) { return x.distinct_; }
    template <class T> static auto& map(T& x) { return x.map_; }
    template <class T> static auto& parts(T& x) { return x.parts_; }
    template <class T> static void rebuild(T& x) { x.rebuild(); }
};

} // namespace hearsay

#endif
