// Must not compile: the transport has an address type but no send().
#include <cstdint>

#include <hearsay/gossip/engine.hpp>
#include <hearsay/hearsay.hpp>

struct silent_transport {
    using address_type = std::uint32_t;
};

int main() {
    silent_transport transport;
    hearsay::manual_clock clock;
    hearsay::gossip_engine<hearsay::g_counter<>, silent_transport, hearsay::manual_clock> engine(
        1, transport, clock);
    return static_cast<int>(engine.id());
}
