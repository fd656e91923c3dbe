// Conversions between PostgreSQL Datums and C++ values, each safe to call from C++ code.
#pragma once
#include "pg/boundary.hpp"
#include "pg/memory.hpp"

extern "C" {
#include "catalog/pg_type_d.h"
#include "utils/array.h"
}

#include "core/errors.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
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

// What a NULL element of a float8[] argument means.
enum class NullElements { error, nan };

// The one-dimensional float8[] argument `n` as a vector; NULL elements are an error naming `what`,
// or NaN when the function gives NULL a meaning (a gap).
inline std::vector<double> float8_array_arg(FunctionCallInfo fcinfo, int n, const char* what,
                                            NullElements nulls = NullElements::error) {
    ArrayType* array = pg_guard([&] { return PG_GETARG_ARRAYTYPE_P(n); });
    if (ARR_ELEMTYPE(array) != FLOAT8OID) throw std::logic_error("float8_array_arg: not a float8[]");
    if (ARR_NDIM(array) > 1)
        throw InvalidArgument(std::string(what) + " must be a one-dimensional array", "Pass a float8[] such as ARRAY[1.0, 2.0].");
    if (!ARR_HASNULL(array)) {
        const auto count = static_cast<std::size_t>(ARR_NDIM(array) == 0 ? 0 : ARR_DIMS(array)[0]);
        const auto* data = reinterpret_cast<const double*>(ARR_DATA_PTR(array));
        return std::vector<double>(data, data + count);
    }
    if (nulls == NullElements::error)
        throw InvalidArgument(std::string(what) + " must not contain NULL elements",
                              "Remove them with array_remove(" + std::string(what) + ", NULL) or fill them with coalesce().");
    Datum* elements = nullptr;
    bool* is_null = nullptr;
    int count = 0;
    pg_guard([&] {
        deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elements, &is_null, &count);
    });
    std::vector<double> values(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) values[i] = is_null[i] ? std::nan("") : DatumGetFloat8(elements[i]);
    return values;
}

// A float8[] Datum holding `values`.
inline Datum float8_array_datum(const std::vector<double>& values) {
    std::vector<Datum> elements(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) elements[i] = Float8GetDatum(values[i]);
    ArrayType* array = pg_guard([&] {
        return construct_array(elements.data(), static_cast<int>(elements.size()), FLOAT8OID, sizeof(float8),
                               FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
    });
    return PointerGetDatum(array);
}

// A text Datum holding `value`.
inline Datum text_datum(const std::string& value) {
    auto* result = static_cast<text*>(context_alloc(CurrentMemoryContext, VARHDRSZ + value.size()));
    SET_VARSIZE(result, VARHDRSZ + value.size());
    std::memcpy(VARDATA(result), value.data(), value.size());
    return PointerGetDatum(result);
}

}  // namespace ecom::pg
