// SQL entry points of the aggregate ecom.clv_summary: one customer's purchases -> calibration summary
// (x, t_x, t_cal, mean_spend) counted per day, the way the BG/NBD and Pareto/NBD papers do.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clv/rfm.hpp"
#include "core/errors.hpp"
#include "core/serial.hpp"

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/date.h"
}

namespace {

constexpr std::uint32_t summary_format_tag = 0x45434c50;  // "ECLP"
constexpr std::uint16_t summary_format_version = 1;

// Transition state: the customer's purchases and the calibration settings, in the aggregate context.
struct Purchases {
    explicit Purchases(MemoryContext context)
        : days(ecom::pg::ContextAllocator<std::int32_t>(context)), amounts(ecom::pg::ContextAllocator<double>(context)) {}
    Purchases(const Purchases&) = delete;
    Purchases& operator=(const Purchases&) = delete;
    bool configured = false;
    std::int32_t calibration_end = 0;
    double unit_days = 7;
    std::vector<std::int32_t, ecom::pg::ContextAllocator<std::int32_t>> days;
    std::vector<double, ecom::pg::ContextAllocator<double>> amounts;

    // Records the calibration settings, which must be the same in every row of a group.
    void configure(std::int32_t end, double unit) {
        if (configured && (end != calibration_end || unit != unit_days))
            throw ecom::InvalidArgument("calibration_end and unit_days must be the same in every row of a customer",
                                        "Pass constants, for example ecom.clv_summary(day, amount, '1997-09-30', 7).");
        configured = true;
        calibration_end = end;
        unit_days = unit;
    }
};

// A new empty state in the aggregate memory context.
Purchases* new_purchases(FunctionCallInfo fcinfo) {
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    return ecom::pg::make_context_owned<Purchases>(context, context);
}

// Throws unless a date is finite.
std::int32_t finite_date(DateADT day) {
    if (DATE_NOT_FINITE(day))
        throw ecom::InvalidArgument("purchase and calibration dates must be finite", "Remove rows dated infinity.");
    return day;
}

}  // namespace

// Transition function of ecom.clv_summary: (state, purchase_date, amount, calibration_end, unit_days);
// rows with a NULL are skipped.
ECOM_FUNCTION(clv_summary_step) {
    Purchases* state = PG_ARGISNULL(0) ? new_purchases(fcinfo) : reinterpret_cast<Purchases*>(PG_GETARG_POINTER(0));
    for (int k = 1; k <= 4; ++k)
        if (PG_ARGISNULL(k)) return PointerGetDatum(state);
    state->configure(finite_date(PG_GETARG_DATEADT(3)), PG_GETARG_FLOAT8(4));
    state->days.push_back(finite_date(PG_GETARG_DATEADT(1)));
    state->amounts.push_back(PG_GETARG_FLOAT8(2));
    return PointerGetDatum(state);
}

// Combine function of ecom.clv_summary.
ECOM_FUNCTION(clv_summary_combine) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    Purchases* state = PG_ARGISNULL(0) ? new_purchases(fcinfo) : reinterpret_cast<Purchases*>(PG_GETARG_POINTER(0));
    const auto* other = reinterpret_cast<Purchases*>(PG_GETARG_POINTER(1));
    if (other->configured) state->configure(other->calibration_end, other->unit_days);
    state->days.insert(state->days.end(), other->days.begin(), other->days.end());
    state->amounts.insert(state->amounts.end(), other->amounts.begin(), other->amounts.end());
    return PointerGetDatum(state);
}

// Serialize function of ecom.clv_summary.
ECOM_FUNCTION(clv_summary_serialize) {
    const auto* state = reinterpret_cast<Purchases*>(PG_GETARG_POINTER(0));
    ecom::serial::Writer writer(summary_format_tag, summary_format_version);
    writer.put(static_cast<std::uint8_t>(state->configured));
    writer.put(state->calibration_end);
    writer.put(state->unit_days);
    writer.put_array(state->days.data(), state->days.size());
    writer.put_array(state->amounts.data(), state->amounts.size());
    return ecom::pg::bytea_datum(writer.bytes());
}

// Deserialize function of ecom.clv_summary.
ECOM_FUNCTION(clv_summary_deserialize) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    ecom::serial::Reader reader(data, size, summary_format_tag, summary_format_version);
    Purchases* state = new_purchases(fcinfo);
    state->configured = reader.get<std::uint8_t>() != 0;
    state->calibration_end = reader.get<std::int32_t>();
    state->unit_days = reader.get<double>();
    reader.get_array<std::int32_t>(state->days);
    reader.get_array<double>(state->amounts);
    if (state->days.size() != state->amounts.size())
        throw ecom::CorruptData("clv_summary state has columns of different lengths", "The value is corrupt.");
    reader.finish();
    return PointerGetDatum(state);
}

// Final function of ecom.clv_summary: the ecom.clv_history row, or NULL when the customer had no purchase
// by the end of calibration.
ECOM_FUNCTION(clv_summary_final) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    const auto* state = reinterpret_cast<Purchases*>(PG_GETARG_POINTER(0));
    std::vector<ecom::clv::Purchase> purchases;
    purchases.reserve(state->days.size());
    for (std::size_t i = 0; i < state->days.size(); ++i) purchases.push_back({state->days[i], state->amounts[i]});
    const std::optional<ecom::clv::RfmSummary> s =
        ecom::clv::summarize_purchases(std::move(purchases), state->calibration_end, state->unit_days);
    if (!s) PG_RETURN_NULL();
    const ecom::clv::RfmSummary summary = *s;
    return ecom::pg::pg_guard([&] {
        TupleDesc descriptor;
        if (get_call_result_type(fcinfo, nullptr, &descriptor) != TYPEFUNC_COMPOSITE)
            elog(ERROR, "clv_summary_final must return a composite type");
        descriptor = BlessTupleDesc(descriptor);
        Datum values[4] = {Int32GetDatum(summary.x), Float8GetDatum(summary.t_x), Float8GetDatum(summary.T),
                           Float8GetDatum(summary.mean_spend)};
        bool nulls[4] = {false, false, false, false};
        return HeapTupleGetDatum(heap_form_tuple(descriptor, values, nulls));
    });
}
