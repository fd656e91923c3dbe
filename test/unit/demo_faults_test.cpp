// Fault injection of the demo data: none at dirty_fraction 0, every kind at a positive fraction.
#include "demo_test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace ecom::demo;
using namespace ecom::demo::testing;

TEST(DemoFaults, CleanDataHasNoFaults) {
    const World world(make_settings(400, 60, 3, 0.0));
    for (std::size_t t = 0; t < table_count; ++t) {
        const auto table = static_cast<Table>(t);
        auto stream = open_table(world, table);
        std::string text, buffer(65536, '\0');
        while (std::size_t n = stream->read(buffer.data(), buffer.size())) text.append(buffer.data(), n);
        for (const std::uint64_t count : stream->faults()) EXPECT_EQ(count, 0u);
        std::set<std::string> lines;
        const TableSpec& spec = table_spec(table);
        for (const auto& row : table_rows(text)) {
            std::string line;
            for (const auto& field : row) line += field + '\t';
            EXPECT_TRUE(lines.insert(line).second) << "duplicate line in " << spec.name;
            for (std::size_t c = 0; c < spec.column_count; ++c) {
                if (row[c] == "\\N") continue;
                const ColumnKind kind = spec.columns[c].kind;
                if (kind == ColumnKind::number || kind == ColumnKind::quantity) {
                    EXPECT_TRUE(is_plain_number(row[c])) << spec.name << "." << spec.columns[c].name << " " << row[c];
                }
                if (kind == ColumnKind::timestamp || kind == ColumnKind::date) {
                    ASSERT_TRUE(kind == ColumnKind::timestamp ? is_timestamp(row[c]) : is_date(row[c])) << row[c];
                    EXPECT_LT(std::stoi(row[c].substr(0, 4)), 2100);
                }
                if (kind == ColumnKind::customer_ref) {
                    EXPECT_LE(row[c], "C00000400");
                }
                if (kind == ColumnKind::sku_ref) {
                    EXPECT_LE(row[c], "SKU-01000");
                }
            }
        }
    }
}

TEST(DemoFaults, DirtyDataHasEveryKindOfFault) {
    const World world(make_settings(400, 60, 3, 0.2));
    FaultCounts total{};
    std::uint64_t rows = 0;
    for (std::size_t t = 0; t < table_count; ++t) {
        auto stream = open_table(world, static_cast<Table>(t));
        std::string buffer(65536, '\0');
        while (stream->read(buffer.data(), buffer.size()) > 0) {}
        rows += stream->rows();
        for (std::size_t f = 0; f < fault_kinds; ++f) total[f] += stream->faults()[f];
    }
    std::uint64_t faulty = 0;
    for (std::size_t f = 0; f < fault_kinds; ++f) {
        EXPECT_GT(total[f], 0u) << fault_name(static_cast<Fault>(f));
        faulty += total[f];
    }
    EXPECT_NEAR(static_cast<double>(faulty) / static_cast<double>(rows), 0.2, 0.03);
}

TEST(DemoFaults, ResentOrdersLandLaterWithChangedFields) {
    const World world(make_settings(2000, 60, 3, 0.3));
    std::map<std::string, std::vector<std::vector<std::string>>> versions;
    for (const auto& row : table_rows(table_text(world, Table::orders))) versions[row[0]].push_back(row);
    int resent = 0, duplicated = 0;
    for (const auto& [order, rows] : versions) {
        if (rows.size() != 2) continue;
        if (rows[0] == rows[1]) {
            ++duplicated;
            continue;
        }
        ++resent;
        EXPECT_GT(rows[1][14], rows[0][14]) << order;
        EXPECT_NE(rows[1][9], rows[0][9]) << order;
    }
    EXPECT_GT(resent, 5);
    EXPECT_GT(duplicated, 2);
}

TEST(DemoFaults, FutureTimestampsAreCenturyTypos) {
    const World world(make_settings(400, 60, 3, 0.5));
    int future = 0;
    for (const auto& row : table_rows(table_text(world, Table::events)))
        if (row[3].size() >= 4 && row[3].compare(0, 3, "212") == 0) ++future;
    EXPECT_GT(future, 0);
}
