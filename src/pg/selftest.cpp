// Self-test entry points that let a DBA (and the regression suite) verify the native error boundary,
// cancellation and memory ownership on a live server. ecom.selftest_sum is also the smallest example
// of a parallel-safe native aggregate: context-owned state, combine, serialize, deserialize, final.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"

#include "core/errors.hpp"
#include "core/selftest.hpp"
#include "core/serial.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string>
#include <vector>

extern "C" {
#include "utils/builtins.h"
}

namespace {

// Aggregate states alive in this backend: the regression suite checks it returns to zero.
int64 live_states = 0;

constexpr std::uint32_t sum_format_tag = 0x45435354;  // "ECST"
constexpr std::uint16_t sum_format_version = 1;

// Transition state of ecom.selftest_sum: values kept in the aggregate's memory context.
struct SumState {
    explicit SumState(MemoryContext context) : values(ecom::pg::ContextAllocator<double>(context)) { ++live_states; }
    ~SumState() { --live_states; }
    SumState(const SumState&) = delete;
    SumState& operator=(const SumState&) = delete;
    std::vector<double, ecom::pg::ContextAllocator<double>> values;
};

// A new empty state in the aggregate memory context.
SumState* new_sum_state(FunctionCallInfo fcinfo) {
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    return ecom::pg::make_context_owned<SumState>(context, context);
}

// The state in argument 0, created on first use.
SumState* sum_state(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) return new_sum_state(fcinfo);
    return reinterpret_cast<SumState*>(PG_GETARG_POINTER(0));
}

}  // namespace

// ecom.selftest_error(kind): throws the named kind of C++ error so its SQL error can be inspected.
ECOM_FUNCTION(selftest_error) {
    const std::string kind = ecom::pg::text_arg(fcinfo, 0);
    ecom::selftest::raise(kind);
    if (kind == "postgres")
        ecom::pg::pg_guard([] { return DirectFunctionCall1(int4in, CStringGetDatum("not a number")); });
    return CStringGetTextDatum("no error");
}

// ecom.selftest_spin(milliseconds): busy native work that only cancellation can stop early.
ECOM_FUNCTION(selftest_spin) {
    const int32 milliseconds = PG_GETARG_INT32(0);
    return Float8GetDatum(ecom::selftest::spin(std::chrono::milliseconds(milliseconds)));
}

// ecom.selftest_live_states(): aggregate states of ecom.selftest_sum not yet destroyed in this backend.
ECOM_FUNCTION(selftest_live_states) {
    return Int64GetDatum(live_states);
}

// Transition function of ecom.selftest_sum: appends a value; a negative value fails on purpose.
ECOM_FUNCTION(selftest_sum_step) {
    SumState* state = sum_state(fcinfo);
    if (PG_ARGISNULL(1)) return PointerGetDatum(state);
    const double value = PG_GETARG_FLOAT8(1);
    if (value < 0)
        throw ecom::InvalidArgument("ecom.selftest_sum got a negative value",
                                    "The self-test aggregate fails on negative input on purpose.");
    state->values.push_back(value);
    return PointerGetDatum(state);
}

// Combine function of ecom.selftest_sum: merges two partial states (parallel query).
ECOM_FUNCTION(selftest_sum_combine) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    SumState* state = sum_state(fcinfo);
    const auto* other = reinterpret_cast<SumState*>(PG_GETARG_POINTER(1));
    state->values.insert(state->values.end(), other->values.begin(), other->values.end());
    return PointerGetDatum(state);
}

// Serialize function of ecom.selftest_sum: state -> versioned bytea.
ECOM_FUNCTION(selftest_sum_serialize) {
    const auto* state = reinterpret_cast<SumState*>(PG_GETARG_POINTER(0));
    ecom::serial::Writer writer(sum_format_tag, sum_format_version);
    writer.put_array(state->values.data(), state->values.size());
    return ecom::pg::bytea_datum(writer.bytes());
}

// Deserialize function of ecom.selftest_sum: versioned bytea -> state; corrupt input is an ERROR.
ECOM_FUNCTION(selftest_sum_deserialize) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    ecom::serial::Reader reader(data, size, sum_format_tag, sum_format_version);
    SumState* state = new_sum_state(fcinfo);
    reader.get_array<double>(state->values);
    reader.finish();
    return PointerGetDatum(state);
}

// Final function of ecom.selftest_sum: the sum taken in sorted order, so every plan gives the same bits.
ECOM_FUNCTION(selftest_sum_final) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    auto* state = reinterpret_cast<SumState*>(PG_GETARG_POINTER(0));
    std::sort(state->values.begin(), state->values.end());
    return Float8GetDatum(std::accumulate(state->values.begin(), state->values.end(), 0.0));
}
