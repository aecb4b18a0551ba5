// The engine against hostile or buggy peers, one test per attack class: each
// drives one engine through its public calls with datagrams written by hand,
// and asserts the bound the attack meets (bytes sent against bytes received,
// peak and lasting memory against the datagram's size, members and writers
// held) and that nothing honest is lost. Memory is counted by
// support/allocations.hpp (plain builds; under a sanitizer only the other
// assertions run). CPU per byte is measured by the hostile benchmarks
// (benchmarks/hostile_benchmarks.cpp, docs/benchmarks.md), not by a clock here.

#include <cstddef>
#include <cstdint>
#include <utility> // pair
#include <vector>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"
#include "support/allocations.hpp"
#include "support/engine_harness.hpp"
#include "support/hostile_messages.hpp"

namespace {

using namespace hearsay;
using test::harness;
using test::of_kind;
using test::quiet_config;
using test::raw_context;
using test::rumor_of_bytes;
using test::scripted_peer;
using set_type = harness::set_type;
using digest_type = harness::digest_type;
using message = harness::message;
using bytes = std::vector<std::byte>;

std::size_t bytes_of(const std::vector<message>& sent) {
    std::size_t n = 0;
    for (const auto& m : sent)
        n += m.size;
    return n;
}

// An engine holding `n` elements, with member `peer` at address 2.
void fill(harness& h, std::uint64_t n) {
    for (std::uint64_t x = 0; x < n; ++x)
        h.insert(x * 7919 + 1);
}

} // namespace

TEST_CASE("hostile: counters past the limit are refused, free what they cost, and writing goes on",
          "[hostile][counters]") {
    harness h;
    fill(h, 200);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    const set_type before = h.engine.state();
    h.receive(2, rumor_of_bytes(p, raw_context({{7, ~std::uint64_t{0}}}), 1)); // first-use buffers
    for (const std::uint64_t top : {~std::uint64_t{0}, max_counter_value + 1}) {
        const bytes attack =
            rumor_of_bytes(p, raw_context({{7, top}, {h.engine.writer_id(), top}}), 1);
        const auto rejected = h.engine.stats().messages_rejected;
        const test::allocation_window window;
        h.receive(2, attack);
        const std::ptrdiff_t growth = window.growth();
        const std::size_t peak = window.peak();
        CHECK(h.engine.stats().messages_rejected == rejected + 1);
        CHECK(h.engine.state() == before);
        if (test::counting()) {
            INFO("peak " << peak << " bytes for a " << attack.size() << "-byte datagram");
            CHECK(growth == 0);
            CHECK(peak <= 64 * attack.size());
        }
    }
    CHECK(h.engine.stats().writer_clashes == 0);
    // Nothing wrapped: the peer's writes and the node's own still replicate.
    set_type theirs = before;
    h.receive(2, p.rumor(theirs.insert(7, 424242), 2));
    h.insert(99);
    CHECK(h.engine.state().contains(424242));
    CHECK(h.engine.state().contains(99));
    CHECK(h.engine.state().size() == before.size() + 2);
}

TEST_CASE("hostile: addresses that showed no token get at most 3x their bytes, all of them at most "
          "the round's reply budget, and cost the backlog's memory",
          "[hostile][amplification]") {
    gossip_config c = quiet_config();
    c.max_payload = 1400;
    c.round_reply_budget = 8 * 1400;
    c.unverified_backlog = 16 * 1024;
    REQUIRE(!c.validate());
    harness h(c);
    fill(h, 2000);
    h.round();
    const scripted_peer stranger{77};
    const bytes ask =
        stranger.digest(digest_type{}, detail::digest_whole | detail::digest_wants_reply);
    std::size_t in = 0;
    std::size_t out = 0;
    const test::allocation_window window;
    for (std::uint32_t address = 1000; address < 3000; ++address) { // spoofed sources
        const auto sent = h.receive(address, ask);
        in += ask.size();
        for (const auto& m : sent) {
            CHECK(m.kind == message_kind::token); // a token, never data
            out += m.size;
        }
    }
    const std::ptrdiff_t growth = window.growth();
    CHECK(out <= 3 * in);
    CHECK(out <= c.round_reply_budget);
    CHECK(out > 0);
    CHECK(h.engine.stats().replies_withheld > 0);
    CHECK(h.engine.members().empty()); // no stranger became a member
    if (test::counting()) {
        INFO("lasting growth " << growth << " bytes after " << in << " bytes from 2,000 addresses");
        CHECK(growth <= static_cast<std::ptrdiff_t>(2 * c.unverified_backlog));
    }
    // The next round's budget answers again.
    h.round();
    CHECK(!of_kind(h.receive(5000, ask), message_kind::token).empty());
}

TEST_CASE("hostile: a member that saw only the first dot of a writer gets one range, not a dot "
          "list",
          "[hostile][amplification]") {
    harness h;
    const std::uint64_t n = 20000;
    fill(h, n);
    for (std::uint64_t x = 0; x < n; ++x) // every element erased: the context alone remains
        h.engine.update([&](set_type& s, std::uint64_t) { return s.erase(x * 7919 + 1); });
    REQUIRE(h.engine.state().empty());
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    set_type lagging;
    lagging.insert(h.engine.writer_id(), 1); // saw dot 1 of the node's writer id, nothing since
    // The first reply brings the missing dots as one range; the second, once the contexts
    // agree, the removal of the one element it holds.
    for (int exchange = 0; exchange < 2; ++exchange) {
        const bytes ask = p.digest(sync_traits<set_type>::digest(lagging), detail::digest_whole);
        std::size_t out = 0;
        for (const auto& m : of_kind(h.receive(2, ask), message_kind::deltas)) {
            out += m.size;
            for (const auto& entry : m.entries)
                lagging.merge(entry.second);
        }
        INFO(out << " bytes in reply to a " << ask.size() << "-byte digest");
        CHECK(out <= 4 * ask.size());
    }
    CHECK(lagging.empty());
    CHECK(lagging.context().max_counter(h.engine.writer_id()) == n);
}

TEST_CASE("hostile: members asking for everything get at most their budget each, and all together "
          "at most the round's, and an honest one still gets everything",
          "[hostile][amplification]") {
    gossip_config c = quiet_config();
    c.max_payload = 1400;
    c.peer_reply_budget = 8 * 1400;
    c.round_reply_budget = 3 * c.peer_reply_budget;
    REQUIRE(!c.validate());
    harness h(c);
    fill(h, 2000);
    std::vector<scripted_peer> peers;
    for (std::uint32_t a = 2; a < 8; ++a) {
        peers.push_back(scripted_peer{a});
        h.join(a, peers.back());
    }
    h.round();
    std::size_t total = 0;
    for (std::size_t k = 0; k < peers.size(); ++k) {
        const auto address = static_cast<std::uint32_t>(k + 2);
        std::size_t mine = 0;
        for (int again = 0; again < 3; ++again)
            mine += bytes_of(h.receive(address, peers[k].digest(digest_type{})));
        CHECK(mine <= c.peer_reply_budget);
        total += mine;
    }
    CHECK(total <= c.round_reply_budget);
    CHECK(total >= c.round_reply_budget / 2); // the budget is spent, not wasted
    CHECK(h.engine.stats().replies_withheld > 0);

    // One member asks each round with what it holds: budgeted replies bring it everything.
    set_type held;
    int rounds = 0;
    for (; rounds < 40 && !(held == h.engine.state()); ++rounds) {
        h.round();
        for (const auto& m :
             of_kind(h.receive(2, peers[0].digest(sync_traits<set_type>::digest(held))),
                     message_kind::deltas))
            for (const auto& entry : m.entries)
                held.merge(entry.second);
    }
    INFO("converged after " << rounds << " rounds");
    CHECK(held == h.engine.state());
}

TEST_CASE("hostile: a delta claiming a huge counter costs memory in proportion to its bytes, and "
          "the replies it causes stay small",
          "[hostile][memory]") {
    harness h;
    fill(h, 200);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    scripted_peer q{3};
    h.join(3, q);
    const bytes attack = rumor_of_bytes(p, raw_context({{7, std::uint64_t{1} << 40}}), 1);
    std::ptrdiff_t growth = 0;
    std::size_t peak = 0;
    {
        const test::allocation_window window;
        h.receive(2, attack);
        growth = window.growth();
        peak = window.peak();
    }
    CHECK(h.engine.state().context().max_counter(7) == (std::uint64_t{1} << 40));
    if (test::counting()) {
        INFO("peak " << peak << ", lasting " << growth << " bytes for a " << attack.size()
                     << "-byte datagram");
        CHECK(peak <= 4096 + 64 * attack.size()); // the delta log keeps a copy; constant otherwise
        CHECK(growth <= static_cast<std::ptrdiff_t>(4096 + 64 * attack.size()));
    }
    // A peer that never saw writer 7 asks: the reply names its 2^40 dots as one range.
    set_type seen;
    for (const auto& m : of_kind(h.receive(3, q.digest(digest_type{})), message_kind::deltas))
        for (const auto& entry : m.entries)
            seen.merge(entry.second);
    CHECK(seen.context().max_counter(7) == (std::uint64_t{1} << 40));
    CHECK(seen == h.engine.state());
}

TEST_CASE("hostile: made-up writers stop at max_writers, and their memory stays in proportion",
          "[hostile][memory][writers]") {
    gossip_config c = quiet_config();
    c.max_writers = 2000;
    REQUIRE(!c.validate());
    harness h(c);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    std::size_t in = 0;
    std::ptrdiff_t growth = 0;
    std::size_t peak = 0;
    {
        const test::allocation_window window;
        for (std::uint64_t datagram = 0; datagram < 40; ++datagram) {
            std::vector<std::pair<std::uint64_t, std::uint64_t>> writers;
            for (std::uint64_t k = 0; k < 100; ++k) // 100 writers a datagram, 4,000 in all
                writers.emplace_back(1000 + datagram * 100 + k, 1 + k);
            const bytes attack = rumor_of_bytes(p, raw_context(writers), datagram + 1);
            in += attack.size();
            h.receive(2, attack);
        }
        growth = window.growth();
        peak = window.peak();
    }
    const auto& context = h.engine.state().context();
    CHECK(context.compact().size() + context.cloud().size() <= c.max_writers);
    CHECK(h.engine.stats().deltas_refused >= 20);
    if (test::counting()) {
        INFO("peak " << peak << ", lasting " << growth << " bytes for " << in << " bytes received");
        CHECK(peak <= 64 * in);
        CHECK(growth <= static_cast<std::ptrdiff_t>(64 * in));
    }
    // The digest follows the writers held, within their cap.
    bytes digest;
    encode(sync_traits<set_type>::digest(h.engine.state()), digest);
    CHECK(digest.size() <= 24 * c.max_writers);
}

TEST_CASE("hostile: a refused datagram from a member leaves no memory behind",
          "[hostile][memory]") {
    harness h;
    fill(h, 100);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    set_type big;
    for (std::uint64_t x = 0; x < 90; ++x)
        big.insert(5, x);
    bytes attack = p.rumor(big, 1);
    attack.push_back(std::byte{0}); // a trailing byte: the whole message is refused
    h.receive(2, attack);           // first-use buffers
    const auto rejected = h.engine.stats().messages_rejected;
    const set_type before = h.engine.state();
    const test::allocation_window window;
    h.receive(2, attack);
    const std::ptrdiff_t growth = window.growth();
    CHECK(h.engine.stats().messages_rejected == rejected + 1);
    CHECK(h.engine.state() == before);
    if (test::counting())
        CHECK(growth == 0);
}

TEST_CASE("hostile: gossip cannot make a running node leave, and its own leave still counts",
          "[hostile][membership]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p2{2};
    h.join(2, p2);
    scripted_peer p3{3};
    h.join(3, p3);
    // Member 3 says that member 2 left, and that this node left: both at a plausible incarnation.
    h.receive(3, p3.message(message_kind::members, [&](writer& w) {
        w.write_varint(2);
        detail::write_member(w, member<std::uint32_t>{2, 2, member_status::left, 1});
        detail::write_member(w, member<std::uint32_t>{9, h.engine.id(), member_status::left, 1});
    }));
    CHECK(h.engine.stats().refutations == 1); // this node is running: it refutes
    // Member 2 talks: it is told what is said of it, so that it can refute in turn.
    const auto told = of_kind(h.receive(2, p2.pull()), message_kind::members);
    REQUIRE(told.size() == 1);
    REQUIRE(told[0].members.size() == 1);
    CHECK(told[0].members[0].status == member_status::left);
    h.receive(2, p2.message(message_kind::alive, [](writer& w) { w.write_varint(2); }));
    std::size_t live = 0;
    for (const auto& m : h.engine.members())
        live += m.status == member_status::alive ? 1 : 0;
    CHECK(live == 2);
    // A leave from another address says nothing of member 2; member 2's own does.
    h.receive(3, p2.leave(3)); // p2's words, from member 3's address
    for (const auto& m : h.engine.members())
        if (m.address == 2)
            CHECK(m.status == member_status::alive);
    h.receive(2, p2.leave(3));
    for (const auto& m : h.engine.members())
        if (m.address == 2)
            CHECK(m.status == member_status::left);
}

TEST_CASE("hostile: an accusation bit on any status but suspect refuses the whole message",
          "[hostile][membership]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p2{2};
    h.join(2, p2);
    const auto rejected = h.engine.stats().messages_rejected;
    for (const member_status status :
         {member_status::alive, member_status::dead, member_status::left, member_status::suspect}) {
        h.receive(2, p2.message(message_kind::members, [&](writer& w) {
            w.write_varint(1);
            detail::write_member(w, member<std::uint32_t>{7, 7, status, 0}, true);
        }));
    }
    CHECK(h.engine.stats().messages_rejected == rejected + 3); // the suspect one is valid
}

TEST_CASE("hostile: digests that each cost a pass over the state are charged for it",
          "[hostile][cpu]") {
    gossip_config c = quiet_config();
    c.max_payload = 1400;
    c.peer_receive_budget = 4096;
    REQUIRE(!c.validate());
    harness h(c);
    fill(h, 4000);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    h.round();
    bytes state_bytes;
    encode(h.engine.state(), state_bytes);
    const std::size_t charge = state_bytes.size() / anti_entropy<set_type>::scan_divisor;
    REQUIRE(charge > 1000);
    // A digest unlike the node's (one element it lacks), again and again: each reply is small,
    // but each costs a pass over the node's 4,000 elements.
    set_type other;
    other.insert(5, 1);
    const bytes ask = p.digest(sync_traits<set_type>::digest(other));
    int handled = 0;
    while (h.engine.stats().over_budget == 0 && handled < 1000) {
        h.receive(2, ask);
        ++handled;
    }
    INFO(handled << " digests of " << ask.size() << " bytes, each charged " << charge);
    CHECK(h.engine.stats().over_budget == 1);
    CHECK(static_cast<std::size_t>(handled) <= c.peer_receive_budget / charge + 2);
}

TEST_CASE("hostile: a full member table makes room by evicting the member gone the longest",
          "[hostile][membership]") {
    gossip_config c = test::quiet_config();
    c.max_members = 4;
    REQUIRE(!c.validate());
    harness h(c);
    std::vector<scripted_peer> peers;
    for (std::uint32_t a = 2; a < 6; ++a) {
        peers.push_back(scripted_peer{a});
        h.join(a, peers.back());
    }
    REQUIRE(h.engine.members().size() == 4);
    // A fifth finds no room while every member is alive.
    scripted_peer extra{9};
    h.join(9, extra);
    CHECK(h.engine.members().size() == 4);
    // Members 3 then 4 die; the next newcomers take their places, the longest gone first.
    h.engine.remove_peer(3);
    h.engine.remove_peer(4);
    scripted_peer sixth{10};
    h.join(10, sixth);
    auto holds = [&](std::uint32_t address) {
        for (const auto& m : h.engine.members())
            if (m.address == address)
                return true;
        return false;
    };
    CHECK(h.engine.members().size() == 4);
    CHECK(holds(10));
    CHECK(!holds(3));
    CHECK(holds(4));
    scripted_peer seventh{11};
    h.join(11, seventh);
    CHECK(holds(11));
    CHECK(!holds(4));
    CHECK(holds(2));
    CHECK(holds(5));
}

TEST_CASE("hostile: news cannot give a known member a second address, unless it is newer",
          "[hostile][membership]") {
    harness h;
    scripted_peer p2{2};
    h.join(2, p2);
    scripted_peer p3{3};
    h.join(3, p3);
    auto news_of_2_at = [&](std::uint32_t address, std::uint64_t incarnation) {
        h.receive(3, p3.message(message_kind::members, [&](writer& w) {
            w.write_varint(1);
            detail::write_member(
                w, member<std::uint32_t>{address, 2, member_status::alive, incarnation});
        }));
    };
    auto holds = [&](std::uint32_t address) {
        for (const auto& m : h.engine.members())
            if (m.address == address)
                return true;
        return false;
    };
    news_of_2_at(50, 0); // member 2 is known at address 2, incarnation 0
    CHECK(!holds(50));
    news_of_2_at(51, 1); // a newer incarnation: it moved
    CHECK(holds(51));
}

TEST_CASE("hostile: 10000 made-up members stay within the table's bound and leave it",
          "[hostile][membership]") {
    gossip_config c = test::quiet_config();
    c.max_members = 500;
    c.fanout = 4;
    REQUIRE(!c.validate());
    harness h(c);
    scripted_peer honest{2};
    h.join(2, honest);
    scripted_peer liar{3};
    h.join(3, liar);
    // The liar names 10,000 members that do not exist, 100 a message.
    for (std::uint32_t first = 1000; first < 11000; first += 100) {
        h.receive(3, liar.message(message_kind::members, [&](writer& w) {
            w.write_varint(100);
            for (std::uint32_t a = first; a < first + 100; ++a)
                detail::write_member(w, member<std::uint32_t>{a, a, member_status::alive, 0});
        }));
        REQUIRE(h.engine.members().size() <= c.max_members);
    }
    CHECK(h.engine.members().size() == c.max_members); // the table filled, and no further
    // None of them answers its token message: rounds erase them, the real members stay.
    std::size_t rounds = 0;
    while (h.engine.members().size() > 2 && rounds < 2000) {
        h.round();
        ++rounds;
    }
    INFO("the made-up members were gone after " << rounds << " rounds");
    CHECK(h.engine.members().size() == 2);
    std::size_t real = 0;
    for (const auto& m : h.engine.members())
        real += m.address == 2 || m.address == 3;
    CHECK(real == 2);
}
