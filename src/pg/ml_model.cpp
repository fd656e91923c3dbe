#include "pg/ml_model.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/errors.hpp"

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
}

namespace ecom::pg::ml {

namespace {

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

// A jsonb numeric as a double.
double numeric_value(const JsonbValue& value) {
    return pg_guard([&] { return DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(value.val.numeric))); });
}

}  // namespace

std::string json_number(double value) {
    if (!std::isfinite(value)) return "null";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

std::string json_array(const std::vector<double>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i == 0 ? "" : ", ") + json_number(values[i]);
    return out + "]";
}

Datum jsonb_from_text(const std::string& text) {
    const char* chars = text.c_str();
    return pg_guard([&] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(chars)); });
}

std::vector<double> model_numbers(FunctionCallInfo fcinfo, int n, const char* kind, const char* key,
                                  bool refuse_unconverged) {
    Jsonb* model = pg_guard([&] { return PG_GETARG_JSONB_P(n); });
    JsonbValue value;
    if (!JB_ROOT_IS_OBJECT(model) || !find_key(&model->root, "model", &value) || value.type != jbvString ||
        std::string(value.val.string.val, static_cast<std::size_t>(value.val.string.len)) != kind)
        throw not_a_model(std::string("model is not a ") + kind + " model", kind);
    if (refuse_unconverged && find_key(&model->root, "converged", &value) && value.type == jbvBool && !value.val.boolean)
        throw InvalidArgument(std::string("the ") + kind + " model did not converge",
                              "Its coefficients are not estimates; see its \"status\" field.");
    if (!find_key(&model->root, key, &value) || value.type != jbvBinary)
        throw not_a_model(std::string("model has no \"") + key + "\" array", kind);
    std::vector<double> numbers;
    JsonbIterator* iterator = pg_guard([&] { return JsonbIteratorInit(value.val.binary.data); });
    JsonbValue element;
    for (;;) {
        const JsonbIteratorToken token = pg_guard([&] { return JsonbIteratorNext(&iterator, &element, false); });
        if (token == WJB_DONE) break;
        if (token != WJB_ELEM) continue;
        if (element.type != jbvNumeric) throw not_a_model(std::string("model \"") + key + "\" holds a non-number", kind);
        numbers.push_back(numeric_value(element));
    }
    return numbers;
}

}  // namespace ecom::pg::ml
