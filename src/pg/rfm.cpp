// ecom.rfm_agg (per-customer RFM summary, parallel-safe) and its readers ecom.rfm_scores and
// ecom.rfm_summary_info. The core work is in src/core/rfm.{hpp,cpp} and src/core/rfm_score.{hpp,cpp}.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"
#include "pg/summary_state.hpp"
#include "pg/numeric_units.hpp"

#include "core/errors.hpp"
#include "core/rfm.hpp"
#include "core/rfm_score.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

namespace {

using ecom::rfm::Summary;

using SummaryState = ecom::pg::SummaryState<Summary>;

// Money in micro-units as a numeric Datum with the fewest decimals (at least 2) that keep it exact. It may
// raise a PostgreSQL error: call it inside pg_guard.
Datum units_numeric(std::int64_t units) {
    std::int64_t value = units;
    int decimals = 6;
    while (decimals > 2 && value % 10 == 0) {
        value /= 10;
        --decimals;
    }
    return NumericGetDatum(int64_div_fast_to_numeric(value, decimals));
}

// A text Datum holding `value`. It may raise a PostgreSQL error: call it inside pg_guard.
Datum text_datum(std::string_view value) {
    return PointerGetDatum(cstring_to_text_with_len(value.data(), static_cast<int>(value.size())));
}

// A text Datum of `value` written into `buffer` (int-aligned, room for VARHDRSZ + value.size() bytes), which
// it stays valid with: a row's text without an allocation.
Datum text_in(char* buffer, std::string_view value) {
    SET_VARSIZE(buffer, VARHDRSZ + value.size());
    std::memcpy(VARDATA(buffer), value.data(), value.size());
    return PointerGetDatum(buffer);
}

// A summary's binary form as a bytea Datum, encoded straight into it (no intermediate copy).
Datum summary_bytea(const Summary& summary) {
    return ecom::pg::encoded_bytea([&summary](const auto& allocate) { return summary.encode(allocate); });
}

// Raises a NOTICE (not an error) telling how many rows a summary skipped, when there were any.
void notice_skipped(const ecom::rfm::SkippedRows& skipped) {
    if (skipped.null_key == 0 && skipped.after_as_of == 0) return;
    const auto null_key = static_cast<long long>(skipped.null_key);
    const auto after = static_cast<long long>(skipped.after_as_of);
    ecom::pg::pg_guard([&] {
        ereport(NOTICE, (errmsg("rfm summary skipped %lld rows with a NULL customer or order time and %lld orders after as_of",
                                null_key, after),
                         errhint("ecom.rfm_summary_info() reports the same counts.")));
    });
}

// Adds one row (customer, ordered_at, amount, as_of [, bins = 5]) to the summary; `units_of` reads the
// non-NULL amount argument as micro-units.
template <typename UnitsOf>
Datum rfm_step(FunctionCallInfo fcinfo, UnitsOf units_of) {
    SummaryState* state = ecom::pg::summary_state_arg<Summary>(fcinfo);
    const bool has_bins = PG_NARGS() > 5;
    if (PG_ARGISNULL(4) || (has_bins && PG_ARGISNULL(5)))
        throw ecom::InvalidArgument("rfm as_of and bins must not be NULL",
                                    "Pass the reference time, for example now(), and a number of buckets.");
    state->summary.configure(ecom::pg::finite_timestamptz_arg(fcinfo, 4, "rfm as_of"), has_bins ? PG_GETARG_INT32(5) : 5);
    if (PG_ARGISNULL(1) || PG_ARGISNULL(2)) {
        state->summary.skip_null_key();
        return PointerGetDatum(state);
    }
    const std::int64_t units = PG_ARGISNULL(3) ? 0 : units_of(fcinfo);
    const TimestampTz ordered_at = ecom::pg::finite_timestamptz_arg(fcinfo, 2, "rfm order time");
    state->summary.add(ecom::pg::text_view_arg(fcinfo, 1), ordered_at, units);
    return PointerGetDatum(state);
}

}  // namespace

// Transition function of ecom.rfm_agg with a float8 amount.
ECOM_FUNCTION(rfm_agg_step) {
    return rfm_step(fcinfo, [](FunctionCallInfo fcinfo) { return ecom::rfm::amount_to_units(PG_GETARG_FLOAT8(3)); });
}

// Transition function of ecom.rfm_agg with a numeric amount (read exactly, without a float8 round trip).
ECOM_FUNCTION(rfm_agg_step_numeric) {
    return rfm_step(fcinfo, [](FunctionCallInfo fcinfo) { return ecom::pg::numeric_arg_micro_units(fcinfo, 3); });
}

// Combine function of ecom.rfm_agg: merges two partial summaries.
ECOM_FUNCTION(rfm_agg_combine) {
    return ecom::pg::summary_combine<Summary>(fcinfo);
}

// Serialize function of ecom.rfm_agg: state -> versioned bytea, customers in id order (sorted here, in the
// parallel worker, so that the leader merges the workers' states in one linear pass).
ECOM_FUNCTION(rfm_agg_serialize) {
    return summary_bytea(reinterpret_cast<SummaryState*>(PG_GETARG_POINTER(0))->summary);
}

// Deserialize function of ecom.rfm_agg: versioned bytea -> state holding a copy of the bytes (in the aggregate
// context, which outlives every state merged from it) as an encoded part, merged with the others only by the
// final function; corrupt input is an ERROR.
ECOM_FUNCTION(rfm_agg_deserialize) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    SummaryState* state = ecom::pg::new_summary_state<Summary>(fcinfo);
    char* copy = static_cast<char*>(ecom::pg::context_alloc(ecom::pg::aggregate_context(fcinfo), size == 0 ? 1 : size));
    std::memcpy(copy, data, size);
    state->summary.add_encoded(copy, size);
    return PointerGetDatum(state);
}

// Final function of ecom.rfm_agg: the summary as bytea (customers in id order, the same for every plan).
ECOM_FUNCTION(rfm_agg_final) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    return summary_bytea(reinterpret_cast<SummaryState*>(PG_GETARG_POINTER(0))->summary);
}

namespace {

// The segment names of every (r, f) pair of scores 1..bins, as text Datums at [(r - 1) * bins + f - 1]. It
// may raise a PostgreSQL error: call it inside pg_guard.
Datum* segment_datums(int bins) {
    auto* datums = static_cast<Datum*>(palloc(sizeof(Datum) * static_cast<std::size_t>(bins * bins)));
    for (int r = 1; r <= bins; ++r)
        for (int f = 1; f <= bins; ++f) datums[(r - 1) * bins + f - 1] = text_datum(ecom::rfm::segment(r, f, bins));
    return datums;
}

// Writes one row per customer to the SRF result: all rows in one guarded pass (no C++ object with a
// destructor lives inside it). Texts are written into buffers reused by every row and segment names are
// built once; only the numeric monetary is allocated per row, in a scratch context reset per row.
void emit_scores(FunctionCallInfo fcinfo, const ecom::rfm::EncodedSummary& summary,
                 const ecom::large_vector<ecom::rfm::Scores>& scores) {
    std::size_t longest_id = 0;
    for (const ecom::rfm::CustomerRow& row : summary.customers) longest_id = std::max(longest_id, row.customer.size());
    const int bins = summary.bins;
    ecom::pg::pg_guard_void([&] {
        InitMaterializedSRF(fcinfo, 0);
        auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        Datum* segments = summary.customers.empty() ? nullptr : segment_datums(bins);
        auto* id_buffer = static_cast<char*>(palloc(VARHDRSZ + longest_id));
        alignas(int32) char code_buffer[VARHDRSZ + sizeof(ecom::rfm::RfmCode::text)];
        MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "rfm_scores row", ALLOCSET_SMALL_SIZES);
        MemoryContext caller = MemoryContextSwitchTo(scratch);
        Datum values[9];
        bool nulls[9] = {};
        for (std::size_t i = 0; i < scores.size(); ++i) {
            if (i % 4096 == 0) CHECK_FOR_INTERRUPTS();
            const ecom::rfm::CustomerRow& row = summary.customers[i];
            const int r = scores[i].r;
            const int f = scores[i].f;
            const int m = scores[i].m;
            values[0] = text_in(id_buffer, row.customer);
            // At most ~1e8 days between finite timestamps.
            values[1] = Int32GetDatum(static_cast<int32>(ecom::rfm::recency_days(summary.as_of, row.totals)));
            values[2] = Int64GetDatum(row.totals.orders);
            values[3] = units_numeric(row.totals.amount_units);
            values[4] = Int32GetDatum(r);
            values[5] = Int32GetDatum(f);
            values[6] = Int32GetDatum(m);
            values[7] = text_in(code_buffer, ecom::rfm::rfm_code(r, f, m, bins).view());
            values[8] = segments[(r - 1) * bins + f - 1];
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
            MemoryContextReset(scratch);
        }
        MemoryContextSwitchTo(caller);
        MemoryContextDelete(scratch);
    });
}

}  // namespace

// ecom.rfm_scores(summary): one row per customer with values, scores, code and segment. The summary is read
// in place (no customer table is built) and scored in id order.
ECOM_FUNCTION(rfm_scores) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    const ecom::rfm::EncodedSummary summary = ecom::rfm::read_encoded(data, size);
    notice_skipped(summary.skipped);
    emit_scores(fcinfo, summary, ecom::rfm::score_customers(summary.customers, summary.as_of, summary.bins));
    return Datum(0);
}

// ecom.rfm_summary_info(summary): customers, skipped row counts, as_of and bins of a summary.
ECOM_FUNCTION(rfm_summary_info) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    const ecom::rfm::EncodedSummary summary = ecom::rfm::read_encoded(data, size);
    Datum values[5] = {Int64GetDatum(static_cast<std::int64_t>(summary.customers.size())),
                       Int64GetDatum(static_cast<std::int64_t>(summary.skipped.null_key)),
                       Int64GetDatum(static_cast<std::int64_t>(summary.skipped.after_as_of)),
                       TimestampTzGetDatum(summary.as_of), Int32GetDatum(summary.bins)};
    bool nulls[5] = {};
    return ecom::pg::pg_guard([&] {
        TupleDesc descriptor = nullptr;
        if (get_call_result_type(fcinfo, nullptr, &descriptor) != TYPEFUNC_COMPOSITE)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("rfm_summary_info must return a row type")));
        return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(descriptor), values, nulls));
    });
}
