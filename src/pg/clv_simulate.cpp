// SQL entry point of ecom.clv_simulate: a seeded synthetic customer base drawn from given CLV models
// (examples, parameter-recovery checks and benchmarks without real data).
#include "pg/boundary.hpp"
#include "pg/clv_model.hpp"

#include <string>
#include <vector>

#include "core/clv/simulate.hpp"
#include "core/errors.hpp"

extern "C" {
#include "funcapi.h"
#include "utils/tuplestore.h"
}

namespace {

// Writes one row (customer, x, t_x, t_cal, mean_spend) per simulated customer to the SRF result.
void emit_rows(FunctionCallInfo fcinfo, const std::vector<ecom::clv::SimulatedCustomer>& customers) {
    ecom::pg::pg_guard_void([&] {
        InitMaterializedSRF(fcinfo, 0);
        auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        Datum row[5];
        bool nulls[5] = {false, false, false, false, false};
        for (std::size_t i = 0; i < customers.size(); ++i) {
            row[0] = Int32GetDatum(static_cast<int32>(i + 1));
            row[1] = Int32GetDatum(customers[i].x);
            row[2] = Float8GetDatum(customers[i].t_x);
            row[3] = Float8GetDatum(customers[i].T);
            row[4] = Float8GetDatum(customers[i].mean_spend);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, row, nulls);
        }
    });
}

}  // namespace

// ecom.clv_simulate(n, purchase_model, spend_model, t_min, t_max, seed): n customers, each observed for a
// time drawn uniformly from [t_min, t_max].
ECOM_FUNCTION(clv_simulate) {
    const int32 n = PG_GETARG_INT32(0);
    if (n < 1 || n > 100000000)
        throw ecom::InvalidArgument("number of customers must be between 1 and 100000000", "Pass a positive count.");
    const std::vector<double> g = ecom::pg::clv::model_params(fcinfo, 2, "gamma_gamma", {"p", "q", "gamma"});
    const ecom::clv::GammaGammaParams spend{g[0], g[1], g[2]};
    const double t_min = PG_GETARG_FLOAT8(3), t_max = PG_GETARG_FLOAT8(4);
    const auto seed = static_cast<std::uint64_t>(PG_GETARG_INT64(5));
    const std::string kind = ecom::pg::clv::model_kind(fcinfo, 1);
    std::vector<ecom::clv::SimulatedCustomer> customers;
    if (kind == "bgnbd") {
        const std::vector<double> p = ecom::pg::clv::model_params(fcinfo, 1, "bgnbd", {"r", "alpha", "a", "b"});
        customers = ecom::clv::simulate_bgnbd({p[0], p[1], p[2], p[3]}, spend, n, t_min, t_max, seed);
    } else if (kind == "pareto_nbd") {
        const std::vector<double> p = ecom::pg::clv::model_params(fcinfo, 1, "pareto_nbd", {"r", "alpha", "s", "beta"});
        customers = ecom::clv::simulate_pareto_nbd({p[0], p[1], p[2], p[3]}, spend, n, t_min, t_max, seed);
    } else {
        throw ecom::InvalidArgument("purchase model must be a bgnbd or pareto_nbd model (got \"" + kind + "\")",
                                    "For example '{\"model\": \"bgnbd\", \"params\": {\"r\": 0.24, \"alpha\": 4.4, "
                                    "\"a\": 0.79, \"b\": 2.4}}'.");
    }
    emit_rows(fcinfo, customers);
    return Datum(0);
}
