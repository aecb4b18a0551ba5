#ifndef HEARSAY_TESTS_SUPPORT_ADAPTERS_HPP
#define HEARSAY_TESTS_SUPPORT_ADAPTERS_HPP

// The AEAD adapters this build of the tests has (HEARSAY_TEST_SODIUM and
// HEARSAY_TEST_OPENSSL come from tests/CMakeLists.txt, when the library is
// found), and small helpers for keys and hex test vectors.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "hearsay/security/aead.hpp"
#include "hearsay/security/key.hpp"
#include "hearsay/security/keyring.hpp"
#if defined(HEARSAY_TEST_SODIUM)
#include "hearsay/security/sodium.hpp"
#endif
#if defined(HEARSAY_TEST_OPENSSL)
#include "hearsay/security/openssl.hpp"
#endif

#if defined(HEARSAY_TEST_SODIUM) || defined(HEARSAY_TEST_OPENSSL)
#define HEARSAY_TEST_ANY_AEAD 1
#endif

namespace hearsay::test {

/// Returns every adapter built in.
inline std::vector<std::shared_ptr<const aead>> adapters() {
    std::vector<std::shared_ptr<const aead>> out;
#if defined(HEARSAY_TEST_SODIUM)
    out.push_back(sodium_aead::make());
#endif
#if defined(HEARSAY_TEST_OPENSSL)
    out.push_back(openssl_aead::make());
#endif
    return out;
}

/// Returns the first adapter built in, or nullptr.
inline std::shared_ptr<const aead> any_adapter() {
    auto all = adapters();
    return all.empty() ? nullptr : all.front();
}

/// Returns the bytes written as `hex`.
inline std::vector<std::byte> from_hex(const std::string& hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return out;
}

/// Returns a key whose bytes are `seed`, seed + 1, ...
inline aead_key key_of(unsigned seed) {
    std::array<std::byte, aead_key::size> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::byte>((seed + i) & 0xFF);
    return aead_key(bytes);
}

/// Returns a ring with the first adapter, `label`, and key `key_of(id)` under each id of
/// `ids`, the first one primary.
inline keyring ring_of(std::vector<key_id> ids, std::string label = "test-cluster") {
    keyring ring(any_adapter(), std::move(label));
    for (key_id id : ids)
        (void)ring.add(id, key_of(id));
    return ring;
}

} // namespace hearsay::test

#endif
