// The canonical row order of the ML fits: lexicographic, and the same rows whatever order they came in.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/clv/random.hpp"
#include "core/ml/row_order.hpp"

namespace {

// n rows of dim values; column 0 takes few distinct values (long runs of ties), the others many.
std::vector<double> tied_rows(std::size_t n, int dim, std::uint64_t seed) {
    ecom::clv::Random random(seed);
    std::vector<double> values(n * dim);
    for (std::size_t i = 0; i < n; ++i)
        for (int j = 0; j < dim; ++j)
            values[i * dim + j] = j == 0 ? static_cast<double>(random.next() % 3) : std::floor(random.uniform() * 50) - 25;
    return values;
}

// The rows in the given order, flattened: what a fit sees.
std::vector<double> in_order(const std::vector<double>& values, int dim, const std::vector<std::size_t>& order) {
    std::vector<double> seen;
    for (std::size_t i : order) seen.insert(seen.end(), values.begin() + i * dim, values.begin() + i * dim + dim);
    return seen;
}

TEST(RowOrder, IsLexicographic) {
    const int dim = 3;
    const std::size_t n = 3000;
    const std::vector<double> values = tied_rows(n, dim, 3);
    const auto order = ecom::ml::canonical_row_order(values.data(), n, dim);
    const auto row = [&](std::size_t i) { return std::vector<double>(values.begin() + i * dim, values.begin() + i * dim + dim); };
    for (std::size_t i = 1; i < n; ++i) EXPECT_LE(row(order[i - 1]), row(order[i])) << "position " << i;
}

TEST(RowOrder, DoesNotDependOnTheArrivalOrder) {
    const int dim = 2;
    const std::size_t n = 5000;
    const std::vector<double> values = tied_rows(n, dim, 8);
    // The same rows shuffled, as parallel workers would deliver them.
    std::vector<std::size_t> shuffle(n);
    for (std::size_t i = 0; i < n; ++i) shuffle[i] = (i * 2357) % n;
    std::vector<double> shuffled_values;
    for (std::size_t i : shuffle)
        shuffled_values.insert(shuffled_values.end(), values.begin() + i * dim, values.begin() + i * dim + dim);
    const auto a = ecom::ml::canonical_row_order(values.data(), n, dim);
    const auto b = ecom::ml::canonical_row_order(shuffled_values.data(), n, dim);
    EXPECT_EQ(in_order(values, dim, a), in_order(shuffled_values, dim, b));
}

}  // namespace
