#ifndef HEARSAY_BENCHMARKS_SUPPORT_WORKLOAD_HPP
#define HEARSAY_BENCHMARKS_SUPPORT_WORKLOAD_HPP

// Deterministic histories for the benchmarks. Every random choice comes from
// std::mt19937_64 seeded from `workload_seed` and reduced with `%` (whose
// result, unlike the standard distributions, is the same in every standard
// library), so every run on every platform measures the same states.

#include <cstddef>
#include <cstdint>
#include <random> // mt19937_64
#include <unordered_set>
#include <vector>

namespace hearsay_bench {

/// Seeds every workload; change it only to check that a result does not hinge on one draw.
inline constexpr std::uint64_t workload_seed = 0x5eed2024;

/// Describes one insertion: which writer inserts which element.
struct insert_op {
    std::uint64_t writer;
    std::uint64_t element;
};

/// Draws writers and elements for a history from one seeded generator.
class workload_rng {
  public:
    explicit workload_rng(std::uint64_t seed) : engine_(seed) {}

    /// Returns a writer id in [first, last].
    std::uint64_t writer(std::uint64_t first, std::uint64_t last) {
        return first + engine_() % (last - first + 1);
    }

    /// Returns a number in [0, bound).
    std::uint64_t below(std::uint64_t bound) { return engine_() % bound; }

    /// Returns a uniformly drawn 64-bit number.
    std::uint64_t any() { return engine_(); }

    /// Returns an element this generator has never returned from distinct().
    std::uint64_t distinct() {
        for (;;) {
            const std::uint64_t x = engine_();
            if (drawn_.insert(x).second)
                return x;
        }
    }

    /// Returns `count` insertions of distinct elements, each by a writer in [first, last].
    std::vector<insert_op> inserts(std::size_t count, std::uint64_t first, std::uint64_t last) {
        std::vector<insert_op> ops;
        ops.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint64_t w = writer(first, last);
            ops.push_back(insert_op{w, distinct()});
        }
        return ops;
    }

  private:
    std::mt19937_64 engine_;
    std::unordered_set<std::uint64_t> drawn_;
};

/// Applies `ops` to `set` in order, dropping the deltas.
template <class Set> void replay(Set& set, const std::vector<insert_op>& ops) {
    for (const auto& op : ops)
        static_cast<void>(set.insert(op.writer, op.element));
}

} // namespace hearsay_bench

#endif
