// A native aggregate's summary together with the memory it draws from, owned by the aggregate's
// memory context (the transition state of ecom.rfm_agg and ecom.cohort_agg).
#pragma once
#include "pg/datum.hpp"
#include "pg/memory.hpp"
#include "pg/memory_resource.hpp"

namespace ecom::pg {

// The transition state: a Summary whose containers allocate from the aggregate memory context.
template <typename Summary>
struct SummaryState {
    explicit SummaryState(MemoryContext context) : memory(context), summary(&memory) {}
    ContextMemoryResource memory;
    Summary summary;
};

// A new empty state in the aggregate memory context.
template <typename Summary>
SummaryState<Summary>* new_summary_state(FunctionCallInfo fcinfo) {
    MemoryContext context = aggregate_context(fcinfo);
    return make_context_owned<SummaryState<Summary>>(context, context);
}

// The state in argument 0, created on first use.
template <typename Summary>
SummaryState<Summary>* summary_state_arg(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) return new_summary_state<Summary>(fcinfo);
    return reinterpret_cast<SummaryState<Summary>*>(PG_GETARG_POINTER(0));
}

// Combine function body: merges the state in argument 1 into the state in argument 0 (parallel query).
template <typename Summary>
Datum summary_combine(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    SummaryState<Summary>* state = summary_state_arg<Summary>(fcinfo);
    state->summary.merge(reinterpret_cast<SummaryState<Summary>*>(PG_GETARG_POINTER(1))->summary);
    return PointerGetDatum(state);
}

// A summary's binary form as a new bytea, written straight into it: `encode(allocate)` gets its memory from
// `allocate(capacity)` and returns how many of those bytes it wrote.
template <typename Encode>
Datum encoded_bytea(Encode encode) {
    bytea* result = nullptr;
    const std::size_t size = encode([&result](std::size_t capacity) {
        result = static_cast<bytea*>(context_alloc(CurrentMemoryContext, VARHDRSZ + capacity));
        return VARDATA(result);
    });
    SET_VARSIZE(result, VARHDRSZ + size);
    return PointerGetDatum(result);
}

}  // namespace ecom::pg
