// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_ERROR_HPP
#define HEARSAY_CORE_ERROR_HPP

// errc: every reason hearsay refuses an input or a request.
//
// Guarantees: each value is registered as a std::error_code enum in the
// "hearsay" category, so `ec == hearsay::errc::truncated` works on any
// std::error_code. Each message is one line saying what happened and what the
// refusal did to the state; hearsay never applies part of a rejected input.
// Values are stable: new ones are appended, none is renumbered; 0 is success.
// The category is a function-local static: comparisons are by its address, as
// for every std::error_category. Cost: making a code is two words, no allocation.

#include <string>
#include <system_error>
#include <type_traits> // std::true_type

namespace hearsay {

/// Names the reasons hearsay refuses an input or a request (0 means success).
enum class errc : int {
    truncated = 1,     ///< input ended before the value it announced was complete
    bad_version,       ///< the wire format version is not one this build reads
    unknown_type,      ///< bad magic number or unknown message or value type tag
    length_too_large,  ///< a declared length exceeds the bytes left or a size limit
    depth_exceeded,    ///< values nest deeper than the decoder's depth limit
    invalid_value,     ///< a field holds a value outside its valid range
    not_canonical,     ///< the encoding is well formed but not the canonical one
    message_too_large, ///< a message exceeds the configured maximum message size
    payload_too_large, ///< a piece cannot fit the transport's max_payload
    invalid_config,    ///< a configuration field is outside its valid range
    duplicate_entry,   ///< a set or map encoding repeats an element or key
    clock_drift,       ///< a remote timestamp is too far ahead of local physical time
    trailing_bytes,    ///< input continues after the complete value it encodes
    out_of_memory,     ///< an allocation failed while decoding
    counter_too_large, ///< a counter exceeds max_counter_value (core/counter_limit.hpp)
    too_many_writers,  ///< a message or merge would exceed the configured writer cap
    bad_address,       ///< text is not a numeric "host:port" or "[IPv6]:port" address
    bad_key,           ///< not base64 of 32 bytes, or a key id already naming another key
    unknown_key,       ///< no key of the keyring has this id, or it is the primary one
};

namespace detail {

inline const char* errc_message(errc e) noexcept {
    switch (e) {
    case errc::truncated:
        return "input truncated: nothing was applied";
    case errc::bad_version:
        return "unsupported wire format version: nothing was applied";
    case errc::unknown_type:
        return "bad magic number or unknown type tag: nothing was applied";
    case errc::length_too_large:
        return "declared length exceeds the input or a size limit: nothing was applied";
    case errc::depth_exceeded:
        return "nesting exceeds the depth limit: nothing was applied";
    case errc::invalid_value:
        return "field value out of range: nothing was applied";
    case errc::not_canonical:
        return "encoding is not canonical: nothing was applied";
    case errc::message_too_large:
        return "message exceeds the maximum message size: it was neither sent nor applied";
    case errc::payload_too_large:
        return "piece does not fit the transport's max_payload: it was not sent";
    case errc::invalid_config:
        return "configuration rejected: the current configuration is unchanged";
    case errc::duplicate_entry:
        return "duplicate element or key in the encoding: nothing was applied";
    case errc::clock_drift:
        return "remote timestamp too far ahead of local physical time: the clock is unchanged";
    case errc::trailing_bytes:
        return "input continues after the encoded value: nothing was applied";
    case errc::out_of_memory:
        return "out of memory while decoding: nothing was applied";
    case errc::counter_too_large:
        return "counter exceeds max_counter_value: nothing was applied";
    case errc::too_many_writers:
        return "too many distinct writers for the configured cap: nothing was applied";
    case errc::bad_address:
        return "not a numeric host:port or [IPv6]:port address: nothing was opened";
    case errc::bad_key:
        return "not a 32-byte key, or its id names another key: nothing was changed";
    case errc::unknown_key:
        return "no such key, or it is the primary key: the keyring is unchanged";
    }
    return "unknown hearsay error";
}

class error_category_impl final : public std::error_category {
  public:
    const char* name() const noexcept override { return "hearsay"; }
    std::string message(int value) const override { return errc_message(static_cast<errc>(value)); }
};

} // namespace detail

/// Returns the error category of hearsay::errc, named "hearsay".
inline const std::error_category& category() noexcept {
    static const detail::error_category_impl instance{};
    return instance;
}

/// Makes a std::error_code in hearsay's category from e.
inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

} // namespace hearsay

namespace std {
template <> struct is_error_code_enum<hearsay::errc> : true_type {};
} // namespace std

#endif // HEARSAY_CORE_ERROR_HPP
