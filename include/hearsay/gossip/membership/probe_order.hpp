// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_PROBE_ORDER_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_PROBE_ORDER_HPP

// probe_order: SWIM's randomised round robin. Each pass visits every member
// that may be probed once, in a fresh random order, so that a failed member is
// found within one pass at worst; a newcomer takes a random place in the rest
// of the current pass. Cost: O(1) per probe and per newcomer, O(members) once
// per pass; a pass never holds more than twice the table (newcomers beyond
// wait for the next pass), so no stream of news can grow it.

#include <cstddef>
#include <utility> // swap
#include <vector>

#include "hearsay/gossip/membership/member.hpp" // is_live
#include "hearsay/gossip/random.hpp"            // uniform_below

namespace hearsay {

/// Orders the members to probe, pass after pass.
template <class Address> class probe_order {
  public:
    /// Returns the index in `table` of the next member to probe (live and contactable), or
    /// table.size() when there is none.
    template <class Table, class Random> std::size_t next(const Table& table, Random& random) {
        for (int pass = 0; pass < 2; ++pass) {
            while (cursor_ < order_.size()) {
                const std::size_t i = table.find(order_[cursor_++]);
                if (i != table.size() && is_live(table.at(i).status) && table.contactable(i))
                    return i;
            }
            order_.clear(); // a new pass: every member that may be probed, shuffled
            cursor_ = 0;
            for (std::size_t i = 0; i < table.size(); ++i)
                if (is_live(table.at(i).status) && table.contactable(i))
                    order_.push_back(table.at(i).address);
            for (std::size_t k = order_.size(); k > 1; --k)
                std::swap(order_[k - 1], order_[uniform_below(random, k)]);
        }
        return table.size();
    }

    /// Places a newcomer at a random point of the rest of the current pass, as SWIM's analysis
    /// assumes; `members` is the table's size.
    template <class Random>
    void joined(const Address& address, std::size_t members, Random& random) {
        if (order_.size() >= 2 * members + 16)
            return; // the next pass has it
        order_.push_back(address);
        const std::size_t span = order_.size() - cursor_;
        std::swap(order_.back(), order_[cursor_ + uniform_below(random, span)]);
    }

  private:
    std::vector<Address> order_; // this pass
    std::size_t cursor_ = 0;     // the next in order_
};

} // namespace hearsay

#endif
