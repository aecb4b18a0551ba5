#ifndef HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_DOT_MAP_HPP
#define HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_DOT_MAP_HPP

// The dot store of the textbook OR-set: element -> the dots of the insertions
// that added it, one tree node per element and one per dot. The join below is
// the textbook one (Almeida, Shoker, Baquero 2018): a dot survives if both
// sides hold it, or if one side holds it and the other has never seen it.

#include <iterator> // next
#include <map>
#include <set>
#include <utility> // move

#include "baseline/textbook_causal_context.hpp"

namespace hearsay_bench::textbook {

template <class T, class Id> using dot_map = std::map<T, std::set<dot<Id>>>;

/// Joins the dots of one element; returns whether `mine` changed.
template <class Id>
bool join_dots(std::set<dot<Id>>& mine, const std::set<dot<Id>>& theirs,
               const causal_context<Id>& ours_seen, const causal_context<Id>& theirs_seen) {
    bool changed = false;
    for (auto it = mine.begin(); it != mine.end();) {
        if (theirs.count(*it) == 0 && theirs_seen.contains(*it)) {
            it = mine.erase(it); // they saw it and removed it
            changed = true;
        } else {
            ++it;
        }
    }
    for (const auto& d : theirs) {
        if (!ours_seen.contains(d) && mine.insert(d).second)
            changed = true; // new to us
    }
    return changed;
}

/// Joins `theirs` into `mine` given both sides' contexts, walking both maps in
/// key order; returns whether `mine` changed. The contexts are not joined here.
template <class T, class Id>
bool join_dot_map(dot_map<T, Id>& mine, const dot_map<T, Id>& theirs,
                  const causal_context<Id>& ours_seen, const causal_context<Id>& theirs_seen) {
    bool changed = false;
    auto a = mine.begin();
    auto b = theirs.begin();
    while (a != mine.end() || b != theirs.end()) {
        if (b == theirs.end() || (a != mine.end() && a->first < b->first)) { // only ours
            for (auto d = a->second.begin(); d != a->second.end();) {
                if (theirs_seen.contains(*d)) {
                    d = a->second.erase(d);
                    changed = true;
                } else {
                    ++d;
                }
            }
            a = a->second.empty() ? mine.erase(a) : std::next(a);
        } else if (a == mine.end() || b->first < a->first) { // only theirs
            std::set<dot<Id>> fresh;
            for (const auto& d : b->second)
                if (!ours_seen.contains(d))
                    fresh.insert(d);
            if (!fresh.empty()) {
                mine.emplace_hint(a, b->first, std::move(fresh));
                changed = true;
            }
            ++b;
        } else { // both
            changed = join_dots(a->second, b->second, ours_seen, theirs_seen) || changed;
            a = a->second.empty() ? mine.erase(a) : std::next(a);
            ++b;
        }
    }
    return changed;
}

} // namespace hearsay_bench::textbook

#endif
