// The partial sort behind R's stl() robustness weights: exact order statistics for ascending positions,
// and R's own (inexact) answer for the descending pair stl() passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/stl/partial_sort.hpp"

TEST(StlPartialSort, AscendingPositionsGetTheirOrderStatistics) {
    std::uint64_t state = 42;
    // A small linear congruential generator: any fixed sequence will do for this property.
    auto next = [&state] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
    for (int trial = 0; trial < 2000; ++trial) {
        const int n = 2 + static_cast<int>(next() % 200);
        std::vector<double> values(n);
        for (double& v : values) v = static_cast<double>(next() % (trial % 2 == 0 ? 10 : 100000));
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        int a = 1 + static_cast<int>(next() % n), b = 1 + static_cast<int>(next() % n);
        if (a > b) std::swap(a, b);
        ecom::loess::singleton_partial_sort(values, {a, b});
        EXPECT_EQ(values[a - 1], sorted[a - 1]) << "trial " << trial;
        EXPECT_EQ(values[b - 1], sorted[b - 1]) << "trial " << trial;
        std::sort(values.begin(), values.end());
        EXPECT_EQ(values, sorted) << "a permutation of the input";
    }
}

TEST(StlPartialSort, DescendingMiddlePairAsRsFortran) {
    // R's psort() with ind = (n/2 + 1, n/2) on these 18 values leaves 80 and 55 at positions 10 and 9,
    // where a full sort has 58 and 55: R's stl() then scales its weights by 3 * (80 + 55).
    std::vector<double> values{1, 66, 94, 18, 53, 50, 90, 36, 98, 80, 59, 82, 23, 70, 55, 31, 4, 58};
    ecom::loess::singleton_partial_sort(values, {10, 9});
    EXPECT_EQ(values[9], 80.0);
    EXPECT_EQ(values[8], 55.0);
}
