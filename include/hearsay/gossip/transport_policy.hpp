// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_TRANSPORT_POLICY_HPP
#define HEARSAY_GOSSIP_TRANSPORT_POLICY_HPP

// transport_policy<T>: the check every Transport of a gossip_engine passes.
//
// A Transport is the user's networking, held (not owned) by the engine:
//   typename T::address_type        copyable, ==, hashable with std::hash, and
//                                   encodable (codec_traits), since members
//                                   tell each other addresses
//   void send(const address_type&, bytes_view)
//                                   sends one datagram, best effort; the bytes
//                                   are valid only during the call, and send
//                                   must not call back into the engine
//   std::size_t max_payload() const (optional) the largest datagram it carries
// transport_policy<T> is a concept in C++20 and a constexpr bool in C++17;
// check_transport<T> stops compilation with a message naming what is missing.

#include <cstddef>
#include <functional> // hash
#include <type_traits>
#include <utility> // declval

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/core/bytes_view.hpp"

namespace hearsay {
namespace detail {

template <class T, class = void> struct has_address_type : std::false_type {};
template <class T>
struct has_address_type<T, std::void_t<typename T::address_type>> : std::true_type {};

template <class T, class = void> struct has_send : std::false_type {};
template <class T>
struct has_send<T,
                std::void_t<decltype(std::declval<T&>().send(
                    std::declval<const typename T::address_type&>(), std::declval<bytes_view>()))>>
    : std::true_type {};

template <class A, class = void> struct is_hashable : std::false_type {};
template <class A>
struct is_hashable<A, std::void_t<decltype(std::hash<A>{}(std::declval<const A&>()))>>
    : std::true_type {};

template <class A, class = void> struct is_equality_comparable : std::false_type {};
template <class A>
struct is_equality_comparable<
    A, std::void_t<decltype(std::declval<const A&>() == std::declval<const A&>())>>
    : std::true_type {};

template <class T, class = void> struct has_max_payload : std::false_type {};
template <class T>
struct has_max_payload<T, std::void_t<decltype(std::declval<const T&>().max_payload())>>
    : std::is_convertible<decltype(std::declval<const T&>().max_payload()), std::size_t> {};

template <class T, bool = has_address_type<T>::value> struct address_checks {
    static constexpr bool copyable = false, comparable = false, hashable = false, encodable = false,
                          sendable = false;
};
template <class T> struct address_checks<T, true> {
    using A = typename T::address_type;
    static constexpr bool copyable = std::is_copy_constructible_v<A>;
    static constexpr bool comparable = is_equality_comparable<A>::value;
    static constexpr bool hashable = is_hashable<A>::value;
    static constexpr bool encodable = has_codec_v<A>;
    static constexpr bool sendable = has_send<T>::value;
};

template <class T> struct is_transport_policy {
    using checks = address_checks<T>;
    static constexpr bool value = has_address_type<T>::value && checks::copyable &&
                                  checks::comparable && checks::hashable && checks::encodable &&
                                  checks::sendable;
};

} // namespace detail

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// Tells whether T can serve as a gossip_engine's Transport (see the top of this header).
template <class T>
concept transport_policy = detail::is_transport_policy<T>::value;
#else
/// Tells whether T can serve as a gossip_engine's Transport (see the top of this header).
template <class T> inline constexpr bool transport_policy = detail::is_transport_policy<T>::value;
#endif

/// Stops compilation with one message per missing Transport requirement of T.
template <class T> struct check_transport {
    using checks = detail::address_checks<T>;
    static_assert(detail::has_address_type<T>::value,
                  "hearsay: the Transport needs a nested `using address_type = ...;`");
    static_assert(!detail::has_address_type<T>::value || checks::copyable,
                  "hearsay: the Transport's address_type must be copyable");
    static_assert(!detail::has_address_type<T>::value || checks::comparable,
                  "hearsay: the Transport's address_type needs operator==");
    static_assert(!detail::has_address_type<T>::value || checks::hashable,
                  "hearsay: the Transport's address_type needs a std::hash specialisation");
    static_assert(!detail::has_address_type<T>::value || checks::encodable,
                  "hearsay: the Transport's address_type needs a codec: specialise "
                  "hearsay::codec_traits<address_type> (docs/wire-format.md)");
    static_assert(!detail::has_address_type<T>::value || checks::sendable,
                  "hearsay: the Transport needs `void send(const address_type&, "
                  "hearsay::bytes_view)`");
    static constexpr bool value = detail::is_transport_policy<T>::value;
};

/// Returns the transport's max_payload() when it has one, else `fallback`.
template <class T> std::size_t transport_max_payload(const T& transport, std::size_t fallback) {
    if constexpr (detail::has_max_payload<T>::value)
        return static_cast<std::size_t>(transport.max_payload());
    else
        return fallback;
}

} // namespace hearsay

#endif
