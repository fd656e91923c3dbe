// SQL entry points of the fit aggregates ecom.kmeans_fit, ecom.kmeans_fit_best and ecom.logreg_fit.
// Neither fit has one-pass sufficient statistics (Lloyd and Newton revisit every row), so the state
// keeps the rows: feature vectors (and labels) in the aggregate memory context. In parallel plans the
// combine function links the deserialized partial states into a chain (no copy) that the final functions
// read part by part; the serialize function writes the labels and the features as two arrays.
#include "pg/boundary.hpp"
#include "pg/context_buffer.hpp"
#include "pg/datum.hpp"
#include "pg/float8_array.hpp"
#include "pg/memory.hpp"
#include "pg/ml_model.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/ml/kmeans.hpp"
#include "core/ml/logistic.hpp"
#include "core/ml/row_order.hpp"
#include "core/ml/training_order.hpp"
#include "core/serial.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

namespace {

// Transition state: the rows so far and the scalar arguments of the first row (which every row must repeat).
struct FeatureRows {
    explicit FeatureRows(MemoryContext context)
        : labels(context), values(context) {}
    FeatureRows(const FeatureRows&) = delete;
    FeatureRows& operator=(const FeatureRows&) = delete;

    std::int32_t dim = -1;                 // -1 until the first row
    std::int32_t parameter_count = 0;
    std::array<double, 4> parameters{};    // k / k range, seed, max_iter; or l2
    ecom::pg::ContextBuffer<std::uint8_t> labels;  // logistic regression only: 0 or 1
    ecom::pg::ContextBuffer<double> values;        // row-major features
    // The argument types, looked up at the first row of this state (transition states only).
    std::array<bool, 4> parameter_is_float8{};
    Oid label_type = InvalidOid;
    bool in_canonical_order = false;       // logistic regression's rows as ecom::ml::sort_training_rows orders them
    FeatureRows* next = nullptr;           // the rows that follow, linked by the combine function
};

constexpr std::uint32_t rows_format_tag = 0x454d4c52;  // "EMLR"
constexpr std::uint16_t rows_format_version = 3;       // 2: labels as one byte each; 3: the canonical order flag

// The hint for feature arrays with a NULL element.
constexpr const char* feature_null_hint = "Impute or drop rows with missing features before fitting.";

// The state in argument 0, created on first use.
FeatureRows* rows_arg(FunctionCallInfo fcinfo) {
    if (!PG_ARGISNULL(0)) return reinterpret_cast<FeatureRows*>(PG_GETARG_POINTER(0));
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    return ecom::pg::make_context_owned<FeatureRows>(context, context);
}

// Records the first row's dimension and scalar arguments, or checks that this row repeats them.
void check_shape(FeatureRows& state, std::int32_t dim, const double* parameters, int count) {
    if (dim == 0) throw ecom::InvalidArgument("feature arrays must not be empty", "Pass at least one feature per row.");
    if (state.dim < 0) {
        state.dim = dim;
        state.parameter_count = count;
        for (int i = 0; i < count; ++i) state.parameters[i] = parameters[i];
        return;
    }
    if (dim != state.dim)
        throw ecom::InvalidArgument("feature arrays have different lengths (" + std::to_string(state.dim) + " and " +
                                        std::to_string(dim) + ")",
                                    "Every row must have the same features in the same order.");
    for (int i = 0; i < count; ++i)
        if (!(parameters[i] == state.parameters[i]) && !(parameters[i] != parameters[i]))
            throw ecom::InvalidArgument("the model arguments (k, seed, max_iter or l2) differ between rows",
                                        "Pass constants, not columns, for the model arguments.");
}

// Appends a feature vector (and label when `label` is set) with the scalar arguments given from `first`.
Datum append_row(FunctionCallInfo fcinfo, FeatureRows* state, int features_arg, int first, const std::uint8_t* label) {
    if (PG_ARGISNULL(features_arg)) return PointerGetDatum(state);
    std::array<double, 4> arguments{};
    const int count = std::min(PG_NARGS() - first, 4);
    for (int i = 0; i < count; ++i) {
        if (PG_ARGISNULL(first + i))
            throw ecom::InvalidArgument("model arguments must not be NULL", "Pass constants for k, seed, max_iter or l2.");
        arguments[i] = state->parameter_is_float8[i] ? PG_GETARG_FLOAT8(first + i)
                                                     : static_cast<double>(PG_GETARG_INT32(first + i));
    }
    // Appended in place, then checked: an error ends the query, so a rejected row left behind does not matter.
    const int dim = ecom::pg::append_float8_array(fcinfo, features_arg, "features", feature_null_hint, state->values);
    check_shape(*state, dim, arguments.data(), count);
    if (label != nullptr) state->labels.push_back(*label);
    return PointerGetDatum(state);
}

// The state in argument 0 of a transition function, created on first use with the types of the scalar
// arguments from `first` (looked up once, not per row).
FeatureRows* transition_state(FunctionCallInfo fcinfo, int first) {
    const bool fresh = PG_ARGISNULL(0);
    FeatureRows* state = rows_arg(fcinfo);
    for (int i = first; fresh && i < PG_NARGS() && i - first < 4; ++i)
        state->parameter_is_float8[i - first] = get_fn_expr_argtype(fcinfo->flinfo, i) == FLOAT8OID;
    return state;
}

// The rows of a final state (none when no row was aggregated) in their canonical order (lexicographic by
// features): k-means++ and Lloyd then see the same row sequence whatever the plan (serial, or parallel
// workers in any order), so every plan gives the same bits.
ecom::ml::Points sorted_rows(const FeatureRows* state) {
    ecom::ml::Points points;
    if (state == nullptr || state->dim < 0) return points;
    const std::size_t dim = static_cast<std::size_t>(state->dim);
    // The parts one after another: the canonical order is found over a single array.
    std::vector<double> joined;
    if (state->next != nullptr) {
        std::size_t size = 0;
        for (const FeatureRows* part = state; part != nullptr; part = part->next) size += part->values.size();
        joined.reserve(size);
        for (const FeatureRows* part = state; part != nullptr; part = part->next)
            joined.insert(joined.end(), part->values.data(), part->values.data() + part->values.size());
    }
    const double* values = joined.empty() ? state->values.data() : joined.data();
    const std::size_t n = (joined.empty() ? state->values.size() : joined.size()) / dim;
    const std::vector<std::size_t> order = ecom::ml::canonical_row_order(values, n, state->dim);
    points.dim = state->dim;
    points.values.resize(n * dim);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < dim; ++j) points.values[i * dim + j] = values[order[i] * dim + j];
    return points;
}

// The final state in argument 0, or null when no row was aggregated.
const FeatureRows* final_state(FunctionCallInfo fcinfo) {
    return PG_ARGISNULL(0) ? nullptr : reinterpret_cast<const FeatureRows*>(PG_GETARG_POINTER(0));
}

// Scalar argument i of the state, or `fallback` when the call did not pass it.
double parameter(const FeatureRows* state, int i, double fallback) {
    return state != nullptr && i < state->parameter_count ? state->parameters[i] : fallback;
}

// Scalar argument i as an int (it was passed as int).
int int_parameter(const FeatureRows* state, int i, double fallback) {
    return static_cast<int>(parameter(state, i, fallback));
}

// k rows of dim numbers as a JSON array of arrays.
std::string json_rows(const std::vector<double>& values, int k, int dim) {
    std::string rows = "[";
    for (int c = 0; c < k; ++c) {
        const auto first = values.begin() + static_cast<std::ptrdiff_t>(c) * dim;
        rows += (c == 0 ? "" : ", ") + ecom::pg::ml::json_array(std::vector<double>(first, first + dim));
    }
    return rows + "]";
}

// A k-means model as jsonb; `extra` holds further "key": value members (with a leading comma).
Datum kmeans_jsonb(const ecom::ml::KMeansModel& model, std::uint64_t seed, const std::string& extra) {
    std::vector<double> sizes(model.sizes.begin(), model.sizes.end());
    std::int64_t rows = 0;
    for (auto size : model.sizes) rows += size;
    return ecom::pg::ml::jsonb_from_text(
        "{\"model\": \"kmeans\", \"k\": " + std::to_string(model.k) + ", \"features\": " + std::to_string(model.dim) +
        ", \"centres\": " + json_rows(model.centres, model.k, model.dim) + ", \"sizes\": " + ecom::pg::ml::json_array(sizes) +
        ", \"inertia\": " + ecom::pg::ml::json_number(model.inertia) + ", \"silhouette\": " +
        ecom::pg::ml::json_number(model.silhouette) + ", \"silhouette_rows\": " +
        std::to_string(model.silhouette_points) + ", \"iterations\": " + std::to_string(model.iterations) +
        ", \"converged\": " + (model.converged ? "true" : "false") + ", \"rows\": " + std::to_string(rows) +
        ", \"seed\": " + std::to_string(seed) +
        ", \"initial_centres\": " + json_rows(model.initial_centres, model.k, model.dim) + extra + "}");
}

// The seed argument as an unsigned 64-bit seed.
std::uint64_t seed_of(double seed) { return static_cast<std::uint64_t>(static_cast<std::int64_t>(seed)); }

}  // namespace

// Transition function of ecom.kmeans_fit and ecom.kmeans_fit_best: (state, features, int arguments...).
ECOM_FUNCTION(ml_kmeans_step) { return append_row(fcinfo, transition_state(fcinfo, 2), 1, 2, nullptr); }

// Transition function of ecom.logreg_fit: (state, label int or bool, features[, l2]); rows with a NULL
// label or NULL features are skipped.
ECOM_FUNCTION(ml_logreg_step) {
    FeatureRows* state = transition_state(fcinfo, 3);
    if (PG_ARGISNULL(1)) return PointerGetDatum(state);
    if (state->label_type == InvalidOid) state->label_type = get_fn_expr_argtype(fcinfo->flinfo, 1);
    const double label = state->label_type == BOOLOID ? (PG_GETARG_BOOL(1) ? 1.0 : 0.0)
                                                      : static_cast<double>(PG_GETARG_INT32(1));
    ecom::ml::check_label(label);
    const auto byte = static_cast<std::uint8_t>(label);
    return append_row(fcinfo, state, 2, 3, &byte);
}

// A copy in `context` of the rows of `rows` and of the parts linked to it, as one part.
FeatureRows* copy_rows(const FeatureRows& rows, MemoryContext context) {
    FeatureRows* copy = ecom::pg::make_context_owned<FeatureRows>(context, context);
    copy->dim = rows.dim;
    copy->parameter_count = rows.parameter_count;
    copy->parameters = rows.parameters;
    for (const FeatureRows* part = &rows; part != nullptr; part = part->next) {
        copy->labels.append(part->labels.data(), part->labels.size());
        copy->values.append(part->values.data(), part->values.size());
    }
    return copy;
}

// Combine function of the ML fit aggregates: the rows of the second partial state follow those of the
// first. A partial state in this aggregate's context (deserialized here) is linked, not copied (tens of
// megabytes at 10^6 rows).
ECOM_FUNCTION(ml_rows_combine) {
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        return PG_GETARG_DATUM(0);
    }
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    auto* other = reinterpret_cast<FeatureRows*>(PG_GETARG_POINTER(1));
    if (other->values.context() != context) other = copy_rows(*other, context);
    if (PG_ARGISNULL(0)) return PointerGetDatum(other);
    auto* state = reinterpret_cast<FeatureRows*>(PG_GETARG_POINTER(0));
    if (other->dim < 0) return PointerGetDatum(state);
    check_shape(*state, other->dim, other->parameters.data(), other->parameter_count);
    FeatureRows* last = state;
    while (last->next != nullptr) last = last->next;
    last->next = other;
    return PointerGetDatum(state);
}

// Serialize function of the ML fit aggregates: the header through a Writer, then the labels and the
// features of every part copied straight into the bytea, each array as Writer::put_array lays it out
// (a 64-bit count, then the values). A parallel worker's logistic regression rows (one part) are written in
// their canonical order, so that the sort runs in the workers and the leader only merges.
ECOM_FUNCTION(ml_rows_serialize) {
    const auto* state = reinterpret_cast<const FeatureRows*>(PG_GETARG_POINTER(0));
    const bool sort = !state->labels.empty() && state->next == nullptr;
    std::uint64_t labels = 0, values = 0;
    for (const FeatureRows* part = state; part != nullptr; part = part->next) {
        labels += part->labels.size();
        values += part->values.size();
    }
    ecom::serial::Writer header(rows_format_tag, rows_format_version);
    header.put(state->dim);
    header.put(state->parameter_count);
    header.put(state->parameters);
    header.put(static_cast<std::uint8_t>(sort || state->in_canonical_order));
    const std::size_t size = header.bytes().size() + 2 * sizeof(std::uint64_t) + labels + values * sizeof(double);
    if (size > MaxAllocSize - VARHDRSZ)
        throw ecom::OutOfRange("the rows of a parallel worker exceed 1 GB",
                               "Fit with SET max_parallel_workers_per_gather = 0, or on fewer rows or features.");
    auto* result = static_cast<bytea*>(ecom::pg::context_alloc(CurrentMemoryContext, VARHDRSZ + size));
    SET_VARSIZE(result, VARHDRSZ + size);
    char* out = VARDATA(result);
    // Copies bytes to `out` and moves past them.
    const auto write = [&out](const void* data, std::size_t bytes) {
        if (bytes > 0) std::memcpy(out, data, bytes);
        out += bytes;
    };
    write(header.bytes().data(), header.bytes().size());
    write(&labels, sizeof labels);
    if (sort) {
        std::uint8_t* sorted_labels = reinterpret_cast<std::uint8_t*>(out);
        ecom::ml::sort_training_rows(state->labels.data(), state->values.data(), labels, state->dim, sorted_labels,
                                     out + labels + sizeof values);
        out += labels;
        write(&values, sizeof values);
        return PointerGetDatum(result);
    }
    for (const FeatureRows* part = state; part != nullptr; part = part->next) write(part->labels.data(), part->labels.size());
    write(&values, sizeof values);
    for (const FeatureRows* part = state; part != nullptr; part = part->next)
        write(part->values.data(), part->values.size() * sizeof(double));
    return PointerGetDatum(result);
}

// Deserialize function of the ML fit aggregates; corrupt input is an ERROR.
ECOM_FUNCTION(ml_rows_deserialize) {
    const auto [data, size] = ecom::pg::bytea_arg(fcinfo, 0);
    ecom::serial::Reader reader(data, size, rows_format_tag, rows_format_version);
    MemoryContext context = ecom::pg::aggregate_context(fcinfo);
    FeatureRows* state = ecom::pg::make_context_owned<FeatureRows>(context, context);
    state->dim = reader.get<std::int32_t>();
    state->parameter_count = reader.get<std::int32_t>();
    state->parameters = reader.get<std::array<double, 4>>();
    state->in_canonical_order = reader.get<std::uint8_t>() != 0;
    reader.get_array<std::uint8_t>(state->labels);
    reader.get_array<double>(state->values);
    reader.finish();
    const bool consistent = state->parameter_count >= 0 && state->parameter_count <= 4 &&
                            (state->dim < 0 ? state->values.empty()
                                            : state->dim > 0 && state->values.size() % state->dim == 0 &&
                                                  (state->labels.empty() ||
                                                   state->labels.size() == state->values.size() / state->dim));
    if (!consistent) throw ecom::CorruptData("ML aggregate state is inconsistent", "The value is corrupt.");
    return PointerGetDatum(state);
}

// Final function of ecom.kmeans_fit(features, k[, seed[, max_iter]]).
ECOM_FUNCTION(kmeans_fit_final) {
    const FeatureRows* state = final_state(fcinfo);
    const double seed = parameter(state, 1, 0);
    const auto model = ecom::ml::fit_kmeans(sorted_rows(state), int_parameter(state, 0, 0), seed_of(seed),
                                            int_parameter(state, 2, 300));
    return kmeans_jsonb(model, seed_of(seed), "");
}

// Final function of ecom.kmeans_fit_best(features, k_min, k_max[, seed[, max_iter]]).
ECOM_FUNCTION(kmeans_fit_best_final) {
    const FeatureRows* state = final_state(fcinfo);
    const int k_min = int_parameter(state, 0, 0);
    const double seed = parameter(state, 2, 0);
    std::vector<double> scores;
    const auto model = ecom::ml::fit_kmeans_best(sorted_rows(state), k_min, int_parameter(state, 1, 0), seed_of(seed),
                                                 int_parameter(state, 3, 300), &scores);
    std::string by_k = "{";
    for (std::size_t i = 0; i < scores.size(); ++i)
        by_k += (i == 0 ? "\"" : ", \"") + std::to_string(k_min + static_cast<int>(i)) +
                "\": " + ecom::pg::ml::json_number(scores[i]);
    return kmeans_jsonb(model, seed_of(seed), ", \"silhouette_by_k\": " + by_k + "}");
}

// Final function of ecom.logreg_fit: the fitted model as jsonb.
ECOM_FUNCTION(logreg_fit_final) {
    const FeatureRows* state = final_state(fcinfo);
    // The parts read in place; those the workers sent are already in canonical order, the fit sorts the others.
    std::vector<ecom::ml::TrainingRows> parts;
    for (const FeatureRows* part = state; part != nullptr && part->dim > 0; part = part->next)
        parts.push_back({part->labels.data(), part->values.data(), part->labels.size(), part->in_canonical_order});
    const auto model = ecom::ml::fit_logistic(parts, parts.empty() ? 0 : state->dim, parameter(state, 0, 0));
    return ecom::pg::ml::jsonb_from_text(
        "{\"model\": \"logreg\", \"features\": " + std::to_string(model.coefficients.size() - 1) +
        ", \"coefficients\": " + ecom::pg::ml::json_array(model.coefficients) +
        ", \"std_errors\": " + ecom::pg::ml::json_array(model.std_errors) +
        ", \"log_likelihood\": " + ecom::pg::ml::json_number(model.log_likelihood) +
        ", \"auc\": " + ecom::pg::ml::json_number(model.auc) + ", \"l2\": " + ecom::pg::ml::json_number(model.l2) +
        ", \"iterations\": " + std::to_string(model.iterations) + ", \"converged\": " +
        (model.converged ? "true" : "false") + ", \"status\": \"" + model.status + "\", \"rows\": " +
        std::to_string(model.rows) + "}");
}
