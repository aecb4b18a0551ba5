// The lists a member table keeps beside its rows (member_index.hpp): after long seeded
// sequences of joins, status changes, evictions, erases and rounds, the live list and the
// departure queue say what a full scan of the table says.

#include "catch.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/membership/member_table.hpp"
#include "hearsay/gossip/membership/membership.hpp"

using namespace hearsay;

namespace {

using table_type = member_table<std::uint32_t, int>;

// What the test remembers of each gone member: when it went, in departures and in rounds.
struct gone_record {
    std::uint64_t order;
    std::uint64_t round;
};

struct model {
    std::map<std::uint32_t, gone_record> gone; // by address
    std::set<std::uint32_t> seeds;
    std::uint64_t departures = 0;
    std::uint64_t round = 0;

    // Follows the table after one operation: new departures, returns, erases.
    void follow(const table_type& t) {
        std::set<std::uint32_t> present;
        for (const auto& m : t.members()) {
            present.insert(m.address);
            if (is_live(m.status))
                gone.erase(m.address);
            else if (gone.count(m.address) == 0)
                gone[m.address] = {++departures, round};
        }
        for (auto it = gone.begin(); it != gone.end();)
            it = present.count(it->first) == 0 ? gone.erase(it) : std::next(it);
        for (auto it = seeds.begin(); it != seeds.end();)
            it = present.count(*it) == 0 ? seeds.erase(it) : std::next(it);
    }
};

// Checks the live list and the departure queue against a scan of the table.
void check_lists(const table_type& t, const model& m, bool ordered) {
    std::multiset<std::size_t> scanned_live;
    std::set<std::uint32_t> scanned_gone;
    bool found = true;
    for (std::size_t i = 0; i < t.size(); ++i) {
        found = found && t.find(t.at(i).address) == i;
        if (is_live(t.at(i).status))
            scanned_live.insert(i);
        else
            scanned_gone.insert(t.at(i).address);
    }
    REQUIRE(found);
    const auto view = t.live_members();
    std::multiset<std::size_t> listed_live;
    bool same = true;
    for (std::size_t k = 0; k < view.size(); ++k) {
        listed_live.insert(view.index(k));
        same = same && &view[k] == &t.at(view.index(k));
    }
    REQUIRE(same);
    REQUIRE(listed_live == scanned_live); // each live row once, no other
    // Current entries of the queue: one per gone member (its newest), in order of departure.
    std::map<std::uint32_t, std::size_t> newest; // by address: its last entry's position
    std::size_t at = 0;
    for (const auto& d : t.departures())
        newest[d.address] = at++;
    std::set<std::uint32_t> queued;
    std::uint64_t last = 0;
    bool in_order = true;
    at = 0;
    for (const auto& d : t.departures()) {
        const std::size_t i = t.find(d.address);
        if (newest[d.address] != at++ || i == t.size() || is_live(t.at(i).status))
            continue; // stale: it came back, went again, or was erased
        queued.insert(d.address);
        const auto g = m.gone.find(d.address);
        if (ordered && g != m.gone.end()) {
            in_order = in_order && g->second.order > last;
            last = g->second.order;
        }
    }
    REQUIRE(in_order);
    REQUIRE(queued == scanned_gone);
    REQUIRE(t.departures().size() <= 2 * t.size() + 17);
}

member_status random_status(std::mt19937_64& random) {
    return static_cast<member_status>(random() % 4);
}

void run(std::uint64_t seed, std::size_t capacity, std::uint64_t forget_after) {
    INFO("seed " << seed); // a seed that once failed becomes a named test of its own
    std::mt19937_64 random(seed);
    table_type t(capacity, forget_after);
    model m;
    const bool forgets = forget_after != std::numeric_limits<std::uint64_t>::max();
    for (int step = 0; step < 5000; ++step) {
        const auto address = static_cast<std::uint32_t>(1 + random() % 96);
        const std::uint64_t id = 1000 + address + 10000 * (random() % 8 == 0 ? 1 : 0);
        const std::size_t i = t.find(address);
        const std::uint64_t incarnation =
            i == t.size() ? random() % 3 : t.at(i).incarnation + random() % 3;
        const std::size_t before = t.size();
        switch (random() % 8) {
        case 0:
            t.add_seed(address);
            if (t.find(address) != t.size())
                m.seeds.insert(address);
            break;
        case 1:
            t.heard_from(address, id);
            break;
        case 2:
        case 3:
        case 4: // gossip, and the failure detector's marks (membership::mark applies them)
            t.apply(address, i == t.size() ? id : t.at(i).id, random_status(random), incarnation);
            break;
        case 5:
            if (t.size() > 0)
                t.erase_unverified(static_cast<std::size_t>(random() % t.size()));
            break;
        default:
            t.round_done();
            ++m.round;
            break;
        }
        if (t.size() > before)
            REQUIRE(t.size() <= capacity);
        m.follow(t);
        check_lists(t, m, !forgets);
        if (forgets) { // long-gone rows are erased, but seeds
            bool forgotten = true;
            for (const auto& [a, g] : m.gone)
                forgotten =
                    forgotten && (m.seeds.count(a) != 0 || m.round - g.round < forget_after);
            REQUIRE(forgotten);
        }
    }
}

} // namespace

TEST_CASE("member_index: the live list and the departures follow every change",
          "[gossip][membership]") {
    for (std::uint64_t seed = 1; seed <= 6; ++seed)
        run(seed, 64, std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("member_index: a full table makes room by erasing the member gone the longest",
          "[gossip][membership]") {
    for (std::uint64_t seed = 11; seed <= 16; ++seed)
        run(seed, 24, std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("member_index: members gone for the retention are forgotten, seeds are not",
          "[gossip][membership]") {
    for (std::uint64_t seed = 21; seed <= 26; ++seed)
        run(seed, 48, 5);
}

TEST_CASE("member_index: eviction takes the member that departed first", "[gossip][membership]") {
    table_type t(3);
    for (std::uint32_t a = 1; a <= 3; ++a)
        t.heard_from(a, 100 + a);
    t.apply(2, 102, member_status::dead, 0);
    t.apply(1, 101, member_status::left, 0);
    t.apply(3, 103, member_status::alive, 1);
    t.heard_from(4, 104); // full: 2, gone first, makes room
    CHECK(t.find(2) == t.size());
    CHECK(t.find(1) != t.size());
    t.heard_from(5, 105); // then 1
    CHECK(t.find(1) == t.size());
    t.heard_from(6, 106); // none is gone: refused
    CHECK(t.find(6) == t.size());
    CHECK(t.live_members().size() == 3);
}

TEST_CASE("member_index: marks of the failure detector and removals keep the lists",
          "[gossip][membership]") {
    std::mt19937_64 random(31);
    membership<std::uint32_t, int> members(1, gossip_config{}, 7, 8);
    for (std::uint32_t a = 2; a < 40; ++a)
        members.add_seed(a);
    for (int step = 0; step < 2000; ++step) {
        const auto& t = members.table();
        const auto i = static_cast<std::size_t>(random() % t.size());
        switch (random() % 4) {
        case 0:
            members.mark(i, member_status::suspect);
            break;
        case 1:
            members.mark(i, member_status::dead);
            break;
        case 2:
            members.remove(t.at(i).address);
            break;
        default:
            members.add_seed(t.at(i).address); // revives the dead
            break;
        }
        std::size_t live = 0;
        for (const auto& m : t.members())
            live += is_live(m.status) ? std::size_t{1} : std::size_t{0};
        const auto view = t.live_members();
        bool listed = view.size() == live;
        for (std::size_t k = 0; k < view.size(); ++k)
            listed = listed && is_live(view[k].status);
        REQUIRE(listed);
        members.status_changes().clear();
    }
}
