// The AEAD adapters against RFC 8439's test vectors (section 2.8.2 and
// appendix A.5), and each other: what one seals, the other opens.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hearsay/security/aead.hpp"
#include "hearsay/security/sealer.hpp"
#include "support/adapters.hpp"

#if defined(HEARSAY_TEST_ANY_AEAD)

namespace {

using namespace hearsay;
using test::from_hex;
using bytes = std::vector<std::byte>;

struct vector_case {
    const char* name;
    std::string key, nonce, ad, plain, sealed; // sealed: ciphertext, then tag
};

aead_key key_from(const bytes& b) {
    std::array<std::byte, aead_key::size> a{};
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] = b.at(i);
    return aead_key(a);
}

bytes ascii(const std::string& s) {
    bytes out;
    for (char c : s)
        out.push_back(static_cast<std::byte>(c));
    return out;
}

std::vector<vector_case> rfc8439() {
    return {
        {"RFC 8439 section 2.8.2",
         "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
         "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7", "",
         "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69d"
         "a92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945"
         "585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
         "1ae10b594f09e26a7e902ecbd0600691"},
        {"RFC 8439 appendix A.5",
         "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
         "000000000102030405060708", "f33388860000000000004e91",
         "496e7465726e65742d4472616674732061726520647261667420646f63756d656e74732076616c696420666f"
         "722061206d6178696d756d206f6620736978206d6f6e74687320616e64206d61792062652075706461746564"
         "2c207265706c616365642c206f72206f62736f6c65746564206279206f7468657220646f63756d656e747320"
         "617420616e792074696d652e20497420697320696e617070726f70726961746520746f2075736520496e7465"
         "726e65742d447261667473206173207265666572656e6365206d6174657269616c206f7220746f2063697465"
         "207468656d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67726573732e2fe280"
         "9d",
         "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb24c6cfc18755d43eea09ee94e"
         "382d26b0bdb7b73c321b0100d4f03b7f355894cf332f830e710b97ce98c8a84abd0b948114ad176e008d33bd"
         "60f982b1ff37c8559797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4b9166c76"
         "7b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523eaf4534d7f83fa1155b0047718cbc546a"
         "0d072b04b3564eea1b422273f548271a0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a67276"
         "27097a1049e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29a6ad5cb4022b0270"
         "9b"
         "eead9d67890cbb22392336fea1851f38"},
    };
}

bytes plain_of(const vector_case& v) {
    return v.plain.empty() ? ascii("Ladies and Gentlemen of the class of '99: If I could offer "
                                   "you only one tip for the future, sunscreen would be it.")
                           : from_hex(v.plain);
}

} // namespace

TEST_CASE("security: each adapter seals and opens the RFC 8439 test vectors", "[security][aead]") {
    for (const auto& cipher : test::adapters()) {
        for (const vector_case& v : rfc8439()) {
            CAPTURE(cipher->name(), v.name);
            const aead_key key = key_from(from_hex(v.key));
            const bytes nonce = from_hex(v.nonce), ad = from_hex(v.ad), plain = plain_of(v),
                        expected = from_hex(v.sealed);
            REQUIRE(expected.size() == plain.size() + aead::tag_size);

            bytes sealed(plain.size() + aead::tag_size);
            REQUIRE(cipher->seal(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                 bytes_view(plain.data(), plain.size()), sealed.data()));
            CHECK(sealed == expected);

            bytes opened(plain.size());
            REQUIRE(cipher->open(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                 bytes_view(expected.data(), expected.size()), opened.data()));
            CHECK(opened == plain);

            // One flipped bit anywhere (text, tag, data or nonce), or a shorter text, does not
            // open.
            for (std::size_t at : {std::size_t{0}, expected.size() / 2, expected.size() - 1}) {
                bytes altered = expected;
                altered[at] ^= std::byte{0x01};
                CHECK_FALSE(cipher->open(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                         bytes_view(altered.data(), altered.size()),
                                         opened.data()));
            }
            bytes other_ad = ad;
            other_ad[0] ^= std::byte{0x80};
            CHECK_FALSE(cipher->open(key, nonce.data(),
                                     bytes_view(other_ad.data(), other_ad.size()),
                                     bytes_view(expected.data(), expected.size()), opened.data()));
            bytes other_nonce = nonce;
            other_nonce[11] ^= std::byte{0x01};
            CHECK_FALSE(cipher->open(key, other_nonce.data(), bytes_view(ad.data(), ad.size()),
                                     bytes_view(expected.data(), expected.size()), opened.data()));
            CHECK_FALSE(cipher->open(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                     bytes_view(expected.data(), expected.size() - 1),
                                     opened.data()));
            CHECK_FALSE(cipher->open(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                     bytes_view(expected.data(), aead::tag_size - 1),
                                     opened.data()));
        }
    }
}

TEST_CASE("security: what one adapter seals the other opens, empty texts included",
          "[security][aead][interop]") {
    const auto all = test::adapters();
    if (all.size() < 2) {
        WARN("interop needs both libsodium and OpenSSL 3: skipped");
        return;
    }
    const aead_key key = test::key_of(42);
    const bytes nonce = from_hex("a0a1a2a3a4a5a6a7a8a9aaab");
    const bytes ad = ascii("cluster label");
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64},
                             std::size_t{1400}, std::size_t{65507}}) {
        bytes plain(size);
        for (std::size_t i = 0; i < size; ++i)
            plain[i] = static_cast<std::byte>((i * 31 + 7) & 0xFF);
        for (const auto& from : all) {
            for (const auto& to : all) {
                CAPTURE(size, from->name(), to->name());
                bytes sealed(size + aead::tag_size);
                REQUIRE(from->seal(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                   bytes_view(plain.data(), plain.size()), sealed.data()));
                bytes opened(size + 1);
                REQUIRE(to->open(key, nonce.data(), bytes_view(ad.data(), ad.size()),
                                 bytes_view(sealed.data(), sealed.size()), opened.data()));
                opened.resize(size);
                CHECK(opened == plain);
            }
        }
    }
}

TEST_CASE("security: each adapter draws random bytes", "[security][aead]") {
    for (const auto& cipher : test::adapters()) {
        CAPTURE(cipher->name());
        bytes a(32), b(32);
        cipher->random(a.data(), a.size());
        cipher->random(b.data(), b.size());
        CHECK(a != b);
    }
}

#endif

#if defined(HEARSAY_TEST_ANY_AEAD)

TEST_CASE("security: a sealed datagram is marker, key id, session and counter, then the sealed "
          "message, with its header and the label authenticated",
          "[security][sealer]") {
    using hearsay::sealer;
    sealer a(test::ring_of({3, 4}, "label"));
    sealer b(test::ring_of({3, 4}, "label"));
    const bytes m = ascii("an engine message");
    std::vector<bytes> sent;
    for (int k = 0; k < 3; ++k) {
        const bytes_view v = a.seal(bytes_view(m.data(), m.size()));
        sent.emplace_back(v.begin(), v.end());
    }
    for (std::size_t k = 0; k < sent.size(); ++k) {
        const bytes& d = sent[k];
        REQUIRE(d.size() == m.size() + sealer::sealed_overhead);
        CHECK(d[0] == sealer::marker);
        CHECK(d[1] == std::byte{3}); // key id 3, little-endian
        CHECK((d[2] == std::byte{0} && d[3] == std::byte{0} && d[4] == std::byte{0}));
        CHECK(bytes(d.begin() + 5, d.begin() + 13) ==
              bytes(sent[0].begin() + 5, sent[0].begin() + 13));
        CHECK(d[13] == static_cast<std::byte>(k)); // the counter counts
        bytes_view plain;
        REQUIRE(b.open(bytes_view(d.data(), d.size()), plain) == hearsay::open_status::opened);
        CHECK(bytes(plain.begin(), plain.end()) == m);
    }
    bytes_view plain;
    CHECK(b.open(bytes_view(sent[1].data(), sent[1].size()), plain) ==
          hearsay::open_status::replayed);
    // Another start of the same sender draws another session.
    sealer again(test::ring_of({3, 4}, "label"));
    const bytes_view v = again.seal(bytes_view(m.data(), m.size()));
    CHECK(bytes(v.begin() + 5, v.begin() + 13) != bytes(sent[0].begin() + 5, sent[0].begin() + 13));
    CHECK(b.open(v, plain) == hearsay::open_status::opened);
    // Without keys, messages pass through untouched and cost nothing.
    sealer none;
    CHECK(none.overhead() == 0);
    CHECK(none.seal(bytes_view(m.data(), m.size())).data() == m.data());
    CHECK(none.open(bytes_view(m.data(), m.size()), plain) == hearsay::open_status::clear);
    CHECK(plain.data() == m.data());
}

#endif
