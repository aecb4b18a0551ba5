#ifndef HEARSAY_TESTS_CATCH_HPP
#define HEARSAY_TESTS_CATCH_HPP

// Picks the installed Catch2: v3 ships catch_all.hpp, v2 a single catch.hpp.
// Test files include this shim only, so moving to v3 touches one file.
#if defined(__has_include) && __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#define HEARSAY_CATCH_VERSION_MAJOR 3
#else
#include <catch2/catch.hpp>
#define HEARSAY_CATCH_VERSION_MAJOR 2
#endif

#endif // HEARSAY_TESTS_CATCH_HPP
