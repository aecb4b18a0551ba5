// A keyed cluster: five simulated members seal every datagram with
// ChaCha20-Poly1305 (libsodium here; hearsay/security/openssl.hpp works the
// same), write, rotate to a new key while running, and converge; a forged
// datagram is refused unread. docs/security.md explains each step.
//
//   sealed_cluster [base64 key]    (default: a published demo key)

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include <hearsay/hearsay.hpp>
#include <hearsay/security/sodium.hpp>
#include <hearsay/sim.hpp>

namespace {

hearsay::aead_key random_key(const hearsay::aead& cipher) {
    std::array<std::byte, hearsay::aead_key::size> bytes{};
    cipher.random(bytes.data(), bytes.size());
    return hearsay::aead_key(bytes);
}

} // namespace

int main(int argc, char** argv) try {
    using set_type = hearsay::or_set<std::string>;
    // A published key seals nothing secret: pass your own, from head -c 32 /dev/urandom | base64.
    const std::string key_text =
        argc > 1 ? argv[1] : "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    // Turning it on: a keyring with a cipher, the cluster's label and a key, in the config.
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    config.keys = hearsay::keyring(hearsay::sodium_aead::make(), "my-cluster");
    config.keys.add(
        1, hearsay::aead_key::from_base64(key_text).value()); // head -c 32 /dev/urandom | base64
    const hearsay::aead& cipher = *config.keys.cipher();

    hearsay::sim::cluster<set_type> cluster(5, config);
    cluster.update(0, [](set_type& s, std::uint64_t self) { return s.insert(self, "apple"); });
    for (int r = 0; r < 10; ++r)
        cluster.step();

    // Rotating on running engines: each step on every member before the next one starts.
    const hearsay::aead_key next = random_key(cipher);
    for (std::size_t i = 0; i < cluster.size(); ++i)
        cluster.node(i).keys().add(2, next);
    cluster.step();
    for (std::size_t i = 0; i < cluster.size(); ++i)
        cluster.node(i).keys().use(2); // seal with the new key; both still open
    cluster.update(3, [](set_type& s, std::uint64_t self) { return s.insert(self, "pear"); });
    cluster.step();
    for (std::size_t i = 0; i < cluster.size(); ++i)
        cluster.node(i).keys().remove(1);
    for (int r = 0; r < 10; ++r)
        cluster.step();

    // A datagram in the clear (or forged, or replayed) is refused before decoding.
    const std::byte forged[] = {std::byte{2}, std::byte{0x40}, std::byte{9}};
    cluster.node(0).receive(1, hearsay::bytes_view(forged, sizeof forged));

    bool converged = true;
    for (std::size_t i = 0; i < cluster.size(); ++i)
        converged = converged && cluster.converged(i);
    const auto& stats = cluster.node(0).stats();
    std::printf("converged: %s, %zu elements; node 0 refused %llu unauthenticated, %llu replayed\n",
                converged ? "yes" : "no", cluster.node(0).state().size(),
                static_cast<unsigned long long>(stats.rejected_unauthenticated),
                static_cast<unsigned long long>(stats.rejected_replay));
    return converged && stats.rejected_unauthenticated == 1 ? 0 : 1;
} catch (const std::exception& e) { // a key that is not base64 of 32 bytes, say
    std::fprintf(stderr, "sealed_cluster: %s\n", e.what());
    return 2;
}
