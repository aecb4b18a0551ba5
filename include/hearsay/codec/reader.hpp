// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_READER_HPP
#define HEARSAY_CODEC_READER_HPP

// reader: a bounds-checked cursor over an untrusted message.
//
// Guarantees: no read goes past the input; the first failure is recorded (as an
// errc) and moves the cursor to the end, so every later read fails too and a
// codec may test once, after a sequence of reads. Counts and lengths are
// checked against the limits and against the bytes left before the caller
// allocates for them. Varints are read canonically (varint.hpp): an overlong
// encoding is errc::not_canonical, a value beyond 64 bits errc::invalid_value.
// Cost: every read is one bounds test on the fast path; nothing allocates.

#include <cstddef> // std::byte, std::size_t
#include <cstdint>
#include <system_error>

#include "hearsay/codec/limits.hpp"
#include "hearsay/codec/varint.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/error.hpp"

namespace hearsay {

/// Reads an encoding from untrusted bytes, recording the first reason it fails.
class reader {
  public:
    /// Reads `input` under `limits`, which must outlive the reader.
    reader(bytes_view input, const decode_limits& limits) noexcept
        : cursor_(input.data()), end_(input.data() + input.size()), limits_(&limits) {}

    reader(const reader&) = delete;
    reader& operator=(const reader&) = delete;

    /// Returns the limits this reader enforces.
    const decode_limits& limits() const noexcept { return *limits_; }
    /// Returns how many bytes are left.
    std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - cursor_); }
    /// Tells whether every byte has been read.
    bool at_end() const noexcept { return cursor_ == end_; }
    /// Tells whether a read has failed.
    bool failed() const noexcept { return error_ != errc{}; }
    /// Returns the first failure, or a zero code.
    std::error_code error() const noexcept {
        return failed() ? make_error_code(error_) : std::error_code{};
    }

    /// Records `e` as the failure (unless one is already recorded) and returns false.
    bool fail(errc e) noexcept {
        if (error_ == errc{})
            error_ = e;
        cursor_ = end_;
        return false;
    }

    /// Reads one byte.
    bool read_byte(std::byte& out) noexcept {
        if (cursor_ == end_)
            return fail(errc::truncated);
        out = *cursor_++;
        return true;
    }

    /// Points `out` at the next `size` bytes of the input and skips them.
    bool read_bytes(std::size_t size, const std::byte*& out) noexcept {
        if (remaining() < size)
            return fail(errc::truncated);
        out = cursor_;
        cursor_ += size;
        return true;
    }

    /// Reads a canonical varint of at most 64 bits.
    bool read_varint(std::uint64_t& out) noexcept {
        if (cursor_ != end_ && static_cast<unsigned char>(*cursor_) < 0x80) {
            out = static_cast<unsigned char>(*cursor_++);
            return true;
        }
        if (remaining() >= max_varint_size)
            return read_long_varint(out);
        std::uint64_t value = 0;
        const std::byte* at = cursor_;
        for (unsigned i = 0; i < max_varint_size; ++i) {
            if (at == end_)
                return fail(errc::truncated);
            const auto b = static_cast<unsigned char>(*at++);
            value |= std::uint64_t{b & 0x7Fu} << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0)
                    return fail(errc::not_canonical); // a zero group after a continuation
                if (i == max_varint_size - 1 && b > 1)
                    return fail(errc::invalid_value); // bits beyond the 64th
                cursor_ = at;
                out = value;
                return true;
            }
        }
        return fail(errc::invalid_value); // longer than any 64-bit value
    }

    /// Reads a varint counter, refused with errc::counter_too_large above max_counter_value.
    bool read_counter(std::uint64_t& out) noexcept {
        if (!read_varint(out))
            return false;
        return out <= max_counter_value || fail(errc::counter_too_large);
    }

    /// Reads an element count, refused unless within max_elements and unless `count` elements
    /// of at least `min_element_size` bytes each fit in the bytes left.
    bool read_count(std::size_t& out, std::size_t min_element_size) noexcept {
        std::uint64_t count = 0;
        if (!read_varint(count))
            return false;
        if (count > limits_->max_elements)
            return fail(errc::length_too_large);
        if (min_element_size != 0 && count > remaining() / min_element_size)
            return fail(errc::length_too_large);
        out = static_cast<std::size_t>(count);
        return true;
    }

    /// Reads a byte length, refused unless within max_string_length and the bytes left.
    bool read_length(std::size_t& out) noexcept {
        std::uint64_t length = 0;
        if (!read_varint(length))
            return false;
        if (length > limits_->max_string_length || length > remaining())
            return fail(errc::length_too_large);
        out = static_cast<std::size_t>(length);
        return true;
    }

    /// Reserves room in `items` for `count` elements, but never more than the bytes left could
    /// hold once in memory (one element per sizeof bytes left): a message that claims many
    /// elements and stops short allocates in proportion to what it carries, and a vector grows
    /// past that only as elements actually decode.
    template <class Vector> void reserve(Vector& items, std::size_t count) const {
        const std::size_t ahead = remaining() / sizeof(typename Vector::value_type) + 1;
        items.reserve(count < ahead ? count : ahead);
    }

    /// Enters one level of nesting; fails with errc::depth_exceeded past max_depth.
    bool enter() noexcept {
        if (depth_ >= limits_->max_depth)
            return fail(errc::depth_exceeded);
        ++depth_;
        return true;
    }
    /// Leaves the level entered last.
    void leave() noexcept { --depth_; }

  private:
    // Reads a varint of two or more bytes with ten bytes available, without a
    // branch per byte: the first eight bytes are one word.
    bool read_long_varint(std::uint64_t& out) noexcept {
        const auto second = static_cast<unsigned char>(cursor_[1]);
        if (second < 0x80) { // two bytes (counters, references, lengths): no word to gather
            if (second == 0)
                return fail(errc::not_canonical); // a zero group after a continuation
            out = (static_cast<unsigned char>(cursor_[0]) & 0x7Fu) | (std::uint64_t{second} << 7);
            cursor_ += 2;
            return true;
        }
        const std::uint64_t word = detail::load_le64(cursor_);
        const std::uint64_t stops = ~word & 0x8080808080808080;
        if (stops != 0) { // 3 to 8 bytes
            const unsigned size = (detail::lowest_bit(stops) + 1) / 8;
            const std::uint64_t bytes =
                size == 8 ? word : word & ((std::uint64_t{1} << (8 * size)) - 1);
            if ((bytes >> (8 * (size - 1))) == 0)
                return fail(errc::not_canonical); // a zero group after a continuation
            out = detail::gather_groups(bytes);
            cursor_ += size;
            return true;
        }
        const auto ninth = static_cast<unsigned char>(cursor_[8]);
        const auto tenth = static_cast<unsigned char>(cursor_[9]);
        const unsigned long_form = ninth >> 7; // 1 when a tenth byte follows
        const unsigned last = long_form != 0 ? tenth : ninth;
        if (last == 0)
            return fail(errc::not_canonical);
        if (long_form != 0 && tenth > 1)
            return fail(errc::invalid_value); // bits beyond the 64th, or an eleventh byte
        out = detail::gather_groups(word) | (std::uint64_t{ninth & 0x7Fu} << 56) |
              (std::uint64_t{tenth & long_form} << 63);
        cursor_ += 9 + long_form;
        return true;
    }

    const std::byte* cursor_;
    const std::byte* end_;
    const decode_limits* limits_;
    std::size_t depth_ = 0;
    errc error_{};
};

} // namespace hearsay

#endif
