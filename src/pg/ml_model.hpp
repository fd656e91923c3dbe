// Fitted k-means and logistic regression models as jsonb: written by the fit aggregates, read back by
// ecom.kmeans_assign and ecom.logreg_predict.
#pragma once
#include "pg/boundary.hpp"

#include <string>
#include <vector>

namespace ecom::pg::ml {

// A JSON number that reads back as the same double; null when not finite.
std::string json_number(double value);

// A JSON array of numbers.
std::string json_array(const std::vector<double>& values);

// A jsonb Datum parsed from JSON text.
Datum jsonb_from_text(const std::string& text);

// The numbers under `key` of the jsonb model in argument n (nested arrays flattened in order), after
// checking that its "model" field is `kind`; when refuse_unconverged, a model whose "converged" is false
// is refused (its numbers are not estimates).
std::vector<double> model_numbers(FunctionCallInfo fcinfo, int n, const char* kind, const char* key,
                                  bool refuse_unconverged);

}  // namespace ecom::pg::ml
