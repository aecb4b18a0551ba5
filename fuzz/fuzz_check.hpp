#ifndef HEARSAY_FUZZ_FUZZ_CHECK_HPP
#define HEARSAY_FUZZ_FUZZ_CHECK_HPP

// What every fuzz target checks of any input, for each type it decodes:
//   - decode<T> returns a value or an error of hearsay's category (and ASan,
//     UBSan and libFuzzer's malloc limit watch it do so);
//   - a decoded value re-encodes to exactly the input (one encoding per value),
//     encoded_size agrees, and decoding that again gives an equal value;
//   - a decoded data type merges idempotently, and into bottom as itself.
// A broken property aborts with a message, which libFuzzer reports as a crash.

#include <cstddef>
#include <cstdint>
#include <cstdio>  // fprintf
#include <cstdlib> // abort
#include <cstring> // memcmp
#include <type_traits>
#include <utility> // declval
#include <vector>

#include <hearsay/codec/codec.hpp>

namespace hearsay_fuzz {

/// Stops the run with `what` unless `ok`.
inline void expect(bool ok, const char* what) {
    if (ok)
        return;
    std::fprintf(stderr, "hearsay fuzz check failed: %s\n", what);
    std::abort();
}

template <class T, class = void> struct mergeable : std::false_type {};
template <class T>
struct mergeable<T, std::void_t<decltype(std::declval<T&>().merge(std::declval<const T&>()))>>
    : std::true_type {};

/// Decodes `data` as a T and checks everything a decoded T must satisfy.
template <class T> void check(const std::uint8_t* data, std::size_t size) {
    const hearsay::bytes_view input(reinterpret_cast<const std::byte*>(data), size);
    const hearsay::result<T> decoded = hearsay::decode<T>(input);
    if (!decoded) {
        expect(decoded.error().category() == hearsay::category(),
               "error outside hearsay's category");
        expect(decoded.error().value() != 0, "error without a code");
        return;
    }
    const T& value = *decoded;
    std::vector<std::byte> again;
    hearsay::encode(value, again);
    expect(again.size() == size && (size == 0 || std::memcmp(again.data(), data, size) == 0),
           "re-encoding a decoded value changed its bytes");
    expect(hearsay::encoded_size(value) == size, "encoded_size disagrees with encode");
    const hearsay::result<T> twice = hearsay::decode<T>(hearsay::as_bytes_view(again));
    expect(twice.has_value() && *twice == value, "decode(encode(x)) != x");
    if constexpr (mergeable<T>::value) {
        T self = value;
        expect(!self.merge(value), "merging a value into itself reported a change");
        expect(self == value, "merge is not idempotent");
        T from_bottom;
        from_bottom.merge(value);
        expect(from_bottom == value, "bottom joined with x is not x");
    }
}

/// Checks `data` as each of Types.
template <class... Types> int check_all(const std::uint8_t* data, std::size_t size) {
    (check<Types>(data, size), ...);
    return 0;
}

} // namespace hearsay_fuzz

#endif
