// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_ADDRESS_TOKENS_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_ADDRESS_TOKENS_HPP

// address_tokens: what shows that a datagram comes from the address it names.
//
// A node's token for an address is a keyed hash (SipHash-2-4) of the address
// under a key drawn at each start. The node hands each peer its token in a
// `token` message, in answer to any message that did not carry it; the peer
// puts it in the header of everything it sends the node. A header holding the
// right token shows that its sender receives at its source address (an
// off-path attacker who spoofs the address never saw the token), so the
// engine only lets verified messages change membership, and answers an
// unverified one with at most 3x its size: no amplification (as QUIC's
// address validation, RFC 9000 section 8). Checking is stateless: one hash,
// nothing kept per address. Tokens prove reception, not identity: keys
// (security/) prove who sent a message.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp" // encode_value
#include "hearsay/codec/writer.hpp"
#include "hearsay/core/detail/siphash.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp" // mix64
#include "hearsay/gossip/writer_id.hpp"        // draw_epoch

namespace hearsay {

/// Returns one half of a token key: fresh at each start (the OS's entropy and the clock), or,
/// when the writer epoch is named, derived from it, so that deterministic runs stay so.
template <class Clock>
std::uint64_t token_key(std::uint64_t writer_epoch, const Clock& clock, int half) {
    if (writer_epoch == 0)
        return draw_epoch(clock);
    return detail::mix64(writer_epoch ^ (half == 0 ? 0x6b65792d30 : 0x6b65792d31));
}

/// Computes and checks this node's tokens for addresses.
template <class Address> class address_tokens {
  public:
    address_tokens(std::uint64_t key0, std::uint64_t key1) : key0_(key0), key1_(key1) {}

    /// Returns this node's token for `address`; never 0, which a header uses for "none".
    std::uint64_t token_for(const Address& address) {
        scratch_.clear();
        writer w(scratch_);
        encode_value(address, w);
        w.finish();
        const std::uint64_t t = detail::siphash24(key0_, key1_, scratch_.data(), scratch_.size());
        return t != 0 ? t : 1;
    }

    /// Tells whether `token` is this node's token for `address`.
    bool verifies(const Address& address, std::uint64_t token) {
        return token != 0 && token == token_for(address);
    }

  private:
    std::uint64_t key0_;
    std::uint64_t key1_;
    std::vector<std::byte> scratch_; // the encoded address, reused
};

} // namespace hearsay

#endif
