// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_BYTES_VIEW_HPP
#define HEARSAY_CORE_BYTES_VIEW_HPP

// bytes_view: a non-owning, read-only view of contiguous bytes.
//
// Guarantees: in C++20 (when <span> is available) bytes_view IS
// std::span<const std::byte>; in C++17 it is a small class offering the same
// subset with the same meaning, so code written against that subset compiles
// and behaves identically in both standards. The subset is: construction from
// (pointer, size), a std::vector<std::byte>, a std::array<std::byte, N> or a
// std::byte[N]; data(), size(), size_bytes(), empty(), begin(), end(),
// operator[], first(n), last(n), subspan(offset, count = dynamic_extent).
// Iterators are only guaranteed to be random-access iterators (a pointer in
// C++17, not in C++20): use data() when a pointer is needed.
// The caller keeps the viewed bytes alive and unchanged while the view is used;
// first, last, subspan and operator[] require in-range arguments, as std::span
// does. Cost: two words, no allocation, every operation O(1).

#include <array>
#include <cstddef> // std::byte, std::size_t
#include <vector>

#if __has_include(<version>)
#include <version> // __cpp_lib_span
#endif

#if defined(__cpp_lib_span) && __cpp_lib_span >= 202002L
#include <span>
/// Tells whether hearsay::bytes_view is std::span<const std::byte> (1) or hearsay's own class (0).
#define HEARSAY_BYTES_VIEW_IS_STD_SPAN 1
#else
#include <cassert>
#include <iterator> // std::reverse_iterator
/// Tells whether hearsay::bytes_view is std::span<const std::byte> (1) or hearsay's own class (0).
#define HEARSAY_BYTES_VIEW_IS_STD_SPAN 0
#endif

namespace hearsay {

#if HEARSAY_BYTES_VIEW_IS_STD_SPAN

/// Marks "up to the end of the view" as the count of subspan().
inline constexpr std::size_t dynamic_extent = std::dynamic_extent;

/// Views contiguous read-only bytes without owning them.
using bytes_view = std::span<const std::byte>;

#else

/// Marks "up to the end of the view" as the count of subspan().
inline constexpr std::size_t dynamic_extent = static_cast<std::size_t>(-1);

/// Views contiguous read-only bytes without owning them.
class bytes_view {
  public:
    using element_type = const std::byte;
    using value_type = std::byte;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::byte*;
    using const_pointer = const std::byte*;
    using reference = const std::byte&;
    using const_reference = const std::byte&;
    using iterator = const std::byte*;
    using reverse_iterator = std::reverse_iterator<iterator>;

    /// Constructs an empty view.
    constexpr bytes_view() noexcept = default;

    /// Views the size bytes starting at data.
    constexpr bytes_view(const std::byte* data, std::size_t size) noexcept
        : data_(data), size_(size) {}

    // The container constructors are implicit, as std::span's are.

    /// Views the contents of a vector.
    template <class Allocator>
    constexpr bytes_view(const std::vector<std::byte, Allocator>& bytes) noexcept
        : data_(bytes.data()), size_(bytes.size()) {}

    /// Views the contents of an array.
    template <std::size_t N>
    constexpr bytes_view(const std::array<std::byte, N>& bytes) noexcept
        : data_(bytes.data()), size_(N) {}

    /// Views the contents of a built-in array.
    template <std::size_t N>
    constexpr bytes_view(const std::byte (&bytes)[N]) noexcept : data_(bytes), size_(N) {}

    /// Returns a pointer to the first byte (may be null when empty).
    constexpr const std::byte* data() const noexcept { return data_; }
    /// Returns the number of bytes viewed.
    constexpr std::size_t size() const noexcept { return size_; }
    /// Returns the number of bytes viewed (the same as size()).
    constexpr std::size_t size_bytes() const noexcept { return size_; }
    /// Tells whether the view holds no bytes.
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }

    /// Returns an iterator to the first byte.
    constexpr iterator begin() const noexcept { return data_; }
    /// Returns an iterator past the last byte.
    constexpr iterator end() const noexcept { return data_ + size_; }
    /// Returns a reverse iterator to the last byte.
    constexpr reverse_iterator rbegin() const noexcept { return reverse_iterator(end()); }
    /// Returns a reverse iterator before the first byte.
    constexpr reverse_iterator rend() const noexcept { return reverse_iterator(begin()); }

    /// Returns the byte at index i; requires i < size().
    constexpr const std::byte& operator[](std::size_t i) const noexcept {
        assert(i < size_);
        return data_[i];
    }

    /// Returns a view of the first count bytes; requires count <= size().
    constexpr bytes_view first(std::size_t count) const noexcept {
        assert(count <= size_);
        return {data_, count};
    }

    /// Returns a view of the last count bytes; requires count <= size().
    constexpr bytes_view last(std::size_t count) const noexcept {
        assert(count <= size_);
        return {data_ + (size_ - count), count};
    }

    /// Returns count bytes from offset (to the end when count is dynamic_extent); requires them in
    /// range.
    constexpr bytes_view subspan(std::size_t offset,
                                 std::size_t count = dynamic_extent) const noexcept {
        assert(offset <= size_);
        assert(count == dynamic_extent || count <= size_ - offset);
        return {data_ + offset, count == dynamic_extent ? size_ - offset : count};
    }

  private:
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

#endif

/// Views the contents of a byte vector.
inline bytes_view as_bytes_view(const std::vector<std::byte>& bytes) noexcept {
    return bytes_view(bytes.data(), bytes.size());
}

} // namespace hearsay

#endif // HEARSAY_CORE_BYTES_VIEW_HPP
