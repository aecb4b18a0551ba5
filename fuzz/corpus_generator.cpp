// hearsay_fuzz_corpus <directory>: writes a seed corpus for each fuzz target,
// <directory>/<target>/<type>-<n>, of valid encodings of states and deltas from
// seeded random replica histories (the generators of tests/support, plus
// string-valued mutators here). Every file it writes decodes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "engine_harness.hpp"
#include "hearsay/gossip/sync/digest_parts.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"
#include "support/crdt_types.hpp"
#include "support/generators.hpp"
#include "support/random.hpp"

namespace {

namespace fs = std::filesystem;
using namespace hearsay::testing;

std::size_t files_written = 0;

template <class T> void write(const fs::path& dir, const std::string& name, const T& value) {
    std::vector<std::byte> bytes;
    hearsay::encode(value, bytes);
    if (!hearsay::decode<T>(hearsay::as_bytes_view(bytes))) {
        std::fprintf(stderr, "hearsay_fuzz_corpus: %s does not decode\n", name.c_str());
        std::exit(1);
    }
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    ++files_written;
}

struct generator_mutation {
    template <class T> T operator()(T& state, std::uint64_t self, std::mt19937_64& rng) const {
        return random_mutation(state, self, rng);
    }
};

// Writes deltas and states of a three-replica history of T.
template <class T, class Mutate = generator_mutation>
void history(const fs::path& dir, const std::string& name, std::uint64_t seed, Mutate mutate = {}) {
    std::mt19937_64 rng(seed);
    std::vector<T> replicas(3);
    std::size_t written = 0;
    for (std::size_t step = 0; step < 48; ++step) {
        const std::size_t target = pick_index(rng, replicas.size());
        if (chance(rng, 75)) {
            T delta = mutate(replicas[target], replica_id(target), rng);
            if (step % 6 == 0)
                write(dir, name + "-delta-" + std::to_string(written++), delta);
        } else {
            replicas[target].merge(replicas[pick_index(rng, replicas.size())]);
        }
        if (step % 12 == 11)
            write(dir, name + "-state-" + std::to_string(written++), replicas[target]);
    }
}

std::string word(std::mt19937_64& rng) {
    static const char* const words[] = {"", "a", "apple", "banana", "cherry", "zz"};
    return words[pick_index(rng, std::size(words))];
}

hearsay::hlc_timestamp stamp(std::mt19937_64& rng) {
    const std::uint64_t ms = 1700000000000 + pick(rng, 3);
    return hearsay::hlc_timestamp(ms, static_cast<std::uint16_t>(pick(rng, 2)));
}

struct string_mutation {
    hearsay::g_counter<std::string> operator()(hearsay::g_counter<std::string>& c,
                                               std::uint64_t self, std::mt19937_64& rng) const {
        return c.increment("node-" + std::to_string(self), 1 + pick(rng, 200));
    }
    hearsay::g_set<std::string> operator()(hearsay::g_set<std::string>& s, std::uint64_t,
                                           std::mt19937_64& rng) const {
        return s.insert(word(rng));
    }
    hearsay::two_phase_set<std::string> operator()(hearsay::two_phase_set<std::string>& s,
                                                   std::uint64_t, std::mt19937_64& rng) const {
        return chance(rng, 60) ? s.insert(word(rng)) : s.erase(word(rng));
    }
    hearsay::lww_register<std::string> operator()(hearsay::lww_register<std::string>& r,
                                                  std::uint64_t self, std::mt19937_64& rng) const {
        std::string value = word(rng);
        return r.assign(std::move(value), stamp(rng), self);
    }
    hearsay::mv_register<std::string> operator()(hearsay::mv_register<std::string>& r,
                                                 std::uint64_t self, std::mt19937_64& rng) const {
        return r.assign(self, word(rng));
    }
    hearsay::or_set<std::uint64_t> operator()(hearsay::or_set<std::uint64_t>& s, std::uint64_t self,
                                              std::mt19937_64& rng) const {
        return chance(rng, 70) ? s.insert(self, rng() >> pick(rng, 64)) : s.clear();
    }
    hearsay::or_set<std::string> operator()(hearsay::or_set<std::string>& s, std::uint64_t self,
                                            std::mt19937_64& rng) const {
        return chance(rng, 65) ? s.insert(self, word(rng)) : s.erase(word(rng));
    }
    hearsay::or_set<int, std::string> operator()(hearsay::or_set<int, std::string>& s,
                                                 std::uint64_t self, std::mt19937_64& rng) const {
        return chance(rng, 65) ? s.insert("node-" + std::to_string(self), pick_int(rng, 0, 9))
                               : s.erase(pick_int(rng, 0, 9));
    }
    hearsay::lww_map<std::string, std::string>
    operator()(hearsay::lww_map<std::string, std::string>& m, std::uint64_t self,
               std::mt19937_64& rng) const {
        if (chance(rng, 30))
            return m.erase(word(rng));
        std::string key = word(rng);
        std::string value = word(rng);
        return m.insert_or_assign(self, std::move(key), std::move(value), stamp(rng));
    }
    hearsay::or_map<std::string, hearsay::pn_counter<>>
    operator()(hearsay::or_map<std::string, hearsay::pn_counter<>>& m, std::uint64_t self,
               std::mt19937_64& rng) const {
        if (chance(rng, 25))
            return m.erase(word(rng));
        return m.update(self, word(rng), [&](hearsay::pn_counter<>& c) {
            return chance(rng, 50) ? c.increment(self, 1 + pick(rng, 500))
                                   : c.decrement(self, 1 + pick(rng, 500));
        });
    }
};

fs::path target_dir(const fs::path& root, const char* target) {
    fs::path dir = root / target;
    fs::create_directories(dir);
    return dir;
}

// Records what three engines of State send each other while replicating a few updates, and
// writes each datagram alone and all of them in one input as seeds of the engine target.
template <class State, class Mutate>
void engine_exchange(const fs::path& dir, const std::string& name, std::uint8_t selector,
                     Mutate mutate) {
    using namespace hearsay_fuzz;
    hearsay::manual_clock clock;
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    config.max_payload = 1400;
    config.anti_entropy_rounds = 2;
    std::vector<keeping_transport> transports(3);
    std::vector<engine<State>> nodes;
    for (std::uint64_t i = 0; i < 3; ++i) {
        config.seed = i;
        config.writer_epoch = i + 1; // the same corpus at every run
        nodes.emplace_back(i + 1, transports[i], clock, config);
    }
    for (std::uint32_t i = 0; i < 3; ++i)
        nodes[i].add_peer((i + 1) % 3);
    std::vector<std::uint8_t> all{selector};
    int written = 0;
    for (int round = 0; round < 6; ++round) {
        nodes[static_cast<std::size_t>(round) % 3].update(
            [&](State& s, std::uint64_t self) { return mutate(s, self, round); });
        clock.advance(config.interval);
        for (auto& n : nodes)
            n.poll();
        for (std::size_t moved = 1; moved != 0;) {
            moved = 0;
            for (std::uint32_t i = 0; i < 3; ++i) {
                auto sent = std::move(transports[i].sent);
                transports[i].sent.clear();
                for (auto& [to, bytes] : sent) {
                    nodes[to].receive(i, hearsay::bytes_view(bytes.data(), bytes.size()));
                    ++moved;
                    std::vector<std::uint8_t> one{selector};
                    add_frame(one, static_cast<std::uint8_t>(i), bytes);
                    if (written < 40) {
                        std::ofstream(dir / (name + "-" + std::to_string(written++)),
                                      std::ios::binary)
                            .write(reinterpret_cast<const char*>(one.data()),
                                   static_cast<std::streamsize>(one.size()));
                    }
                    if (to == 0)
                        add_frame(all, static_cast<std::uint8_t>(i), bytes);
                }
            }
        }
        add_poll(all);
    }
    std::ofstream(dir / (name + "-all"), std::ios::binary)
        .write(reinterpret_cast<const char*>(all.data()), static_cast<std::streamsize>(all.size()));
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: hearsay_fuzz_corpus <directory>\n");
        return 2;
    }
    const fs::path root = argv[1];
    const string_mutation strings;

    const fs::path counters = target_dir(root, "counters");
    for (std::uint64_t seed : {1u, 2u}) {
        history<g_counter_type>(counters, "g_counter-" + std::to_string(seed), seed);
        history<pn_counter_type>(counters, "pn_counter-" + std::to_string(seed), seed);
    }
    history<hearsay::g_counter<std::string>>(counters, "g_counter_string", 3, strings);

    const fs::path sets = target_dir(root, "sets");
    history<g_set_type>(sets, "g_set", 1);
    history<two_phase_set_type>(sets, "two_phase_set", 2);
    history<hearsay::g_set<std::string>>(sets, "g_set_string", 3, strings);
    history<hearsay::two_phase_set<std::string>>(sets, "two_phase_set_string", 4, strings);

    const fs::path registers = target_dir(root, "registers");
    history<lww_register_type>(registers, "lww_register", 1);
    history<mv_register_type>(registers, "mv_register", 2);
    history<ew_flag_type>(registers, "ew_flag", 3);
    history<dw_flag_type>(registers, "dw_flag", 4);
    history<hearsay::lww_register<std::string>>(registers, "lww_register_string", 5, strings);
    history<hearsay::mv_register<std::string>>(registers, "mv_register_string", 6, strings);

    const fs::path or_sets = target_dir(root, "or_set");
    for (std::uint64_t seed : {1u, 2u, 3u})
        history<or_set_type>(or_sets, "or_set-" + std::to_string(seed), seed);
    history<hearsay::or_set<std::uint64_t>>(or_sets, "or_set_u64", 4, strings);
    history<hearsay::or_set<std::string>>(or_sets, "or_set_string", 5, strings);
    history<hearsay::or_set<int, std::string>>(or_sets, "or_set_named", 6, strings);

    const fs::path maps = target_dir(root, "or_map");
    history<map_of_or_set>(maps, "map_of_or_set", 1);
    history<map_of_pn_counter>(maps, "map_of_pn_counter", 2);
    history<map_of_g_counter>(maps, "map_of_g_counter", 3);
    history<map_of_mv_register>(maps, "map_of_mv_register", 4);
    history<map_of_ew_flag>(maps, "map_of_ew_flag", 5);
    history<map_of_dw_flag>(maps, "map_of_dw_flag", 6);
    history<map_of_lww_register>(maps, "map_of_lww_register", 7);
    history<map_of_g_set>(maps, "map_of_g_set", 8);
    history<map_of_two_phase_set>(maps, "map_of_two_phase_set", 9);
    history<map_of_map_of_or_set>(maps, "map_of_map_of_or_set", 10);
    history<map_of_map_of_map_of_pn_counter>(maps, "map_3_pn_counter", 11);
    history<lww_map_type>(maps, "lww_map", 12);
    history<hearsay::or_map<int, lww_map_type>>(maps, "map_of_lww_map", 13);
    history<hearsay::lww_map<std::string, std::string>>(maps, "lww_map_string", 14, strings);
    history<hearsay::or_map<std::string, hearsay::pn_counter<>>>(maps, "map_string_pn", 15,
                                                                 strings);

    const fs::path engines = target_dir(root, "engine");
    engine_exchange<hearsay_fuzz::cart_type>(
        engines, "cart", 0, [](hearsay_fuzz::cart_type& s, std::uint64_t self, int round) {
            return s.update(self, "cart-" + std::to_string(round % 2),
                            [&](hearsay::or_set<std::string>& items) {
                                return items.insert(self, "item-" + std::to_string(round));
                            });
        });
    engine_exchange<hearsay_fuzz::counter_type>(
        engines, "counter", 1, [](hearsay_fuzz::counter_type& s, std::uint64_t self, int round) {
            return round % 2 ? s.decrement(self, 2) : s.increment(self, 5);
        });
    engine_exchange<hearsay_fuzz::register_type>(
        engines, "register", 2, [](hearsay_fuzz::register_type& s, std::uint64_t self, int round) {
            return s.assign("v" + std::to_string(round), static_cast<std::uint64_t>(round), self);
        });
    engine_exchange<hearsay_fuzz::set_type>(
        engines, "g_set", 3, [](hearsay_fuzz::set_type& s, std::uint64_t, int round) {
            return s.insert(static_cast<std::uint64_t>(round) * 977);
        });

    const fs::path values = target_dir(root, "values");
    write(values, "int64", std::int64_t{-123456789});
    write(values, "uint16", std::uint16_t{65535});
    write(values, "string", std::string("hearsay"));
    write(values, "pairs", std::vector<std::pair<int, std::string>>{{1, "a"}, {-2, "bc"}});
    write(values, "array", std::array<std::uint16_t, 3>{1, 300, 65535});
    write(values, "bools", std::vector<std::vector<bool>>{{true}, {}, {false, true}});
    write(values, "timestamp", hearsay::hlc_timestamp(1700000000000, 3));
    write(values, "dot", hearsay::dot<std::uint64_t>{5, 9});
    hearsay::causal_context<std::uint64_t> context;
    for (std::uint64_t c : {1u, 2u, 3u, 5u, 9u})
        context.insert({1, c});
    context.insert({4, 2});
    write(values, "context", context);
    write(values, "version_vector", context.compact());
    hearsay::causal_context<std::string> named;
    named.insert({"a", 1});
    named.insert({"b", 3});
    write(values, "context_string", named);
    // Digests: whole, and parts split by origin and inside one origin by counter range.
    hearsay::or_set<int> gapped;
    hearsay::or_set<int> full;
    for (int i = 0; i < 40; ++i) {
        const auto delta = full.insert(static_cast<std::uint64_t>(1 + i % 2), i);
        if (i % 3 != 0)
            gapped.merge(delta);
    }
    using causal = hearsay::sync_traits<hearsay::or_set<int>>;
    const auto digest = causal::digest(gapped);
    write(values, "digest", digest);
    std::vector<causal::digest_type> parts;
    hearsay::split_digest_to_fit<hearsay::or_set<int>>(digest, hearsay::digest_split_floor, parts);
    for (std::size_t i = 0; i < parts.size() && i < 4; ++i)
        write(values, "digest_part_" + std::to_string(i), parts[i]);
    hearsay::pn_counter<> counts;
    counts.increment(3, 7);
    counts.decrement(5, 2);
    write(values, "counter_digest", hearsay::sync_traits<hearsay::pn_counter<>>::digest(counts));

    std::printf("hearsay_fuzz_corpus: %zu files in %s\n", files_written, root.string().c_str());
    return 0;
}
