// Unit tests of the window funnel (ClickHouse's documented examples, modes, edge cases) and retention flags.
#include "core/errors.hpp"
#include "core/funnel.hpp"
#include "core/retention.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace {

using ecom::funnel::Events;
constexpr std::int64_t hour = 3600LL * 1000000LL;

// The deepest step of rows (time in hours, bits of the true steps).
int funnel(std::int64_t window, int steps, unsigned modes, const std::vector<std::pair<std::int64_t, std::uint32_t>>& rows) {
    Events events;
    events.configure(window, steps, modes);
    for (const auto& [hours, matched] : rows) events.add(hours * hour, matched);
    return events.deepest();
}

// The bit of step `n` (1-based).
constexpr std::uint32_t s(int n) { return 1U << (n - 1); }

TEST(WindowFunnel, ClickHouseDocumentedExample) {
    // ClickHouse's windowFunnel example: conditions 1003, 1009, 1007, 1010; rows as stored (not in time order):
    // 1003 at 01-29 10:00, 1007 at 01-31 09:00, 1009 at 01-30 08:00, 1010 at 02-01 08:00. Level 4.
    const std::int64_t jan29_10 = 28 * 24 + 10, jan31_09 = 30 * 24 + 9, jan30_08 = 29 * 24 + 8, feb01_08 = 31 * 24 + 8;
    const std::vector<std::pair<std::int64_t, std::uint32_t>> rows = {
        {jan29_10, s(1)}, {jan31_09, s(3)}, {jan30_08, s(2)}, {feb01_08, s(4)}};
    EXPECT_EQ(funnel(1000 * hour, 4, 0, rows), 4);
    // A window shorter than the chain's span stops at the steps that fit in it.
    EXPECT_EQ(funnel(48 * hour, 4, 0, rows), 3);
    EXPECT_EQ(funnel(0, 4, 0, rows), 1);
}

TEST(WindowFunnel, ModesOnTheirDocumentedChains) {
    // Steps A, B, C, D. strict_deduplication: A-B-C-B-D stops at the repeated B -> 3 (default mode: 4).
    const std::vector<std::pair<std::int64_t, std::uint32_t>> abcbd = {{1, s(1)}, {2, s(2)}, {3, s(3)}, {4, s(2)}, {5, s(4)}};
    EXPECT_EQ(funnel(10 * hour, 4, 0, abcbd), 4);
    EXPECT_EQ(funnel(10 * hour, 4, ecom::funnel::strict_deduplication, abcbd), 3);
    // strict_order: A-B-D-C stops at D -> 2 (default mode: 3, since C follows B).
    const std::vector<std::pair<std::int64_t, std::uint32_t>> abdc = {{1, s(1)}, {2, s(2)}, {3, s(4)}, {4, s(3)}};
    EXPECT_EQ(funnel(10 * hour, 4, 0, abdc), 3);
    EXPECT_EQ(funnel(10 * hour, 4, ecom::funnel::strict_order, abdc), 2);
    // strict_order: a row matching no step between A and B stops the chain.
    EXPECT_EQ(funnel(10 * hour, 2, ecom::funnel::strict_order, {{1, s(1)}, {2, 0}, {3, s(2)}}), 1);
    EXPECT_EQ(funnel(10 * hour, 2, ecom::funnel::strict_order, {{0, 0}, {1, s(1)}, {3, s(2)}}), 2);
    // strict_increase: steps at the same time do not chain.
    const std::vector<std::pair<std::int64_t, std::uint32_t>> same_time = {{1, s(1)}, {1, s(2)}, {2, s(3)}};
    EXPECT_EQ(funnel(10 * hour, 3, 0, same_time), 3);
    EXPECT_EQ(funnel(10 * hour, 3, ecom::funnel::strict_increase, same_time), 1);
}

TEST(WindowFunnel, EdgeCases) {
    // Equal timestamps: one row matching steps 1 and 2 reaches 2 (steps sort by number within a time).
    EXPECT_EQ(funnel(0, 2, 0, {{5, s(1) | s(2)}}), 2);
    // A repeated step 1 restarts the chain, which can then fit the window.
    EXPECT_EQ(funnel(2 * hour, 2, 0, {{0, s(1)}, {10, s(1)}, {11, s(2)}}), 2);
    // Out-of-order input gives the same answer as sorted input.
    EXPECT_EQ(funnel(2 * hour, 3, 0, {{12, s(3)}, {11, s(2)}, {10, s(1)}}), 3);
    // Step 2 before any step 1 does not count.
    EXPECT_EQ(funnel(10 * hour, 2, 0, {{1, s(2)}, {2, s(1)}}), 1);
    // No step 1 at all: 0. No rows: 0.
    EXPECT_EQ(funnel(10 * hour, 2, 0, {{1, s(2)}}), 0);
    EXPECT_EQ(funnel(10 * hour, 2, 0, {}), 0);
    // Window 0: only events at the very time of step 1 count; the window is inclusive.
    EXPECT_EQ(funnel(0, 2, 0, {{1, s(1)}, {1, s(2)}}), 2);
    EXPECT_EQ(funnel(hour, 2, 0, {{1, s(1)}, {2, s(2)}}), 2);
    // Extreme timestamps do not overflow the window test.
    Events extreme;
    extreme.configure(hour, 2, 0);
    extreme.add(std::numeric_limits<std::int64_t>::min(), s(1));
    extreme.add(std::numeric_limits<std::int64_t>::max(), s(2));
    EXPECT_EQ(extreme.deepest(), 1);
    // 32 steps all at once.
    EXPECT_EQ(funnel(0, 32, 0, {{1, 0xFFFFFFFFU}}), 32);
}

TEST(WindowFunnel, BadSettings) {
    Events events;
    EXPECT_THROW(events.configure(-1, 2, 0), ecom::InvalidArgument);
    EXPECT_THROW(events.configure(0, 33, 0), ecom::InvalidArgument);
    EXPECT_THROW(events.configure(0, 0, 0), ecom::InvalidArgument);
    events.configure(hour, 2, 0);
    EXPECT_THROW(events.configure(hour, 3, 0), ecom::InvalidArgument);
    EXPECT_THROW(events.configure(2 * hour, 2, 0), ecom::InvalidArgument);
    EXPECT_EQ(ecom::funnel::parse_modes(""), 0u);
    EXPECT_EQ(ecom::funnel::parse_modes("strict_order, strict_increase"),
              unsigned{ecom::funnel::strict_order | ecom::funnel::strict_increase});
    EXPECT_EQ(ecom::funnel::parse_modes(" strict_deduplication "), unsigned{ecom::funnel::strict_deduplication});
    EXPECT_THROW(ecom::funnel::parse_modes("strict"), ecom::InvalidArgument);
    EXPECT_THROW(ecom::funnel::parse_modes("strict_order,"), ecom::InvalidArgument);
}

TEST(WindowFunnel, MergeAndEncodingMatchSerial) {
    std::vector<std::pair<std::int64_t, std::uint32_t>> rows;
    std::uint64_t x = 7;
    for (int i = 0; i < 300; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        rows.push_back({static_cast<std::int64_t>((x >> 33) % 50), static_cast<std::uint32_t>((x >> 20) % 16)});
    }
    for (unsigned modes = 0; modes < 8; ++modes) {
        const int serial = funnel(3 * hour, 4, modes, rows);
        Events parts[2];
        for (auto& part : parts) part.configure(3 * hour, 4, modes);
        for (std::size_t i = 0; i < rows.size(); ++i) parts[i % 2].add(rows[i].first * hour, rows[i].second);
        const auto bytes = parts[1].serialize();
        Events decoded;
        decoded.deserialize(bytes.data(), bytes.size());
        parts[0].merge(decoded);
        EXPECT_EQ(parts[0].deepest(), serial) << modes;
    }
}

TEST(WindowFunnel, CorruptBytesAreRefused) {
    Events events;
    events.configure(hour, 3, ecom::funnel::strict_order);
    events.add(1, s(1));
    events.add(2, 0);
    const auto bytes = events.serialize();
    Events decoded;
    for (std::size_t size = 0; size < bytes.size(); ++size)
        EXPECT_THROW(decoded.deserialize(bytes.data(), size), ecom::CorruptData) << size;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto flipped = bytes;
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
        try {
            decoded.deserialize(flipped.data(), flipped.size());
            decoded.deepest();
        } catch (const ecom::CorruptData&) {
        }
    }
}

TEST(Retention, ClickHouseDocumentedExample) {
    // Users 0-4 visit on days 1, 2 and 3 -> [1,1,1]; users 5-9 on days 2 and 3 and users 10-14 on day 3 -> [0,0,0].
    ecom::retention::Flags early, late;
    for (std::uint32_t day : {1U, 2U, 4U}) early.add(3, day);
    for (std::uint32_t day : {2U, 4U}) late.add(3, day);
    EXPECT_EQ(early.result(), (std::vector<bool>{true, true, true}));
    EXPECT_EQ(late.result(), (std::vector<bool>{false, false, false}));
    // Signup then purchase but no login -> [1,0,1].
    ecom::retention::Flags mixed;
    mixed.add(3, 1U);
    ecom::retention::Flags other;
    other.add(3, 4U);
    mixed.merge(other);
    EXPECT_EQ(mixed.result(), (std::vector<bool>{true, false, true}));
}

TEST(Retention, BadInputAndEncoding) {
    ecom::retention::Flags flags;
    EXPECT_THROW(flags.add(33, 0), ecom::InvalidArgument);
    EXPECT_THROW(flags.add(0, 0), ecom::InvalidArgument);
    flags.add(2, 3U);
    EXPECT_THROW(flags.add(3, 0), ecom::InvalidArgument);
    const auto bytes = flags.serialize();
    ecom::retention::Flags decoded;
    decoded.deserialize(bytes.data(), bytes.size());
    EXPECT_EQ(decoded.result(), flags.result());
    auto bad = bytes;
    bad[6] = 1;  // one condition but two bits set
    EXPECT_THROW(decoded.deserialize(bad.data(), bad.size()), ecom::CorruptData);
    EXPECT_THROW(decoded.deserialize(bytes.data(), bytes.size() - 1), ecom::CorruptData);
}

}  // namespace
