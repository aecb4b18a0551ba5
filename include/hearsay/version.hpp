// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_VERSION_HPP
#define HEARSAY_VERSION_HPP

// The build parses these three lines; keep their shape.
#define HEARSAY_VERSION_MAJOR 0
#define HEARSAY_VERSION_MINOR 1
#define HEARSAY_VERSION_PATCH 0

/// Encodes the library version as one comparable integer, e.g. 10203 for 1.2.3.
#define HEARSAY_VERSION                                                                            \
    (HEARSAY_VERSION_MAJOR * 10000 + HEARSAY_VERSION_MINOR * 100 + HEARSAY_VERSION_PATCH)

#endif // HEARSAY_VERSION_HPP
