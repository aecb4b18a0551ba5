// Must not compile: members tell each other addresses, and this one has no codec.
#include <cstddef>
#include <functional>

#include <hearsay/gossip/engine.hpp>
#include <hearsay/hearsay.hpp>

struct place {
    int x = 0;
    bool operator==(const place& other) const { return x == other.x; }
};
template <> struct std::hash<place> {
    std::size_t operator()(const place& p) const { return std::hash<int>{}(p.x); }
};

struct place_transport {
    using address_type = place;
    void send(const place&, hearsay::bytes_view) {}
};

int main() {
    place_transport transport;
    hearsay::manual_clock clock;
    hearsay::gossip_engine<hearsay::g_counter<>, place_transport, hearsay::manual_clock> engine(
        1, transport, clock);
    return static_cast<int>(engine.id());
}
