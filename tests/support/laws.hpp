#ifndef HEARSAY_TESTS_SUPPORT_LAWS_HPP
#define HEARSAY_TESTS_SUPPORT_LAWS_HPP

// The algebra every CRDT promises, as checks that record the laws broken
// instead of asserting: property tests run thousands of them per type, and each
// broken law is reported once, with the seed and step that reproduce it.

#include <cstddef>
#include <string>
#include <utility> // move
#include <vector>

namespace hearsay::testing {

/// Names a law that failed, the step at which it first failed, and how often it failed.
struct broken_law {
    std::string law;
    std::size_t first_step = 0;
    std::size_t failures = 0;
};

/// Counts law checks and remembers every law that failed, with where it first did.
class law_checker {
  public:
    /// Sets the step that later failures are attributed to.
    void at_step(std::size_t step) { step_ = step; }

    /// Records one check of `law`.
    void expect(bool holds, const char* law) {
        ++checks_;
        if (holds)
            return;
        for (auto& known : broken_) {
            if (known.law == law) {
                ++known.failures;
                return;
            }
        }
        broken_.push_back({law, step_, 1});
    }

    /// Joins `source` into `target` and checks that merge reported exactly whether it changed.
    template <class T> void merge_into(T& target, const T& source) {
        T before = target;
        bool changed = target.merge(source);
        expect(changed == (target != before), "merge returns whether the state changed");
        expect((target == before) != (target != before), "== and != disagree");
    }

    /// Returns the join of `a` and `b`, checking merge's report on the way.
    template <class T> T join(const T& a, const T& b) {
        T result = a;
        merge_into(result, b);
        return result;
    }

    /// Returns the laws that failed, in the order they first failed.
    const std::vector<broken_law>& broken() const { return broken_; }
    /// Returns how many checks ran.
    std::size_t checks() const { return checks_; }

  private:
    std::vector<broken_law> broken_;
    std::size_t step_ = 0;
    std::size_t checks_ = 0;
};

/// Checks that copies, moves and bottom behave like a regular value around `a`.
template <class T> void check_value_laws(law_checker& laws, const T& a) {
    laws.expect(T{} == T{} && !(T{} != T{}), "default-constructed values are equal");
    laws.expect(a == a && !(a != a), "a value equals itself");

    T copy(a);
    laws.expect(copy == a, "copy construction preserves equality");
    T moved(std::move(copy));
    laws.expect(moved == a, "move construction preserves equality");
    T copy_assigned;
    copy_assigned = a;
    laws.expect(copy_assigned == a, "copy assignment preserves equality");
    T move_assigned;
    move_assigned = std::move(copy_assigned);
    laws.expect(move_assigned == a, "move assignment preserves equality");

    T with_bottom = a;
    laws.expect(!with_bottom.merge(T{}), "merging bottom returns false");
    laws.expect(with_bottom == a, "merging bottom changes nothing");
    T from_bottom;
    laws.merge_into(from_bottom, a);
    laws.expect(from_bottom == a, "bottom joined with a is a");
}

/// Checks that merge is idempotent, commutative, associative and an upper bound on a, b, c.
template <class T> void check_join_laws(law_checker& laws, const T& a, const T& b, const T& c) {
    T aa = a;
    laws.expect(!aa.merge(a), "merging a value into itself returns false");
    laws.expect(aa == a, "merge is idempotent");

    T ab = laws.join(a, b);
    T ba = laws.join(b, a);
    laws.expect(ab == ba, "merge is commutative");

    T ab_c = laws.join(ab, c);
    T a_bc = laws.join(a, laws.join(b, c));
    laws.expect(ab_c == a_bc, "merge is associative");

    T ab_a = ab;
    laws.expect(!ab_a.merge(a), "merging a into a join containing a returns false");
    laws.expect(ab_a == ab, "a is below a join b");
    T ab_b = ab;
    laws.expect(!ab_b.merge(b), "merging b into a join containing b returns false");
    laws.expect(ab_b == ab, "b is below a join b");
}

/// Checks that a mutation that left `before` unchanged as `after` returned bottom.
template <class T>
void check_noop_delta(law_checker& laws, const T& before, const T& after, const T& delta) {
    if (after == before)
        laws.expect(delta == T{}, "a mutator that changes nothing returns bottom");
}

/// Checks a mutation that turned `before` into `after` and returned `delta`, against `other`.
template <class T>
void check_delta_laws(law_checker& laws, const T& before, const T& after, const T& delta,
                      const T& other) {
    T replayed = before;
    laws.merge_into(replayed, delta);
    laws.expect(replayed == after, "before merge delta equals the mutated state");

    T after_with_delta = after;
    laws.expect(!after_with_delta.merge(delta), "merging a delta into its result returns false");
    laws.expect(after_with_delta == after, "the delta is below the mutated state");

    T delta_then_state = laws.join(laws.join(other, delta), after);
    T state_only = laws.join(other, after);
    laws.expect(delta_then_state == state_only,
                "other merge delta merge mutated equals other merge mutated");
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_LAWS_HPP
