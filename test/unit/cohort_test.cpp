// Unit tests of the cohort summary: periods, accumulation, merge, encoding and the cohort table.
#include "core/cohort.hpp"
#include "core/serial.hpp"
#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace ecom::cohort;
constexpr std::int64_t day = 86400LL * 1000000LL;

// Days since 2000-01-01 of a few known dates.
constexpr std::int64_t d_2000_03_01 = 60, d_2024_02_29 = 8825, d_1999_12_31 = -1;

TEST(CohortPeriod, DaysWeeksMonths) {
    EXPECT_EQ(period_of(0, Grain::day), 0);
    EXPECT_EQ(period_of(-1, Grain::day), -1);
    EXPECT_EQ(period_of(d_1999_12_31 * day, Grain::month), -1);
    EXPECT_EQ(period_of(d_2000_03_01 * day, Grain::month), 2);
    EXPECT_EQ(period_of(d_2024_02_29 * day + 5, Grain::month), 24 * 12 + 1);
    EXPECT_EQ(period_start(24 * 12 + 1, Grain::month), (d_2024_02_29 - 28) * day);
    EXPECT_EQ(period_start(-1, Grain::month), -31 * day);
    // 2000-01-01 is a Saturday: its week starts on Monday 1999-12-27.
    EXPECT_EQ(period_start(period_of(0, Grain::week), Grain::week), -5 * day);
    EXPECT_EQ(period_of(2 * day, Grain::week), 0);
    EXPECT_EQ(period_of(9 * day - 1, Grain::week), 0);
    EXPECT_EQ(period_of(9 * day, Grain::week), 1);
}

TEST(CohortPeriod, MonthRoundTripOverCenturies) {
    for (std::int64_t p = -12 * 500; p < 12 * 500; ++p) {
        const std::int64_t start = period_start(p, Grain::month);
        ASSERT_EQ(period_of(start, Grain::month), p);
        ASSERT_EQ(period_of(start - 1, Grain::month), p - 1);
    }
}

TEST(CohortInput, BadGrainAndHorizon) {
    EXPECT_THROW(parse_grain("year"), ecom::InvalidArgument);
    EXPECT_EQ(parse_grain("week"), Grain::week);
    Summary s;
    EXPECT_THROW(s.configure(Grain::day, -1), ecom::InvalidArgument);
    s.configure(Grain::day, 3);
    EXPECT_THROW(s.configure(Grain::day, 4), ecom::InvalidArgument);
}

// A small daily summary: a (cohort day 0) active days 0, 2; b (cohort day 0) active day 1; c (cohort day 1)
// active days 1, 5 (beyond horizon 3) and an event before its first order.
Summary example() {
    Summary s;
    s.configure(Grain::day, 3);
    s.add("a", 0, 0, 10'000000);
    s.add("a", 0, 2 * day + 7, 5'000000);
    s.add("b", 3, 1 * day, 1'000001);
    s.add("c", 1 * day, 1 * day, 2'000000);
    s.add("c", 1 * day, 0, 9'000000);
    s.add("c", 1 * day, 5 * day, 4'000000);
    s.skip_null_key();
    return s;
}

TEST(CohortTable, SmallExample) {
    const auto rows = example().table();
    ASSERT_EQ(rows.size(), 8u);  // cohort 0: offsets 0..3; cohort 1: 0..3 (latest period is day 5)
    EXPECT_EQ(rows[0].cohort_size, 2);
    EXPECT_EQ(rows[0].active, 1);
    EXPECT_EQ(rows[0].revenue_units, 10'000000);
    EXPECT_EQ(rows[1].active, 1);
    EXPECT_EQ(rows[1].cumulative_units, 11'000001);
    EXPECT_EQ(rows[1].ltv_units, 5'500001);  // 5.5000005 rounds up
    EXPECT_DOUBLE_EQ(rows[2].retention, 0.5);
    EXPECT_EQ(rows[3].active, 0);
    EXPECT_EQ(rows[4].cohort_start, day);
    EXPECT_EQ(rows[4].cohort_size, 1);
    EXPECT_EQ(rows[4].revenue_units, 2'000000);
    EXPECT_EQ(rows[7].offset, 3);
    EXPECT_EQ(rows[7].active, 0);
}

TEST(CohortTable, ImmatureOffsetsAreNotListed) {
    Summary s;
    s.configure(Grain::month, 12);
    s.add("x", 0, 0, 1);
    ASSERT_EQ(s.table().size(), 1u);
}

TEST(CohortSummary, MergeAndEncodingAreOrderIndependent) {
    const Summary whole = example();
    Summary left, right;
    left.configure(Grain::day, 3);
    right.configure(Grain::day, 3);
    left.add("c", 1 * day, 5 * day, 4'000000);
    left.add("a", 0, 2 * day + 7, 5'000000);
    left.add("b", 3, 1 * day, 1'000001);
    right.add("c", 1 * day, 1 * day, 2'000000);
    right.add("a", 0, 0, 10'000000);
    right.add("c", 1 * day, 0, 9'000000);
    right.skip_null_key();
    left.merge(right);
    EXPECT_EQ(left.serialize(), whole.serialize());
    Summary decoded;
    const auto bytes = left.serialize(false);
    decoded.deserialize(bytes.data(), bytes.size());
    EXPECT_EQ(decoded.serialize(), whole.serialize());
    EXPECT_EQ(decoded.skipped().null_key, 1u);
}

TEST(CohortSummary, CorruptInputIsRefused) {
    const auto bytes = example().serialize();
    Summary s;
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        EXPECT_THROW(s.deserialize(bytes.data(), cut), ecom::CorruptData) << cut;
    auto newer = bytes;
    newer[4] = 9;
    EXPECT_THROW(s.deserialize(newer.data(), newer.size()), ecom::CorruptData);
    auto trailing = bytes;
    trailing.push_back(0);
    EXPECT_THROW(s.deserialize(trailing.data(), trailing.size()), ecom::CorruptData);
    // The in-place reader of ecom.cohort_table refuses the same.
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        EXPECT_THROW(ecom::cohort::read_encoded(bytes.data(), cut), ecom::CorruptData) << cut;
    EXPECT_THROW(ecom::cohort::read_encoded(newer.data(), newer.size()), ecom::CorruptData);
    EXPECT_THROW(ecom::cohort::read_encoded(trailing.data(), trailing.size()), ecom::CorruptData);
}

// A summary written by hand: customers (id, cohort, periods) in the given order, each period with 1 unit.
std::vector<char> encoded(const std::vector<std::pair<std::string, std::vector<std::int32_t>>>& customers) {
    ecom::serial::Writer writer(0x48434645, 1);
    writer.put(std::int32_t{1});
    writer.put(std::int32_t{10});
    writer.put(std::uint64_t{0});
    writer.put(static_cast<std::uint64_t>(customers.size()));
    for (const auto& [id, periods] : customers) {
        writer.put_array(id.data(), id.size());
        writer.put(static_cast<std::int64_t>(periods.front()));
        writer.put(static_cast<std::uint64_t>(periods.size()));
        for (const std::int32_t period : periods) {
            writer.put(period);
            writer.put(std::int64_t{1});
        }
    }
    return writer.bytes();
}

TEST(CohortSummary, ReadInPlaceRefusesDoubleCounting) {
    const auto good = encoded({{"b", {3, 4}}, {"a", {3, 5}}});  // out of id order, but each customer once
    const auto rows = ecom::cohort::table_of(ecom::cohort::read_encoded(good.data(), good.size()));
    ASSERT_EQ(rows.size(), 3u);  // cohort 3, offsets 0..2 (latest period 5)
    EXPECT_EQ(rows[0].cohort_size, 2);
    EXPECT_EQ(rows[0].active, 2);
    EXPECT_EQ(rows[1].active, 1);
    EXPECT_EQ(rows[2].active, 1);
    for (const auto& bad : {encoded({{"a", {3}}, {"b", {3}}, {"a", {4}}}), encoded({{"a", {3, 3}}}),
                            encoded({{"a", {3, 5, 4}}})})
        EXPECT_THROW(ecom::cohort::read_encoded(bad.data(), bad.size()), ecom::CorruptData);
}

}  // namespace

namespace {

// Many customers and periods (the activity table grows many times): split and merged equals one pass.
TEST(CohortSummary, ManyEntriesMergeLikeOnePass) {
    Summary whole, left, right;
    for (Summary* s : {&whole, &left, &right}) s->configure(Grain::day, 100);
    for (std::int64_t i = 0; i < 20000; ++i) {
        const std::string customer = "c" + std::to_string(i * 7919 % 3001);
        const std::int64_t first = (i * 7919 % 3001) % 40 * day, event = first + (i * 104729 % 60) * day;
        whole.add(customer, first, event, i);
        (i % 3 == 0 ? left : right).add(customer, first, event, i);
    }
    left.merge(right);
    EXPECT_EQ(left.serialize(), whole.serialize());
    std::int64_t total = 0;
    for (const CohortRow& row : whole.table()) total += row.revenue_units;
    EXPECT_EQ(total, 20000LL * 19999 / 2);
}

}  // namespace
