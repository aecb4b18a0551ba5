#ifndef HEARSAY_BENCHMARKS_SUPPORT_CHECK_HPP
#define HEARSAY_BENCHMARKS_SUPPORT_CHECK_HPP

// Setup checks that stay on in Release builds: a benchmark over wrong data
// measures nothing, so a failed check stops the run loudly.

#include <cstdio>  // fprintf
#include <cstdlib> // abort

namespace hearsay_bench {

/// Stops the program with `what` on standard error unless `ok` holds.
inline void require(bool ok, const char* what) {
    if (ok)
        return;
    std::fprintf(stderr, "hearsay_benchmarks: setup check failed: %s\n", what);
    std::abort();
}

} // namespace hearsay_bench

#endif
