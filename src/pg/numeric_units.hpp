// Reads a numeric Datum's stored digits directly as an integer count of micro-units (1e-6), without the
// string round trip of numeric -> float8. Relies on numeric's on-disk format, which PostgreSQL keeps
// stable across major versions (pg_upgrade copies it unchanged): a 2-byte header ("short" form: sign,
// display scale and a 7-bit weight) or a 4-byte header (sign/scale word, 16-bit weight), then base-10000
// digits, the first one worth 10000^weight.
#pragma once
#include "pg/datum.hpp"

#include "core/errors.hpp"

#include <cstdint>
#include <cstring>

namespace ecom::pg {

// The numeric argument `n` in micro-units, rounded half away from zero; NaN and infinities throw
// InvalidArgument, magnitudes from 9.2e12 up throw OutOfRange.
inline std::int64_t numeric_arg_micro_units(FunctionCallInfo fcinfo, int n) {
    constexpr std::uint16_t sign_mask = 0xC000, negative = 0x4000, short_form = 0x8000, special = 0xC000;
    constexpr std::uint16_t short_negative = 0x2000, short_weight_sign = 0x0040, short_weight = 0x003F;
    struct varlena* value = packed_varlena_arg(fcinfo, n);
    const char* bytes = VARDATA_ANY(value);
    const std::size_t size = VARSIZE_ANY_EXHDR(value);
    std::uint16_t header = 0;
    if (size >= 2) std::memcpy(&header, bytes, 2);
    if ((header & sign_mask) == special)
        throw InvalidArgument("amount must be a finite number",
                              "Filter out NaN and infinite amounts, or replace them with NULL.");
    bool is_negative = false;
    int weight = 0;
    std::size_t offset = 0;
    if ((header & sign_mask) == short_form) {
        is_negative = (header & short_negative) != 0;
        weight = (header & short_weight_sign) != 0 ? static_cast<int>(header | ~short_weight) : (header & short_weight);
        offset = 2;
    } else if (size >= 4) {
        is_negative = (header & sign_mask) == negative;
        std::int16_t long_weight = 0;
        std::memcpy(&long_weight, bytes + 2, 2);
        weight = long_weight;
        offset = 4;
    }
    const auto too_big = [] { return OutOfRange("amount is out of range", "Amounts must be less than 9.2e12 in absolute value."); };
    std::int64_t units = 0;
    for (int i = 0; offset + 2 <= size; ++i, offset += 2) {
        std::uint16_t digit = 0;
        std::memcpy(&digit, bytes + offset, 2);
        const int exponent = 4 * (weight - i) + 6;  // power of ten of this digit in micro-units
        if (exponent < -2) break;
        std::int64_t part = digit;
        if (exponent == -2) {
            part = digit / 100 + (digit % 100 >= 50 ? 1 : 0);
        } else {
            for (int e = 0; e < exponent; ++e)
                if (__builtin_mul_overflow(part, std::int64_t{10}, &part)) throw too_big();
        }
        if (__builtin_add_overflow(units, part, &units) || units >= 9200000000000000000LL) throw too_big();
    }
    return is_negative ? -units : units;
}

}  // namespace ecom::pg
