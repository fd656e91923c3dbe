// SQL entry points that apply fitted ML models to one row: ecom.kmeans_assign and ecom.logreg_predict.
#include "pg/boundary.hpp"
#include "pg/float8_array.hpp"
#include "pg/ml_model.hpp"

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/ml/kmeans.hpp"
#include "core/ml/logistic.hpp"

namespace {

// The hint for feature arrays that do not match the model.
constexpr const char* features_hint = "Pass the features in the same order and number as when the model was fitted.";

// The features argument n checked against the model's dimension.
std::vector<double> features_arg(FunctionCallInfo fcinfo, int n, std::size_t dim) {
    std::vector<double> features = ecom::pg::float8_array_arg(fcinfo, n, "features", features_hint);
    if (features.size() != dim)
        throw ecom::InvalidArgument("features has " + std::to_string(features.size()) + " elements, the model " +
                                        std::to_string(dim),
                                    features_hint);
    return features;
}

}  // namespace

// ecom.kmeans_assign(model, features): the 0-based index of the nearest centre (a model that hit max_iter
// still partitions the space, so it is accepted).
ECOM_FUNCTION(kmeans_assign) {
    const std::vector<double> centres = ecom::pg::ml::model_numbers(fcinfo, 0, "kmeans", "centres", false);
    const std::vector<double> sizes = ecom::pg::ml::model_numbers(fcinfo, 0, "kmeans", "sizes", false);
    const std::size_t k = sizes.size();
    if (k == 0 || centres.size() % k != 0)
        throw ecom::InvalidArgument("kmeans model has inconsistent centres", "Pass the jsonb returned by ecom.kmeans_fit(...).");
    const std::vector<double> features = features_arg(fcinfo, 1, centres.size() / k);
    return Int32GetDatum(ecom::ml::nearest_centre(features.data(), centres, static_cast<int>(k),
                                                  static_cast<int>(features.size())));
}

// ecom.logreg_predict(model, features): the predicted probability of label 1.
ECOM_FUNCTION(logreg_predict) {
    const std::vector<double> coefficients = ecom::pg::ml::model_numbers(fcinfo, 0, "logreg", "coefficients", true);
    if (coefficients.size() < 2)
        throw ecom::InvalidArgument("logreg model has no coefficients", "Pass the jsonb returned by ecom.logreg_fit(...).");
    const std::vector<double> features = features_arg(fcinfo, 1, coefficients.size() - 1);
    return Float8GetDatum(ecom::ml::logistic_predict(coefficients, features.data(), static_cast<int>(features.size())));
}
