// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_PEER_SELECTION_HPP
#define HEARSAY_GOSSIP_PEER_SELECTION_HPP

// Peer selection: which members a round contacts.
//
// A policy P is default-constructible and has
//   template <class Candidates, class Random>
//   void select(const Candidates& candidates, std::size_t count, Random& random,
//               std::vector<std::size_t>& chosen);
// which appends to `chosen` up to `count` distinct positions in `candidates`.
// `candidates` is a random-access range of the live members (alive or suspect;
// each has address, id, status, incarnation), in no particular order:
// `candidates.size()` and `candidates[k]` cost O(1), and the table keeps the
// range up to date as members come and go, so that a round costs what the
// policy looks at, not the size of the table. The default draws uniformly, the
// assumption behind the O(log n) dissemination bounds, in O(count^2). A
// policy may bias the draw, e.g. prefer its own zone with some probability; it
// must keep some chance for every candidate, or partitions of the overlay will
// not heal, and should look at O(count) candidates, not all of them.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility> // declval, swap
#include <vector>

#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/random.hpp"

namespace hearsay {

/// Chooses peers uniformly at random, without repetition.
struct uniform_peer_selection {
    template <class Candidates, class Random>
    void select(const Candidates& candidates, std::size_t count, Random& random,
                std::vector<std::size_t>& chosen) {
        const std::size_t n = candidates.size();
        if (count >= n) {
            for (std::size_t i = 0; i < n; ++i)
                chosen.push_back(i);
            return;
        }
        // Few draws from many candidates: rejecting repeats is cheaper than a shuffle.
        const std::size_t first = chosen.size();
        while (chosen.size() - first < count) {
            const auto pick = static_cast<std::size_t>(uniform_below(random, n));
            bool repeat = false;
            for (std::size_t i = first; i < chosen.size(); ++i)
                repeat = repeat || chosen[i] == pick;
            if (!repeat)
                chosen.push_back(pick);
        }
    }
};

/// Chooses a round's peers among the live members of a table (not `self`) through a
/// PeerSelection policy, reusing its list across rounds. O(what the policy looks at).
class round_peers {
  public:
    /// Returns the indices in `table` of up to `count` peers for this round.
    template <class Table, class Policy, class Random>
    const std::vector<std::size_t>& choose(const Table& table, std::uint64_t self,
                                           std::size_t count, Policy& policy, Random& random) {
        const auto candidates = table.live_members();
        chosen_.clear();
        policy.select(candidates, count, random, chosen_);
        std::size_t kept = 0;
        for (std::size_t c : chosen_)
            if (c < candidates.size() && candidates[c].id != self) // self is no member: a guard
                chosen_[kept++] = candidates.index(c);
        chosen_.resize(kept);
        return chosen_;
    }

  private:
    std::vector<std::size_t> chosen_;
};

namespace detail {
struct probe_member {
    int address = 0;
    std::uint64_t id = 0;
    member_status status = member_status::alive;
    std::uint64_t incarnation = 0;
};
// The least a policy may count on from its candidates.
struct probe_candidates {
    std::size_t size() const { return 0; }
    const probe_member& operator[](std::size_t) const { return member; }
    probe_member member;
};
template <class P, class = void> struct is_peer_selection_policy : std::false_type {};
template <class P>
struct is_peer_selection_policy<
    P, std::void_t<decltype(std::declval<P&>().select(std::declval<const probe_candidates&>(),
                                                      std::size_t{}, std::declval<xoshiro256&>(),
                                                      std::declval<std::vector<std::size_t>&>()))>>
    : std::is_default_constructible<P> {};
} // namespace detail

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// Tells whether P can serve as the engine's peer selection (see the top of this header).
template <class P>
concept peer_selection_policy = detail::is_peer_selection_policy<P>::value;
#else
/// Tells whether P can serve as the engine's peer selection (see the top of this header).
template <class P>
inline constexpr bool peer_selection_policy = detail::is_peer_selection_policy<P>::value;
#endif

} // namespace hearsay

#endif
