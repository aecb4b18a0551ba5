#ifndef HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_CAUSAL_CONTEXT_HPP
#define HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_CAUSAL_CONTEXT_HPP

// The causal context of the delta-state CRDT literature, laid out the way most
// CRDT code lays it out: a version vector in a std::map (replica -> highest
// counter of a gap-free prefix) plus a std::set of the dots seen beyond that
// prefix (the "dot cloud"). A version vector alone cannot describe a delta,
// whose dots are not a prefix, so the cloud is part of the textbook design.
//
// Invariants: no cloud dot is covered by the version vector; no version-vector
// entry is zero. A replica's own dots are minted here, so they stay a prefix.

#include <cstdint>
#include <map>
#include <set>
#include <tuple> // tie

namespace hearsay_bench::textbook {

/// Names one event: the replica that made it and that replica's event counter.
template <class Id> struct dot {
    Id id{};
    std::uint64_t counter = 0;

    friend bool operator<(const dot& a, const dot& b) {
        return std::tie(a.id, a.counter) < std::tie(b.id, b.counter);
    }
    friend bool operator==(const dot& a, const dot& b) {
        return a.id == b.id && a.counter == b.counter;
    }
};

/// Records every dot a replica has seen, as a version vector plus a dot cloud.
template <class Id> class causal_context {
  public:
    using dot_type = dot<Id>;

    /// Tells whether `d` has been seen.
    bool contains(const dot_type& d) const {
        const auto it = prefix_.find(d.id);
        if (it != prefix_.end() && d.counter <= it->second)
            return true;
        return cloud_.count(d) != 0;
    }

    /// Mints the next dot of `self` and records it as seen.
    dot_type next(const Id& self) {
        std::uint64_t& top = prefix_[self];
        ++top;
        return dot_type{self, top};
    }

    /// Records `d` as seen; call compact() after a run of these.
    void add(const dot_type& d) {
        if (!contains(d))
            cloud_.insert(d);
    }

    /// Moves every cloud dot that extends a prefix into the version vector.
    void compact() {
        // The cloud is ordered by (id, counter), so one pass absorbs whole runs.
        for (auto it = cloud_.begin(); it != cloud_.end();) {
            const auto top = prefix_.find(it->id);
            const std::uint64_t seen = top == prefix_.end() ? 0 : top->second;
            if (it->counter <= seen) {
                it = cloud_.erase(it);
            } else if (it->counter == seen + 1) {
                prefix_[it->id] = it->counter;
                it = cloud_.erase(it);
            } else {
                ++it;
            }
        }
    }

    /// Joins `other` into this context; returns whether it changed.
    bool join(const causal_context& other) {
        bool changed = false;
        for (const auto& [id, top] : other.prefix_) {
            std::uint64_t& mine = prefix_[id];
            if (top > mine) {
                mine = top;
                changed = true;
            }
        }
        for (const auto& d : other.cloud_) {
            if (!contains(d)) {
                cloud_.insert(d);
                changed = true;
            }
        }
        compact();
        return changed;
    }

    friend bool operator==(const causal_context& a, const causal_context& b) {
        return a.prefix_ == b.prefix_ && a.cloud_ == b.cloud_;
    }
    friend bool operator!=(const causal_context& a, const causal_context& b) { return !(a == b); }

  private:
    std::map<Id, std::uint64_t> prefix_;
    std::set<dot_type> cloud_;
};

} // namespace hearsay_bench::textbook

#endif
