// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_DETAIL_NODE_TABLE_HPP
#define HEARSAY_SIM_DETAIL_NODE_TABLE_HPP

// node_table: the nodes attached to a sim::network, found by address, with
// their liveness and partition group.
//
// Nodes get dense indices in attach order; a queued copy names its ends by
// index, so delivery never hashes. Addresses below 2^20 are found through a
// vector, larger ones through a hash map. Each crash bumps the node's epoch:
// a copy remembers both ends' epochs at send and is stale when either moved.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace hearsay::sim::detail {

/// Describes one attached node.
struct node_slot {
    std::uint32_t address = 0; ///< the node's address
    std::uint32_t epoch = 0;   ///< how many times it crashed
    std::uint32_t group = 0;   ///< its partition group; 0 for nodes no group lists
    bool up = true;            ///< false between crash and restart
    std::int64_t lag = 0;      ///< extra delay of every copy to it, in clock ticks (slow())
};

/// Finds attached nodes by address and keeps their state.
class node_table {
  public:
    using address_type = std::uint32_t;

    /// Marks "no such node" in find()'s answer.
    static constexpr std::uint32_t npos = ~std::uint32_t{0};

    /// Returns the index of the node at address, or npos.
    std::uint32_t find(address_type address) const {
        if (address < direct_limit) {
            return address < direct_.size() ? direct_[address] : npos;
        }
        const auto it = far_.find(address);
        return it == far_.end() ? npos : it->second;
    }

    /// Adds a node that find() does not know; returns its index.
    std::uint32_t add(address_type address) {
        const auto index = static_cast<std::uint32_t>(slots_.size());
        node_slot slot;
        slot.address = address;
        slot.group = group_of(address);
        slots_.push_back(slot);
        if (address < direct_limit) {
            if (direct_.size() <= address) {
                direct_.resize(std::size_t{address} + 1, npos);
            }
            direct_[address] = index;
        } else {
            far_.emplace(address, index);
        }
        return index;
    }

    /// Returns the node at index i.
    node_slot& operator[](std::uint32_t i) noexcept { return slots_[i]; }
    /// Returns the node at index i.
    const node_slot& operator[](std::uint32_t i) const noexcept { return slots_[i]; }

    /// Tells whether a partition is in force.
    bool partitioned() const noexcept { return partitioned_; }

    /// Puts each listed address in group (its list's position + 1), the last listing winning,
    /// and every other address in group 0.
    void partition(const std::vector<std::vector<address_type>>& groups) {
        groups_.clear();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (const address_type a : groups[g]) {
                groups_[a] = static_cast<std::uint32_t>(g + 1);
            }
        }
        partitioned_ = true;
        for (auto& slot : slots_) {
            slot.group = group_of(slot.address);
        }
    }

    /// Puts every node back in one group.
    void heal() {
        partitioned_ = false;
        groups_.clear();
        for (auto& slot : slots_) {
            slot.group = 0;
        }
    }

  private:
    static constexpr address_type direct_limit = address_type{1} << 20U;

    std::uint32_t group_of(address_type address) const {
        if (!partitioned_) {
            return 0;
        }
        const auto it = groups_.find(address);
        return it == groups_.end() ? 0 : it->second;
    }

    std::vector<node_slot> slots_;
    std::vector<std::uint32_t> direct_;
    std::unordered_map<address_type, std::uint32_t> far_;
    std::unordered_map<address_type, std::uint32_t> groups_; // kept for nodes attached later
    bool partitioned_ = false;
};

} // namespace hearsay::sim::detail

#endif // HEARSAY_SIM_DETAIL_NODE_TABLE_HPP
