// ecom.window_funnel and ecom.retention: parallel-safe aggregates over a group's events. The core work is
// in src/core/funnel.{hpp,cpp} and src/core/retention.{hpp,cpp}.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"
#include "pg/memory_resource.hpp"

#include "core/errors.hpp"
#include "core/funnel.hpp"
#include "core/retention.hpp"

#include <string>
#include <vector>

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/timestamp.h"
}

namespace {

using ecom::funnel::Events;
using ecom::retention::Flags;

// A funnel's events and the memory they draw from, owned by a memory context.
struct FunnelState {
    explicit FunnelState(MemoryContext context) : memory(context), events(&memory) {}
    ecom::pg::ContextMemoryResource memory;
    Events events;
};

// A new empty funnel state in the aggregate memory context.
FunnelState* new_funnel_state(FunctionCallInfo fcinfo) {
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    return ecom::pg::make_context_owned<FunnelState>(context, context);
}

// The funnel state in argument 0, created on first use.
FunnelState* funnel_state_arg(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) return new_funnel_state(fcinfo);
    return reinterpret_cast<FunnelState*>(PG_GETARG_POINTER(0));
}

// A retention state in the aggregate memory context (plain data, nothing to destroy).
Flags* new_flags(FunctionCallInfo fcinfo) {
    return ecom::pg::make_context_owned<Flags>(ecom::pg::aggregate_context(fcinfo));
}

// The retention state in argument 0, created on first use.
Flags* flags_arg(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) return new_flags(fcinfo);
    return reinterpret_cast<Flags*>(PG_GETARG_POINTER(0));
}

// A bool[] argument read as a bit mask (bit i: element i + 1 is true; NULL counts as false) and its length.
struct Conditions {
    int count = 0;
    std::uint32_t matched = 0;
};

// Reads bool[] argument `n` (NULL: no element) without copying it; elements past the 32nd are counted only.
Conditions conditions_arg(FunctionCallInfo fcinfo, int n) {
    Conditions conditions;
    if (PG_ARGISNULL(n)) return conditions;
    ArrayType* array = ecom::pg::array_arg(fcinfo, n);
    if (ARR_NDIM(array) > 1)
        throw ecom::InvalidArgument("conditions must be a one-dimensional array",
                                    "Pass the conditions as separate arguments (VARIADIC).");
    conditions.count = ARR_NDIM(array) == 0 ? 0 : ARR_DIMS(array)[0];
    const bits8* nulls = ARR_NULLBITMAP(array);
    const auto* values = reinterpret_cast<const bool*>(ARR_DATA_PTR(array));
    for (int i = 0, stored = 0; i < conditions.count; ++i) {
        if (nulls != nullptr && (nulls[i / 8] & (1 << (i % 8))) == 0) continue;
        if (values[stored++] && i < 32) conditions.matched |= 1U << i;
    }
    return conditions;
}

// An interval as microseconds, counting a month as 30 days and a day as 24 hours (as interval comparison does).
std::int64_t interval_micros(const Interval* interval) {
    std::int64_t days = 0, micros = 0;
    if (__builtin_mul_overflow(std::int64_t{interval->month}, DAYS_PER_MONTH, &days) ||
        __builtin_add_overflow(days, interval->day, &days) ||
        __builtin_mul_overflow(days, USECS_PER_DAY, &micros) ||
        __builtin_add_overflow(micros, interval->time, &micros))
        throw ecom::OutOfRange("window_funnel window is out of range", "Pass a window shorter than 290000 years.");
    return micros;
}

// Adds one row to a funnel: window at `window_arg`, mode text at `mode_arg` (or none), then ts and the steps.
Datum funnel_step(FunctionCallInfo fcinfo, int window_arg, int mode_arg) {
    FunnelState* state = funnel_state_arg(fcinfo);
    const int ts_arg = (mode_arg > 0 ? mode_arg : window_arg) + 1;
    if (PG_ARGISNULL(window_arg) || (mode_arg > 0 && PG_ARGISNULL(mode_arg)))
        throw ecom::InvalidArgument("window_funnel window and mode must not be NULL",
                                    "Pass a window such as interval '1 hour' and a mode such as 'strict_order'.");
    const unsigned modes = mode_arg > 0 ? ecom::funnel::parse_modes(ecom::pg::text_arg(fcinfo, mode_arg)) : 0;
    const Conditions steps = conditions_arg(fcinfo, ts_arg + 1);
    state->events.configure(interval_micros(PG_GETARG_INTERVAL_P(window_arg)), steps.count, modes);
    if (!PG_ARGISNULL(ts_arg)) state->events.add(PG_GETARG_TIMESTAMPTZ(ts_arg), steps.matched);
    return PointerGetDatum(state);
}

}  // namespace

// Transition function of ecom.window_funnel(window, ts, VARIADIC steps).
ECOM_FUNCTION(window_funnel_step) {
    return funnel_step(fcinfo, 1, 0);
}

// Transition function of ecom.window_funnel(window, mode, ts, VARIADIC steps).
ECOM_FUNCTION(window_funnel_mode_step) {
    return funnel_step(fcinfo, 1, 2);
}

// Combine function of ecom.window_funnel: merges two partial states.
ECOM_FUNCTION(window_funnel_combine) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    FunnelState* state = funnel_state_arg(fcinfo);
    state->events.merge(reinterpret_cast<FunnelState*>(PG_GETARG_POINTER(1))->events);
    return PointerGetDatum(state);
}

// Serialize function of ecom.window_funnel: state -> versioned bytea.
ECOM_FUNCTION(window_funnel_serialize) {
    return ecom::pg::bytea_datum(reinterpret_cast<FunnelState*>(PG_GETARG_POINTER(0))->events.serialize());
}

// Deserialize function of ecom.window_funnel: versioned bytea -> state; corrupt input is an ERROR.
ECOM_FUNCTION(window_funnel_deserialize) {
    FunnelState* state = new_funnel_state(fcinfo);
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    state->events.deserialize(data, size);
    return PointerGetDatum(state);
}

// Final function of ecom.window_funnel: the deepest step reached; 0 for a group without rows.
ECOM_FUNCTION(window_funnel_final) {
    if (PG_ARGISNULL(0)) return Int32GetDatum(0);
    return Int32GetDatum(reinterpret_cast<FunnelState*>(PG_GETARG_POINTER(0))->events.deepest());
}

// Transition function of ecom.retention(VARIADIC conds).
ECOM_FUNCTION(retention_step) {
    Flags* flags = flags_arg(fcinfo);
    const Conditions conditions = conditions_arg(fcinfo, 1);
    flags->add(conditions.count, conditions.matched);
    return PointerGetDatum(flags);
}

// Combine function of ecom.retention: merges two partial states.
ECOM_FUNCTION(retention_combine) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    Flags* flags = flags_arg(fcinfo);
    flags->merge(*reinterpret_cast<Flags*>(PG_GETARG_POINTER(1)));
    return PointerGetDatum(flags);
}

// Serialize function of ecom.retention: state -> versioned bytea.
ECOM_FUNCTION(retention_serialize) {
    return ecom::pg::bytea_datum(reinterpret_cast<Flags*>(PG_GETARG_POINTER(0))->serialize());
}

// Deserialize function of ecom.retention: versioned bytea -> state; corrupt input is an ERROR.
ECOM_FUNCTION(retention_deserialize) {
    Flags* flags = new_flags(fcinfo);
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    flags->deserialize(data, size);
    return PointerGetDatum(flags);
}

// Final function of ecom.retention: int[] with 1 where cond1 and cond_i both held on some row, else 0.
ECOM_FUNCTION(retention_final) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    const std::vector<bool> result = reinterpret_cast<Flags*>(PG_GETARG_POINTER(0))->result();
    const int count = static_cast<int>(result.size());
    Datum elements[ecom::retention::max_conditions];
    for (int i = 0; i < count; ++i) elements[i] = Int32GetDatum(result[i] ? 1 : 0);
    return ecom::pg::pg_guard([&] {
        return PointerGetDatum(construct_array(elements, count, INT4OID, sizeof(int32), true, TYPALIGN_INT));
    });
}
