// A shopping cart shared by three devices. Each device edits its own replica, offline,
// and every edit returns a delta. The devices then swap deltas in random order, some
// twice, and still end up with the same cart: merging deltas is commutative,
// associative and idempotent.

#include <hearsay/hearsay.hpp>

#include <algorithm> // shuffle
#include <cstddef>   // size_t
#include <cstdint>
#include <iostream>
#include <random> // mt19937_64
#include <string>
#include <vector>

namespace {

using quantities = hearsay::or_map<std::string, hearsay::pn_counter<>>; // item -> quantity
using coupons = hearsay::or_set<std::string>;

/// Holds a whole cart; a delta of a cart is a cart too.
struct cart {
    quantities items;
    coupons codes;

    bool merge(const cart& other) {
        const bool items_changed = items.merge(other.items);
        const bool codes_changed = codes.merge(other.codes);
        return items_changed || codes_changed;
    }
    friend bool operator==(const cart& a, const cart& b) {
        return a.items == b.items && a.codes == b.codes;
    }
};

/// Holds one device's replica; each edit applies locally and returns the delta to share.
struct device {
    std::string name;
    std::uint64_t id;
    cart state;

    cart add(const std::string& item, std::uint64_t n) {
        return {state.items.update(id, item,
                                   [&](hearsay::pn_counter<>& q) { return q.increment(id, n); }),
                {}};
    }
    cart take_out(const std::string& item, std::uint64_t n) {
        return {state.items.update(id, item,
                                   [&](hearsay::pn_counter<>& q) { return q.decrement(id, n); }),
                {}};
    }
    cart remove(const std::string& item) { return {state.items.erase(item), {}}; }
    cart add_coupon(const std::string& code) { return {{}, state.codes.insert(id, code)}; }
    cart drop_coupon(const std::string& code) { return {{}, state.codes.erase(code)}; }
};

/// Delivers every delta to every device in a shuffled order, a third of them twice.
void exchange(std::vector<device>& devices, std::vector<cart>& deltas, std::mt19937_64& rng) {
    for (auto& d : devices) {
        std::vector<cart> inbox = deltas;
        for (std::size_t i = 0; i < deltas.size(); i += 3)
            inbox.push_back(deltas[i]);
        std::shuffle(inbox.begin(), inbox.end(), rng);
        for (const auto& delta : inbox)
            d.state.merge(delta);
    }
    deltas.clear();
}

void print(const device& d) {
    std::cout << d.name << ":";
    for (const auto& entry : d.state.items)
        std::cout << ' ' << entry.first << " x" << entry.second.value();
    std::cout << " | coupons:";
    for (const auto& code : d.state.codes)
        std::cout << ' ' << code;
    std::cout << '\n';
}

} // namespace

int main() {
    std::vector<device> devices{{"phone", 1, {}}, {"laptop", 2, {}}, {"tablet", 3, {}}};
    device& phone = devices[0];
    device& laptop = devices[1];
    device& tablet = devices[2];
    std::mt19937_64 rng{2024}; // a fixed seed: the same run every time
    std::vector<cart> deltas;

    // The phone fills the cart and everyone syncs.
    deltas.push_back(phone.add("apple", 3));
    deltas.push_back(phone.add("bread", 1));
    deltas.push_back(phone.add_coupon("SPRING10"));
    exchange(devices, deltas, rng);

    // Concurrent edits, no communication in between.
    deltas.push_back(phone.remove("bread"));  // the phone removes the bread it saw...
    deltas.push_back(laptop.add("bread", 1)); // ...while the laptop adds a loaf: that one stays
    deltas.push_back(laptop.add("milk", 2));
    deltas.push_back(tablet.take_out("apple", 1));
    deltas.push_back(tablet.drop_coupon("SPRING10"));
    deltas.push_back(tablet.add_coupon("FREESHIP"));
    exchange(devices, deltas, rng);

    bool converged = true;
    for (const auto& d : devices) {
        print(d);
        converged = converged && d.state == phone.state;
    }
    std::cout << "bread survived the concurrent removal: "
              << (phone.state.items.contains("bread") ? "yes" : "no") << '\n';
    std::cout << "all replicas converged: " << (converged ? "yes" : "no") << '\n';
    return converged ? 0 : 1;
}
