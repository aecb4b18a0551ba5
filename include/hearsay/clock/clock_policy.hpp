// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CLOCK_CLOCK_POLICY_HPP
#define HEARSAY_CLOCK_CLOCK_POLICY_HPP

// clock_policy<C>: the check every Clock template parameter of hearsay passes.
//
// A Clock is any type C with `C::time_point` and `C::duration` where, for a
// `const C& c`, `c.now()` returns a `C::time_point`, `time_point + duration`
// converts to a time_point and time points compare with `<`. Nothing is
// required about what now() reads: a steady clock, the wall clock or virtual
// time all qualify. hearsay assumes, but cannot check, that now() never
// decreases. clock_policy<C> is a concept in C++20 and a constexpr bool in
// C++17, so `static_assert(hearsay::clock_policy<C>, "...")` works in both.
// Cost: compile time only.

#include <type_traits>
#include <utility> // std::declval

namespace hearsay {
namespace detail {

template <class C, class = void> struct is_clock_policy : std::false_type {};

template <class C>
struct is_clock_policy<C, std::void_t<typename C::time_point, typename C::duration,
                                      decltype(std::declval<const C&>().now()),
                                      decltype(std::declval<const typename C::time_point&>() +
                                               std::declval<const typename C::duration&>()),
                                      decltype(std::declval<const typename C::time_point&>() <
                                               std::declval<const typename C::time_point&>())>>
    : std::bool_constant<
          std::is_same_v<decltype(std::declval<const C&>().now()), typename C::time_point> &&
          std::is_convertible_v<decltype(std::declval<const typename C::time_point&>() +
                                         std::declval<const typename C::duration&>()),
                                typename C::time_point> &&
          std::is_convertible_v<decltype(std::declval<const typename C::time_point&>() <
                                         std::declval<const typename C::time_point&>()),
                                bool>> {};

} // namespace detail

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// Tells whether C can serve as a hearsay Clock (see the comment at the top of this header).
template <class C>
concept clock_policy = detail::is_clock_policy<C>::value;
#else
/// Tells whether C can serve as a hearsay Clock (see the comment at the top of this header).
template <class C> inline constexpr bool clock_policy = detail::is_clock_policy<C>::value;
#endif

} // namespace hearsay

#endif // HEARSAY_CLOCK_CLOCK_POLICY_HPP
