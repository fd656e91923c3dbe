#include "pg/clv_model.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/errors.hpp"

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
}

namespace ecom::pg::clv {

namespace {

// A double as a JSON number with enough digits to read back the same double; null when not finite.
std::string json_number(double value) {
    if (!std::isfinite(value)) return "null";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

// {"name": value, ...} for named values.
std::string json_object(const NamedValues& values) {
    std::string out = "{";
    for (const auto& [name, value] : values) {
        if (out.size() > 1) out += ", ";
        out += std::string("\"") + name + "\": " + json_number(value);
    }
    return out + "}";
}

// The error for a jsonb argument that is not a model of the expected kind.
InvalidArgument not_a_model(const std::string& what, const char* kind) {
    return InvalidArgument(what, std::string("Pass the jsonb returned by ecom.") + kind + "_fit(...).");
}

// Looks up `key` in a jsonb object container; false when absent.
bool find_key(JsonbContainer* container, const char* key, JsonbValue* out) {
    return pg_guard([&] {
        return getKeyJsonValueFromContainer(container, key, static_cast<int>(std::strlen(key)), out) != nullptr;
    });
}

// The jsonb argument n, detoasted.
Jsonb* jsonb_arg(FunctionCallInfo fcinfo, int n) {
    return pg_guard([&] { return PG_GETARG_JSONB_P(n); });
}

}  // namespace

Datum model_jsonb(const char* kind, const NamedValues& params, const NamedValues& std_errors,
                  const ecom::clv::FitStatus& status) {
    const std::string text = std::string("{\"model\": \"") + kind + "\", \"params\": " + json_object(params) +
                             ", \"std_errors\": " + json_object(std_errors) +
                             ", \"log_likelihood\": " + json_number(status.log_likelihood) +
                             ", \"converged\": " + (status.converged ? "true" : "false") + ", \"status\": \"" +
                             status.message + "\", \"iterations\": " + std::to_string(status.iterations) +
                             ", \"customers\": " + json_number(status.customers) + "}";
    const char* chars = text.c_str();
    return pg_guard([&] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(chars)); });
}

std::string model_kind(FunctionCallInfo fcinfo, int n) {
    Jsonb* model = jsonb_arg(fcinfo, n);
    JsonbValue value;
    if (!JB_ROOT_IS_OBJECT(model) || !find_key(&model->root, "model", &value) || value.type != jbvString)
        throw InvalidArgument("model must be a jsonb object with a \"model\" field",
                              "Pass the jsonb returned by one of the CLV fit aggregates (ecom.bgnbd_fit, ...).");
    return std::string(value.val.string.val, static_cast<std::size_t>(value.val.string.len));
}

std::vector<double> model_params(FunctionCallInfo fcinfo, int n, const char* kind, const std::vector<const char*>& names) {
    if (model_kind(fcinfo, n) != kind) throw not_a_model(std::string("model is not a ") + kind + " model", kind);
    Jsonb* model = jsonb_arg(fcinfo, n);
    JsonbValue value;
    if (find_key(&model->root, "converged", &value) && value.type == jbvBool && !value.val.boolean)
        throw InvalidArgument(std::string("the ") + kind + " model did not converge",
                              "Its parameters are not estimates; see its \"status\" field, and check the data "
                              "or fit a subset.");
    if (!find_key(&model->root, "params", &value) || value.type != jbvBinary ||
        !JsonContainerIsObject(value.val.binary.data))
        throw not_a_model("model has no \"params\" object", kind);
    JsonbContainer* params = value.val.binary.data;
    std::vector<double> out;
    for (const char* name : names) {
        JsonbValue field;
        if (!find_key(params, name, &field) || field.type != jbvNumeric)
            throw not_a_model(std::string("model parameter \"") + name + "\" is missing or not a number", kind);
        out.push_back(pg_guard([&] {
            return DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(field.val.numeric)));
        }));
    }
    return out;
}

}  // namespace ecom::pg::clv
