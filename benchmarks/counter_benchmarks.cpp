// g_counter and pn_counter against their textbook std::map forms, with 1,000
// writers: merge of two counters that differ in every entry (each side ahead
// in about half of them), and merge of two identical counters.

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits> // is_same
#include <vector>

#include <benchmark/benchmark.h>
#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/crdt/pn_counter.hpp>

#include "baseline/textbook_g_counter.hpp"
#include "baseline/textbook_pn_counter.hpp"
#include "registry.hpp"
#include "support/check.hpp"
#include "support/timing.hpp"
#include "support/workload.hpp"

namespace hearsay_bench {
namespace {

constexpr std::uint64_t writer_count = 1000;

// Per writer, two different amounts: one for replica a, one for replica b.
struct amounts {
    std::vector<std::uint64_t> a;
    std::vector<std::uint64_t> b;
};

amounts draw_amounts(workload_rng& rng) {
    amounts out;
    for (std::uint64_t w = 0; w < writer_count; ++w) {
        const std::uint64_t x = 1 + rng.below(1000000);
        std::uint64_t y = 1 + rng.below(1000000);
        if (y == x)
            ++y;
        out.a.push_back(x);
        out.b.push_back(y);
    }
    return out;
}

template <class Counter> struct counter_pair {
    Counter a;
    Counter b;
};

// Replica a has each writer's increments (and decrements) up to the amounts
// in `up.a` (`down.a`); replica b up to `up.b` (`down.b`).
template <class Counter> counter_pair<Counter> build_pair(const amounts& up, const amounts* down) {
    counter_pair<Counter> r;
    for (std::uint64_t w = 0; w < writer_count; ++w) {
        const auto i = static_cast<std::size_t>(w);
        static_cast<void>(r.a.increment(w + 1, up.a[i]));
        static_cast<void>(r.b.increment(w + 1, up.b[i]));
        if constexpr (!std::is_same_v<Counter, hearsay::g_counter<>> &&
                      !std::is_same_v<Counter, textbook::textbook_g_counter<>>) {
            static_cast<void>(r.a.decrement(w + 1, down->a[i]));
            static_cast<void>(r.b.decrement(w + 1, down->b[i]));
        }
    }
    return r;
}

struct workload {
    counter_pair<hearsay::g_counter<>> hearsay_g;
    counter_pair<textbook::textbook_g_counter<>> textbook_g;
    counter_pair<hearsay::pn_counter<>> hearsay_pn;
    counter_pair<textbook::textbook_pn_counter<>> textbook_pn;
};

template <class H, class T> void require_same(const counter_pair<H>& h, const counter_pair<T>& t) {
    require(h.a.value() == t.a.value() && h.b.value() == t.b.value(), "counters differ");
    H hj = h.a;
    T tj = t.a;
    require(hj.merge(h.b) && tj.merge(t.b), "counter merge changes nothing");
    require(hj.value() == tj.value(), "counter joins differ");
}

workload build_workload() {
    workload_rng rng(workload_seed + writer_count);
    const amounts up = draw_amounts(rng);
    const amounts down = draw_amounts(rng);
    workload w{build_pair<hearsay::g_counter<>>(up, nullptr),
               build_pair<textbook::textbook_g_counter<>>(up, nullptr),
               build_pair<hearsay::pn_counter<>>(up, &down),
               build_pair<textbook::textbook_pn_counter<>>(up, &down)};
    require_same(w.hearsay_g, w.textbook_g);
    require_same(w.hearsay_pn, w.textbook_pn);
    return w;
}

const workload& workload_once() {
    static const workload w = build_workload();
    return w;
}

template <class Counter> const counter_pair<Counter>& pair_of() {
    const workload& w = workload_once();
    if constexpr (std::is_same_v<Counter, hearsay::g_counter<>>)
        return w.hearsay_g;
    else if constexpr (std::is_same_v<Counter, textbook::textbook_g_counter<>>)
        return w.textbook_g;
    else if constexpr (std::is_same_v<Counter, hearsay::pn_counter<>>)
        return w.hearsay_pn;
    else
        return w.textbook_pn;
}

template <class Counter> void merge_differing(benchmark::State& state) {
    const auto& r = pair_of<Counter>();
    Counter target;
    time_each(
        state, [&] { target = r.a; },
        [&] {
            bool changed = target.merge(r.b);
            benchmark::DoNotOptimize(changed);
        });
}

template <class Counter> void merge_identical(benchmark::State& state) {
    Counter target = pair_of<Counter>().a;
    const Counter other = target;
    require(!target.merge(other), "merge of identical counters reports a change");
    time_repeated(state, [&] {
        bool changed = target.merge(other);
        benchmark::DoNotOptimize(changed);
    });
}

template <class Hearsay, class Textbook> void add_pair(const std::string& type) {
    const std::string suffix = "/" + std::to_string(writer_count);
    add_benchmark(type + "/merge_differing/hearsay" + suffix, merge_differing<Hearsay>)
        ->UseManualTime()
        ->Unit(benchmark::kNanosecond);
    add_benchmark(type + "/merge_differing/textbook" + suffix, merge_differing<Textbook>)
        ->UseManualTime()
        ->Unit(benchmark::kNanosecond);
    add_benchmark(type + "/merge_identical/hearsay" + suffix, merge_identical<Hearsay>)
        ->Unit(benchmark::kNanosecond);
    add_benchmark(type + "/merge_identical/textbook" + suffix, merge_identical<Textbook>)
        ->Unit(benchmark::kNanosecond);
}

} // namespace

void register_counter_benchmarks() {
    add_pair<hearsay::g_counter<>, textbook::textbook_g_counter<>>("g_counter");
    add_pair<hearsay::pn_counter<>, textbook::textbook_pn_counter<>>("pn_counter");
}

} // namespace hearsay_bench
