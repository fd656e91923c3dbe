// Unit tests of the RFM summary (accumulation, merge, encoding) and of its scores and segments.
#include "core/errors.hpp"
#include "core/rfm.hpp"
#include "core/rfm_score.hpp"
#include "core/serial.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

using ecom::rfm::Summary;
constexpr std::int64_t day = ecom::rfm::micros_per_day;

// One order of the test data.
struct Order {
    std::string customer;
    std::int64_t day;
    double amount;
};

// A summary of `orders` as of day 100 with `bins` buckets.
Summary summarize(const std::vector<Order>& orders, int bins = 5) {
    Summary summary;
    summary.configure(100 * day, bins);
    for (const Order& o : orders) summary.add(o.customer, o.day * day, ecom::rfm::amount_to_units(o.amount));
    return summary;
}

// Pseudo-random orders from a fixed generator (splitmix64), so the test is the same everywhere.
std::vector<Order> generated_orders(std::size_t count) {
    std::uint64_t x = 42;
    auto next = [&x] {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    std::vector<Order> orders;
    for (std::size_t i = 0; i < count; ++i)
        orders.push_back({"c" + std::to_string(next() % 97), static_cast<std::int64_t>(next() % 100),
                          static_cast<double>(next() % 100000) / 100.0});
    return orders;
}

// The binary form of a summary holding `size` bytes of `data` as an encoded part (how a parallel leader
// reads a worker's state); the bytes are checked as they are merged.
std::vector<char> reencoded(const char* data, std::size_t size) {
    Summary summary;
    summary.add_encoded(data, size);
    return summary.serialize();
}

// One customer's values and scores, as ecom.rfm_scores returns them.
struct Scored {
    std::string customer;
    std::int64_t recency_days, frequency, amount_units;
    int r, f, m;
};

// Scores a summary the way ecom.rfm_scores does: from its binary form, read in place.
std::vector<Scored> score(const Summary& summary) {
    const auto bytes = summary.serialize();
    const ecom::rfm::EncodedSummary encoded = ecom::rfm::read_encoded(bytes.data(), bytes.size());
    const auto scores = ecom::rfm::score_customers(encoded.customers, encoded.as_of, encoded.bins);
    std::vector<Scored> scored;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const ecom::rfm::CustomerRow& row = encoded.customers[i];
        scored.push_back({std::string(row.customer), ecom::rfm::recency_days(encoded.as_of, row.totals), row.totals.orders,
                          row.totals.amount_units, scores[i].r, scores[i].f, scores[i].m});
    }
    return scored;
}

// The customers of a summary in byte order of their ids, with their totals, read back from its binary form.
std::vector<std::pair<std::string, ecom::rfm::CustomerTotals>> customers_of(const Summary& summary) {
    const auto bytes = summary.serialize();
    std::vector<std::pair<std::string, ecom::rfm::CustomerTotals>> customers;
    for (const ecom::rfm::CustomerRow& row : ecom::rfm::read_encoded(bytes.data(), bytes.size()).customers)
        customers.emplace_back(row.customer, row.totals);
    return customers;
}

TEST(RfmSummary, AccumulatesPerCustomer) {
    Summary s = summarize({{"b", 10, 5.5}, {"a", 20, 1.25}, {"b", 30, 2.0}, {"a", 5, 0.75}, {"c", 200, 9.0}});
    const auto rows = customers_of(s);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].first, "a");
    EXPECT_EQ(rows[0].second.last_order, 20 * day);
    EXPECT_EQ(rows[0].second.orders, 2);
    EXPECT_EQ(rows[0].second.amount_units, 2000000);
    EXPECT_EQ(rows[1].first, "b");
    EXPECT_EQ(rows[1].second.amount_units, 7500000);
    EXPECT_EQ(s.skipped().after_as_of, 1u);  // customer c ordered after as_of
}

TEST(RfmSummary, MergeAndEncodingDoNotDependOnRowOrder) {
    const auto orders = generated_orders(5000);
    const Summary serial = summarize(orders);
    // Three "workers" take interleaved rows, in reverse order.
    std::vector<Order> parts[3];
    for (std::size_t i = orders.size(); i-- > 0;) parts[i % 3].push_back(orders[i]);
    Summary merged = summarize(parts[2]);
    merged.merge(summarize(parts[0]));
    merged.merge(summarize(parts[1]));
    EXPECT_EQ(merged.serialize(), serial.serialize());

    const auto bytes = serial.serialize();
    EXPECT_EQ(reencoded(bytes.data(), bytes.size()), bytes);
    // Encoded partial states (customers in id order), each taken by a state of its own and combined the way a
    // parallel leader does, merge in one pass to the same summary; the parts share most customers, so fewer
    // bytes are written than were reserved.
    std::vector<char> partials[3];
    Summary part_states[3];
    for (int part = 0; part < 3; ++part) {
        partials[part] = summarize(parts[part]).serialize();
        part_states[part].add_encoded(partials[part].data(), partials[part].size());
    }
    Summary linear;
    for (const Summary& part : part_states) linear.merge(part);
    std::vector<char> memory;
    const std::size_t written = linear.encode([&memory](std::size_t capacity) {
        memory.resize(capacity);
        return memory.data();
    });
    EXPECT_LT(written, memory.size());
    EXPECT_EQ(linear.serialize(), bytes);
    // Parts merged with a table built from rows (hashing) give the same summary too, whichever holds which.
    Summary mixed = summarize(parts[0]);
    mixed.merge(part_states[1]);
    mixed.merge(part_states[2]);
    EXPECT_EQ(mixed.serialize(), bytes);
    Summary parts_first = part_states[1];
    parts_first.merge(summarize(parts[0]));
    parts_first.merge(part_states[2]);
    EXPECT_EQ(parts_first.serialize(), bytes);
}

TEST(RfmSummary, ManyEncodedPartsMergeLikeOneSummary) {
    // A coordinator combining many shards' states (Citus), some of them empty, merges them in one pass too.
    const auto orders = generated_orders(3000);
    constexpr int shards = 12;
    std::vector<Order> parts[shards];
    for (std::size_t i = 0; i < orders.size(); ++i) parts[(i * 7) % 11].push_back(orders[i]);  // parts[11] stays empty
    std::vector<char> encoded[shards];
    Summary combined;
    for (int part = 0; part < shards; ++part) {
        encoded[part] = summarize(parts[part]).serialize();
        Summary state;
        state.add_encoded(encoded[part].data(), encoded[part].size());
        combined.merge(state);
    }
    EXPECT_EQ(combined.serialize(), summarize(orders).serialize());
    // Parts that only skipped rows still carry as_of and bins, as the serial summary of the same rows does.
    Summary skipped_only;
    skipped_only.configure(100 * day, 5);
    skipped_only.skip_null_key();
    const auto bytes = skipped_only.serialize();
    Summary from_parts;
    from_parts.merge([&] {
        Summary state;
        state.add_encoded(bytes.data(), bytes.size());
        return state;
    }());
    EXPECT_EQ(from_parts.serialize(), bytes);
}

TEST(RfmSummary, ShortAndLongIdsMatchAReferenceMap) {
    // Ids of 0 to 40 bytes (inline and out-of-line storage) and enough customers to grow the table often.
    Summary summary;
    summary.configure(100 * day, 5);
    std::map<std::string, ecom::rfm::CustomerTotals> reference;
    for (std::int64_t i = 0; i < 60000; ++i) {
        const std::int64_t k = i * 7919 % 20011;
        const std::string id = std::string(static_cast<std::size_t>(k % 41), 'x') + std::to_string(k);
        summary.add(id, (i % 100) * day, i);
        auto& totals = reference[id];
        totals.last_order = std::max(totals.last_order, (i % 100) * day);
        ++totals.orders;
        totals.amount_units += i;
    }
    const auto rows = customers_of(summary);
    ASSERT_EQ(rows.size(), reference.size());
    std::size_t i = 0;
    for (const auto& [id, totals] : reference) {
        EXPECT_EQ(rows[i].first, id);
        EXPECT_EQ(rows[i].second.last_order, totals.last_order);
        EXPECT_EQ(rows[i].second.orders, totals.orders);
        EXPECT_EQ(rows[i].second.amount_units, totals.amount_units);
        ++i;
    }
    const auto bytes = summary.serialize();
    EXPECT_EQ(reencoded(bytes.data(), bytes.size()), bytes);
}

TEST(RfmSummary, RejectsBadInput) {
    EXPECT_THROW(ecom::rfm::amount_to_units(std::numeric_limits<double>::quiet_NaN()), ecom::InvalidArgument);
    EXPECT_THROW(ecom::rfm::amount_to_units(std::numeric_limits<double>::infinity()), ecom::InvalidArgument);
    EXPECT_THROW(ecom::rfm::amount_to_units(1e13), ecom::OutOfRange);
    EXPECT_EQ(ecom::rfm::amount_to_units(19.99), 19990000);
    EXPECT_EQ(ecom::rfm::amount_to_units(-0.0000005), -1);
    Summary s;
    EXPECT_THROW(s.configure(0, 1), ecom::InvalidArgument);
    EXPECT_THROW(s.configure(0, 101), ecom::InvalidArgument);
    s.configure(0, 5);
    EXPECT_THROW(s.configure(1, 5), ecom::InvalidArgument);
    EXPECT_THROW(s.configure(0, 4), ecom::InvalidArgument);
    Summary other;
    other.configure(0, 4);
    EXPECT_THROW(s.merge(other), ecom::InvalidArgument);
    s.add("x", -day, 9000000000000000000);
    s.add("x", -day, 9000000000000000000);
    // Orders wait in a short queue: the overflow is reported when the second one is applied, at the latest
    // when the summary is read.
    EXPECT_THROW(s.serialize(), ecom::OutOfRange);
}

TEST(RfmSummary, CorruptBytesAreRefused) {
    const auto bytes = summarize(generated_orders(50)).serialize();
    // Every truncation fails cleanly.
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        EXPECT_THROW(reencoded(bytes.data(), size), ecom::CorruptData) << size;
        EXPECT_THROW(ecom::rfm::read_encoded(bytes.data(), size), ecom::CorruptData) << size;
    }
    // The same customer twice, next to each other or after the ids stopped ascending.
    const auto encode = [](const std::vector<std::string>& ids) {
        ecom::serial::Writer writer(0x4d464645, 1);
        writer.put(std::int64_t{100});
        writer.put(std::int32_t{5});
        writer.put(std::uint64_t{0});
        writer.put(std::uint64_t{0});
        writer.put(static_cast<std::uint64_t>(ids.size()));
        for (const std::string& id : ids) {
            writer.put_array(id.data(), id.size());
            writer.put(std::int64_t{1});
            writer.put(std::int64_t{1});
            writer.put(std::int64_t{1});
        }
        return writer.bytes();
    };
    for (const auto& ids : {std::vector<std::string>{"a", "a"}, std::vector<std::string>{"a", "c", "b", "c"}}) {
        const auto twice = encode(ids);
        EXPECT_THROW(reencoded(twice.data(), twice.size()), ecom::CorruptData);
        EXPECT_THROW(ecom::rfm::read_encoded(twice.data(), twice.size()), ecom::CorruptData);
    }
    // A part must hold its customers in id order (every partial state does); a summary read for scoring may
    // hold them in any order and is sorted.
    const auto unordered = encode({"a", "c", "b"});
    EXPECT_THROW(reencoded(unordered.data(), unordered.size()), ecom::CorruptData);
    const auto read = ecom::rfm::read_encoded(unordered.data(), unordered.size());
    ASSERT_EQ(read.customers.size(), 3U);
    EXPECT_EQ(read.customers[1].customer, "b");
    EXPECT_EQ(read.customers[2].customer, "c");
    // A last order so far before as_of that the age overflows.
    const auto ancient = [] {
        ecom::serial::Writer writer(0x4d464645, 1);
        writer.put(std::numeric_limits<std::int64_t>::max());
        writer.put(std::int32_t{5});
        writer.put(std::uint64_t{0});
        writer.put(std::uint64_t{0});
        writer.put(std::uint64_t{1});
        writer.put_array("a", 1);
        writer.put(std::numeric_limits<std::int64_t>::min());
        writer.put(std::int64_t{1});
        writer.put(std::int64_t{1});
        return writer.bytes();
    }();
    EXPECT_THROW(reencoded(ancient.data(), ancient.size()), ecom::CorruptData);
    EXPECT_THROW(ecom::rfm::read_encoded(ancient.data(), ancient.size()), ecom::CorruptData);
    // A newer version.
    auto newer = bytes;
    newer[4] = 2;
    Summary s;
    EXPECT_THROW(s.add_encoded(newer.data(), newer.size()), ecom::CorruptData);
    // Every single flipped byte either fails cleanly or decodes to something self-consistent.
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto flipped = bytes;
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
        try {
            const auto remerged = reencoded(flipped.data(), flipped.size());
            const auto read = ecom::rfm::read_encoded(remerged.data(), remerged.size());
            ecom::rfm::score_customers(read.customers, read.as_of, read.bins);
        } catch (const ecom::CorruptData&) {
        }
        try {
            const auto read = ecom::rfm::read_encoded(flipped.data(), flipped.size());
            ecom::rfm::score_customers(read.customers, read.as_of, read.bins);
        } catch (const ecom::CorruptData&) {
        }
    }
}

TEST(RfmScore, QuantileScoresAreQcutOnRanks) {
    // 10 customers into 4 buckets: pandas qcut(rank, 4) gives sizes 3, 2, 2, 3.
    std::vector<int> scores;
    for (std::size_t rank = 0; rank < 10; ++rank) scores.push_back(ecom::rfm::quantile_score(rank, 10, 4));
    EXPECT_EQ(scores, (std::vector<int>{1, 1, 1, 2, 2, 3, 3, 4, 4, 4}));
    // 5 customers into 5 buckets: one each.
    for (std::size_t rank = 0; rank < 5; ++rank)
        EXPECT_EQ(ecom::rfm::quantile_score(rank, 5, 5), static_cast<int>(rank) + 1);
    EXPECT_EQ(ecom::rfm::quantile_score(0, 1, 5), 1);
}

TEST(RfmScore, TiesBreakByCustomerId) {
    // Same recency, frequency and money for all: ranks follow the ids.
    Summary s = summarize({{"d", 50, 10}, {"a", 50, 10}, {"c", 50, 10}, {"b", 50, 10}, {"e", 50, 10}});
    const auto scored = score(s);
    ASSERT_EQ(scored.size(), 5u);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(scored[i].customer, std::string(1, static_cast<char>('a' + i)));
        EXPECT_EQ(scored[i].r, i + 1);
        EXPECT_EQ(scored[i].f, i + 1);
        EXPECT_EQ(scored[i].m, i + 1);
    }
}

TEST(RfmScore, RecentFrequentBigSpendersScoreHigh) {
    Summary s = summarize({{"old", 1, 5}, {"new", 99, 1}, {"new", 99, 1}, {"new", 98, 1}, {"mid", 50, 100}});
    const auto scored = score(s);  // mid, new, old
    EXPECT_EQ(scored[0].customer, "mid");
    EXPECT_EQ(scored[0].recency_days, 50);
    EXPECT_EQ(scored[0].m, 5);
    EXPECT_EQ(scored[1].recency_days, 1);
    EXPECT_EQ(scored[1].frequency, 3);
    EXPECT_EQ(scored[1].r, 5);
    EXPECT_EQ(scored[1].f, 5);
    EXPECT_EQ(scored[2].r, 1);
    EXPECT_EQ(scored[2].amount_units, 5000000);
}

// Checks the scores of `s` against ranks from std::sort on (value, customer id) and quantile_score.
void expect_comparison_sort_scores(const Summary& s) {
    const auto scored = score(s);
    const std::size_t n = scored.size();
    const auto expected_scores = [&](auto key) {
        std::vector<std::pair<std::int64_t, std::size_t>> order(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = {key(scored[i]), i};
        std::sort(order.begin(), order.end());
        std::vector<int> scores(n);
        for (std::size_t rank = 0; rank < n; ++rank) scores[order[rank].second] = ecom::rfm::quantile_score(rank, n, s.bins());
        return scores;
    };
    const auto r = expected_scores([](const auto& c) { return -c.recency_days; });
    const auto f = expected_scores([](const auto& c) { return c.frequency; });
    const auto m = expected_scores([](const auto& c) { return c.amount_units; });
    for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(scored[i].r, r[i]);
        EXPECT_EQ(scored[i].f, f[i]);
        EXPECT_EQ(scored[i].m, m[i]);
    }
}

TEST(RfmScore, ScoresMatchAComparisonSortOfManyCustomers) {
    // Negative money (refunds), wide and narrow value ranges (ranked by a radix sort and by counting) and many
    // ties.
    Summary s;
    s.configure(1000 * day, 7);
    for (std::int64_t i = 0; i < 30000; ++i) {
        const std::int64_t k = i * 7919 % 9973;
        s.add("c" + std::to_string(k), (k % 400) * day, (k % 5 == 0 ? -1 : 1) * (k * k % 100003) * 10000);
    }
    expect_comparison_sort_scores(s);
    // Fewer customers than days and orders between them: R and F ranked by a radix sort too.
    Summary wide;
    wide.configure(100000 * day, 3);
    for (std::int64_t i = 0; i < 3000; ++i) {
        const std::int64_t k = i * 7919 % 173;
        wide.add("w" + std::to_string(k), (k * k % 99991) * day, k % 7);
        if (k % 3 == 0)
            for (std::int64_t extra = 0; extra < k; ++extra) wide.add("w" + std::to_string(k), 0, 0);
    }
    expect_comparison_sort_scores(wide);
}

TEST(RfmScore, RankTableIsQuantileScore) {
    // score_customers looks ranks up in a table walked without division: it must be quantile_score.
    for (const std::size_t n : {1, 2, 3, 10, 97, 1000}) {
        for (const int bins : {2, 5, 7, 100}) {
            Summary s;
            s.configure(100 * day, bins);
            for (std::size_t i = 0; i < n; ++i) s.add("c" + std::to_string(1000 + i), 0, static_cast<std::int64_t>(i));
            const auto scored = score(s);
            for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(scored[i].m, ecom::rfm::quantile_score(i, n, bins)) << n << " " << bins;
        }
    }
}

TEST(RfmScore, SegmentMap) {
    using ecom::rfm::segment;
    EXPECT_EQ(segment(5, 5, 5), "Champions");
    EXPECT_EQ(segment(5, 1, 5), "New Customers");
    EXPECT_EQ(segment(4, 1, 5), "Promising");
    EXPECT_EQ(segment(3, 3, 5), "Need Attention");
    EXPECT_EQ(segment(1, 5, 5), "Can't Lose Them");
    EXPECT_EQ(segment(1, 1, 5), "Lost");
    EXPECT_EQ(segment(2, 2, 5), "Hibernating");
    EXPECT_EQ(segment(10, 10, 10), "Champions");
    EXPECT_EQ(segment(1, 2, 2), "Can't Lose Them");
    // Every cell of every grid size has a segment; the five-level map keeps the ends.
    for (int bins = 2; bins <= 100; ++bins) {
        EXPECT_EQ(ecom::rfm::five_level(1, bins), 1);
        EXPECT_EQ(ecom::rfm::five_level(bins, bins), 5);
        for (int score = 2; score <= bins; ++score)
            EXPECT_GE(ecom::rfm::five_level(score, bins), ecom::rfm::five_level(score - 1, bins));
    }
    std::vector<std::string_view> names;
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f) names.push_back(segment(r, f, 5));
    std::sort(names.begin(), names.end());
    EXPECT_EQ(std::unique(names.begin(), names.end()) - names.begin(), 11);
}

TEST(RfmScore, Codes) {
    EXPECT_EQ(ecom::rfm::rfm_code(5, 4, 3, 5).view(), "543");
    EXPECT_EQ(ecom::rfm::rfm_code(10, 3, 7, 10).view(), "10-3-7");
}

}  // namespace
