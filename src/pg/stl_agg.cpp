// The aggregate ecom.stl_agg(ts date, value, period, s_window | options): collects one series per group
// (any row order, parallel-safe), lays it on a daily/weekly/... grid with the gap policy of
// src/core/regular_series.hpp, decomposes it with src/core/stl.hpp, and returns ecom.stl_point[].
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"

#include "core/errors.hpp"
#include "core/regular_series.hpp"
#include "core/serial.hpp"
#include "core/stl.hpp"

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace {

constexpr std::uint32_t kFormatTag = 0x4543534C;  // "ECSL"
constexpr std::uint16_t kFormatVersion = 1;

// Optional integer parameters of ecom.stl_options, in attribute order after s_periodic.
enum OptionalInt { kSWindow, kSDegree, kTWindow, kTDegree, kLWindow, kLDegree, kSJump, kTJump, kLJump, kInner, kOuter, kCount };

// The decomposition settings of one group, read from its first row (plain bytes: serialized as is).
struct AggOptions {
    std::int32_t period;
    std::int32_t value[kCount];
    bool given[kCount];
    bool s_periodic;
    bool robust;
    bool interpolate;
};

// Transition state: the group's (day, value) observations in arrival order, in the aggregate context.
struct StlAggState {
    explicit StlAggState(MemoryContext context)
        : days(ecom::pg::ContextAllocator<std::int32_t>(context)), values(ecom::pg::ContextAllocator<double>(context)) {}
    std::vector<std::int32_t, ecom::pg::ContextAllocator<std::int32_t>> days;
    std::vector<double, ecom::pg::ContextAllocator<double>> values;
    bool configured = false;
    AggOptions options;
};

// A new empty state in the aggregate memory context.
StlAggState* new_state(FunctionCallInfo fcinfo) {
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    return ecom::pg::make_context_owned<StlAggState>(context, context);
}

// Attribute attno (1-based) of the composite `row`, or nothing when it is NULL.
std::optional<Datum> attribute(HeapTupleHeader row, int attno) {
    bool is_null = false;
    const Datum value = ecom::pg::pg_guard([&] { return GetAttributeByNum(row, static_cast<AttrNumber>(attno), &is_null); });
    if (is_null) return std::nullopt;
    return value;
}

// The settings in arguments 3 (period) and 4 (s_window as int, or an ecom.stl_options row).
AggOptions read_options(FunctionCallInfo fcinfo) {
    AggOptions o;
    std::memset(&o, 0, sizeof o);
    if (PG_ARGISNULL(3))
        throw ecom::InvalidArgument("period must not be NULL", "Pass the number of observations per cycle, e.g. 7.");
    o.period = PG_GETARG_INT32(3);
    if (PG_ARGISNULL(4)) return o;  // s_window missing: the decomposition reports it in R's terms
    const Oid type = ecom::pg::pg_guard([&] { return get_fn_expr_argtype(fcinfo->flinfo, 4); });
    if (type == INT4OID) {
        o.value[kSWindow] = PG_GETARG_INT32(4);
        o.given[kSWindow] = true;
        return o;
    }
    HeapTupleHeader row = ecom::pg::pg_guard([&] { return PG_GETARG_HEAPTUPLEHEADER(4); });
    // ecom.stl_options: s_window, s_periodic, s_degree, t_window, t_degree, l_window, l_degree, s_jump,
    // t_jump, l_jump, robust, inner_iterations, outer_iterations, gaps.
    const int int_attno[kCount] = {1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13};
    for (int i = 0; i < kCount; ++i) {
        if (auto v = attribute(row, int_attno[i])) {
            o.value[i] = DatumGetInt32(*v);
            o.given[i] = true;
        }
    }
    if (auto v = attribute(row, 2)) o.s_periodic = DatumGetBool(*v);
    if (auto v = attribute(row, 11)) o.robust = DatumGetBool(*v);
    if (auto v = attribute(row, 14)) {
        text* gaps = ecom::pg::pg_guard([&] { return DatumGetTextPP(*v); });
        o.interpolate = ecom::parse_gap_policy(std::string(VARDATA_ANY(gaps), VARSIZE_ANY_EXHDR(gaps))) ==
                        ecom::GapPolicy::Interpolate;
    }
    return o;
}

// The core's STL options for the settings of a group.
ecom::StlOptions stl_options(const AggOptions& a) {
    auto get = [&](int i) { return a.given[i] ? std::optional<int>(a.value[i]) : std::nullopt; };
    ecom::StlOptions o;
    o.period = a.period;
    o.s_window = get(kSWindow);
    o.s_periodic = a.s_periodic;
    o.s_degree = get(kSDegree).value_or(0);
    o.t_window = get(kTWindow);
    o.t_degree = get(kTDegree).value_or(1);
    o.l_window = get(kLWindow);
    o.l_degree = get(kLDegree);
    o.s_jump = get(kSJump);
    o.t_jump = get(kTJump);
    o.l_jump = get(kLJump);
    o.robust = a.robust;
    o.inner = get(kInner);
    o.outer = get(kOuter);
    return o;
}

// A day number (days since 2000-01-01) as YYYY-MM-DD, for error messages.
std::string format_day(std::int64_t day) {
    int year = 0, month = 0, mday = 0;
    j2date(static_cast<int>(day + POSTGRES_EPOCH_JDATE), &year, &month, &mday);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, mday);
    return text;
}

}  // namespace

// Transition function of ecom.stl_agg: records one (day, value); a NULL value is a missing day.
ECOM_FUNCTION(ecom_stl_agg_step) {
    StlAggState* state = PG_ARGISNULL(0) ? new_state(fcinfo) : reinterpret_cast<StlAggState*>(PG_GETARG_POINTER(0));
    if (!state->configured) {
        state->options = read_options(fcinfo);
        state->configured = true;
    }
    if (PG_ARGISNULL(1))
        throw ecom::InvalidArgument("ts must not be NULL", "Every observation needs its date.");
    const DateADT day = PG_GETARG_DATEADT(1);
    if (DATE_NOT_FINITE(day))
        throw ecom::InvalidArgument("ts must be a finite date", "Observations at -infinity or infinity cannot be placed on a grid.");
    if (PG_ARGISNULL(2)) return PointerGetDatum(state);
    state->days.push_back(day);
    state->values.push_back(PG_GETARG_FLOAT8(2));
    return PointerGetDatum(state);
}

// Combine function of ecom.stl_agg: merges two partial states (parallel query).
ECOM_FUNCTION(ecom_stl_agg_combine) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    const auto* other = reinterpret_cast<StlAggState*>(PG_GETARG_POINTER(1));
    StlAggState* state = PG_ARGISNULL(0) ? new_state(fcinfo) : reinterpret_cast<StlAggState*>(PG_GETARG_POINTER(0));
    if (!state->configured && other->configured) {
        state->options = other->options;
        state->configured = true;
    }
    state->days.insert(state->days.end(), other->days.begin(), other->days.end());
    state->values.insert(state->values.end(), other->values.begin(), other->values.end());
    return PointerGetDatum(state);
}

// Serialize function of ecom.stl_agg: state -> versioned bytea.
ECOM_FUNCTION(ecom_stl_agg_serialize) {
    const auto* state = reinterpret_cast<StlAggState*>(PG_GETARG_POINTER(0));
    ecom::serial::Writer writer(kFormatTag, kFormatVersion);
    writer.put(state->configured);
    writer.put(state->options);
    writer.put_array(state->days.data(), state->days.size());
    writer.put_array(state->values.data(), state->values.size());
    return ecom::pg::bytea_datum(writer.bytes());
}

// Deserialize function of ecom.stl_agg: versioned bytea -> state; corrupt input is an ERROR.
ECOM_FUNCTION(ecom_stl_agg_deserialize) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    ecom::serial::Reader reader(data, size, kFormatTag, kFormatVersion);
    StlAggState* state = new_state(fcinfo);
    state->configured = reader.get<bool>();
    state->options = reader.get<AggOptions>();
    reader.get_array<std::int32_t>(state->days);
    reader.get_array<double>(state->values);
    reader.finish();
    if (state->days.size() != state->values.size())
        throw ecom::CorruptData("stl_agg state has mismatched days and values", "The value is corrupt.");
    return PointerGetDatum(state);
}

// Final function of ecom.stl_agg: the decomposition of the group's series as ecom.stl_point[].
ECOM_FUNCTION(ecom_stl_agg_final) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    const auto* state = reinterpret_cast<StlAggState*>(PG_GETARG_POINTER(0));
    std::vector<std::pair<std::int64_t, double>> points(state->days.size());
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = {state->days[i], state->values[i]};
    const ecom::RegularSeries series =
        ecom::regularize(std::move(points), 0, state->options.interpolate ? ecom::GapPolicy::Interpolate : ecom::GapPolicy::Error,
                         format_day);
    const ecom::StlResult fit = ecom::stl(series.values, stl_options(state->options));
    std::vector<Datum> rows(series.values.size());
    ArrayType* result = ecom::pg::pg_guard([&] {
        const Oid array_type = get_fn_expr_rettype(fcinfo->flinfo);
        const Oid row_type = get_element_type(array_type);
        if (row_type == InvalidOid) elog(ERROR, "ecom.stl_agg: cannot determine the result row type");
        TupleDesc desc = lookup_rowtype_tupdesc_copy(row_type, -1);
        Datum fields[7];
        bool nulls[7] = {false, false, false, false, false, false, false};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            fields[0] = DateADTGetDatum(static_cast<DateADT>(series.start + static_cast<std::int64_t>(i) * series.step));
            fields[1] = Float8GetDatum(series.values[i]);
            fields[2] = Float8GetDatum(fit.seasonal[i]);
            fields[3] = Float8GetDatum(fit.trend[i]);
            fields[4] = Float8GetDatum(fit.remainder[i]);
            fields[5] = Float8GetDatum(fit.weights[i]);
            fields[6] = BoolGetDatum(series.filled[i]);
            rows[i] = HeapTupleGetDatum(heap_form_tuple(desc, fields, nulls));
        }
        int16 length = 0;
        bool by_value = false;
        char align = 'd';
        get_typlenbyvalalign(row_type, &length, &by_value, &align);
        return construct_array(rows.data(), static_cast<int>(rows.size()), row_type, length, by_value, align);
    });
    return PointerGetDatum(result);
}
