#ifndef HEARSAY_TESTS_SUPPORT_GENERATORS_HPP
#define HEARSAY_TESTS_SUPPORT_GENERATORS_HPP

// Random mutators for every CRDT: random_mutator<T>::apply(state, self, rng, log)
// applies one mutator chosen by `rng` as replica `self` and returns its delta.
// Domains are tiny on purpose (elements 0..15, keys 0..3, timestamps 0..15) so
// that concurrent writes to one element, re-inserts, erases of present
// elements and timestamp ties are the common case, not the rare one. When `log`
// is not null the mutator appends a readable description of what it did.

#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <utility> // move
#include <vector>

#include "support/crdt_types.hpp"
#include "support/random.hpp"

namespace hearsay::testing {

/// Appends the streamed `parts` to `*log` when `log` is not null.
template <class... Parts> void describe(std::string* log, const Parts&... parts) {
    if (log == nullptr)
        return;
    std::ostringstream out;
    (out << ... << parts);
    *log += out.str();
}

/// Returns an element to erase: usually a present one, sometimes any in [0, domain).
template <class Range>
int pick_erase_target(const Range& present, int domain, std::mt19937_64& rng) {
    std::vector<int> elements;
    for (const auto& element : present)
        elements.push_back(element);
    if (!elements.empty() && chance(rng, 75))
        return elements[pick_index(rng, elements.size())];
    return pick_int(rng, 0, domain - 1);
}

/// Returns the value an lww write carries: a function of the write's identity, so
/// that a replica reusing a (timestamp, id) pair writes the same value and the
/// pair stays a unique name for the write.
inline int lww_value(int key, std::uint64_t ts, std::uint64_t self) {
    return static_cast<int>((static_cast<std::uint64_t>(key) * 5 + ts * 7 + self * 3) % 16);
}

/// Picks and applies one random mutator of T; specialised for every CRDT.
template <class T> struct random_mutator;

template <class Id> struct random_mutator<hearsay::g_counter<Id>> {
    static hearsay::g_counter<Id> apply(hearsay::g_counter<Id>& c, Id self, std::mt19937_64& rng,
                                        std::string* log) {
        std::uint64_t n = 1 + pick(rng, 3);
        describe(log, "increment(", self, ", ", n, ")");
        return c.increment(self, n);
    }
};

template <class Id> struct random_mutator<hearsay::pn_counter<Id>> {
    static hearsay::pn_counter<Id> apply(hearsay::pn_counter<Id>& c, Id self, std::mt19937_64& rng,
                                         std::string* log) {
        std::uint64_t n = 1 + pick(rng, 3);
        if (chance(rng, 50)) {
            describe(log, "increment(", self, ", ", n, ")");
            return c.increment(self, n);
        }
        describe(log, "decrement(", self, ", ", n, ")");
        return c.decrement(self, n);
    }
};

template <> struct random_mutator<hearsay::g_set<int>> {
    template <class Id>
    static hearsay::g_set<int> apply(hearsay::g_set<int>& s, Id, std::mt19937_64& rng,
                                     std::string* log) {
        int element = pick_int(rng, 0, 31);
        describe(log, "insert(", element, ")");
        return s.insert(element);
    }
};

template <> struct random_mutator<hearsay::two_phase_set<int>> {
    template <class Id>
    static hearsay::two_phase_set<int> apply(hearsay::two_phase_set<int>& s, Id,
                                             std::mt19937_64& rng, std::string* log) {
        if (chance(rng, 60)) {
            int element = pick_int(rng, 0, 31);
            describe(log, "insert(", element, ")");
            return s.insert(element);
        }
        int element = pick_erase_target(s, 32, rng);
        describe(log, "erase(", element, ")");
        return s.erase(element);
    }
};

template <class Id> struct random_mutator<hearsay::lww_register<int, Id, std::uint64_t>> {
    using type = hearsay::lww_register<int, Id, std::uint64_t>;
    static type apply(type& r, Id self, std::mt19937_64& rng, std::string* log) {
        std::uint64_t ts = pick(rng, 16);
        int value = lww_value(0, ts, static_cast<std::uint64_t>(self));
        describe(log, "assign(", value, ", ts ", ts, ", ", self, ")");
        return r.assign(value, ts, self);
    }
};

template <class Id> struct random_mutator<hearsay::mv_register<int, Id>> {
    using type = hearsay::mv_register<int, Id>;
    static type apply(type& r, Id self, std::mt19937_64& rng, std::string* log) {
        int value = pick_int(rng, 0, 7);
        describe(log, "assign(", self, ", ", value, ")");
        return r.assign(self, value);
    }
};

template <class Id> struct random_mutator<hearsay::ew_flag<Id>> {
    static hearsay::ew_flag<Id> apply(hearsay::ew_flag<Id>& f, Id self, std::mt19937_64& rng,
                                      std::string* log) {
        if (chance(rng, 50)) {
            describe(log, "enable(", self, ")");
            return f.enable(self);
        }
        describe(log, "disable(", self, ")");
        return f.disable(self);
    }
};

template <class Id> struct random_mutator<hearsay::dw_flag<Id>> {
    static hearsay::dw_flag<Id> apply(hearsay::dw_flag<Id>& f, Id self, std::mt19937_64& rng,
                                      std::string* log) {
        if (chance(rng, 50)) {
            describe(log, "enable(", self, ")");
            return f.enable(self);
        }
        describe(log, "disable(", self, ")");
        return f.disable(self);
    }
};

template <class Id> struct random_mutator<hearsay::or_set<int, Id>> {
    using type = hearsay::or_set<int, Id>;
    static type apply(type& s, Id self, std::mt19937_64& rng, std::string* log) {
        std::uint64_t roll = pick(rng, 100);
        if (roll < 55) {
            int element = pick_int(rng, 0, 15);
            describe(log, "insert(", self, ", ", element, ")");
            return s.insert(self, element);
        }
        if (roll < 95) {
            int element = pick_erase_target(s, 16, rng);
            describe(log, "erase(", element, ")");
            return s.erase(element);
        }
        describe(log, "clear()");
        return s.clear();
    }
};

template <class Id> struct random_mutator<hearsay::lww_map<int, int, Id, std::uint64_t>> {
    using type = hearsay::lww_map<int, int, Id, std::uint64_t>;
    static type apply(type& m, Id self, std::mt19937_64& rng, std::string* log) {
        if (chance(rng, 65)) {
            int key = pick_int(rng, 0, 5);
            std::uint64_t ts = pick(rng, 16);
            int value = lww_value(key, ts, static_cast<std::uint64_t>(self));
            describe(log, "insert_or_assign(", self, ", ", key, ", ", value, ", ts ", ts, ")");
            return m.insert_or_assign(self, key, value, ts);
        }
        std::vector<int> keys;
        for (const auto& entry : m)
            keys.push_back(entry.first);
        int key = pick_erase_target(keys, 6, rng);
        describe(log, "erase(", key, ")");
        return m.erase(key);
    }
};

template <class Crdt, class Id> struct random_mutator<hearsay::or_map<int, Crdt, Id>> {
    using type = hearsay::or_map<int, Crdt, Id>;
    static type apply(type& m, Id self, std::mt19937_64& rng, std::string* log) {
        if (chance(rng, 75)) {
            int key = pick_int(rng, 0, 3);
            std::string nested;
            std::string* nested_log = log == nullptr ? nullptr : &nested;
            type delta = m.update(self, key, [&](Crdt& value) {
                return random_mutator<Crdt>::apply(value, self, rng, nested_log);
            });
            describe(log, "update(", self, ", ", key, ", ", nested, ")");
            return delta;
        }
        std::vector<int> keys;
        for (const auto& entry : m)
            keys.push_back(entry.first);
        int key = pick_erase_target(keys, 4, rng);
        describe(log, "erase(", key, ")");
        return m.erase(key);
    }
};

/// Applies one random mutator of T to `state` as replica `self` and returns its delta.
template <class T, class Id>
T random_mutation(T& state, Id self, std::mt19937_64& rng, std::string* log = nullptr) {
    return random_mutator<T>::apply(state, self, rng, log);
}

/// Returns the replica id of replicas[index]: ids start at 1.
inline std::uint64_t replica_id(std::size_t index) {
    return static_cast<std::uint64_t>(index) + 1;
}

/// Names one random mutation at a random replica: which replica and the delta.
template <class T> struct replica_mutation {
    std::size_t replica;
    T delta;
};

/// Applies one random mutator at a random replica of `replicas` and returns its delta.
template <class T>
replica_mutation<T> mutate_random_replica(std::vector<T>& replicas, std::mt19937_64& rng,
                                          std::string* log = nullptr) {
    std::size_t index = pick_index(rng, replicas.size());
    T delta = random_mutation(replicas[index], replica_id(index), rng, log);
    return {index, std::move(delta)};
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_GENERATORS_HPP
