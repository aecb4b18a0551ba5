// or_set<std::uint64_t> against the textbook OR-set: merges, single-element
// mutators (delta included) and memory per element.
//
// The states come from 16 writers (ids 1..16), each insertion by a writer
// drawn at random. For the two replicas "half shared", N/2 insertions reach
// both replicas; then replica a alone receives N/2 insertions by writers 1..8
// and replica b alone N/2 by writers 9..16: each holds N elements, N/2 of them
// shared, and their join holds 3N/2. (Splitting the writers keeps every dot
// unique and both causal contexts gap-free, as after a partition in which
// each side kept receiving from half of the writers.) The "single" replica
// holds N elements inserted one by one, each by a random writer.

#include <algorithm> // max
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory> // unique_ptr
#include <string>
#include <type_traits> // is_same
#include <vector>

#include <benchmark/benchmark.h>
#include <hearsay/crdt/or_set.hpp>

#include "baseline/textbook_or_set.hpp"
#include "registry.hpp"
#include "support/check.hpp"
#include "support/counting_allocator.hpp"
#include "support/timing.hpp"
#include "support/workload.hpp"

namespace hearsay_bench {
namespace {

using hearsay_set = hearsay::or_set<std::uint64_t>;
using textbook_set = textbook::textbook_or_set<std::uint64_t>;

constexpr std::uint64_t writer_count = 16;
constexpr std::size_t sizes[] = {1000, 10000, 100000};
constexpr std::size_t memory_size = 100000;

template <class Set> struct replicas {
    Set a;
    Set b;
    Set single;
};

struct workload {
    std::vector<insert_op> single;
    replicas<hearsay_set> hearsay;
    replicas<textbook_set> textbook;
};

template <class Set>
replicas<Set>
build_replicas(const std::vector<insert_op>& shared, const std::vector<insert_op>& a_only,
               const std::vector<insert_op>& b_only, const std::vector<insert_op>& single) {
    replicas<Set> r;
    replay(r.a, shared);
    r.b = r.a;
    replay(r.a, a_only);
    replay(r.b, b_only);
    replay(r.single, single);
    return r;
}

// Aborts unless both implementations hold the same elements.
void require_same(const hearsay_set& h, const textbook_set& t,
                  const std::vector<std::uint64_t>& probes, const char* what) {
    require(h.size() == t.size(), what);
    for (const std::uint64_t x : probes)
        require(h.contains(x) == t.contains(x), what);
}

std::unique_ptr<workload> build_workload(std::size_t n) {
    workload_rng rng(workload_seed + n);
    const std::size_t half = n / 2;
    const auto shared = rng.inserts(half, 1, writer_count);
    const auto a_only = rng.inserts(n - half, 1, writer_count / 2);
    const auto b_only = rng.inserts(n - half, writer_count / 2 + 1, writer_count);
    auto w = std::make_unique<workload>();
    w->single = rng.inserts(n, 1, writer_count);
    w->hearsay = build_replicas<hearsay_set>(shared, a_only, b_only, w->single);
    w->textbook = build_replicas<textbook_set>(shared, a_only, b_only, w->single);

    std::vector<std::uint64_t> probes;
    const std::vector<insert_op>* histories[] = {&shared, &a_only, &b_only, &w->single};
    for (const auto* ops : histories)
        for (const auto& op : *ops)
            probes.push_back(op.element);
    for (int i = 0; i < 100; ++i)
        probes.push_back(rng.distinct()); // never inserted

    const auto& h = w->hearsay;
    const auto& t = w->textbook;
    require(h.a.size() == n && h.b.size() == n && h.single.size() == n, "replica sizes");
    require_same(h.a, t.a, probes, "replica a: hearsay and textbook differ");
    require_same(h.b, t.b, probes, "replica b: hearsay and textbook differ");
    require_same(h.single, t.single, probes, "single replica: hearsay and textbook differ");
    hearsay_set hj = h.a;
    textbook_set tj = t.a;
    require(hj.merge(h.b) && tj.merge(t.b), "merge of half-shared replicas changes nothing");
    require(hj.size() == half + 2 * (n - half), "half-shared join has the wrong size");
    require_same(hj, tj, probes, "half-shared join: hearsay and textbook differ");
    return w;
}

const workload& workload_for(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<workload>> cache;
    auto& slot = cache[n];
    if (!slot)
        slot = build_workload(n);
    return *slot;
}

template <class Set> const replicas<Set>& replicas_for(std::size_t n) {
    if constexpr (std::is_same_v<Set, hearsay_set>)
        return workload_for(n).hearsay;
    else
        return workload_for(n).textbook;
}

// Operations per timed batch: enough to make the two clock readings
// negligible, few enough that the set stays within 1% of its size.
std::size_t batch_for(std::size_t n) {
    return std::max<std::size_t>(n / 100, 10);
}

template <class Set> void merge_half_shared(benchmark::State& state, std::size_t n) {
    const auto& r = replicas_for<Set>(n);
    Set target;
    time_each(
        state, [&] { target = r.a; },
        [&] {
            bool changed = target.merge(r.b);
            benchmark::DoNotOptimize(changed);
        });
}

template <class Set> void merge_identical(benchmark::State& state, std::size_t n) {
    const auto& r = replicas_for<Set>(n);
    Set target = r.a;
    const Set other = r.a; // a distinct object, so merge cannot shortcut on identity
    require(!target.merge(other), "merge of identical replicas reports a change");
    time_repeated(state, [&] {
        bool changed = target.merge(other);
        benchmark::DoNotOptimize(changed);
    });
}

// Merges, one at a time, the deltas of fresh insertions made at `source`, a
// replica in the same state as `target`. Between batches both replicas erase
// the batch's elements (untimed), so they return to N elements and stay equal.
template <class Set> void merge_insert_delta(benchmark::State& state, std::size_t n) {
    const auto& r = replicas_for<Set>(n);
    const std::size_t batch = batch_for(n);
    Set target = r.single;
    Set source = r.single;
    std::vector<Set> deltas(batch);
    std::vector<std::uint64_t> elements;
    workload_rng rng(workload_seed ^ 0xde17a);
    bool checked = false;
    time_in_batches(
        state, batch,
        [&] {
            for (const std::uint64_t x : elements) {
                static_cast<void>(target.erase(x));
                static_cast<void>(source.erase(x));
            }
            if (!elements.empty() && !checked) {
                require(target == source, "delta cycle leaves the replicas unequal");
                checked = true;
            }
            elements.clear();
            for (auto& delta : deltas) {
                std::uint64_t x = rng.any();
                while (source.contains(x))
                    x = rng.any();
                delta = source.insert(rng.writer(1, writer_count), x);
                elements.push_back(x);
            }
        },
        [&](std::size_t i) {
            bool changed = target.merge(deltas[i]);
            benchmark::DoNotOptimize(changed);
        });
}

// Inserts fresh elements one at a time, keeping each delta; the untimed setup
// erases the previous batch's elements and draws the next batch.
template <class Set> void insert_fresh(benchmark::State& state, std::size_t n) {
    const auto& r = replicas_for<Set>(n);
    const std::size_t batch = batch_for(n);
    Set target = r.single;
    std::vector<insert_op> ops(batch, insert_op{0, 0});
    workload_rng rng(workload_seed ^ 0x1);
    bool first = true;
    time_in_batches(
        state, batch,
        [&] {
            if (!first)
                for (const auto& op : ops)
                    static_cast<void>(target.erase(op.element));
            first = false;
            for (auto& op : ops) {
                op.writer = rng.writer(1, writer_count);
                do
                    op.element = rng.any();
                while (target.contains(op.element));
            }
        },
        [&](std::size_t i) {
            auto delta = target.insert(ops[i].writer, ops[i].element);
            benchmark::DoNotOptimize(delta);
        });
}

// Erases present elements one at a time, keeping each delta; the untimed
// setup inserts the previous batch's elements again and picks the next batch
// (evenly spaced from a random start, hence distinct).
template <class Set> void erase_present(benchmark::State& state, std::size_t n) {
    const auto& all = workload_for(n).single;
    const std::size_t batch = batch_for(n);
    const std::size_t stride = n / batch;
    Set target = replicas_for<Set>(n).single;
    std::vector<std::uint64_t> victims;
    workload_rng rng(workload_seed ^ 0xe);
    time_in_batches(
        state, batch,
        [&] {
            for (const std::uint64_t x : victims)
                static_cast<void>(target.insert(rng.writer(1, writer_count), x));
            victims.clear();
            const std::size_t start = static_cast<std::size_t>(rng.below(n));
            for (std::size_t i = 0; i < batch; ++i)
                victims.push_back(all[(start + i * stride) % n].element);
        },
        [&](std::size_t i) {
            auto delta = target.erase(victims[i]);
            benchmark::DoNotOptimize(delta);
        });
}

void report_bytes_per_element(benchmark::State& state, std::int64_t bytes, std::size_t n) {
    state.counters["bytes_per_element"] =
        benchmark::Counter(static_cast<double>(bytes) / static_cast<double>(n));
}

// Live heap bytes of a replica built by N single insertions (deltas dropped).
template <class Set> void memory_by_inserts(benchmark::State& state, std::size_t n) {
    const auto& ops = workload_for(n).single;
    Set built;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        built = Set{};
        const std::int64_t before = live_heap_bytes();
        replay(built, ops);
        bytes = live_heap_bytes() - before;
    }
    require(built == replicas_for<Set>(n).single, "replica built for memory differs");
    report_bytes_per_element(state, bytes, n);
}

// Live heap bytes of an empty replica after merging a whole N-element state.
template <class Set> void memory_by_merge(benchmark::State& state, std::size_t n) {
    const auto& source = replicas_for<Set>(n).single;
    Set received;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        received = Set{};
        const std::int64_t before = live_heap_bytes();
        static_cast<void>(received.merge(source));
        bytes = live_heap_bytes() - before;
    }
    require(received == source, "replica received for memory differs");
    report_bytes_per_element(state, bytes, n);
}

std::string name(const char* measure, const char* impl, std::size_t n) {
    return std::string("or_set/") + measure + "/" + impl + "/" + std::to_string(n);
}

using run_function = void (*)(benchmark::State&, std::size_t);

struct measure {
    const char* name;
    run_function hearsay;
    run_function textbook;
    benchmark::TimeUnit unit;
    bool manual_time; // see support/timing.hpp
};

benchmark::internal::Benchmark* add(const measure& m, const char* impl, run_function run,
                                    std::size_t n) {
    auto* b =
        add_benchmark(name(m.name, impl, n), [run, n](benchmark::State& state) { run(state, n); });
    b->Unit(m.unit);
    if (m.manual_time)
        b->UseManualTime();
    return b;
}

} // namespace

void register_or_set_benchmarks() {
    using benchmark::kMicrosecond;
    using benchmark::kMillisecond;
    using benchmark::kNanosecond;
    const measure timed[] = {
        {"merge_half_shared", merge_half_shared<hearsay_set>, merge_half_shared<textbook_set>,
         kMicrosecond, true},
        {"merge_identical", merge_identical<hearsay_set>, merge_identical<textbook_set>,
         kMicrosecond, false},
        {"merge_insert_delta", merge_insert_delta<hearsay_set>, merge_insert_delta<textbook_set>,
         kNanosecond, true},
        {"insert", insert_fresh<hearsay_set>, insert_fresh<textbook_set>, kNanosecond, true},
        {"erase", erase_present<hearsay_set>, erase_present<textbook_set>, kNanosecond, true},
    };
    // By measure, then size, hearsay first: each pair of adjacent rows compares.
    for (const auto& m : timed) {
        for (const std::size_t n : sizes) {
            add(m, "hearsay", m.hearsay, n);
            add(m, "textbook", m.textbook, n);
        }
    }
    // One pass each: the counter is exact, and the time is only the cost of building.
    const measure memory[] = {
        {"memory_by_inserts", memory_by_inserts<hearsay_set>, memory_by_inserts<textbook_set>,
         kMillisecond, false},
        {"memory_by_merge", memory_by_merge<hearsay_set>, memory_by_merge<textbook_set>,
         kMillisecond, false},
    };
    for (const auto& m : memory) {
        add(m, "hearsay", m.hearsay, memory_size)->Iterations(1);
        add(m, "textbook", m.textbook, memory_size)->Iterations(1);
    }
}

} // namespace hearsay_bench
