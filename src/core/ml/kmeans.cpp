#include "core/ml/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/cancel.hpp"
#include "core/clv/random.hpp"
#include "core/errors.hpp"

namespace ecom::ml {

namespace {

// Squared Euclidean distance between two points of dimension dim.
double squared_distance(const double* a, const double* b, int dim) {
    double sum = 0;
    for (int j = 0; j < dim; ++j) {
        const double d = a[j] - b[j];
        sum += d * d;
    }
    return sum;
}

// Assigns every point to its nearest centre; returns whether any label changed.
bool assign_all(const Points& points, const std::vector<double>& centres, int k, std::vector<int>& labels) {
    bool changed = false;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const int label = nearest_centre(points.row(i), centres, k, points.dim);
        if (label != labels[i]) {
            labels[i] = label;
            changed = true;
        }
    }
    return changed;
}

// Centres as the means of their points; an empty cluster takes the point farthest from its own centre.
void update_centres(const Points& points, const std::vector<int>& labels, int k, std::vector<double>& centres) {
    const int dim = points.dim;
    std::vector<double> sums(centres.size(), 0.0);
    std::vector<std::int64_t> counts(static_cast<std::size_t>(k), 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double* x = points.row(i);
        double* sum = &sums[static_cast<std::size_t>(labels[i]) * dim];
        for (int j = 0; j < dim; ++j) sum[j] += x[j];
        ++counts[labels[i]];
    }
    std::vector<char> taken(points.size(), 0);
    for (int c = 0; c < k; ++c) {
        double* centre = &centres[static_cast<std::size_t>(c) * dim];
        if (counts[c] > 0) {
            for (int j = 0; j < dim; ++j) centre[j] = sums[static_cast<std::size_t>(c) * dim + j] / counts[c];
            continue;
        }
        std::size_t farthest = 0;
        double best = -1;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const double d = squared_distance(points.row(i), &centres[static_cast<std::size_t>(labels[i]) * dim], dim);
            if (!taken[i] && d > best) {
                best = d;
                farthest = i;
            }
        }
        taken[farthest] = 1;
        std::copy(points.row(farthest), points.row(farthest) + dim, centre);
    }
}

}  // namespace

void check_kmeans_input(const Points& points, int k) {
    if (points.size() == 0 || points.dim <= 0)
        throw InvalidArgument("k-means needs at least one row with at least one feature",
                              "Aggregate non-empty float8[] feature arrays.");
    for (double v : points.values)
        if (!std::isfinite(v))
            throw InvalidArgument("k-means features must be finite numbers",
                                  "Remove or impute rows with NaN or infinite features.");
    if (k < 2 || static_cast<std::size_t>(k) > points.size())
        throw InvalidArgument("k must be between 2 and the number of rows (" + std::to_string(points.size()) +
                                  "), got " + std::to_string(k),
                              "Choose a smaller k or aggregate more rows.");
}

int nearest_centre(const double* point, const std::vector<double>& centres, int k, int dim) {
    int best = 0;
    double best_distance = std::numeric_limits<double>::infinity();
    for (int c = 0; c < k; ++c) {
        const double d = squared_distance(point, &centres[static_cast<std::size_t>(c) * dim], dim);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

std::vector<double> kmeans_plus_plus(const Points& points, int k, std::uint64_t seed) {
    const std::size_t n = points.size();
    const int dim = points.dim;
    clv::Random random(seed);
    std::vector<double> centres;
    centres.reserve(static_cast<std::size_t>(k) * dim);
    auto add_centre = [&](std::size_t i) { centres.insert(centres.end(), points.row(i), points.row(i) + dim); };
    add_centre(std::min(static_cast<std::size_t>(random.uniform() * static_cast<double>(n)), n - 1));
    std::vector<double> nearest(n);
    for (std::size_t i = 0; i < n; ++i) nearest[i] = squared_distance(points.row(i), centres.data(), dim);
    for (int c = 1; c < k; ++c) {
        poll_interrupts();
        const double total = std::accumulate(nearest.begin(), nearest.end(), 0.0);
        std::size_t chosen = 0;
        if (total > 0) {
            const double target = random.uniform() * total;
            double running = 0;
            chosen = n - 1;
            for (std::size_t i = 0; i < n; ++i) {
                running += nearest[i];
                if (running > target && nearest[i] > 0) {
                    chosen = i;
                    break;
                }
            }
        } else {
            chosen = std::min(static_cast<std::size_t>(random.uniform() * static_cast<double>(n)), n - 1);
        }
        add_centre(chosen);
        const double* centre = &centres[static_cast<std::size_t>(c) * dim];
        for (std::size_t i = 0; i < n; ++i) nearest[i] = std::min(nearest[i], squared_distance(points.row(i), centre, dim));
    }
    return centres;
}

KMeansModel lloyd(const Points& points, std::vector<double> centres, int k, int max_iter) {
    if (max_iter < 1) throw InvalidArgument("max_iter must be at least 1", "Pass a positive iteration limit.");
    KMeansModel model;
    model.k = k;
    model.dim = points.dim;
    model.initial_centres = centres;
    std::vector<int> labels(points.size(), -1);
    for (int iteration = 0; iteration < max_iter; ++iteration) {
        poll_interrupts();
        if (!assign_all(points, centres, k, labels)) {
            model.converged = true;
            break;
        }
        update_centres(points, labels, k, centres);
        ++model.iterations;
    }
    if (!model.converged) assign_all(points, centres, k, labels);
    model.sizes.assign(static_cast<std::size_t>(k), 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        model.inertia += squared_distance(points.row(i), &centres[static_cast<std::size_t>(labels[i]) * points.dim],
                                          points.dim);
        ++model.sizes[labels[i]];
    }
    model.centres = std::move(centres);
    model.silhouette = std::nan("");
    return model;
}

KMeansModel fit_kmeans(const Points& points, int k, std::uint64_t seed, int max_iter) {
    check_kmeans_input(points, k);
    return lloyd(points, kmeans_plus_plus(points, k, seed), k, max_iter);
}

KMeansModel fit_kmeans_best(const Points& points, int k_min, int k_max, std::uint64_t seed, int max_iter,
                            std::vector<double>* scores) {
    if (k_min > k_max)
        throw InvalidArgument("k_min must not exceed k_max", "Pass a range such as k_min = 2, k_max = 8.");
    check_kmeans_input(points, k_min);
    check_kmeans_input(points, k_max);
    KMeansModel best;
    for (int k = k_min; k <= k_max; ++k) {
        KMeansModel model = fit_kmeans(points, k, seed, max_iter);
        model.silhouette = silhouette(points, model, seed, &model.silhouette_points);
        if (scores != nullptr) scores->push_back(model.silhouette);
        if (k == k_min || model.silhouette > best.silhouette) best = std::move(model);
    }
    return best;
}

}  // namespace ecom::ml
