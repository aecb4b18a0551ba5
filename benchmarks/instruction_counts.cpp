// Instruction counts of the or_set and or_map hot paths, for comparisons that
// a shared machine's noise does not blur. Run under callgrind, which counts
// only between the program's start and stop marks:
//
//   valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=/dev/null
//     ./hearsay_instruction_counts MODE
//
// and divide the reported total ("Collected") by the operation count the
// program prints. The workloads are those of or_set_benchmarks.cpp and
// or_map_benchmarks.cpp (the same seeds): MODE is one of insert, delta_merge,
// half_shared, identical, or_map. Without valgrind the marks do nothing and
// the program prints wall-clock times, which are not results.

#include <algorithm> // min
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring> // strcmp
#include <vector>

#include <hearsay/crdt/or_map.hpp>
#include <hearsay/crdt/or_set.hpp>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HEARSAY_PROBE_START() CALLGRIND_TOGGLE_COLLECT
#define HEARSAY_PROBE_STOP() CALLGRIND_TOGGLE_COLLECT
#else
#define HEARSAY_PROBE_START()
#define HEARSAY_PROBE_STOP()
#endif

#include "support/workload.hpp"

namespace {

using namespace hearsay_bench;
using set_type = hearsay::or_set<std::uint64_t>;
using map_type = hearsay::or_map<std::uint64_t, set_type>;

constexpr std::uint64_t writers = 16;
constexpr std::size_t n = 100000;
constexpr std::size_t operations = 1000;

struct timer {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
};

void report(const char* mode, std::size_t count, const timer& t) {
    std::printf("%s: %zu operations, %.1f ns each (wall clock, not a result)\n", mode, count,
                t.elapsed() * 1e9 / static_cast<double>(count));
}

// The single replica of or_set_benchmarks.cpp at N = 100,000.
set_type single_replica(workload_rng& rng) {
    const std::size_t half = n / 2;
    static_cast<void>(rng.inserts(half, 1, writers));
    static_cast<void>(rng.inserts(n - half, 1, writers / 2));
    static_cast<void>(rng.inserts(n - half, writers / 2 + 1, writers));
    set_type s;
    replay(s, rng.inserts(n, 1, writers));
    return s;
}

int insert() {
    workload_rng rng(workload_seed + n);
    set_type s = single_replica(rng);
    std::vector<insert_op> ops;
    for (std::size_t i = 0; i < operations; ++i)
        ops.push_back({rng.writer(1, writers), rng.distinct()});
    timer t;
    HEARSAY_PROBE_START();
    for (const auto& op : ops) {
        set_type delta = s.insert(op.writer, op.element);
        static_cast<void>(delta);
    }
    HEARSAY_PROBE_STOP();
    report("insert", ops.size(), t);
    // Steady state, as in or_set_benchmarks.cpp: erase the batch, insert it again; the fastest
    // of 50 batches.
    double fastest = 1e9;
    for (int round = 0; round < 50; ++round) {
        for (const auto& op : ops)
            static_cast<void>(s.erase(op.element));
        timer again;
        for (const auto& op : ops) {
            set_type delta = s.insert(op.writer, op.element);
            static_cast<void>(delta);
        }
        fastest = std::min(fastest, again.elapsed());
    }
    std::printf("insert: fastest batch %.1f ns each (wall clock, not a result)\n",
                fastest * 1e9 / static_cast<double>(ops.size()));
    return 0;
}

int delta_merge() {
    workload_rng rng(workload_seed + n);
    set_type target = single_replica(rng);
    set_type source = target;
    std::vector<set_type> deltas;
    for (std::size_t i = 0; i < operations; ++i)
        deltas.push_back(source.insert(rng.writer(1, writers), rng.distinct()));
    timer t;
    HEARSAY_PROBE_START();
    for (const auto& d : deltas)
        static_cast<void>(target.merge(d));
    HEARSAY_PROBE_STOP();
    report("delta_merge", deltas.size(), t);
    const bool same = target == source;
    // Steady state: both erase the batch's elements, the target merges the deltas again.
    double fastest = 1e9;
    for (int round = 0; round < 50; ++round) {
        for (const auto& d : deltas)
            for (const std::uint64_t x : d)
                static_cast<void>(target.erase(x));
        for (auto& d : deltas) {
            const std::uint64_t x = *d.begin();
            static_cast<void>(source.erase(x));
            d = source.insert(1 + x % writers, x);
        }
        timer again;
        for (const auto& d : deltas)
            static_cast<void>(target.merge(d));
        fastest = std::min(fastest, again.elapsed());
    }
    std::printf("delta_merge: fastest batch %.1f ns each (wall clock, not a result)\n",
                fastest * 1e9 / static_cast<double>(deltas.size()));
    return same && target == source ? 0 : 1;
}

struct pair_of_sets {
    set_type a;
    set_type b;
};

pair_of_sets half_shared_replicas() {
    workload_rng rng(workload_seed + n);
    const std::size_t half = n / 2;
    pair_of_sets r;
    replay(r.a, rng.inserts(half, 1, writers));
    r.b = r.a;
    replay(r.a, rng.inserts(n - half, 1, writers / 2));
    replay(r.b, rng.inserts(n - half, writers / 2 + 1, writers));
    return r;
}

int half_shared() {
    const pair_of_sets r = half_shared_replicas();
    set_type target = r.a;
    timer t;
    HEARSAY_PROBE_START();
    const bool changed = target.merge(r.b);
    HEARSAY_PROBE_STOP();
    report("half_shared", 1, t);
    // The fastest of further runs, each on a fresh copy: a steadier wall-clock figure.
    double fastest = 1e9;
    for (int i = 0; i < 20; ++i) {
        target = r.a;
        timer again;
        static_cast<void>(target.merge(r.b));
        fastest = std::min(fastest, again.elapsed());
    }
    std::printf("half_shared: fastest of 20 runs %.1f us (wall clock, not a result)\n",
                fastest * 1e6);
    return changed && target.size() == n / 2 + n ? 0 : 1;
}

int identical() {
    const pair_of_sets r = half_shared_replicas();
    set_type target = r.a;
    const set_type other = r.a;
    timer t;
    HEARSAY_PROBE_START();
    const bool changed = target.merge(other);
    HEARSAY_PROBE_STOP();
    report("identical", 1, t);
    return changed ? 1 : 0;
}

// The replicas of or_map_benchmarks.cpp: 1,000 keys x 10 elements, half shared.
int or_map() {
    constexpr std::size_t keys = 1000;
    constexpr std::size_t per_key = 10;
    workload_rng rng(workload_seed + keys * per_key);
    std::vector<std::uint64_t> names;
    for (std::size_t k = 0; k < keys; ++k)
        names.push_back(rng.distinct());
    map_type a;
    map_type b;
    auto apply = [](map_type& m, std::uint64_t w, std::uint64_t key, std::uint64_t x) {
        static_cast<void>(m.update(w, key, [&](set_type& s) { return s.insert(w, x); }));
    };
    struct op {
        std::uint64_t writer, key, element;
    };
    std::vector<op> shared, a_only, b_only;
    for (const std::uint64_t key : names) {
        for (std::size_t i = 0; i < per_key / 2; ++i) {
            shared.push_back({rng.writer(1, writers), key, rng.distinct()});
            a_only.push_back({rng.writer(1, writers / 2), key, rng.distinct()});
            b_only.push_back({rng.writer(writers / 2 + 1, writers), key, rng.distinct()});
        }
    }
    for (const auto& o : shared)
        apply(a, o.writer, o.key, o.element);
    b = a;
    for (const auto& o : a_only)
        apply(a, o.writer, o.key, o.element);
    for (const auto& o : b_only)
        apply(b, o.writer, o.key, o.element);
    timer t;
    HEARSAY_PROBE_START();
    const bool changed = a.merge(b);
    HEARSAY_PROBE_STOP();
    report("or_map", 1, t);
    return changed ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "";
    if (std::strcmp(mode, "insert") == 0)
        return insert();
    if (std::strcmp(mode, "delta_merge") == 0)
        return delta_merge();
    if (std::strcmp(mode, "half_shared") == 0)
        return half_shared();
    if (std::strcmp(mode, "identical") == 0)
        return identical();
    if (std::strcmp(mode, "or_map") == 0)
        return or_map();
    std::fprintf(stderr, "usage: %s insert|delta_merge|half_shared|identical|or_map\n", argv[0]);
    return 2;
}
