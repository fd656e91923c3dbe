// k-means clustering: k-means++ seeding, Lloyd iterations, inertia, silhouette and k chosen by silhouette.
// Points are stored row-major: point i is values[i * dim .. i * dim + dim).
#pragma once
#include <cstdint>
#include <vector>

namespace ecom::ml {

// A set of n points of dimension dim, row-major.
struct Points {
    std::vector<double> values;
    int dim = 0;
    // Number of points.
    std::size_t size() const noexcept { return dim == 0 ? 0 : values.size() / static_cast<std::size_t>(dim); }
    // The first coordinate of point i.
    const double* row(std::size_t i) const noexcept { return values.data() + i * static_cast<std::size_t>(dim); }
};

// A fitted k-means model.
struct KMeansModel {
    int k = 0;
    int dim = 0;
    std::vector<double> centres;     // k rows of dim coordinates
    std::vector<double> initial_centres;  // where Lloyd started (k-means++ or given)
    std::vector<std::int64_t> sizes; // points per cluster
    double inertia = 0;              // sum of squared distances of points to their centre
    int iterations = 0;              // Lloyd iterations run
    bool converged = false;          // assignments stopped changing within max_iter
    double silhouette = 0;           // mean silhouette (on a sample when n > silhouette_sample); NaN if not computed
    std::size_t silhouette_points = 0;
};

// Rows used for the silhouette: all when n is at most this, else a seeded sample of this many.
constexpr std::size_t silhouette_sample = 10000;

// Checks the points (at least one, finite coordinates) and k (2 <= k <= n); throws InvalidArgument.
void check_kmeans_input(const Points& points, int k);

// k-means++ initial centres (D^2 sampling, one candidate per step) drawn with the given seed.
std::vector<double> kmeans_plus_plus(const Points& points, int k, std::uint64_t seed);

// Lloyd iterations from the given initial centres until no assignment changes or max_iter iterations.
// An empty cluster takes the point farthest from its centre. Fills everything but the silhouette.
KMeansModel lloyd(const Points& points, std::vector<double> centres, int k, int max_iter);

// Index of the centre nearest to `point` (ties: the lowest index).
int nearest_centre(const double* point, const std::vector<double>& centres, int k, int dim);

// Mean silhouette of the assignment given by `model`, on all points or a seeded sample of silhouette_sample.
double silhouette(const Points& points, const KMeansModel& model, std::uint64_t seed, std::size_t* used);

// k-means with k-means++ seeding for one k. The silhouette (n^2 distances on its sample) is left NaN, as
// scikit-learn's KMeans leaves it to silhouette_score: fit_kmeans_best(k, k) computes it.
KMeansModel fit_kmeans(const Points& points, int k, std::uint64_t seed, int max_iter);

// k-means for every k in [k_min, k_max], each with its silhouette; returns the model with the highest
// silhouette (ties: smaller k)
// and, when `scores` is not null, stores the silhouette of each k there (k_min first).
KMeansModel fit_kmeans_best(const Points& points, int k_min, int k_max, std::uint64_t seed, int max_iter,
                            std::vector<double>* scores);

}  // namespace ecom::ml
