#ifndef HEARSAY_TESTS_SUPPORT_TEXT_BYTES_HPP
#define HEARSAY_TESTS_SUPPORT_TEXT_BYTES_HPP

// Datagrams as text, for the transport tests: what they send and what they read back.

#include <cstddef>
#include <string>
#include <vector>

#include <hearsay/core/bytes_view.hpp>

namespace hearsay::testing {

inline std::vector<std::byte> bytes_of(const std::string& text) {
    std::vector<std::byte> out;
    for (char c : text)
        out.push_back(static_cast<std::byte>(c));
    return out;
}

inline std::string text_of(hearsay::bytes_view bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_TEXT_BYTES_HPP
