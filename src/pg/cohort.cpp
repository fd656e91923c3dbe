// ecom.cohort_agg (per-customer cohort summary, parallel-safe) and its readers ecom.cohort_table and
// ecom.cohort_summary_info. The core work is in src/core/cohort.{hpp,cpp}.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"
#include "pg/summary_state.hpp"
#include "pg/numeric_units.hpp"

#include "core/cohort.hpp"
#include "core/errors.hpp"
#include "core/rfm.hpp"

#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
}

namespace {

using ecom::cohort::Summary;

using SummaryState = ecom::pg::SummaryState<Summary>;

// Money in micro-units as a numeric Datum with 6 decimals.
Datum units_numeric(std::int64_t units) {
    return ecom::pg::pg_guard([&] { return NumericGetDatum(int64_div_fast_to_numeric(units, 6)); });
}

// A summary's binary form as a bytea Datum, written straight into it; `in_customer_order` as Summary::encode.
Datum summary_bytea(const Summary& summary, bool in_customer_order) {
    return ecom::pg::encoded_bytea(
        [&](const auto& allocate) { return summary.encode(allocate, in_customer_order); });
}

// Configures the state from the grain (argument 5) and horizon (argument 6) of the current row; the grain
// text is parsed only for the first row.
void configure(FunctionCallInfo fcinfo, SummaryState* state) {
    if (PG_ARGISNULL(5) || PG_ARGISNULL(6))
        throw ecom::InvalidArgument("cohort grain and horizon must not be NULL",
                                    "Pass 'day', 'week' or 'month' and a number of periods.");
    const int horizon = PG_GETARG_INT32(6);
    if (state->summary.configured() && horizon == state->summary.horizon()) return;
    state->summary.configure(ecom::cohort::parse_grain(ecom::pg::text_arg(fcinfo, 5)), horizon);
}

// Adds one row (customer, first_order_at, event_at, amount, grain, horizon); `key_of` passes the
// non-NULL customer argument to a callback as bytes, `units_of` reads the non-NULL amount as micro-units.
template <typename KeyOf, typename UnitsOf>
Datum cohort_step(FunctionCallInfo fcinfo, KeyOf key_of, UnitsOf units_of) {
    SummaryState* state = ecom::pg::summary_state_arg<Summary>(fcinfo);
    configure(fcinfo, state);
    if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3)) {
        state->summary.skip_null_key();
        return PointerGetDatum(state);
    }
    const std::int64_t units = PG_ARGISNULL(4) ? 0 : units_of(fcinfo);
    const TimestampTz first = ecom::pg::finite_timestamptz_arg(fcinfo, 2, "cohort first order time");
    const TimestampTz event = ecom::pg::finite_timestamptz_arg(fcinfo, 3, "cohort event time");
    key_of(fcinfo, [&](std::string_view customer) { state->summary.add(customer, first, event, units); });
    return PointerGetDatum(state);
}

// Passes a text customer id to `add`.
template <typename Add>
void text_key(FunctionCallInfo fcinfo, Add add) {
    add(ecom::pg::text_view_arg(fcinfo, 1));
}

// Passes a bigint customer key to `add` as 8 bytes whose byte order is the numeric order.
template <typename Add>
void bigint_key(FunctionCallInfo fcinfo, Add add) {
    const auto value = static_cast<std::uint64_t>(PG_GETARG_INT64(1)) ^ (1ULL << 63);
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (56 - 8 * i));
    add(std::string_view(bytes, 8));
}

// Micro-units of a float8 amount argument.
std::int64_t float8_units(FunctionCallInfo fcinfo) { return ecom::rfm::amount_to_units(PG_GETARG_FLOAT8(4)); }

// Micro-units of a numeric amount argument (read exactly).
std::int64_t numeric_units(FunctionCallInfo fcinfo) { return ecom::pg::numeric_arg_micro_units(fcinfo, 4); }

// What ecom.cohort_table keeps between calls.
struct TableState {
    std::vector<ecom::cohort::CohortRow> rows;
};

}  // namespace

// Transition function of ecom.cohort_agg(text, timestamptz, timestamptz, numeric, text, int).
ECOM_FUNCTION(cohort_agg_step_numeric) {
    return cohort_step(fcinfo, [](FunctionCallInfo f, auto add) { text_key(f, add); }, numeric_units);
}

// Transition function of ecom.cohort_agg(text, timestamptz, timestamptz, float8, text, int).
ECOM_FUNCTION(cohort_agg_step_float8) {
    return cohort_step(fcinfo, [](FunctionCallInfo f, auto add) { text_key(f, add); }, float8_units);
}

// Transition function of ecom.cohort_agg(bigint, timestamptz, timestamptz, numeric, text, int).
ECOM_FUNCTION(cohort_agg_step_key_numeric) {
    return cohort_step(fcinfo, [](FunctionCallInfo f, auto add) { bigint_key(f, add); }, numeric_units);
}

// Transition function of ecom.cohort_agg(bigint, timestamptz, timestamptz, float8, text, int).
ECOM_FUNCTION(cohort_agg_step_key_float8) {
    return cohort_step(fcinfo, [](FunctionCallInfo f, auto add) { bigint_key(f, add); }, float8_units);
}

// Combine function of ecom.cohort_agg: merges two partial summaries.
ECOM_FUNCTION(cohort_agg_combine) {
    return ecom::pg::summary_combine<Summary>(fcinfo);
}

// Serialize function of ecom.cohort_agg: state -> versioned bytea (storage order: merging hashes the
// customers anyway).
ECOM_FUNCTION(cohort_agg_serialize) {
    return summary_bytea(reinterpret_cast<SummaryState*>(PG_GETARG_POINTER(0))->summary, false);
}

// Deserialize function of ecom.cohort_agg: versioned bytea -> state; corrupt input is an ERROR.
ECOM_FUNCTION(cohort_agg_deserialize) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    SummaryState* state = ecom::pg::new_summary_state<Summary>(fcinfo);
    state->summary.deserialize(data, size);
    return PointerGetDatum(state);
}

// Final function of ecom.cohort_agg: the summary as bytea (customers in id order, the same for every plan).
ECOM_FUNCTION(cohort_agg_final) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    return summary_bytea(reinterpret_cast<SummaryState*>(PG_GETARG_POINTER(0))->summary, true);
}

// ecom.cohort_table(summary): one row per cohort and period offset.
ECOM_FUNCTION(cohort_table) {
    FuncCallContext* funcctx = nullptr;
    if (SRF_IS_FIRSTCALL()) {
        funcctx = ecom::pg::pg_guard([&] { return SRF_FIRSTCALL_INIT(); });
        ecom::pg::pg_guard([&] {
            TupleDesc descriptor = nullptr;
            MemoryContext old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
            if (get_call_result_type(fcinfo, nullptr, &descriptor) != TYPEFUNC_COMPOSITE)
                ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("cohort_table must return a row type")));
            funcctx->tuple_desc = BlessTupleDesc(descriptor);
            MemoryContextSwitchTo(old);
        });
        auto* state = ecom::pg::make_context_owned<TableState>(funcctx->multi_call_memory_ctx);
        const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
        state->rows = ecom::cohort::table_of(ecom::cohort::read_encoded(data, size));
        funcctx->user_fctx = state;
        funcctx->max_calls = state->rows.size();
    }
    funcctx = ecom::pg::pg_guard([&] { return SRF_PERCALL_SETUP(); });
    if (funcctx->call_cntr >= funcctx->max_calls) {
        ecom::pg::pg_guard([&] { end_MultiFuncCall(fcinfo, funcctx); });
        reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo)->isDone = ExprEndResult;
        PG_RETURN_NULL();
    }
    const auto& row = static_cast<TableState*>(funcctx->user_fctx)->rows[funcctx->call_cntr];
    Datum values[8] = {TimestampTzGetDatum(row.cohort_start), Int32GetDatum(row.offset),
                       Int64GetDatum(row.cohort_size),         Int64GetDatum(row.active),
                       Float8GetDatum(row.retention),          units_numeric(row.revenue_units),
                       units_numeric(row.cumulative_units),    units_numeric(row.ltv_units)};
    bool nulls[8] = {};
    const Datum tuple = ecom::pg::pg_guard([&] {
        return HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls));
    });
    funcctx->call_cntr++;
    reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo)->isDone = ExprMultipleResult;
    return tuple;
}

// ecom.cohort_summary_info(summary): customers, skipped rows, grain and horizon of a summary.
ECOM_FUNCTION(cohort_summary_info) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    const ecom::cohort::EncodedSummary summary = ecom::cohort::read_encoded(data, size);
    static const char* const grains[] = {"", "day", "week", "month"};
    const Datum grain = ecom::pg::text_datum(grains[static_cast<int>(summary.grain)]);
    Datum values[4] = {Int64GetDatum(static_cast<std::int64_t>(summary.customers.size())),
                       Int64GetDatum(static_cast<std::int64_t>(summary.skipped.null_key)), grain,
                       Int32GetDatum(summary.horizon)};
    bool nulls[4] = {};
    return ecom::pg::pg_guard([&] {
        TupleDesc descriptor = nullptr;
        if (get_call_result_type(fcinfo, nullptr, &descriptor) != TYPEFUNC_COMPOSITE)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("cohort_summary_info must return a row type")));
        return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(descriptor), values, nulls));
    });
}
