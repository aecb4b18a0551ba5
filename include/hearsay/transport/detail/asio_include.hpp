// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_DETAIL_ASIO_INCLUDE_HPP
#define HEARSAY_TRANSPORT_DETAIL_ASIO_INCLUDE_HPP

// Brings in Asio for asio.hpp and asio_node.hpp: standalone Asio (<asio.hpp>) by default,
// Boost.Asio when the program defines HEARSAY_USE_BOOST_ASIO. Either is then
// hearsay::detail::net, and its error code type hearsay::detail::net_error_code.
//
// Asio's headers do not compile cleanly under hearsay's strict warnings; a program that
// finds them through -I instead of -isystem would see those warnings under its own name.
// The pragmas below silence them for Asio's text only (GCC and Clang track them by source
// location, so templates instantiated later from hearsay's code stay quiet too).

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#endif

#if defined(HEARSAY_USE_BOOST_ASIO)
#include <boost/asio.hpp>
#else
#include <asio.hpp>
#endif

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace hearsay::detail {
#if defined(HEARSAY_USE_BOOST_ASIO)
namespace net = ::boost::asio;
using net_error_code = ::boost::system::error_code;
#else
namespace net = ::asio;
using net_error_code = ::asio::error_code;
#endif
} // namespace hearsay::detail

#endif // HEARSAY_TRANSPORT_DETAIL_ASIO_INCLUDE_HPP
