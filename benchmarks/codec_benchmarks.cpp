// The wire format: encode and decode throughput (bytes_per_second is the
// encoding's bytes over time) and the size of the encoding, for
//   - or_set<std::uint64_t> of 100,000 random 64-bit elements, each inserted by
//     one of 16 writers (ids 1..16), and
//   - or_map<std::string, or_set<std::string>> of 1,000 keys ("key-0000" ...)
//     with 10 elements each ("item-" and a random number), 16 writers.
// Encoders: `encode` into a std::vector reused across iterations (cleared, its
// capacity kept), `encode_to` into a fixed buffer, and `encoded_size`. Counters:
// `bytes` of the encoding, `bytes_per_element`, and for the or_set
// `beyond_element`, the bytes per element beyond the element's own varint
// (the dot: replica reference and counter, plus the context, amortised);
// `allocs`, heap blocks per operation.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <hearsay/codec/codec.hpp>
#include <hearsay/crdt/or_map.hpp>
#include <hearsay/crdt/or_set.hpp>

#include "registry.hpp"
#include "support/check.hpp"
#include "support/timing.hpp"
#include "support/workload.hpp"

namespace hearsay_bench {
namespace {

using number_set = hearsay::or_set<std::uint64_t>;
using string_set = hearsay::or_set<std::string>;
using string_map = hearsay::or_map<std::string, string_set>;

constexpr std::uint64_t writer_count = 16;
constexpr std::size_t set_size = 100000;
constexpr std::size_t key_count = 1000;
constexpr std::size_t elements_per_key = 10;

struct number_workload {
    number_set set;
    double element_varint_bytes = 0; // total varint size of the elements
};

const number_workload& numbers() {
    static const number_workload w = [] {
        number_workload out;
        workload_rng rng(workload_seed + 1);
        for (const auto& op : rng.inserts(set_size, 1, writer_count)) {
            static_cast<void>(out.set.insert(op.writer, op.element));
            out.element_varint_bytes += static_cast<double>(hearsay::varint_size(op.element));
        }
        require(out.set.size() == set_size, "or_set workload has every element");
        return out;
    }();
    return w;
}

const string_map& strings() {
    static const string_map m = [] {
        string_map out;
        workload_rng rng(workload_seed + 2);
        for (std::size_t k = 0; k < key_count; ++k) {
            std::string key = std::to_string(k);
            key = "key-" + std::string(4 - key.size(), '0') + key;
            for (std::size_t i = 0; i < elements_per_key; ++i) {
                const std::uint64_t writer = rng.writer(1, writer_count);
                std::string element = "item-" + std::to_string(rng.distinct() % 1000000000);
                static_cast<void>(out.update(writer, key, [&](string_set& s) {
                    return s.insert(writer, std::move(element));
                }));
            }
        }
        require(out.size() == key_count, "or_map workload has every key");
        return out;
    }();
    return m;
}

template <class T> std::vector<std::byte> encoding_of(const T& value) {
    std::vector<std::byte> out;
    hearsay::encode(value, out);
    return out;
}

template <class T>
void report_size(benchmark::State& state, std::size_t bytes, std::size_t elements) {
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
    state.counters["bytes"] = static_cast<double>(bytes);
    state.counters["bytes_per_element"] =
        static_cast<double>(bytes) / static_cast<double>(elements);
}

template <class T>
void encode_reused_vector(benchmark::State& state, const T& value, std::size_t elements) {
    std::vector<std::byte> out;
    hearsay::encode(value, out); // warm: the vector keeps this capacity
    time_repeated(state, [&] {
        out.clear();
        hearsay::encode(value, out);
        benchmark::DoNotOptimize(out.data());
    });
    require(out == encoding_of(value), "encode is deterministic");
    report_size<T>(state, out.size(), elements);
}

template <class T>
void encode_to_buffer(benchmark::State& state, const T& value, std::size_t elements) {
    std::vector<std::byte> buffer(hearsay::encoded_size(value));
    hearsay::encode_result written;
    time_repeated(state, [&] {
        written = hearsay::encode_to(value, buffer.data(), buffer.size());
        benchmark::DoNotOptimize(buffer.data());
    });
    require(written.fits && buffer == encoding_of(value), "encode_to writes the encoding");
    report_size<T>(state, written.size, elements);
}

template <class T>
void measure_size(benchmark::State& state, const T& value, std::size_t elements) {
    std::size_t size = 0;
    time_repeated(state, [&] {
        size = hearsay::encoded_size(value);
        benchmark::DoNotOptimize(size);
    });
    require(size == encoding_of(value).size(), "encoded_size is the encoding's size");
    report_size<T>(state, size, elements);
}

template <class T> void decode_all(benchmark::State& state, const T& value, std::size_t elements) {
    const std::vector<std::byte> bytes = encoding_of(value);
    const hearsay::bytes_view view(bytes.data(), bytes.size());
    require(hearsay::decode<T>(view).has_value() && *hearsay::decode<T>(view) == value,
            "decode inverts encode");
    time_repeated(state, [&] {
        auto decoded = hearsay::decode<T>(view);
        benchmark::DoNotOptimize(decoded);
    });
    report_size<T>(state, bytes.size(), elements);
}

void add_number_set(const char* name,
                    void (*run)(benchmark::State&, const number_set&, std::size_t)) {
    add_benchmark(std::string("codec/or_set_u64/") + name, [run](benchmark::State& state) {
        const number_workload& w = numbers();
        run(state, w.set, set_size);
        const double bytes = state.counters["bytes"].value;
        state.counters["beyond_element"] =
            (bytes - w.element_varint_bytes) / static_cast<double>(set_size);
    })->Unit(benchmark::kMicrosecond);
}

void add_string_map(const char* name,
                    void (*run)(benchmark::State&, const string_map&, std::size_t)) {
    add_benchmark(std::string("codec/or_map_string_or_set/") + name, [run](
                                                                         benchmark::State& state) {
        run(state, strings(), key_count * elements_per_key);
    })->Unit(benchmark::kMicrosecond);
}

} // namespace

void register_codec_benchmarks() {
    add_number_set("encode_reused_vector", encode_reused_vector<number_set>);
    add_number_set("encode_to_buffer", encode_to_buffer<number_set>);
    add_number_set("encoded_size", measure_size<number_set>);
    add_number_set("decode", decode_all<number_set>);
    add_string_map("encode_reused_vector", encode_reused_vector<string_map>);
    add_string_map("encode_to_buffer", encode_to_buffer<string_map>);
    add_string_map("encoded_size", measure_size<string_map>);
    add_string_map("decode", decode_all<string_map>);
}

} // namespace hearsay_bench
