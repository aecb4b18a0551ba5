#ifndef HEARSAY_TESTS_SUPPORT_HOSTILE_MESSAGES_HPP
#define HEARSAY_TESTS_SUPPORT_HOSTILE_MESSAGES_HPP

// Hand-written bytes for hostile-input tests: what no honest engine sends, as
// an attacker would write it (tests/gossip/hostile_test.cpp,
// tests/security/sealed_engine_test.cpp).

#include <cstddef>
#include <cstdint>
#include <utility> // pair
#include <vector>

#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/messages.hpp"
#include "support/recording_transport.hpp"

namespace hearsay::test {

/// Returns the bytes of an or_set, as messages carry it, whose context is `writers` ({writer,
/// top}, sorted, tops of any size: the codec decides) and whose store is empty. Merged, it
/// erases every element whose dot the context covers.
inline std::vector<std::byte>
raw_context(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& writers) {
    std::vector<std::byte> out;
    writer w(out);
    w.write_varint(writers.size());
    for (const auto& [id, top] : writers) {
        w.write_varint(id);
        w.write_varint(top);
    }
    w.write_varint(0); // cloud
    w.write_varint(0); // entries
    w.finish();
    return out;
}

/// Returns a deltas message from `peer` carrying `delta`'s bytes as one rumor numbered `seq`.
inline std::vector<std::byte>
rumor_of_bytes(const scripted_peer& peer, const std::vector<std::byte>& delta, std::uint64_t seq) {
    return peer.message(message_kind::deltas, [&](writer& w) {
        detail::write_deltas_head(w, {detail::deltas_feedback, 0, 0, 1});
        w.write_varint(seq);
        w.write_bytes(delta.data(), delta.size());
    });
}

} // namespace hearsay::test

#endif
