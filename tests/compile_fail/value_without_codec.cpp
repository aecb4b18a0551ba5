// Must not compile: a set of a user type that has no codec_traits specialisation.
#include <vector>

#include <hearsay/hearsay.hpp>

struct point {
    int x = 0;
    bool operator<(const point& other) const { return x < other.x; }
    bool operator==(const point& other) const { return x == other.x; }
};

int main() {
    hearsay::g_set<point> set;
    set.insert(point{1});
    std::vector<std::byte> bytes;
    hearsay::encode(set, bytes);
    return static_cast<int>(bytes.size());
}
