// float8[] arguments and results as std::vector<double>, safe to call from C++ glue.
#pragma once
#include "pg/boundary.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

namespace ecom::pg {

// The hint for a NULL element in a time series array.
constexpr const char* kSeriesNullHint =
    "The series must be complete and regularly spaced: fill missing periods first (for example with 0 for "
    "days without sales, or by interpolation).";

// Elements of a short float8[] read by append_short_float8_array; longer arrays take the general path.
constexpr int kShortArrayElements = 64;

// Appends the elements of a float8[] datum stored with a 1-byte header (as short arrays are in a table)
// without detoasting it: its bytes after the header are those of the 4-byte-header form, unaligned, so
// the fields are copied out. Returns the element count, or -1 (nothing appended) unless the value is
// short, with at most one dimension, float8 elements, no NULLs and at most kShortArrayElements elements.
template <class Out>
int append_short_float8_array(Datum datum, Out& out) {
    const auto* raw = reinterpret_cast<const varlena*>(DatumGetPointer(datum));
    if (VARATT_IS_EXTERNAL(raw) || !VARATT_IS_SHORT(raw)) return -1;
    const char* fields = VARDATA_SHORT(raw);  // ArrayType after vl_len_: ndim, dataoffset, elemtype, dims, lbounds
    const std::size_t size = VARSIZE_SHORT(raw) - VARHDRSZ_SHORT;
    std::int32_t header[3];  // ndim, dataoffset (0 when there are no NULLs), elemtype
    if (size < sizeof header + sizeof(std::int32_t)) return -1;
    std::memcpy(header, fields, sizeof header);
    if (header[0] != 1 || header[1] != 0 || static_cast<Oid>(header[2]) != FLOAT8OID) return -1;
    std::int32_t count;
    std::memcpy(&count, fields + sizeof header, sizeof count);
    const std::size_t data = ARR_OVERHEAD_NONULLS(1) - VARHDRSZ;
    if (count < 0 || count > kShortArrayElements || size != data + static_cast<std::size_t>(count) * sizeof(double))
        return -1;
    double values[kShortArrayElements];
    std::memcpy(values, fields + data, static_cast<std::size_t>(count) * sizeof(double));
    out.append(values, static_cast<std::size_t>(count));
    return count;
}

// Appends the elements of the one-dimensional float8[] argument `n` (named `name` in errors) to `out`
// by out.append(pointer, count) and returns how many there were. A NULL element is an InvalidArgument
// naming its 1-based position with `null_hint` as the hint or, when `null_hint` is nullptr, becomes NaN
// (for functions where NULL means a gap).
template <class Out>
int append_float8_array(FunctionCallInfo fcinfo, int n, const char* name, const char* null_hint, Out& out) {
    const int short_count = append_short_float8_array(PG_GETARG_DATUM(n), out);
    if (short_count >= 0) return short_count;
    ArrayType* array = pg_guard([&] { return PG_GETARG_ARRAYTYPE_P(n); });
    if (ARR_ELEMTYPE(array) != FLOAT8OID) throw std::logic_error("float8_array_arg: not a float8[]");
    if (ARR_NDIM(array) > 1)
        throw InvalidArgument(std::string(name) + " must be a one-dimensional array",
                              "Pass the series as a flat float8[], for example array_agg(value ORDER BY ts).");
    const int count = ARR_NDIM(array) == 0 ? 0 : ARR_DIMS(array)[0];
    const bits8* nulls = ARR_NULLBITMAP(array);
    const auto* stored = reinterpret_cast<const double*>(ARR_DATA_PTR(array));
    // Without NULLs the elements of a float8[] are stored contiguously and aligned.
    if (nulls == nullptr) {
        out.append(stored, static_cast<std::size_t>(count));
        return count;
    }
    for (int i = 0; i < count; ++i) {
        if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
            out.append(stored++, 1);
        } else if (null_hint != nullptr) {
            throw InvalidArgument(std::string(name) + " has a NULL element at position " + std::to_string(i + 1),
                                  null_hint);
        } else {
            const double gap = std::nan("");
            out.append(&gap, 1);
        }
    }
    return count;
}

// The one-dimensional float8[] argument `n` as a vector; NULL elements as in append_float8_array.
inline std::vector<double> float8_array_arg(FunctionCallInfo fcinfo, int n, const char* name,
                                            const char* null_hint) {
    // std::vector seen through the append(pointer, count) of append_float8_array.
    struct VectorSink {
        std::vector<double> values;
        void append(const double* first, std::size_t count) { values.insert(values.end(), first, first + count); }
    } sink;
    append_float8_array(fcinfo, n, name, null_hint, sink);
    return std::move(sink.values);
}

// A float8[] Datum holding values (allocated in the current memory context).
inline Datum float8_array_datum(const std::vector<double>& values) {
    std::vector<Datum> datums(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) datums[i] = Float8GetDatum(values[i]);
    ArrayType* array = pg_guard([&] {
        return construct_array(datums.data(), static_cast<int>(datums.size()), FLOAT8OID, sizeof(float8),
                               FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
    });
    return PointerGetDatum(array);
}

}  // namespace ecom::pg
