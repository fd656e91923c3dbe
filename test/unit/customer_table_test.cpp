// Unit tests of the customer id table behind the native aggregates (lookup, dense positions, byte order).
#include "core/customer_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory_resource>
#include <string>
#include <vector>

namespace {

using namespace std::string_literals;

TEST(CustomerTable, IdsThatDifferOnlyInZeroBytesOrLengthStayApart) {
    // Zero padding of the packed words must not make "ab" equal "ab\0", nor a 16-byte id equal a longer
    // one that starts with it.
    const std::vector<std::string> ids = {""s, "\0"s, "ab"s, "ab\0"s, "ab\0c"s, "0123456789abcdef"s,
                                          "0123456789abcdef\0"s, "0123456789abcdefg"s, "0123456789abcdefh"s,
                                          std::string(40, 'z'), std::string(41, 'z'), "\xff"s, "\x80x"s};
    ecom::CustomerTable<int> table(std::pmr::get_default_resource());
    for (int round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::uint32_t position = table.find_or_add(ids[i], static_cast<int>(i));
            EXPECT_EQ(position, i);
            EXPECT_EQ(table.value(position), static_cast<int>(i));
            EXPECT_EQ(table.id(position), ids[i]);
        }
    EXPECT_EQ(table.size(), ids.size());
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    const ecom::large_vector<std::uint32_t> order = ecom::byte_order(table.ids());
    ASSERT_EQ(order.size(), sorted.size());
    for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(table.id(order[i]), sorted[i]);
}

TEST(CustomerTable, ManyCustomersKeepDensePositionsAcrossGrowth) {
    ecom::CustomerTable<long> table(std::pmr::get_default_resource());
    std::map<std::string, std::uint32_t> reference;
    for (long i = 0; i < 200000; ++i) {
        const long k = i * 104729 % 70001;
        const std::string id = (k % 3 == 0 ? "customer-with-a-long-prefix-" : "c-") + std::to_string(k);
        const std::uint32_t position = table.find_or_add(id, 0);
        table.value(position) += 1;
        const auto [it, added] = reference.emplace(id, static_cast<std::uint32_t>(reference.size()));
        EXPECT_EQ(position, it->second) << id << (added ? " (new)" : "");
    }
    ASSERT_EQ(table.size(), reference.size());
    long total = 0;
    for (std::uint32_t i = 0; i < table.size(); ++i) total += table.value(i);
    EXPECT_EQ(total, 200000);
    const ecom::large_vector<std::uint32_t> order = ecom::byte_order(table.ids());
    std::size_t i = 0;
    for (const auto& entry : reference) EXPECT_EQ(order[i++], entry.second);
}

TEST(CustomerTable, ReserveKeepsLookupsRight) {
    ecom::CustomerTable<int> table(std::pmr::get_default_resource());
    table.reserve(10);  // before the first lookup
    EXPECT_EQ(table.find_or_add("b", 3), 0U);
    table.find_or_add("a", 1);
    table.reserve(1000);
    EXPECT_EQ(table.find_or_add("a", 2), 1U);
    EXPECT_EQ(table.value(1), 1);
    EXPECT_EQ(table.find_or_add("c", 4), 2U);
    EXPECT_EQ(table.size(), 3U);
}

}  // namespace
