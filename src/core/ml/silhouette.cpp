// The mean silhouette of a k-means partition, on all points or a seeded sample of them. Each pair of
// sampled points is measured once, a whole row of distances at a time (vectorised), and the sums run in
// a fixed order, so the result depends only on the points, the centres and the seed.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "core/cancel.hpp"
#include "core/clv/random.hpp"
#include "core/linalg.hpp"
#include "core/ml/kmeans.hpp"

namespace ecom::ml {

namespace {

// Indices of the points used for the silhouette: all, or a seeded sample without replacement (ascending),
// drawn by the first silhouette_sample steps of a Fisher-Yates shuffle of 0..n-1 that stores only the
// positions it moved (not all n).
std::vector<std::size_t> silhouette_indices(std::size_t n, std::uint64_t seed) {
    std::vector<std::size_t> index(std::min(n, silhouette_sample));
    std::iota(index.begin(), index.end(), std::size_t{0});
    if (n <= silhouette_sample) return index;
    std::unordered_map<std::size_t, std::size_t> moved;  // position -> index now there, where not the identity
    moved.reserve(2 * silhouette_sample);
    const auto at = [&](std::size_t position) {
        const auto found = moved.find(position);
        return found == moved.end() ? position : found->second;
    };
    clv::Random random(seed ^ 0x5111u);
    for (std::size_t i = 0; i < silhouette_sample; ++i) {
        const auto j = std::min(i + static_cast<std::size_t>(random.uniform() * static_cast<double>(n - i)), n - 1);
        const std::size_t drawn = at(j);
        moved[j] = at(i);
        index[i] = drawn;
    }
    std::sort(index.begin(), index.end());
    return index;
}

// The sampled points grouped by cluster: coordinates column-wise, and where each cluster's rows begin.
struct Grouped {
    Eigen::MatrixXd coords;                  // m x dim, cluster 0's rows first, then cluster 1's, ...
    std::vector<int> labels;                 // cluster of each row of coords
    std::vector<Eigen::Index> begin;         // k + 1 offsets: cluster c is rows [begin[c], begin[c + 1])
};

// Assigns the sampled points to their nearest centre and groups them by cluster (stable within a cluster).
Grouped group_by_cluster(const Points& points, const std::vector<std::size_t>& index, const KMeansModel& model) {
    const std::size_t m = index.size();
    std::vector<int> labels(m);
    Grouped grouped;
    grouped.begin.assign(static_cast<std::size_t>(model.k) + 1, 0);
    for (std::size_t s = 0; s < m; ++s) {
        labels[s] = nearest_centre(points.row(index[s]), model.centres, model.k, points.dim);
        ++grouped.begin[static_cast<std::size_t>(labels[s]) + 1];
    }
    std::partial_sum(grouped.begin.begin(), grouped.begin.end(), grouped.begin.begin());
    grouped.coords.resize(static_cast<Eigen::Index>(m), points.dim);
    grouped.labels.resize(m);
    std::vector<Eigen::Index> next(grouped.begin.begin(), grouped.begin.end() - 1);
    for (std::size_t s = 0; s < m; ++s) {
        const Eigen::Index row = next[labels[s]]++;
        grouped.labels[row] = labels[s];
        for (int j = 0; j < points.dim; ++j) grouped.coords(row, j) = points.row(index[s])[j];
    }
    return grouped;
}

// sums(s, c): the sum of distances from row s to the other rows of cluster c (each pair computed once).
Eigen::MatrixXd distance_sums(const Grouped& grouped, int k) {
    const Eigen::Index m = grouped.coords.rows();
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(m, k);
    Eigen::ArrayXd buffer(m);
    for (Eigen::Index s = 0; s + 1 < m; ++s) {
        poll_interrupts();
        const Eigen::Index rest = m - s - 1;
        auto distance = buffer.head(rest);
        distance = (grouped.coords.col(0).tail(rest).array() - grouped.coords(s, 0)).square();
        for (Eigen::Index j = 1; j < grouped.coords.cols(); ++j)
            distance += (grouped.coords.col(j).tail(rest).array() - grouped.coords(s, j)).square();
        distance = distance.sqrt();
        for (int c = grouped.labels[s]; c < k; ++c) {
            const Eigen::Index first = std::max(grouped.begin[c], s + 1), last = grouped.begin[c + 1];
            if (last > first) sums(s, c) += distance.segment(first - s - 1, last - first).sum();
        }
        sums.col(grouped.labels[s]).tail(rest).array() += distance;
    }
    return sums;
}

}  // namespace

double silhouette(const Points& points, const KMeansModel& model, std::uint64_t seed, std::size_t* used) {
    const std::vector<std::size_t> index = silhouette_indices(points.size(), seed);
    const Grouped grouped = group_by_cluster(points, index, model);
    const Eigen::MatrixXd sums = distance_sums(grouped, model.k);
    double total = 0;
    for (Eigen::Index s = 0; s < sums.rows(); ++s) {
        const int own = grouped.labels[s];
        const auto count = [&](int c) { return static_cast<double>(grouped.begin[c + 1] - grouped.begin[c]); };
        if (count(own) <= 1) continue;  // a singleton cluster scores 0
        const double a = sums(s, own) / (count(own) - 1);
        double b = std::numeric_limits<double>::infinity();
        for (int c = 0; c < model.k; ++c)
            if (c != own && count(c) > 0) b = std::min(b, sums(s, c) / count(c));
        const double denominator = std::max(a, b);
        if (std::isfinite(b) && denominator > 0) total += (b - a) / denominator;
    }
    if (used != nullptr) *used = index.size();
    return total / static_cast<double>(index.size());
}

}  // namespace ecom::ml
