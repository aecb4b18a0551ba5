// Keys read from base64, the keyring's commands (add, use, remove) and the
// replay window's verdicts, without any cipher library.

#include <cstdint>
#include <memory>
#include <vector>

#include "catch.hpp"
#include "hearsay/security/key.hpp"
#include "hearsay/security/keyring.hpp"
#include "hearsay/security/replay_window.hpp"
#include "support/adapters.hpp"

using namespace hearsay;

TEST_CASE("security: keys are read from base64 of exactly 32 bytes", "[security][key]") {
    // 0x00, 0x01, ..., 0x1f in base64.
    const char* text = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    auto key = aead_key::from_base64(text);
    REQUIRE(key.has_value());
    CHECK(*key == test::key_of(0));
    CHECK(aead_key::from_base64(" AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n").has_value());
    CHECK(aead_key::from_base64("").error() == errc::bad_key);
    CHECK(aead_key::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==").error() ==
          errc::bad_key); // 31 bytes
    CHECK(aead_key::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A").error() ==
          errc::bad_key); // 33 bytes
    CHECK(aead_key::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh*=").error() ==
          errc::bad_key); // not the alphabet
    CHECK(aead_key::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=").error() ==
          errc::bad_key); // unused low bits set
    CHECK(test::key_of(1) != test::key_of(2));
}

TEST_CASE("security: a keyring seals with its primary, opens with all, and rotates",
          "[security][keyring]") {
    keyring none;
    CHECK_FALSE(none.sealing());
    CHECK(none.valid());

    keyring without_cipher;
    REQUIRE(!without_cipher.add(1, test::key_of(1)));
    CHECK_FALSE(without_cipher.valid()); // keys need a cipher: the config refuses it
    CHECK_FALSE(without_cipher.sealing());

    keyring ring(nullptr, "label");
    CHECK(ring.label() == "label");
    REQUIRE(!ring.add(7, test::key_of(7)));
    CHECK(ring.primary() == 7); // the first key added seals
    REQUIRE(!ring.add(8, test::key_of(8)));
    CHECK(ring.primary() == 7);
    CHECK(!ring.add(8, test::key_of(8)));                 // the same again: nothing changes
    CHECK(ring.add(8, test::key_of(9)) == errc::bad_key); // another key under a held id
    CHECK(ring.use(9) == errc::unknown_key);
    CHECK(ring.remove(7) == errc::unknown_key); // the primary stays
    CHECK(ring.remove(9) == errc::unknown_key);
    REQUIRE(!ring.use(8));
    CHECK(ring.primary() == 8);
    CHECK(*ring.primary_key() == test::key_of(8));
    REQUIRE(!ring.remove(7));
    CHECK(ring.find(7) == nullptr);
    CHECK(ring.ids() == std::vector<key_id>{8});

    keyring copy = ring; // a value: copies rotate apart
    REQUIRE(!copy.add(9, test::key_of(9)));
    REQUIRE(!copy.use(9));
    CHECK(ring.primary() == 8);
    CHECK(ring.find(9) == nullptr);

    keyring full(nullptr);
    for (key_id id = 0; id < keyring::max_keys; ++id)
        REQUIRE(!full.add(id, test::key_of(id)));
    CHECK(full.add(100, test::key_of(100)) == errc::bad_key);
}

TEST_CASE("security: a replay window refuses what it saw and what fell below it",
          "[security][replay]") {
    replay_window w;
    CHECK(w.fresh(0));
    w.mark(5);
    CHECK_FALSE(w.fresh(5));
    CHECK(w.fresh(4)); // out of order, within the window
    w.mark(4);
    CHECK_FALSE(w.fresh(4));
    w.mark(5 + 100);
    CHECK_FALSE(w.fresh(5));
    CHECK_FALSE(w.fresh(4));
    CHECK(w.fresh(6));
    w.mark(5 + replay_window::size); // 5 is now at the window's bottom edge, 4 below it
    CHECK_FALSE(w.fresh(4));
    CHECK(w.fresh(6));
    CHECK_FALSE(w.fresh(105));
    w.mark(5 + 10 * replay_window::size); // a jump past the whole window clears it
    CHECK_FALSE(w.fresh(6));
    CHECK(w.fresh(5 + 10 * replay_window::size - 1));
    CHECK_FALSE(w.fresh(5 + 10 * replay_window::size));
    CHECK(w.fresh(~std::uint32_t{0}));

    // Every counter exactly once, in a shuffled order within the window: all fresh once.
    replay_window shuffled;
    for (std::uint32_t base = 0; base < 4096; base += 64)
        for (std::uint32_t k = 0; k < 64; ++k) {
            const std::uint32_t c = base + (k * 37) % 64;
            REQUIRE(shuffled.fresh(c));
            shuffled.mark(c);
            REQUIRE_FALSE(shuffled.fresh(c));
        }
}

TEST_CASE("security: the replay guard keeps at most its capacity of sessions, forgetting the "
          "stalest",
          "[security][replay]") {
    replay_guard guard(3);
    guard.mark(1, 0);
    guard.mark(2, 0);
    guard.mark(3, 0);
    guard.mark(1, 1); // session 2 is now the stalest
    CHECK(guard.sessions() == 3);
    guard.mark(4, 0);
    CHECK(guard.sessions() == 3);
    CHECK_FALSE(guard.fresh(1, 0));
    CHECK_FALSE(guard.fresh(3, 0));
    CHECK_FALSE(guard.fresh(4, 0));
    CHECK(guard.fresh(2, 0)); // forgotten: the documented cost of the cap
}
