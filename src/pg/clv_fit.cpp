// SQL entry points of the CLV fit aggregates ecom.bgnbd_fit, ecom.pareto_nbd_fit (shared state of
// (x, t_x, T) rows) and ecom.gamma_gamma_fit ((x, mean spend) rows): parallel-safe native aggregates.
#include "pg/boundary.hpp"
#include "pg/clv_model.hpp"
#include "pg/datum.hpp"
#include "pg/memory.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include "core/clv/bgnbd.hpp"
#include "core/clv/gamma_gamma.hpp"
#include "core/clv/pareto_nbd.hpp"
#include "core/serial.hpp"

namespace {

using DoubleColumn = std::vector<double, ecom::pg::ContextAllocator<double>>;
using IntColumn = std::vector<std::int32_t, ecom::pg::ContextAllocator<std::int32_t>>;

// Transition state: one row per customer as columns, an int frequency x and K float8 columns, kept
// in the aggregate memory context. Rows are sorted and merged only at the end (deterministic result).
template <std::size_t K>
struct Rows {
    explicit Rows(MemoryContext context)
        : x(ecom::pg::ContextAllocator<std::int32_t>(context)),
          values(make_columns(context, std::make_index_sequence<K>())) {}
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    // K empty columns allocating from `context`.
    template <std::size_t... I>
    static std::array<DoubleColumn, K> make_columns(MemoryContext context, std::index_sequence<I...>) {
        return {((void)I, DoubleColumn(ecom::pg::ContextAllocator<double>(context)))...};
    }

    IntColumn x;
    std::array<DoubleColumn, K> values;
};

using HistoryRows = Rows<2>;  // x, t_x, T
using SpendRows = Rows<1>;    // x, mean spend

constexpr std::uint32_t history_format_tag = 0x45434c48;  // "ECLH"
constexpr std::uint32_t spend_format_tag = 0x45434c53;    // "ECLS"
constexpr std::uint16_t rows_format_version = 1;

// A new empty state in the aggregate memory context.
template <std::size_t K>
Rows<K>* new_rows(FunctionCallInfo fcinfo) {
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    return ecom::pg::make_context_owned<Rows<K>>(context, context);
}

// The state in argument 0, created on first use.
template <std::size_t K>
Rows<K>* rows_arg(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) return new_rows<K>(fcinfo);
    return reinterpret_cast<Rows<K>*>(PG_GETARG_POINTER(0));
}

// Transition: appends (x, float8 arguments 2..K+1); rows with a NULL argument are skipped.
template <std::size_t K>
Datum rows_step(FunctionCallInfo fcinfo) {
    Rows<K>* state = rows_arg<K>(fcinfo);
    for (std::size_t k = 1; k <= K + 1; ++k)
        if (PG_ARGISNULL(static_cast<int>(k))) return PointerGetDatum(state);
    state->x.push_back(PG_GETARG_INT32(1));
    for (std::size_t k = 0; k < K; ++k) state->values[k].push_back(PG_GETARG_FLOAT8(static_cast<int>(k + 2)));
    return PointerGetDatum(state);
}

// Combine: appends the rows of the second partial state to the first.
template <std::size_t K>
Datum rows_combine(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    Rows<K>* state = rows_arg<K>(fcinfo);
    const auto* other = reinterpret_cast<Rows<K>*>(PG_GETARG_POINTER(1));
    state->x.insert(state->x.end(), other->x.begin(), other->x.end());
    for (std::size_t k = 0; k < K; ++k)
        state->values[k].insert(state->values[k].end(), other->values[k].begin(), other->values[k].end());
    return PointerGetDatum(state);
}

// Serialize: state -> versioned bytea (column by column).
template <std::size_t K>
Datum rows_serialize(FunctionCallInfo fcinfo, std::uint32_t tag) {
    const auto* state = reinterpret_cast<Rows<K>*>(PG_GETARG_POINTER(0));
    ecom::serial::Writer writer(tag, rows_format_version);
    writer.put_array(state->x.data(), state->x.size());
    for (const DoubleColumn& column : state->values) writer.put_array(column.data(), column.size());
    return ecom::pg::bytea_datum(writer.bytes());
}

// Deserialize: versioned bytea -> state; corrupt input (or columns of different lengths) is an ERROR.
template <std::size_t K>
Datum rows_deserialize(FunctionCallInfo fcinfo, std::uint32_t tag) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    ecom::serial::Reader reader(data, size, tag, rows_format_version);
    Rows<K>* state = new_rows<K>(fcinfo);
    reader.get_array<std::int32_t>(state->x);
    for (DoubleColumn& column : state->values) {
        reader.get_array<double>(column);
        if (column.size() != state->x.size())
            throw ecom::CorruptData("CLV aggregate state has columns of different lengths", "The value is corrupt.");
    }
    reader.finish();
    return PointerGetDatum(state);
}

// The customer histories of a final state (none when no row was aggregated), validated and grouped.
std::vector<ecom::clv::CustomerGroup> histories(FunctionCallInfo fcinfo) {
    std::vector<ecom::clv::CustomerGroup> rows;
    if (!PG_ARGISNULL(0)) {
        const auto* state = reinterpret_cast<HistoryRows*>(PG_GETARG_POINTER(0));
        rows.reserve(state->x.size());
        for (std::size_t i = 0; i < state->x.size(); ++i)
            rows.push_back({state->x[i], state->values[0][i], state->values[1][i], 1});
    }
    return ecom::clv::group_customers(std::move(rows));
}

}  // namespace

// Transition function of ecom.bgnbd_fit and ecom.pareto_nbd_fit: (state, x, t_x, T).
ECOM_FUNCTION(clv_history_step) { return rows_step<2>(fcinfo); }

// Combine function of ecom.bgnbd_fit and ecom.pareto_nbd_fit.
ECOM_FUNCTION(clv_history_combine) { return rows_combine<2>(fcinfo); }

// Serialize function of ecom.bgnbd_fit and ecom.pareto_nbd_fit.
ECOM_FUNCTION(clv_history_serialize) { return rows_serialize<2>(fcinfo, history_format_tag); }

// Deserialize function of ecom.bgnbd_fit and ecom.pareto_nbd_fit.
ECOM_FUNCTION(clv_history_deserialize) { return rows_deserialize<2>(fcinfo, history_format_tag); }

// Transition function of ecom.gamma_gamma_fit: (state, x, mean_spend).
ECOM_FUNCTION(clv_spend_step) { return rows_step<1>(fcinfo); }

// Combine function of ecom.gamma_gamma_fit.
ECOM_FUNCTION(clv_spend_combine) { return rows_combine<1>(fcinfo); }

// Serialize function of ecom.gamma_gamma_fit.
ECOM_FUNCTION(clv_spend_serialize) { return rows_serialize<1>(fcinfo, spend_format_tag); }

// Deserialize function of ecom.gamma_gamma_fit.
ECOM_FUNCTION(clv_spend_deserialize) { return rows_deserialize<1>(fcinfo, spend_format_tag); }

// Final function of ecom.bgnbd_fit: the maximum likelihood BG/NBD model as jsonb.
ECOM_FUNCTION(bgnbd_fit_final) {
    const ecom::clv::BgNbdFit fit = ecom::clv::fit_bgnbd(histories(fcinfo));
    const auto& p = fit.params;
    const auto& se = fit.std_errors;
    return ecom::pg::clv::model_jsonb("bgnbd", {{"r", p.r}, {"alpha", p.alpha}, {"a", p.a}, {"b", p.b}},
                                      {{"r", se.r}, {"alpha", se.alpha}, {"a", se.a}, {"b", se.b}}, fit.status);
}

// Final function of ecom.pareto_nbd_fit: the maximum likelihood Pareto/NBD model as jsonb.
ECOM_FUNCTION(pareto_nbd_fit_final) {
    const ecom::clv::ParetoNbdFit fit = ecom::clv::fit_pareto_nbd(histories(fcinfo));
    const auto& p = fit.params;
    const auto& se = fit.std_errors;
    return ecom::pg::clv::model_jsonb("pareto_nbd", {{"r", p.r}, {"alpha", p.alpha}, {"s", p.s}, {"beta", p.beta}},
                                      {{"r", se.r}, {"alpha", se.alpha}, {"s", se.s}, {"beta", se.beta}}, fit.status);
}

// Final function of ecom.gamma_gamma_fit: the maximum likelihood Gamma-Gamma spend model as jsonb.
ECOM_FUNCTION(gamma_gamma_fit_final) {
    std::vector<ecom::clv::SpendGroup> rows;
    if (!PG_ARGISNULL(0)) {
        const auto* state = reinterpret_cast<SpendRows*>(PG_GETARG_POINTER(0));
        rows.reserve(state->x.size());
        for (std::size_t i = 0; i < state->x.size(); ++i) rows.push_back({state->x[i], state->values[0][i], 1});
    }
    const ecom::clv::GammaGammaFit fit = ecom::clv::fit_gamma_gamma(ecom::clv::group_spend(std::move(rows)));
    const auto& p = fit.params;
    const auto& se = fit.std_errors;
    return ecom::pg::clv::model_jsonb("gamma_gamma", {{"p", p.p}, {"q", p.q}, {"gamma", p.gamma}},
                                      {{"p", se.p}, {"q", se.q}, {"gamma", se.gamma}}, fit.status);
}
