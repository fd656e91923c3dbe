// ecom.scd2_merge(keys, effective_from, attributes): the native SCD type 2 merge (src/core/scd2) as a
// set-returning SQL function over three parallel arrays, one element per observation.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"

#include "core/errors.hpp"
#include "core/scd2.hpp"

#include <string>
#include <vector>

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

namespace {

// The elements of a one-dimensional array argument, detoasted into the current memory context.
struct Elements {
    Datum* values = nullptr;
    bool* nulls = nullptr;
    int count = 0;
};

// Deconstructs array argument `n` of element type `type` (text, timestamptz or jsonb).
Elements array_elements(FunctionCallInfo fcinfo, int n, Oid type, const char* name) {
    ArrayType* array = ecom::pg::array_arg(fcinfo, n);
    if (ARR_NDIM(array) > 1)
        throw ecom::InvalidArgument(std::string("ecom.scd2_merge: ") + name + " must be a one-dimensional array",
                                    "Pass one array element per observation.");
    int16 length;
    bool by_value;
    char align;
    get_typlenbyvalalign(type, &length, &by_value, &align);
    Elements out;
    ecom::pg::pg_guard_void([&] {
        deconstruct_array(array, type, length, by_value, align, &out.values, &out.nulls, &out.count);
    });
    return out;
}

// State kept across the calls of the set-returning function: the history and the input jsonb values.
struct MergeState {
    std::vector<ecom::scd2::Version> versions;
    Datum* attributes = nullptr;
    TupleDesc tuple_desc = nullptr;
};

// Reads the three arrays, checks them and runs the merge.
void build_state(FunctionCallInfo fcinfo, MergeState& state) {
    const Elements keys = array_elements(fcinfo, 0, TEXTOID, "keys");
    const Elements times = array_elements(fcinfo, 1, TIMESTAMPTZOID, "effective_from");
    const Elements attributes = array_elements(fcinfo, 2, JSONBOID, "attributes");
    if (keys.count != times.count || keys.count != attributes.count)
        throw ecom::InvalidArgument("ecom.scd2_merge: the three arrays have different lengths",
                                    "Pass keys, effective_from and attributes with one element per observation each.");
    std::vector<ecom::scd2::Observation> observations(keys.count);
    for (int i = 0; i < keys.count; ++i) {
        if (keys.nulls[i] || times.nulls[i] || attributes.nulls[i])
            throw ecom::InvalidArgument("ecom.scd2_merge: observation " + std::to_string(i + 1) + " has a null element",
                                        "Filter out observations with a null key, time or attributes first.");
        const text* key = reinterpret_cast<const text*>(DatumGetPointer(keys.values[i]));
        observations[i].key.assign(VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key));
        observations[i].effective_from = DatumGetTimestampTz(times.values[i]);
        char* json = ecom::pg::pg_guard([&] { return DatumGetCString(DirectFunctionCall1(jsonb_out, attributes.values[i])); });
        observations[i].attributes = json;
        pfree(json);
    }
    state.versions = ecom::scd2::merge(observations);
    state.attributes = attributes.values;
}

}  // namespace

// ecom.scd2_merge(text[], timestamptz[], jsonb[]): one row per version of the minimal history.
ECOM_FUNCTION(scd2_merge) {
    if (SRF_IS_FIRSTCALL()) {
        FuncCallContext* first = ecom::pg::pg_guard([&] { return SRF_FIRSTCALL_INIT(); });
        MemoryContext caller = MemoryContextSwitchTo(first->multi_call_memory_ctx);
        try {
            auto* state = ecom::pg::make_context_owned<MergeState>(first->multi_call_memory_ctx);
            build_state(fcinfo, *state);
            TupleDesc desc = nullptr;
            if (ecom::pg::pg_guard([&] { return get_call_result_type(fcinfo, nullptr, &desc); }) != TYPEFUNC_COMPOSITE)
                throw std::logic_error("ecom.scd2_merge must return a composite type");
            state->tuple_desc = ecom::pg::pg_guard([&] { return BlessTupleDesc(desc); });
            first->user_fctx = state;
            first->max_calls = state->versions.size();
        } catch (...) {
            MemoryContextSwitchTo(caller);
            throw;
        }
        MemoryContextSwitchTo(caller);
    }
    FuncCallContext* call = ecom::pg::pg_guard([&] { return SRF_PERCALL_SETUP(); });
    auto* rsi = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    if (call->call_cntr >= call->max_calls) {
        ecom::pg::pg_guard_void([&] { end_MultiFuncCall(fcinfo, call); });
        rsi->isDone = ExprEndResult;
        fcinfo->isnull = true;
        return Datum(0);
    }
    const auto* state = static_cast<const MergeState*>(call->user_fctx);
    const ecom::scd2::Version& version = state->versions[call->call_cntr];
    Datum values[5];
    bool nulls[5] = {false, false, !version.valid_to.has_value(), false, false};
    values[0] = ecom::pg::pg_guard([&] {
        return PointerGetDatum(cstring_to_text_with_len(version.key.data(), static_cast<int>(version.key.size())));
    });
    values[1] = TimestampTzGetDatum(version.valid_from);
    values[2] = TimestampTzGetDatum(version.valid_to.value_or(0));
    values[3] = state->attributes[version.source];
    values[4] = Int32GetDatum(static_cast<int32>(version.source + 1));
    HeapTuple tuple = ecom::pg::pg_guard([&] { return heap_form_tuple(state->tuple_desc, values, nulls); });
    call->call_cntr++;
    rsi->isDone = ExprMultipleResult;
    return HeapTupleGetDatum(tuple);
}
