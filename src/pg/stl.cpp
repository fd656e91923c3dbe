// SQL entry points of the time-series module: ecom.stl, ecom.detect_period, ecom.anomaly_scores and
// ecom.tukey_scores over float8[] series (core: src/core/stl.hpp, period.hpp, anomaly.hpp).
#include "pg/boundary.hpp"
#include "pg/float8_array.hpp"

#include "core/anomaly.hpp"
#include "core/period.hpp"
#include "core/stl.hpp"

#include <optional>
#include <vector>

extern "C" {
#include "funcapi.h"
#include "utils/tuplestore.h"
}

namespace {

// Integer argument n, or nothing when it is SQL NULL (NULL selects R's default).
std::optional<int> optional_int(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_INT32(n);
}

// Boolean argument n, or fallback when it is SQL NULL.
bool bool_or(FunctionCallInfo fcinfo, int n, bool fallback) { return PG_ARGISNULL(n) ? fallback : PG_GETARG_BOOL(n); }

// Float8 argument n, or fallback when it is SQL NULL.
double float8_or(FunctionCallInfo fcinfo, int n, double fallback) {
    return PG_ARGISNULL(n) ? fallback : PG_GETARG_FLOAT8(n);
}

// The STL options of ecom.stl's arguments 1.. (period, s_window, s_periodic, s_degree, t_window, t_degree,
// l_window, l_degree, s_jump, t_jump, l_jump, robust, inner_iterations, outer_iterations).
ecom::StlOptions stl_options(FunctionCallInfo fcinfo) {
    ecom::StlOptions o;
    o.period = PG_GETARG_INT32(1);
    o.s_window = optional_int(fcinfo, 2);
    o.s_periodic = bool_or(fcinfo, 3, false);
    o.s_degree = optional_int(fcinfo, 4).value_or(0);
    o.t_window = optional_int(fcinfo, 5);
    o.t_degree = optional_int(fcinfo, 6).value_or(1);
    o.l_window = optional_int(fcinfo, 7);
    o.l_degree = optional_int(fcinfo, 8);
    o.s_jump = optional_int(fcinfo, 9);
    o.t_jump = optional_int(fcinfo, 10);
    o.l_jump = optional_int(fcinfo, 11);
    o.robust = bool_or(fcinfo, 12, false);
    o.inner = optional_int(fcinfo, 13);
    o.outer = optional_int(fcinfo, 14);
    return o;
}

// Writes one row (index, observed, seasonal, trend, remainder, weight) per observation to the SRF result.
void emit_rows(FunctionCallInfo fcinfo, const std::vector<double>& values, const ecom::StlResult* fit) {
    ecom::pg::pg_guard_void([&] {
        InitMaterializedSRF(fcinfo, 0);
        if (fit == nullptr) return;
        auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        Datum row[6];
        bool nulls[6] = {false, false, false, false, false, false};
        for (std::size_t i = 0; i < values.size(); ++i) {
            row[0] = Int32GetDatum(static_cast<int32>(i + 1));
            row[1] = Float8GetDatum(values[i]);
            row[2] = Float8GetDatum(fit->seasonal[i]);
            row[3] = Float8GetDatum(fit->trend[i]);
            row[4] = Float8GetDatum(fit->remainder[i]);
            row[5] = Float8GetDatum(fit->weights[i]);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, row, nulls);
        }
    });
}

}  // namespace

// ecom.stl(values, period, ...): R's stl() decomposition, one row per observation.
ECOM_FUNCTION(ecom_stl) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) {
        emit_rows(fcinfo, {}, nullptr);
        return Datum(0);
    }
    const std::vector<double> values = ecom::pg::float8_array_arg(fcinfo, 0, "values", ecom::pg::kSeriesNullHint);
    const ecom::StlResult fit = ecom::stl(values, stl_options(fcinfo));
    emit_rows(fcinfo, values, &fit);
    return Datum(0);
}

// ecom.detect_period(values, max_period): the seasonal period, or NULL when there is none.
ECOM_FUNCTION(ecom_detect_period) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    const std::vector<double> values = ecom::pg::float8_array_arg(fcinfo, 0, "values", ecom::pg::kSeriesNullHint);
    const int period = ecom::detect_period(values, optional_int(fcinfo, 1).value_or(0));
    if (period == 0) PG_RETURN_NULL();
    return Int32GetDatum(period);
}

// ecom.anomaly_scores(values, period, k, s_window, robust): Tukey-fence scores of the STL remainder.
ECOM_FUNCTION(ecom_anomaly_scores) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) PG_RETURN_NULL();
    const std::vector<double> values = ecom::pg::float8_array_arg(fcinfo, 0, "values", ecom::pg::kSeriesNullHint);
    ecom::StlOptions o;
    o.period = PG_GETARG_INT32(1);
    o.s_window = optional_int(fcinfo, 3);
    o.s_periodic = !o.s_window.has_value();
    o.robust = bool_or(fcinfo, 4, true);
    const double k = float8_or(fcinfo, 2, 1.5);
    return ecom::pg::float8_array_datum(ecom::tukey_scores(ecom::stl(values, o).remainder, k));
}

// ecom.tukey_scores(values, k): Tukey-fence scores of any series (for example an STL remainder).
ECOM_FUNCTION(ecom_tukey_scores) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    const std::vector<double> values = ecom::pg::float8_array_arg(fcinfo, 0, "values", ecom::pg::kSeriesNullHint);
    return ecom::pg::float8_array_datum(ecom::tukey_scores(values, float8_or(fcinfo, 1, 1.5)));
}
