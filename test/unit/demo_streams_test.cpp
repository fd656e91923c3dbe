// The demo-data table streams: columns match the staging DDL, output is deterministic for a seed and
// independent of how it is read, and every line is well-formed COPY text.
#include "demo_test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace ecom::demo;
using namespace ecom::demo::testing;

namespace {

// The columns of `table` in sql/ext/10_staging.sql that the generator fills: those of its CREATE TABLE,
// then the bookkeeping columns ingested_at and source that the file adds to every staging table
// (stg_id and batch_id are left to their defaults).
std::vector<std::string> ddl_columns(const std::string& ddl, const std::string& table) {
    const std::string head = "CREATE TABLE ecom." + table + " (";
    const std::size_t start = ddl.find(head);
    if (start == std::string::npos) return {};
    const std::size_t end = ddl.find("\n);", start);
    std::istringstream body(ddl.substr(start + head.size(), end - start - head.size()));
    std::vector<std::string> names;
    std::string line;
    while (std::getline(body, line)) {
        std::istringstream words(line);
        std::string name;
        if (!(words >> name) || name == "stg_id" || name == "batch_id") continue;
        names.push_back(name);
    }
    for (const char* bookkeeping : {"ingested_at", "source"})
        if (ddl.find(std::string("ADD COLUMN ") + bookkeeping + " ") != std::string::npos) names.emplace_back(bookkeeping);
    return names;
}

}  // namespace

TEST(DemoStreams, ColumnsMatchTheStagingTables) {
    std::ifstream file(ECOM_SOURCE_DIR "/sql/ext/10_staging.sql");
    ASSERT_TRUE(file.good());
    std::stringstream ddl;
    ddl << file.rdbuf();
    for (std::size_t t = 0; t < table_count; ++t) {
        const auto table = static_cast<Table>(t);
        EXPECT_EQ(copy_columns(table), ddl_columns(ddl.str(), table_spec(table).name)) << table_spec(table).name;
    }
}

TEST(DemoStreams, SameSeedGivesIdenticalBytesWhateverTheReadSize) {
    const World first(make_settings(300, 60, 11, 0.1)), second(make_settings(300, 60, 11, 0.1));
    for (std::size_t t = 0; t < table_count; ++t) {
        const auto table = static_cast<Table>(t);
        const std::string text = table_text(first, table);
        EXPECT_FALSE(text.empty()) << table_spec(table).name;
        EXPECT_EQ(text, table_text(second, table, 7)) << table_spec(table).name;
    }
}

TEST(DemoStreams, DifferentSeedsGiveDifferentData) {
    const World first(make_settings(300, 60, 11, 0.0)), second(make_settings(300, 60, 12, 0.0));
    for (std::size_t t = 0; t < table_count; ++t) {
        const auto table = static_cast<Table>(t);
        EXPECT_NE(table_text(first, table), table_text(second, table)) << table_spec(table).name;
    }
}

TEST(DemoStreams, CleanLinesAreWellFormed) {
    const World world(make_settings(300, 60, 5, 0.0));
    for (std::size_t t = 0; t < table_count; ++t) {
        const auto table = static_cast<Table>(t);
        auto stream = open_table(world, table);
        std::string text, buffer(4096, '\0');
        while (std::size_t n = stream->read(buffer.data(), buffer.size())) {
            ASSERT_LE(n, buffer.size());
            text.append(buffer.data(), n);
        }
        ASSERT_EQ(text.back(), '\n');
        const auto rows = table_rows(text);
        EXPECT_EQ(rows.size(), stream->rows());
        const std::size_t columns = copy_columns(table).size();
        for (const auto& row : rows) {
            ASSERT_EQ(row.size(), columns) << table_spec(table).name;
            EXPECT_TRUE(is_timestamp(row[columns - 2])) << row[columns - 2];
            EXPECT_EQ(row[columns - 1], demo_source);
            EXPECT_NE(row[0], "\\N");
        }
    }
}

TEST(DemoStreams, IngestionFollowsTheLastBusinessTimestamp) {
    const World world(make_settings(300, 90, 5, 0.0));
    for (const auto& row : table_rows(table_text(world, Table::orders))) {
        std::string last = row[3];
        for (int i = 4; i <= 7; ++i)
            if (row[i] != "\\N" && row[i] > last) last = row[i];
        EXPECT_GT(row[14], last) << row[0];
    }
}
