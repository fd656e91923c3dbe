// SQL entry points of Holt-Winters forecasting: ecom.holt_winters (forecast rows) and
// ecom.holt_winters_fit (the fitted model), over float8[] series (core: src/core/holt_winters.hpp).
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/float8_array.hpp"

#include "core/errors.hpp"
#include "core/holt_winters.hpp"

#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/tuplestore.h"
}

namespace {

// Float8 argument n, or nothing when it is SQL NULL (NULL means "fit it" for smoothing parameters).
std::optional<double> optional_float8(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_FLOAT8(n);
}

// The seasonal kind named by text argument n ('additive', 'multiplicative' or 'none'; NULL: additive).
ecom::Seasonality seasonality(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return ecom::Seasonality::Additive;
    const std::string name = ecom::pg::text_arg(fcinfo, n);
    if (name == "additive") return ecom::Seasonality::Additive;
    if (name == "multiplicative") return ecom::Seasonality::Multiplicative;
    if (name == "none") return ecom::Seasonality::None;
    throw ecom::InvalidArgument("unknown seasonal component \"" + name + "\"",
                                "Use seasonal => 'additive', 'multiplicative' or 'none' (R's gamma = FALSE).");
}

// The model options of the shared leading arguments: values, period, seasonal, alpha, beta, gamma, trend, phi.
ecom::HoltWintersOptions model_options(FunctionCallInfo fcinfo) {
    ecom::HoltWintersOptions o;
    o.period = PG_GETARG_INT32(1);
    o.seasonal = seasonality(fcinfo, 2);
    o.alpha = optional_float8(fcinfo, 3);
    o.beta = optional_float8(fcinfo, 4);
    o.gamma = optional_float8(fcinfo, 5);
    o.trend = PG_ARGISNULL(6) ? true : PG_GETARG_BOOL(6);
    o.phi = PG_ARGISNULL(7) ? 1.0 : PG_GETARG_FLOAT8(7);
    return o;
}

// Fits the model of the call's arguments to its series.
ecom::HoltWintersModel fit_model(FunctionCallInfo fcinfo) {
    const std::vector<double> values = ecom::pg::float8_array_arg(fcinfo, 0, "values", ecom::pg::kSeriesNullHint);
    return ecom::holt_winters(values, model_options(fcinfo));
}

// Writes rows of `width` float8-or-int columns produced by `fill(row, datums)` into the SRF result.
template <typename Fill>
void emit_rows(FunctionCallInfo fcinfo, int rows, Fill fill) {
    ecom::pg::pg_guard_void([&] {
        InitMaterializedSRF(fcinfo, 0);
        auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        Datum values[8];
        bool nulls[8] = {false, false, false, false, false, false, false, false};
        for (int row = 0; row < rows; ++row) {
            fill(row, values, nulls);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
        }
    });
}

}  // namespace

// ecom.holt_winters(values, period, seasonal, alpha, beta, gamma, trend, phi, h, level): forecast rows.
ECOM_FUNCTION(ecom_holt_winters) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(8)) {
        emit_rows(fcinfo, 0, [](int, Datum*, bool*) {});
        return Datum(0);
    }
    const ecom::HoltWintersModel model = fit_model(fcinfo);
    const int h = PG_GETARG_INT32(8);
    const double level = PG_ARGISNULL(9) ? 0.95 : PG_GETARG_FLOAT8(9);
    const ecom::HoltWintersForecast f = ecom::holt_winters_forecast(model, h, level);
    emit_rows(fcinfo, h, [&](int row, Datum* values, bool*) {
        values[0] = Int32GetDatum(row + 1);
        values[1] = Float8GetDatum(f.mean[row]);
        values[2] = Float8GetDatum(f.lower[row]);
        values[3] = Float8GetDatum(f.upper[row]);
    });
    return Datum(0);
}

// ecom.holt_winters_fit(values, period, seasonal, alpha, beta, gamma, trend, phi): the fitted model, one row.
ECOM_FUNCTION(ecom_holt_winters_fit) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) {
        emit_rows(fcinfo, 0, [](int, Datum*, bool*) {});
        return Datum(0);
    }
    const ecom::HoltWintersModel model = fit_model(fcinfo);
    const bool seasonal = model.options.seasonal != ecom::Seasonality::None;
    const Datum season = seasonal ? ecom::pg::float8_array_datum(model.season) : Datum(0);
    emit_rows(fcinfo, 1, [&](int, Datum* values, bool* nulls) {
        values[0] = Float8GetDatum(*model.options.alpha);
        values[1] = Float8GetDatum(model.options.trend ? *model.options.beta : 0.0);
        nulls[1] = !model.options.trend;
        values[2] = Float8GetDatum(seasonal ? *model.options.gamma : 0.0);
        nulls[2] = !seasonal;
        values[3] = Float8GetDatum(model.level);
        values[4] = Float8GetDatum(model.slope);
        nulls[4] = !model.options.trend;
        values[5] = season;
        nulls[5] = !seasonal;
        values[6] = Float8GetDatum(model.sse);
    });
    return Datum(0);
}
