// or_map<std::uint64_t, or_set<std::uint64_t>> against the textbook map of
// OR-sets: merge of two replicas, 1,000 keys x 10 elements each, half shared.
//
// Every key is on both replicas. Under each key, 5 insertions (random writers
// 1..16) reach both replicas; then replica a alone receives 5 more per key by
// writers 1..8 and replica b alone 5 per key by writers 9..16. Each replica
// holds 10 elements per key, 5 of them shared; the join holds 15 per key.

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits> // is_same
#include <vector>

#include <benchmark/benchmark.h>
#include <hearsay/crdt/or_map.hpp>
#include <hearsay/crdt/or_set.hpp>

#include "baseline/textbook_or_map.hpp"
#include "registry.hpp"
#include "support/check.hpp"
#include "support/timing.hpp"
#include "support/workload.hpp"

namespace hearsay_bench {
namespace {

using hearsay_map = hearsay::or_map<std::uint64_t, hearsay::or_set<std::uint64_t>>;
using textbook_map = textbook::textbook_or_map<std::uint64_t, std::uint64_t>;

constexpr std::uint64_t writer_count = 16;
constexpr std::size_t key_count = 1000;
constexpr std::size_t elements_per_key = 10;

struct map_insert_op {
    std::uint64_t writer;
    std::uint64_t key;
    std::uint64_t element;
};

void apply(hearsay_map& m, const map_insert_op& op) {
    static_cast<void>(m.update(op.writer, op.key, [&](hearsay::or_set<std::uint64_t>& s) {
        return s.insert(op.writer, op.element);
    }));
}

void apply(textbook_map& m, const map_insert_op& op) {
    static_cast<void>(m.insert(op.writer, op.key, op.element));
}

template <class Map> struct replica_pair {
    Map a;
    Map b;
};

template <class Map>
replica_pair<Map> build_pair(const std::vector<map_insert_op>& shared,
                             const std::vector<map_insert_op>& a_only,
                             const std::vector<map_insert_op>& b_only) {
    replica_pair<Map> r;
    for (const auto& op : shared)
        apply(r.a, op);
    r.b = r.a;
    for (const auto& op : a_only)
        apply(r.a, op);
    for (const auto& op : b_only)
        apply(r.b, op);
    return r;
}

bool holds(const hearsay_map& m, std::uint64_t key, std::uint64_t element) {
    const auto it = m.find(key);
    return it != m.end() && it->second.contains(element);
}

void require_same(const hearsay_map& h, const textbook_map& t,
                  const std::vector<map_insert_op>& probes, const char* what) {
    require(h.size() == t.size(), what);
    for (const auto& op : probes) {
        require(h.contains(op.key) == t.contains(op.key), what);
        require(holds(h, op.key, op.element) == t.contains(op.key, op.element), what);
    }
}

struct workload {
    replica_pair<hearsay_map> hearsay;
    replica_pair<textbook_map> textbook;
};

workload build_workload() {
    workload_rng rng(workload_seed + key_count * elements_per_key);
    std::vector<std::uint64_t> keys;
    for (std::size_t k = 0; k < key_count; ++k)
        keys.push_back(rng.distinct());
    std::vector<map_insert_op> shared;
    std::vector<map_insert_op> a_only;
    std::vector<map_insert_op> b_only;
    const std::size_t half = elements_per_key / 2;
    for (const std::uint64_t key : keys) {
        for (std::size_t i = 0; i < half; ++i) {
            shared.push_back({rng.writer(1, writer_count), key, rng.distinct()});
            a_only.push_back({rng.writer(1, writer_count / 2), key, rng.distinct()});
            b_only.push_back({rng.writer(writer_count / 2 + 1, writer_count), key, rng.distinct()});
        }
    }
    workload w{build_pair<hearsay_map>(shared, a_only, b_only),
               build_pair<textbook_map>(shared, a_only, b_only)};

    std::vector<map_insert_op> probes = shared;
    probes.insert(probes.end(), a_only.begin(), a_only.end());
    probes.insert(probes.end(), b_only.begin(), b_only.end());
    probes.push_back({1, rng.distinct(), rng.distinct()}); // absent key
    require(w.hearsay.a.size() == key_count, "or_map replica size");
    require_same(w.hearsay.a, w.textbook.a, probes, "or_map replica a: implementations differ");
    require_same(w.hearsay.b, w.textbook.b, probes, "or_map replica b: implementations differ");
    hearsay_map hj = w.hearsay.a;
    textbook_map tj = w.textbook.a;
    require(hj.merge(w.hearsay.b) && tj.merge(w.textbook.b), "or_map merge changes nothing");
    require_same(hj, tj, probes, "or_map join: implementations differ");
    for (const std::uint64_t key : keys)
        require(hj.find(key)->second.size() == elements_per_key + half, "or_map join key size");
    return w;
}

const workload& workload_once() {
    static const workload w = build_workload();
    return w;
}

template <class Map> const replica_pair<Map>& pair_of() {
    if constexpr (std::is_same_v<Map, hearsay_map>)
        return workload_once().hearsay;
    else
        return workload_once().textbook;
}

template <class Map> void merge_half_shared(benchmark::State& state) {
    const auto& r = pair_of<Map>();
    Map target;
    time_each(
        state, [&] { target = r.a; },
        [&] {
            bool changed = target.merge(r.b);
            benchmark::DoNotOptimize(changed);
        });
}

} // namespace

void register_or_map_benchmarks() {
    const std::string suffix =
        "/" + std::to_string(key_count) + "x" + std::to_string(elements_per_key);
    add_benchmark("or_map/merge_half_shared/hearsay" + suffix, merge_half_shared<hearsay_map>)
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
    add_benchmark("or_map/merge_half_shared/textbook" + suffix, merge_half_shared<textbook_map>)
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
}

} // namespace hearsay_bench
