// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_WRITER_HPP
#define HEARSAY_CODEC_WRITER_HPP

// writer: where encodings go. One class serves the three ways hearsay encodes:
//   - appending to a std::vector<std::byte> (encode), growing it as needed;
//   - filling a caller's buffer (encode_to), with no allocation: what does not
//     fit is counted, not written, so the caller learns the size it needs;
//   - counting only (encoded_size).
// Codecs call write_byte, write_bytes and write_varint; the fast path of each
// is a bounds test and a store. A bulk encoder may instead ask for room() for a
// run of values and store them directly. Once a write has not fit a caller's buffer,
// every later write is counted only, so the buffer never holds a torn mix.

#include <algorithm> // max
#include <cstddef>   // std::byte, std::size_t
#include <cstdint>
#include <cstring> // memcpy
#include <vector>

#include "hearsay/codec/varint.hpp"

namespace hearsay {

/// Receives the bytes of an encoding: appends to a vector, fills a fixed buffer, or counts.
class writer {
  public:
    /// Counts bytes without storing them.
    writer() noexcept = default;

    /// Writes into buffer[0, capacity) and counts whatever does not fit.
    writer(std::byte* buffer, std::size_t capacity) noexcept
        : start_(buffer), cursor_(buffer), limit_(buffer + capacity) {}

    /// Appends to `out`, growing it; call finish() to trim it to what was written.
    explicit writer(std::vector<std::byte>& out) : out_(&out), origin_(out.size()) {
        if (out.capacity() > out.size())
            out.resize(out.capacity());
        rebase(origin_);
    }

    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    /// Writes one byte.
    void write_byte(std::byte b) {
        if (cursor_ != limit_)
            *cursor_++ = b;
        else
            write_slow(&b, 1);
    }

    /// Writes `size` bytes from `data`.
    void write_bytes(const std::byte* data, std::size_t size) {
        if (static_cast<std::size_t>(limit_ - cursor_) >= size) {
            if (size != 0)
                std::memcpy(cursor_, data, size);
            cursor_ += size;
        } else {
            write_slow(data, size);
        }
    }

    /// Writes `value` as a varint (varint.hpp).
    void write_varint(std::uint64_t value) {
        if (static_cast<std::size_t>(limit_ - cursor_) >= max_varint_size) {
            cursor_ = detail::put_varint(cursor_, value);
        } else if (out_ == nullptr && cursor_ == limit_) { // counting only
            spilled_ += (detail::bit_width(value | 1) + 6) / 7;
        } else {
            std::byte scratch[max_varint_size];
            const std::byte* end = detail::put_varint(scratch, value);
            write_slow(scratch, static_cast<std::size_t>(end - scratch));
        }
    }

    /// Returns where the next `size` bytes may be stored directly (growing a vector as
    /// needed), or nullptr when they would not fit a caller's buffer or the writer only counts:
    /// the caller then writes through the calls above. Call commit() with the end of what it
    /// stored. A bulk encoder asks once for a run of values (their most bytes), then stores
    /// each with no bounds test of its own.
    std::byte* room(std::size_t size) {
        if (static_cast<std::size_t>(limit_ - cursor_) >= size)
            return cursor_;
        if (out_ == nullptr)
            return nullptr;
        grow(size);
        return cursor_;
    }

    /// Marks the bytes up to `end` as written, `end` lying within the room() just returned.
    void commit(std::byte* end) noexcept { cursor_ = end; }

    /// Returns how many bytes were written or counted so far.
    std::size_t size() const noexcept {
        return static_cast<std::size_t>(cursor_ - start_) + spilled_;
    }

    /// Tells whether every byte so far was stored (always false when only counting a non-empty
    /// encoding).
    bool fits() const noexcept { return spilled_ == 0; }

    /// Trims the vector given at construction to the bytes written; does nothing otherwise.
    void finish() {
        if (out_ != nullptr)
            out_->resize(origin_ + size());
    }

  private:
    void write_slow(const std::byte* data, std::size_t size) {
        if (out_ != nullptr)
            grow(size);
        if (static_cast<std::size_t>(limit_ - cursor_) >= size) {
            if (size != 0)
                std::memcpy(cursor_, data, size);
            cursor_ += size;
            return;
        }
        spilled_ += size;
        limit_ = cursor_; // nothing more is stored once something did not fit
    }

    // Makes room in the vector for `size` more bytes.
    void grow(std::size_t size) {
        const std::size_t used = static_cast<std::size_t>(cursor_ - out_->data());
        out_->resize(std::max({used + size, out_->size() * 2, used + 256}));
        rebase(used);
    }

    void rebase(std::size_t used) {
        std::byte* base = out_->data();
        start_ = base + origin_;
        cursor_ = base + used;
        limit_ = base + out_->size();
    }

    std::byte* start_ = nullptr;
    std::byte* cursor_ = nullptr;
    std::byte* limit_ = nullptr;
    std::size_t spilled_ = 0;
    std::vector<std::byte>* out_ = nullptr;
    std::size_t origin_ = 0;
};

} // namespace hearsay

#endif
