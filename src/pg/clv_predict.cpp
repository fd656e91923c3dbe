// SQL entry points of the CLV prediction functions: they read a fitted model (jsonb) and a customer's
// calibration summary (x, t_x, t_cal) and return expected purchases, P(alive), expected spend, CLV.
#include "pg/boundary.hpp"
#include "pg/clv_model.hpp"

#include <vector>

#include "core/clv/bgnbd.hpp"
#include "core/clv/gamma_gamma.hpp"
#include "core/clv/lifetime_value.hpp"
#include "core/clv/pareto_nbd.hpp"
#include "core/errors.hpp"

namespace {

// The BG/NBD model in argument n.
ecom::clv::BgNbdParams bgnbd_arg(FunctionCallInfo fcinfo, int n) {
    const std::vector<double> v = ecom::pg::clv::model_params(fcinfo, n, "bgnbd", {"r", "alpha", "a", "b"});
    return {v[0], v[1], v[2], v[3]};
}

// The Pareto/NBD model in argument n.
ecom::clv::ParetoNbdParams pareto_nbd_arg(FunctionCallInfo fcinfo, int n) {
    const std::vector<double> v = ecom::pg::clv::model_params(fcinfo, n, "pareto_nbd", {"r", "alpha", "s", "beta"});
    return {v[0], v[1], v[2], v[3]};
}

// The Gamma-Gamma model in argument n.
ecom::clv::GammaGammaParams gamma_gamma_arg(FunctionCallInfo fcinfo, int n) {
    const std::vector<double> v = ecom::pg::clv::model_params(fcinfo, n, "gamma_gamma", {"p", "q", "gamma"});
    return {v[0], v[1], v[2]};
}

}  // namespace

// ecom.bgnbd_expected_purchases(model, t): expected repeat purchases in (0, t] of a new customer.
ECOM_FUNCTION(bgnbd_expected_purchases) {
    return Float8GetDatum(ecom::clv::bgnbd_expected_purchases(bgnbd_arg(fcinfo, 0), PG_GETARG_FLOAT8(1)));
}

// ecom.bgnbd_conditional_expected_purchases(model, t, x, t_x, t_cal): expected purchases in the next t.
ECOM_FUNCTION(bgnbd_conditional_expected_purchases) {
    return Float8GetDatum(ecom::clv::bgnbd_conditional_expected_purchases(
        bgnbd_arg(fcinfo, 0), PG_GETARG_FLOAT8(1), PG_GETARG_INT32(2), PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4)));
}

// ecom.bgnbd_p_alive(model, x, t_x, t_cal): probability the customer is still active.
ECOM_FUNCTION(bgnbd_p_alive) {
    return Float8GetDatum(
        ecom::clv::bgnbd_p_alive(bgnbd_arg(fcinfo, 0), PG_GETARG_INT32(1), PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3)));
}

// ecom.pareto_nbd_expected_purchases(model, t): expected repeat purchases in (0, t] of a new customer.
ECOM_FUNCTION(pareto_nbd_expected_purchases) {
    return Float8GetDatum(ecom::clv::pareto_nbd_expected_purchases(pareto_nbd_arg(fcinfo, 0), PG_GETARG_FLOAT8(1)));
}

// ecom.pareto_nbd_conditional_expected_purchases(model, t, x, t_x, t_cal): expected purchases in the next t.
ECOM_FUNCTION(pareto_nbd_conditional_expected_purchases) {
    return Float8GetDatum(ecom::clv::pareto_nbd_conditional_expected_purchases(
        pareto_nbd_arg(fcinfo, 0), PG_GETARG_FLOAT8(1), PG_GETARG_INT32(2), PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4)));
}

// ecom.pareto_nbd_p_alive(model, x, t_x, t_cal): probability the customer is still active.
ECOM_FUNCTION(pareto_nbd_p_alive) {
    return Float8GetDatum(ecom::clv::pareto_nbd_p_alive(pareto_nbd_arg(fcinfo, 0), PG_GETARG_INT32(1),
                                                        PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3)));
}

// ecom.gamma_gamma_expected_spend(model, x, mean_spend): expected value of the customer's next purchase.
ECOM_FUNCTION(gamma_gamma_expected_spend) {
    return Float8GetDatum(
        ecom::clv::gamma_gamma_expected_spend(gamma_gamma_arg(fcinfo, 0), PG_GETARG_INT32(1), PG_GETARG_FLOAT8(2)));
}

// ecom.clv(purchase_model, spend_model, x, t_x, t_cal, mean_spend, months, monthly_discount, units_per_month):
// discounted value of the customer's expected purchases over the horizon.
ECOM_FUNCTION(clv_value) {
    const int x = PG_GETARG_INT32(2);
    const double t_x = PG_GETARG_FLOAT8(3), T = PG_GETARG_FLOAT8(4);
    ecom::clv::ClvHorizon horizon;
    horizon.months = PG_GETARG_INT32(6);
    horizon.monthly_discount = PG_GETARG_FLOAT8(7);
    horizon.units_per_month = PG_GETARG_FLOAT8(8);
    const double spend = ecom::clv::gamma_gamma_expected_spend(gamma_gamma_arg(fcinfo, 1), x, PG_GETARG_FLOAT8(5));
    const std::string kind = ecom::pg::clv::model_kind(fcinfo, 0);
    if (kind == "bgnbd") {
        const ecom::clv::BgNbdParams p = bgnbd_arg(fcinfo, 0);
        return Float8GetDatum(ecom::clv::discounted_clv(
            [&](double t) { return ecom::clv::bgnbd_conditional_expected_purchases(p, t, x, t_x, T); }, spend, horizon));
    }
    if (kind == "pareto_nbd") {
        const ecom::clv::ParetoNbdParams p = pareto_nbd_arg(fcinfo, 0);
        return Float8GetDatum(ecom::clv::discounted_clv(
            [&](double t) { return ecom::clv::pareto_nbd_conditional_expected_purchases(p, t, x, t_x, T); }, spend,
            horizon));
    }
    throw ecom::InvalidArgument("purchase model must be a bgnbd or pareto_nbd model (got \"" + kind + "\")",
                                "Pass the jsonb returned by ecom.bgnbd_fit or ecom.pareto_nbd_fit.");
}
