// The radix sort and the double key it sorts by: against std::stable_sort on random and tied keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/clv/random.hpp"
#include "core/radix_sort.hpp"

namespace {

using ecom::orderable_key;

// The indices 0..n-1 ordered by keys[i] with the radix sort.
std::vector<std::size_t> order_by_key(const std::vector<std::uint64_t>& keys) {
    std::vector<ecom::KeyedIndex> items(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) items[i] = {keys[i], i};
    ecom::large_vector<ecom::KeyedIndex> scratch;
    ecom::radix_sort(items.data(), items.size(), scratch);
    std::vector<std::size_t> order(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) order[i] = items[i].index;
    return order;
}

TEST(RadixSort, OrderableKeyFollowsTheValueOrder) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> ascending{-inf, -1e300, -2.5, -1e-310, -0.0, 0.0, 1e-310, 1.0, 3.5, 1e300, inf};
    for (std::size_t i = 1; i < ascending.size(); ++i)
        EXPECT_LT(orderable_key(ascending[i - 1]), orderable_key(ascending[i])) << ascending[i - 1] << " < " << ascending[i];
    EXPECT_GT(orderable_key(std::nan("")), orderable_key(inf));
    EXPECT_EQ(orderable_key(2.0), orderable_key(2.0));
}

TEST(RadixSort, MatchesAStableSortOnRandomKeysWithTies) {
    ecom::clv::Random random(17);
    for (const std::size_t n : {0, 1, 2, 100, 5000, 70000}) {
        std::vector<std::uint64_t> keys(n);
        for (auto& key : keys) key = random.uniform() < 0.3 ? random.next() % 5 : random.next();
        std::vector<std::size_t> expected(n);
        std::iota(expected.begin(), expected.end(), std::size_t{0});
        std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
        EXPECT_EQ(order_by_key(keys), expected) << n << " keys";
    }
}

TEST(RadixSort, SortsDoublesByValue) {
    ecom::clv::Random random(5);
    std::vector<double> values(20000);
    for (auto& v : values) v = (random.uniform() - 0.5) * std::pow(10.0, 20 * random.uniform() - 10);
    std::vector<std::uint64_t> keys(values.size());
    std::transform(values.begin(), values.end(), keys.begin(), orderable_key);
    const auto order = order_by_key(keys);
    for (std::size_t i = 1; i < order.size(); ++i) EXPECT_LE(values[order[i - 1]], values[order[i]]);
}

}  // namespace
