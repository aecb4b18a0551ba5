// news_queue: newest news first, each told its budget of times, gone ones dropped, and at most
// its capacity held.

#include <cstdint>
#include <vector>

#include "catch.hpp"
#include "hearsay/gossip/membership/news_queue.hpp"

using hearsay::news_pick;
using hearsay::news_queue;

namespace {

// Tells every news shown, up to `most`; returns the addresses told, in order.
std::vector<int> tell(news_queue<int>& q, std::size_t most) {
    std::vector<int> told;
    q.pick(32, [&](int a) {
        if (told.size() == most)
            return news_pick::full;
        told.push_back(a);
        return news_pick::told;
    });
    return told;
}

} // namespace

TEST_CASE("news queue: the newest news goes first, and fresh news about a member moves it to "
          "the front",
          "[membership][news]") {
    news_queue<int> q(16);
    q.push(1, 5);
    q.push(2, 5);
    q.push(3, 5);
    CHECK(tell(q, 2) == std::vector<int>{3, 2});
    q.push(1, 5); // it changed again
    CHECK(tell(q, 3) == std::vector<int>{1, 3, 2});
}

TEST_CASE("news queue: urgent news goes before all other news and is evicted last",
          "[membership][news]") {
    news_queue<int> q(4);
    q.push(1, 5, true); // a death
    q.push(2, 5);       // joins, newer
    q.push(3, 5);
    CHECK(tell(q, 2) == std::vector<int>{1, 3});
    q.push(4, 5, true);
    CHECK(tell(q, 4) == std::vector<int>{4, 1, 3, 2});
    q.push(5, 5);
    q.push(6, 5); // beyond the capacity: the oldest ordinary news (2, then 3) goes
    CHECK(tell(q, 8) == std::vector<int>{4, 1, 6, 5});
}

TEST_CASE("news queue: each news is told its budget of times, then leaves", "[membership][news]") {
    news_queue<int> q(16);
    q.push(7, 3);
    q.push(8, 1);
    CHECK(tell(q, 8) == std::vector<int>{8, 7});
    CHECK(tell(q, 8) == std::vector<int>{7});
    CHECK(tell(q, 8) == std::vector<int>{7});
    CHECK(q.empty());
}

TEST_CASE("news queue: skipped news stays, dropped news leaves, and a full message stops the "
          "walk",
          "[membership][news]") {
    news_queue<int> q(16);
    for (int a = 1; a <= 4; ++a)
        q.push(a, 2);
    std::vector<int> shown;
    q.pick(32, [&](int a) {
        shown.push_back(a);
        if (a == 4)
            return news_pick::skipped;
        if (a == 3)
            return news_pick::dropped;
        return a == 2 ? news_pick::told : news_pick::full;
    });
    CHECK(shown == std::vector<int>{4, 3, 2, 1});
    CHECK(q.size() == 3); // 4 and 1 untold, 2 told once of twice; 3 dropped
    CHECK(tell(q, 8) == std::vector<int>{4, 2, 1});
    CHECK(tell(q, 8) == std::vector<int>{4, 1});
    CHECK(q.empty());
}

TEST_CASE("news queue: beyond its capacity the oldest news goes, and a walk looks at a bounded "
          "number",
          "[membership][news]") {
    news_queue<int> q(3);
    for (int a = 1; a <= 5; ++a)
        q.push(a, 9);
    CHECK(q.size() == 3);
    std::vector<int> shown;
    q.pick(2, [&](int a) {
        shown.push_back(a);
        return news_pick::skipped;
    });
    CHECK(shown == std::vector<int>{5, 4});
    CHECK(tell(q, 8) == std::vector<int>{5, 4, 3});
}
