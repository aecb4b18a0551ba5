// A program written the way a user of hearsay writes one: it sees only the public API.
#include <hearsay/hearsay.hpp>

#include <cstring> // strcmp
#include <iostream>

#define HEARSAY_CONSUMER_STR2(x) #x
#define HEARSAY_CONSUMER_STR(x) HEARSAY_CONSUMER_STR2(x)

int main() {
    const char* const header_version =
        HEARSAY_CONSUMER_STR(HEARSAY_VERSION_MAJOR) "." HEARSAY_CONSUMER_STR(
            HEARSAY_VERSION_MINOR) "." HEARSAY_CONSUMER_STR(HEARSAY_VERSION_PATCH);
    if (std::strcmp(header_version, HEARSAY_EXPECTED_VERSION) != 0) {
        std::cerr << "headers say " << header_version << ", the package says "
                  << HEARSAY_EXPECTED_VERSION << '\n';
        return 1;
    }

    hearsay::g_counter<> alice;
    hearsay::g_counter<> bob;
    const auto delta = alice.increment(1, 2);
    bob.increment(2, 3);
    bob.merge(delta);
    alice.merge(bob);
    if (alice != bob || alice.value() != 5) {
        std::cerr << "replicas disagree: " << alice.value() << " vs " << bob.value() << '\n';
        return 1;
    }
    std::cout << "hearsay " << header_version << ": ok\n";
    return 0;
}
