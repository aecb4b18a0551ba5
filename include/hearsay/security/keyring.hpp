// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SECURITY_KEYRING_HPP
#define HEARSAY_SECURITY_KEYRING_HPP

// keyring: the keys a cluster seals its datagrams with, as memberlist keeps them.
//
// Theory of operation. A keyring holds up to max_keys keys, each under a small
// id the operator chooses, the cipher that uses them (aead.hpp) and the
// cluster's label. One key, the primary, seals every datagram sent; every key
// of the ring opens datagrams received (the key id in a sealed datagram says
// which one to try). So keys rotate without downtime, in three steps, each
// done on every member before the next starts: add(new) everywhere; use(new)
// everywhere; remove(old) everywhere. An empty ring, the default, means no
// sealing: datagrams go in the clear, as before keys existed.
//
// The label names the cluster and is authenticated with every datagram,
// never sent: members of two clusters that share a key but not a label still
// refuse each other's datagrams.
//
// The caller's contract: every member holds the same keys under the same ids
// and the same label; a key is 32 random bytes (key.hpp). Commands change
// nothing when they return an error. Not thread-safe, like the engine that
// holds it (gossip_engine::keys()). Cost: keys are found by a linear scan of
// at most max_keys entries; 36 bytes a key.

#include <algorithm> // find_if
#include <cstddef>
#include <cstdint>
#include <memory> // shared_ptr
#include <string>
#include <system_error>
#include <utility> // move
#include <vector>

#include "hearsay/core/error.hpp"
#include "hearsay/security/aead.hpp"
#include "hearsay/security/key.hpp"

namespace hearsay {

/// Names a key of a keyring; sent in the clear with every datagram it seals.
using key_id = std::uint32_t;

/// Holds a cluster's keys (one primary that seals, all of them open), its cipher and its label.
class keyring {
  public:
    /// Most keys a ring holds at once; two are enough for a rotation.
    static constexpr std::size_t max_keys = 16;

    /// Makes an empty ring: no sealing.
    keyring() = default;
    /// Makes an empty ring that will seal with `cipher` (an adapter: sodium.hpp, openssl.hpp)
    /// and authenticate `label`, the cluster's name, with every datagram.
    explicit keyring(std::shared_ptr<const aead> cipher, std::string label = {})
        : cipher_(std::move(cipher)), label_(std::move(label)) {}

    // Queries.

    /// Tells whether datagrams are sealed: the ring has a primary key and a cipher.
    bool sealing() const noexcept { return has_primary_ && cipher_ != nullptr; }
    /// Returns the cipher, or nullptr.
    const aead* cipher() const noexcept { return cipher_.get(); }
    /// Returns the cluster's label.
    const std::string& label() const noexcept { return label_; }
    /// Returns the id of the primary key; meaningful only when sealing().
    key_id primary() const noexcept { return primary_id_; }
    /// Returns the primary key, or nullptr when there is none.
    const aead_key* primary_key() const noexcept {
        return has_primary_ ? find(primary_id_) : nullptr;
    }
    /// Returns the key named `id`, or nullptr.
    const aead_key* find(key_id id) const noexcept {
        const auto it =
            std::find_if(keys_.begin(), keys_.end(), [&](const entry& e) { return e.id == id; });
        return it == keys_.end() ? nullptr : &it->key;
    }
    /// Returns the ids of the keys held, in the order they were added.
    std::vector<key_id> ids() const {
        std::vector<key_id> out;
        for (const entry& e : keys_)
            out.push_back(e.id);
        return out;
    }
    /// Returns whether the ring can be used: keys need a cipher.
    bool valid() const noexcept { return keys_.empty() || cipher_ != nullptr; }

    // Commands.

    /// Accepts `key` under `id` for opening, and the first key added also seals; adding an id
    /// again with the same key does nothing. errc::bad_key when `id` names another key or the
    /// ring is full.
    std::error_code add(key_id id, const aead_key& key) {
        if (const aead_key* held = find(id))
            return *held == key ? std::error_code{} : make_error_code(errc::bad_key);
        if (keys_.size() == max_keys)
            return make_error_code(errc::bad_key);
        keys_.push_back({id, key});
        if (!has_primary_) {
            has_primary_ = true;
            primary_id_ = id;
        }
        return {};
    }
    /// Makes key `id` the primary: it seals every datagram from now on. errc::unknown_key when
    /// the ring holds no such key.
    std::error_code use(key_id id) {
        if (find(id) == nullptr)
            return make_error_code(errc::unknown_key);
        primary_id_ = id;
        return {};
    }
    /// Stops accepting key `id`. errc::unknown_key when the ring holds no such key, or it is the
    /// primary (use() another first).
    std::error_code remove(key_id id) {
        const auto it =
            std::find_if(keys_.begin(), keys_.end(), [&](const entry& e) { return e.id == id; });
        if (it == keys_.end() || (has_primary_ && id == primary_id_))
            return make_error_code(errc::unknown_key);
        keys_.erase(it);
        return {};
    }

  private:
    struct entry {
        key_id id;
        aead_key key;
    };

    std::vector<entry> keys_;
    std::shared_ptr<const aead> cipher_;
    std::string label_;
    bool has_primary_ = false;
    key_id primary_id_ = 0;
};

} // namespace hearsay

#endif
