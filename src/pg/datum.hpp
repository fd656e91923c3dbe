// Conversions between PostgreSQL Datums and C++ values, each safe to call from C++ code.
#pragma once
#include "pg/boundary.hpp"
#include "pg/memory.hpp"

extern "C" {
#include "utils/array.h"
#include "utils/timestamp.h"
}

#include "core/errors.hpp"

#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecom::pg {

// The text argument `n` as a std::string (detoasting under pg_guard).
inline std::string text_arg(FunctionCallInfo fcinfo, int n) {
    text* value = pg_guard([&] { return PG_GETARG_TEXT_PP(n); });
    return std::string(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
}

// The memory context of the aggregate calling this function; throws when not called as an aggregate.
inline MemoryContext aggregate_context(FunctionCallInfo fcinfo) {
    MemoryContext context = nullptr;
    if (AggCheckCallContext(fcinfo, &context) == 0)
        throw std::logic_error("aggregate support function called outside an aggregate");
    return context;
}

// A bytea Datum holding a copy of `bytes`, allocated without longjmp.
inline Datum bytea_datum(const std::vector<char>& bytes) {
    auto* result = static_cast<bytea*>(context_alloc(CurrentMemoryContext, VARHDRSZ + bytes.size()));
    SET_VARSIZE(result, VARHDRSZ + bytes.size());
    std::memcpy(VARDATA(result), bytes.data(), bytes.size());
    return PointerGetDatum(result);
}

// The bytes of bytea argument `n` (detoasted under pg_guard), valid for the rest of the call.
inline std::pair<const char*, std::size_t> bytea_arg(FunctionCallInfo fcinfo, int n) {
    bytea* value = pg_guard([&] { return PG_GETARG_BYTEA_PP(n); });
    return {VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value)};
}

// The timestamptz argument `n`, which must be finite (`what` names it in the error; the message is built
// only on error, so a per-row call allocates nothing).
inline TimestampTz finite_timestamptz_arg(FunctionCallInfo fcinfo, int n, const char* what) {
    const TimestampTz value = PG_GETARG_TIMESTAMPTZ(n);
    if (TIMESTAMP_NOT_FINITE(value))
        throw InvalidArgument(std::string(what) + " must be a finite timestamp", "Filter out rows with infinite timestamps.");
    return value;
}

// The varlena argument `n` in packed form (short header allowed): used in place when stored inline and
// uncompressed, as most per-row values are; detoasted under pg_guard otherwise.
inline struct varlena* packed_varlena_arg(FunctionCallInfo fcinfo, int n) {
    auto* value = reinterpret_cast<struct varlena*>(PG_GETARG_POINTER(n));
    if (!VARATT_IS_COMPRESSED(value) && !VARATT_IS_EXTERNAL(value)) return value;
    return pg_guard([&] { return pg_detoast_datum_packed(value); });
}

// The array argument `n`: in place when it has a plain 4-byte header (as an array built by the executor,
// for example a VARIADIC list, has); detoasted under pg_guard otherwise.
inline ArrayType* array_arg(FunctionCallInfo fcinfo, int n) {
    auto* value = reinterpret_cast<struct varlena*>(PG_GETARG_POINTER(n));
    if (!VARATT_IS_EXTENDED(value)) return reinterpret_cast<ArrayType*>(value);
    return pg_guard([&] { return reinterpret_cast<ArrayType*>(pg_detoast_datum(value)); });
}

// The text argument `n` as a view of its bytes, valid for the rest of the call (no copy when inline).
inline std::string_view text_view_arg(FunctionCallInfo fcinfo, int n) {
    struct varlena* value = packed_varlena_arg(fcinfo, n);
    return {VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value)};
}

// A text Datum holding `value`.
inline Datum text_datum(const std::string& value) {
    auto* result = static_cast<text*>(context_alloc(CurrentMemoryContext, VARHDRSZ + value.size()));
    SET_VARSIZE(result, VARHDRSZ + value.size());
    std::memcpy(VARDATA(result), value.data(), value.size());
    return PointerGetDatum(result);
}

}  // namespace ecom::pg
