// A program written the way a user of hearsay writes one: it sees only the public API.
// Every package test (Conan, vcpkg, the single header, pkg-config, find_package,
// add_subdirectory, FetchContent) builds and runs it. Three replicas of an OR-set edit
// concurrently, then each merges the others' deltas in its own order; the program exits
// non-zero unless all three end in the same, expected state and the headers carry the
// version the package claims.
#include <hearsay/hearsay.hpp>

#include <array>
#include <cstdint>
#include <cstring> // strcmp
#include <iostream>
#include <string>
#include <vector>

#define HEARSAY_CONSUMER_STR2(x) #x
#define HEARSAY_CONSUMER_STR(x) HEARSAY_CONSUMER_STR2(x)

namespace {

using fruit_set = hearsay::or_set<std::string>;

struct replica {
    std::uint64_t id = 0;
    fruit_set state;
    std::vector<fruit_set> deltas; // what this replica would gossip
};

template <class F> void edit(replica& r, F&& mutator) {
    r.deltas.push_back(mutator(r.state, r.id));
}

bool holds_exactly(const fruit_set& set, const std::vector<std::string>& expected) {
    if (set.size() != expected.size()) {
        return false;
    }
    for (const auto& fruit : expected) {
        if (!set.contains(fruit)) {
            return false;
        }
    }
    return true;
}

} // namespace

int main() {
    const char* const header_version =
        HEARSAY_CONSUMER_STR(HEARSAY_VERSION_MAJOR) "." HEARSAY_CONSUMER_STR(
            HEARSAY_VERSION_MINOR) "." HEARSAY_CONSUMER_STR(HEARSAY_VERSION_PATCH);
    if (std::strcmp(header_version, HEARSAY_EXPECTED_VERSION) != 0) {
        std::cerr << "headers say " << header_version << ", the package says "
                  << HEARSAY_EXPECTED_VERSION << '\n';
        return 1;
    }

    std::array<replica, 3> replicas{{{1, {}, {}}, {2, {}, {}}, {3, {}, {}}}};
    auto& first = replicas[0];
    auto& second = replicas[1];
    auto& third = replicas[2];

    edit(first, [](fruit_set& s, std::uint64_t self) { return s.insert(self, "apple"); });
    edit(first, [](fruit_set& s, std::uint64_t self) { return s.insert(self, "pear"); });
    // The second replica sees the first one's pear and removes it ...
    second.state.merge(first.deltas.back());
    edit(second, [](fruit_set& s, std::uint64_t) { return s.erase("pear"); });
    edit(second, [](fruit_set& s, std::uint64_t self) { return s.insert(self, "plum"); });
    // ... while the third adds a pear of its own, unaware: that add must survive.
    edit(third, [](fruit_set& s, std::uint64_t self) { return s.insert(self, "pear"); });

    // Each replica merges every other replica's deltas, the third one newest first.
    for (auto& receiver : replicas) {
        for (const auto& sender : replicas) {
            if (sender.id == receiver.id) {
                continue;
            }
            if (receiver.id == third.id) {
                for (auto d = sender.deltas.rbegin(); d != sender.deltas.rend(); ++d) {
                    receiver.state.merge(*d);
                }
            } else {
                for (const auto& d : sender.deltas) {
                    receiver.state.merge(d);
                }
            }
        }
    }

    const std::vector<std::string> expected{"apple", "pear", "plum"};
    for (const auto& r : replicas) {
        if (!(r.state == first.state) || !holds_exactly(r.state, expected)) {
            std::cerr << "replica " << r.id << " did not converge: " << r.state.size()
                      << " elements\n";
            return 1;
        }
    }
    std::cout << "hearsay " << header_version << ": 3 replicas converged on " << first.state.size()
              << " elements\n";
    return 0;
}
