#ifndef HEARSAY_TESTS_CODEC_CODEC_SUPPORT_HPP
#define HEARSAY_TESTS_CODEC_CODEC_SUPPORT_HPP

// Helpers of the codec tests: random states and deltas from seeded replica
// histories, byte-string builders for hand-made (often hostile) messages, and
// the round-trip requirements every encodable value must meet.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <utility> // move
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "support/generators.hpp"
#include "support/random.hpp"

namespace hearsay::codec_testing {

using bytes = std::vector<std::byte>;

/// Returns the bytes `list` names, each in 0..255.
inline bytes make_bytes(std::initializer_list<unsigned> list) {
    bytes out;
    for (unsigned b : list)
        out.push_back(static_cast<std::byte>(b));
    return out;
}

/// Builds a message byte by byte, for hand-made and hostile inputs.
class message {
  public:
    /// Starts a message with the header of tag `tag` (and format version `version`).
    explicit message(wire_tag tag, unsigned version = wire_format_version) {
        raw(version);
        raw(static_cast<unsigned>(tag));
    }
    /// Starts an empty message, without a header.
    message() = default;

    /// Appends one raw byte.
    message& raw(unsigned b) {
        bytes_.push_back(static_cast<std::byte>(b));
        return *this;
    }
    /// Appends a varint.
    message& varint(std::uint64_t value) {
        std::byte scratch[max_varint_size];
        const std::byte* end = detail::put_varint(scratch, value);
        bytes_.insert(bytes_.end(), static_cast<const std::byte*>(scratch), end);
        return *this;
    }
    /// Appends a zig-zag varint.
    message& sint(std::int64_t value) { return varint(zigzag_encode(value)); }
    /// Appends a length-prefixed string.
    message& str(const std::string& s) {
        varint(s.size());
        for (char c : s)
            raw(static_cast<unsigned char>(c));
        return *this;
    }
    /// Returns the bytes built so far.
    const bytes& get() const { return bytes_; }

  private:
    bytes bytes_;
};

/// Returns the top-level encoding of `value`.
template <class T> bytes encoding_of(const T& value) {
    bytes out;
    encode(value, out);
    return out;
}

/// Decodes `input` as a T.
template <class T> result<T> decode_bytes(const bytes& input, const decode_limits& limits = {}) {
    return decode<T>(bytes_view(input.data(), input.size()), limits);
}

/// Returns the errc of a failed decode of `input` as a T (or 0 when it succeeded).
template <class T> int decode_error(const bytes& input, const decode_limits& limits = {}) {
    auto decoded = decode_bytes<T>(input, limits);
    return decoded ? 0 : decoded.error().value();
}

/// Returns the number of `e`, for comparison with decode_error.
inline int code(errc e) {
    return static_cast<int>(e);
}

/// Requires the properties every encodable value has: decode inverts encode, the encoding is
/// canonical (re-encoding the decoded value gives the same bytes), and the three encoders agree.
template <class T> void require_round_trip(const T& value) {
    const bytes encoded = encoding_of(value);
    REQUIRE(encoded.size() >= 2);
    REQUIRE(encoded_size(value) == encoded.size());

    auto decoded = decode_bytes<T>(encoded);
    INFO("decode error: " << decoded.error().message());
    REQUIRE(decoded.has_value());
    REQUIRE(*decoded == value);
    REQUIRE(encoding_of(*decoded) == encoded);

    bytes buffer(encoded.size() + 3, std::byte{0xEE});
    const encode_result exact = encode_to(value, buffer.data(), encoded.size());
    REQUIRE(exact.fits);
    REQUIRE(exact.size == encoded.size());
    REQUIRE(bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(encoded.size())) ==
            encoded);
    REQUIRE(buffer[encoded.size()] == std::byte{0xEE}); // nothing written past capacity
    const encode_result short_by_one = encode_to(value, buffer.data(), encoded.size() - 1);
    REQUIRE_FALSE(short_by_one.fits);
    REQUIRE(short_by_one.size == encoded.size());
}

/// Requires round_trip and that the decoded CRDT merges as the original: idempotently, with the
/// original as an equal, and with `other` exactly as the original does.
template <class T> void require_crdt_round_trip(const T& value, const T& other) {
    require_round_trip(value);
    const T decoded = *decode_bytes<T>(encoding_of(value));
    T self = decoded;
    REQUIRE_FALSE(self.merge(T(decoded)));
    REQUIRE(self == decoded);
    REQUIRE_FALSE(self.merge(value));
    REQUIRE(self == value);

    T expected = value;
    const bool expected_change = expected.merge(other);
    T joined = decoded;
    const T other_decoded = *decode_bytes<T>(encoding_of(other));
    REQUIRE(joined.merge(other_decoded) == expected_change);
    REQUIRE(joined == expected);
    T reverse = other_decoded;
    reverse.merge(decoded);
    REQUIRE(reverse == expected);
}

/// States and deltas from random replica histories.
template <class T> struct samples {
    std::vector<T> states;
    std::vector<T> deltas;
};

/// Applies one random mutator of T as `self` with the generators of tests/support.
struct generator_mutation {
    template <class T> T operator()(T& state, std::uint64_t self, std::mt19937_64& rng) const {
        return testing::random_mutation(state, self, rng);
    }
};

/// Runs a history of `steps` among three replicas from `seed`: local mutations (whose deltas
/// are kept), state merges and delta merges; keeps snapshots of the replicas along the way.
template <class T, class Mutate = generator_mutation>
samples<T> sample_history(std::uint64_t seed, std::size_t steps, Mutate mutate = {}) {
    std::mt19937_64 rng(seed);
    std::vector<T> replicas(3);
    samples<T> out;
    for (std::size_t step = 0; step < steps; ++step) {
        const std::size_t target = testing::pick_index(rng, replicas.size());
        const std::uint64_t roll = testing::pick(rng, 100);
        if (roll < 70) {
            out.deltas.push_back(mutate(replicas[target], testing::replica_id(target), rng));
        } else if (roll < 85) {
            replicas[target].merge(replicas[testing::pick_index(rng, replicas.size())]);
        } else if (!out.deltas.empty()) {
            replicas[target].merge(out.deltas[testing::pick_index(rng, out.deltas.size())]);
        }
        if (step % 16 == 15)
            out.states.push_back(replicas[target]);
    }
    T all;
    for (const auto& replica : replicas) {
        out.states.push_back(replica);
        all.merge(replica);
    }
    out.states.push_back(all);
    out.states.push_back(T{});
    return out;
}

} // namespace hearsay::codec_testing

#endif // HEARSAY_TESTS_CODEC_CODEC_SUPPORT_HPP
