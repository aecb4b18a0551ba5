// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_RESULT_HPP
#define HEARSAY_CORE_RESULT_HPP

// result<T>: a value, or the reason there is none.
//
// Guarantees: a result holds exactly one of a T or a std::error_code. It is
// implicitly constructible from anything implicitly convertible to T, from a
// std::error_code and from hearsay::errc, so a function returns either
// directly. Checked access (value(), operator*, operator->) on an error throws
// std::system_error carrying error(); it never aborts. hearsay itself tests
// has_value() first, so it never relies on that throw.
// The caller passes a non-zero error code (a zero code makes a result that is
// neither a value nor a meaningful error). Cost: one std::variant of T and a
// std::error_code; access is one index test.

#include <memory> // std::addressof
#include <system_error>
#include <type_traits>
#include <utility> // std::forward, std::move
#include <variant>

#include "hearsay/core/error.hpp"

namespace hearsay {

/// Holds a T or the std::error_code saying why there is no T.
template <class T> class result {
    static_assert(
        std::is_object_v<T> && !std::is_array_v<T> && !std::is_const_v<T>,
        "hearsay::result<T>: T must be a non-const object type (not a reference, array or void)");
    static_assert(
        !std::is_convertible_v<T, std::error_code>,
        "hearsay::result<T>: T must not be an error code; return the code itself instead");

    template <class U>
    static constexpr bool accepts_value =
        !std::is_same_v<std::remove_cv_t<std::remove_reference_t<U>>, result> &&
        !std::is_convertible_v<U&&, std::error_code> && std::is_convertible_v<U&&, T>;

  public:
    using value_type = T;

    /// Holds a T made from value.
    template <class U = T, std::enable_if_t<accepts_value<U>, int> = 0>
    result(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>)
        : storage_(std::in_place_index<0>, std::forward<U>(value)) {}

    /// Holds the error ec, which must not be zero.
    result(std::error_code ec) noexcept : storage_(std::in_place_index<1>, ec) {}

    /// Holds the error e.
    result(errc e) noexcept : storage_(std::in_place_index<1>, make_error_code(e)) {}

    result(const result&) = default;
    result(result&&) = default;
    result& operator=(const result&) = default;
    ~result() = default;

    // Emplacing instead of std::variant's move assignment sidesteps a false
    // -Wmaybe-uninitialized from GCC 12 when optimising with sanitizers.
    /// Replaces the content with other's, moved.
    result& operator=(result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
        if (this != &other) {
            if (T* value = std::get_if<0>(&other.storage_)) {
                storage_.template emplace<0>(std::move(*value));
            } else {
                storage_.template emplace<1>(other.error());
            }
        }
        return *this;
    }

    /// Tells whether a value is held.
    bool has_value() const noexcept { return storage_.index() == 0; }
    /// Tells whether a value is held.
    explicit operator bool() const noexcept { return has_value(); }

    /// Returns the held value; throws std::system_error with error() when there is none.
    T& value() & { return *checked(&storage_); }
    /// Returns the held value; throws std::system_error with error() when there is none.
    const T& value() const& { return *checked(&storage_); }
    /// Returns the held value as an rvalue; throws std::system_error with error() when there is
    /// none.
    T&& value() && { return std::move(*checked(&storage_)); }

    /// Returns the held value; throws std::system_error with error() when there is none.
    T& operator*() & { return value(); }
    /// Returns the held value; throws std::system_error with error() when there is none.
    const T& operator*() const& { return value(); }
    /// Returns the held value as an rvalue; throws std::system_error with error() when there is
    /// none.
    T&& operator*() && { return std::move(*this).value(); }

    /// Points at the held value; throws std::system_error with error() when there is none.
    T* operator->() { return std::addressof(value()); }
    /// Points at the held value; throws std::system_error with error() when there is none.
    const T* operator->() const { return std::addressof(value()); }

    /// Returns the held value, or fallback converted to T when there is none.
    template <class U> T value_or(U&& fallback) const& {
        return has_value() ? *std::get_if<0>(&storage_) : static_cast<T>(std::forward<U>(fallback));
    }
    /// Moves out the held value, or returns fallback converted to T when there is none.
    template <class U> T value_or(U&& fallback) && {
        return has_value() ? std::move(*std::get_if<0>(&storage_))
                           : static_cast<T>(std::forward<U>(fallback));
    }

    /// Returns the held error, or a zero std::error_code when a value is held.
    std::error_code error() const noexcept {
        const std::error_code* ec = std::get_if<1>(&storage_);
        return ec != nullptr ? *ec : std::error_code{};
    }

  private:
    using storage_type = std::variant<T, std::error_code>;

    template <class Storage>
    static auto checked(Storage* storage) -> decltype(std::get_if<0>(storage)) {
        auto* value = std::get_if<0>(storage);
        if (value == nullptr) {
            const std::error_code* ec = std::get_if<1>(storage);
            throw std::system_error(ec != nullptr ? *ec : std::error_code{});
        }
        return value;
    }

    storage_type storage_;
};

} // namespace hearsay

#endif // HEARSAY_CORE_RESULT_HPP
