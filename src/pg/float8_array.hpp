// float8[] arguments and results as std::vector<double>, safe to call from C++ glue.
#pragma once
#include "pg/boundary.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <cstring>
#include <string>
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

// The one-dimensional float8[] argument `n` (named `name` in errors) as a vector. A NULL element is an
// InvalidArgument naming its 1-based position with `null_hint` as the hint or, when `null_hint` is
// nullptr, becomes NaN (for functions where NULL means a gap).
inline std::vector<double> float8_array_arg(FunctionCallInfo fcinfo, int n, const char* name,
                                            const char* null_hint) {
    ArrayType* array = pg_guard([&] { return PG_GETARG_ARRAYTYPE_P(n); });
    if (ARR_ELEMTYPE(array) != FLOAT8OID) throw std::logic_error("float8_array_arg: not a float8[]");
    if (ARR_NDIM(array) > 1)
        throw InvalidArgument(std::string(name) + " must be a one-dimensional array",
                              "Pass the series as a flat float8[], for example array_agg(value ORDER BY ts).");
    const int count = ARR_NDIM(array) == 0 ? 0 : ARR_DIMS(array)[0];
    std::vector<double> values(static_cast<std::size_t>(count));
    const bits8* nulls = ARR_NULLBITMAP(array);
    if (nulls == nullptr) {
        // Without NULLs the elements of a float8[] are stored contiguously and aligned.
        if (count > 0) std::memcpy(values.data(), ARR_DATA_PTR(array), sizeof(double) * values.size());
        return values;
    }
    const auto* stored = reinterpret_cast<const double*>(ARR_DATA_PTR(array));
    for (int i = 0; i < count; ++i) {
        if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
            values[i] = *stored++;
        } else if (null_hint != nullptr) {
            throw InvalidArgument(std::string(name) + " has a NULL element at position " + std::to_string(i + 1),
                                  null_hint);
        } else {
            values[i] = std::nan("");
        }
    }
    return values;
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
