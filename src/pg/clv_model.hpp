// Fitted CLV models as jsonb: written by the fit aggregates, read by the prediction functions.
#pragma once
#include "pg/boundary.hpp"

#include <string>
#include <utility>
#include <vector>

#include "core/clv/mle.hpp"

namespace ecom::pg::clv {

// Named parameter values of a model, in the model's order.
using NamedValues = std::vector<std::pair<const char*, double>>;

// {"model": kind, "params": {...}, "std_errors": {...}, "log_likelihood", "converged", "status",
//  "iterations", "customers"} as a jsonb Datum; non-finite numbers become null.
Datum model_jsonb(const char* kind, const NamedValues& params, const NamedValues& std_errors,
                  const ecom::clv::FitStatus& status);

// The "model" field of jsonb argument n.
std::string model_kind(FunctionCallInfo fcinfo, int n);

// The named parameters of the jsonb model in argument n, which must be of `kind`; a model whose
// "converged" is false is refused (its parameters are not estimates).
std::vector<double> model_params(FunctionCallInfo fcinfo, int n, const char* kind, const std::vector<const char*>& names);

}  // namespace ecom::pg::clv
