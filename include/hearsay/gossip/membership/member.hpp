// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_HPP

// member<Address>: what a node knows of one other node of its cluster.
//
// A member is named by its transport address; its replica id is learnt from
// the first message it sends (zero until then, as for a seed given by address
// only). Statuses are ordered by precedence: at equal incarnation, left beats
// dead beats suspect beats alive; a higher incarnation beats any status, which
// is how a node refutes a rumour of its death or announces its return.

#include <cstdint>

namespace hearsay {

/// Names the states a member goes through.
enum class member_status : std::uint8_t {
    alive,   ///< answering, or heard of as answering
    suspect, ///< failed to answer a probe (failure detection)
    dead,    ///< confirmed failed, or removed with remove_peer
    left     ///< announced its own departure with leave()
};

/// Tells whether a member may still be contacted: alive or suspect, not dead or left.
inline bool is_live(member_status status) {
    return status == member_status::alive || status == member_status::suspect;
}

/// Describes one member of the cluster as this node knows it.
template <class Address> struct member {
    Address address{};
    std::uint64_t id = 0;
    member_status status = member_status::alive;
    std::uint64_t incarnation = 0;

    friend bool operator==(const member& a, const member& b) {
        return a.address == b.address && a.id == b.id && a.status == b.status &&
               a.incarnation == b.incarnation;
    }
    friend bool operator!=(const member& a, const member& b) { return !(a == b); }
};

/// The largest incarnation a member may reach, far below 2^64 so that it can always refute.
inline constexpr std::uint64_t max_incarnation = std::uint64_t{1} << 62;
/// The most one piece of news may raise a member's incarnation: a member raises its own by one
/// per refutation, so more is a forgery or a bug.
inline constexpr std::uint64_t max_incarnation_step = std::uint64_t{1} << 16;

/// Tells whether an incarnation is one news may carry about a member known at `known`.
inline bool plausible_incarnation(std::uint64_t news, std::uint64_t known) {
    return news <= max_incarnation && (news <= known || news - known <= max_incarnation_step);
}

/// Tells whether news (status, incarnation) about a member supersedes what is known.
inline bool supersedes(member_status news, std::uint64_t news_incarnation, member_status known,
                       std::uint64_t known_incarnation) {
    if (news_incarnation != known_incarnation)
        return news_incarnation > known_incarnation;
    return static_cast<int>(news) > static_cast<int>(known);
}

} // namespace hearsay

#endif
