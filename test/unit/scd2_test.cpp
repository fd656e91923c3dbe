// Unit tests of the SCD type 2 merge (src/core/scd2).
#include "core/scd2.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

using ecom::scd2::merge;
using ecom::scd2::Observation;
using ecom::scd2::Version;

namespace {

// A version as (key, valid_from, valid_to or -1 when open, attributes) for compact comparisons.
using Row = std::tuple<std::string, std::int64_t, std::int64_t, std::string>;

// The history of `observations` as comparable rows.
std::vector<Row> history(const std::vector<Observation>& observations) {
    std::vector<Row> rows;
    for (const Version& v : merge(observations))
        rows.emplace_back(v.key, v.valid_from, v.valid_to.value_or(-1), observations[v.source].attributes);
    return rows;
}

// The output versions turned back into observations (what the ETL stores in the dimension).
std::vector<Observation> as_observations(const std::vector<Observation>& observations) {
    std::vector<Observation> out;
    for (const Version& v : merge(observations))
        out.push_back({v.key, v.valid_from, observations[v.source].attributes});
    return out;
}

}  // namespace

TEST(Scd2, EmptyInputGivesEmptyHistory) {
    EXPECT_TRUE(merge({}).empty());
}

TEST(Scd2, ConsecutiveIdenticalValuesCollapse) {
    const std::vector<Observation> obs = {{"a", 10, "p=1"}, {"a", 20, "p=1"}, {"a", 30, "p=2"}, {"a", 40, "p=2"}};
    EXPECT_EQ(history(obs), (std::vector<Row>{{"a", 10, 30, "p=1"}, {"a", 30, -1, "p=2"}}));
}

TEST(Scd2, OutOfOrderObservationsAreSortedByTime) {
    const std::vector<Observation> obs = {{"a", 30, "p=3"}, {"a", 10, "p=1"}, {"a", 20, "p=2"}};
    EXPECT_EQ(history(obs), (std::vector<Row>{{"a", 10, 20, "p=1"}, {"a", 20, 30, "p=2"}, {"a", 30, -1, "p=3"}}));
}

TEST(Scd2, ValueReturningToAnEarlierOneIsANewVersion) {
    const std::vector<Observation> obs = {{"a", 10, "p=1"}, {"a", 20, "p=2"}, {"a", 30, "p=1"}};
    EXPECT_EQ(history(obs), (std::vector<Row>{{"a", 10, 20, "p=1"}, {"a", 20, 30, "p=2"}, {"a", 30, -1, "p=1"}}));
}

TEST(Scd2, DuplicatesAtTheSameTimeKeepTheLastInInput) {
    const std::vector<Observation> obs = {{"a", 10, "p=1"}, {"a", 10, "p=1"}, {"a", 20, "p=2"}, {"a", 20, "p=9"}};
    EXPECT_EQ(history(obs), (std::vector<Row>{{"a", 10, 20, "p=1"}, {"a", 20, -1, "p=9"}}));
    const std::vector<Version> versions = merge(obs);
    EXPECT_EQ(versions[1].source, 3u);  // the version carries the winning observation
}

TEST(Scd2, KeysAreIndependentAndSorted) {
    const std::vector<Observation> obs = {{"b", 5, "x"}, {"a", 10, "y"}, {"b", 7, "z"}};
    EXPECT_EQ(history(obs), (std::vector<Row>{{"a", 10, -1, "y"}, {"b", 5, 7, "x"}, {"b", 7, -1, "z"}}));
}

TEST(Scd2, LateObservationRewritesOnlyItsKey) {
    std::vector<Observation> obs = {{"a", 10, "p=1"}, {"a", 30, "p=3"}, {"b", 10, "q=1"}, {"b", 20, "q=2"}};
    const std::vector<Row> before = history(obs);
    obs.push_back({"a", 20, "p=2"});  // arrives late, between two known versions
    const std::vector<Row> after = history(obs);
    EXPECT_EQ(after, (std::vector<Row>{{"a", 10, 20, "p=1"}, {"a", 20, 30, "p=2"}, {"a", 30, -1, "p=3"},
                                       {"b", 10, 20, "q=1"}, {"b", 20, -1, "q=2"}}));
    EXPECT_EQ(std::vector<Row>(before.begin() + 2, before.end()), std::vector<Row>(after.begin() + 3, after.end()));
}

TEST(Scd2, LateObservationBeforeTheFirstVersionExtendsHistoryBack) {
    const std::vector<Observation> obs = {{"a", 10, "p=1"}, {"a", 5, "p=1"}};
    EXPECT_EQ(history(obs), (std::vector<Row>{{"a", 5, -1, "p=1"}}));
}

TEST(Scd2, MergingTheHistoryAgainChangesNothing) {
    const std::vector<Observation> obs = {{"a", 30, "p=2"}, {"a", 10, "p=1"}, {"a", 20, "p=1"},
                                          {"a", 30, "p=3"}, {"b", 1, "q"}, {"a", 40, "p=3"}};
    const std::vector<Row> once = history(obs);
    // The stored versions first, then every observation again: the history is unchanged.
    std::vector<Observation> again = as_observations(obs);
    again.insert(again.end(), obs.begin(), obs.end());
    EXPECT_EQ(history(again), once);
    // The stored versions alone reproduce themselves.
    EXPECT_EQ(history(as_observations(obs)), once);
}

TEST(Scd2, RandomizedShufflesGiveTheSameHistory) {
    // Distinct times per key, values from a small alphabet: any input order gives one history.
    std::vector<Observation> obs;
    std::uint64_t state = 12345;
    auto next = [&state] {
        state += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    for (int k = 0; k < 20; ++k)
        for (int t = 0; t < 50; ++t)
            obs.push_back({"k" + std::to_string(k), t * 10, "v" + std::to_string(next() % 3)});
    const std::vector<Row> reference = history(obs);
    for (int round = 0; round < 5; ++round) {
        for (std::size_t i = obs.size() - 1; i > 0; --i) std::swap(obs[i], obs[next() % (i + 1)]);
        EXPECT_EQ(history(obs), reference);
    }
    // Minimality: no two consecutive versions of a key carry the same attributes; valid_to chains.
    for (std::size_t i = 1; i < reference.size(); ++i) {
        if (std::get<0>(reference[i]) != std::get<0>(reference[i - 1])) continue;
        EXPECT_NE(std::get<3>(reference[i]), std::get<3>(reference[i - 1]));
        EXPECT_EQ(std::get<2>(reference[i - 1]), std::get<1>(reference[i]));
    }
}
