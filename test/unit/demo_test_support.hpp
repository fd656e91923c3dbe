// Helpers for the demo-data generator tests: run a table stream to text and split it into fields.
#pragma once
#include "core/demo/tables.hpp"

#include <string>
#include <vector>

namespace ecom::demo::testing {

// Settings for a simulation starting 2024-01-01.
inline Settings make_settings(std::int64_t customers, std::int64_t days, std::int64_t seed, double dirty) {
    Arguments arguments;
    arguments.customers = customers;
    arguments.days = days;
    arguments.start_day = days_from_civil(2024, 1, 1);
    arguments.seed = seed;
    arguments.dirty_fraction = dirty;
    return validate(arguments);
}

// The whole COPY text of a table, read in chunks of `chunk` bytes.
inline std::string table_text(const World& world, Table table, std::size_t chunk = 65536) {
    auto stream = open_table(world, table);
    std::string text, buffer(chunk, '\0');
    while (std::size_t n = stream->read(buffer.data(), buffer.size())) text.append(buffer.data(), n);
    return text;
}

// The lines of a COPY text split into fields (the generator never emits escaped tabs or newlines).
inline std::vector<std::vector<std::string>> table_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        std::vector<std::string> fields;
        std::size_t field_start = start;
        for (std::size_t i = start; i <= end; ++i) {
            if (i == end || text[i] == '\t') {
                fields.emplace_back(text, field_start, i - field_start);
                field_start = i + 1;
            }
        }
        rows.push_back(std::move(fields));
        start = end + 1;
    }
    return rows;
}

// Whether `text` matches `pattern`, where 9 stands for any digit and every other character for itself.
inline bool matches_shape(const std::string& text, const std::string& pattern) {
    if (text.size() != pattern.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) return false;
    }
    return true;
}

// A timestamp as the generator writes it.
inline bool is_timestamp(const std::string& text) {
    return matches_shape(text, "9999-99-99 99:99:99+00");
}

// A date as the generator writes it.
inline bool is_date(const std::string& text) {
    return matches_shape(text, "9999-99-99");
}

// An unsigned integer or an amount with two decimals.
inline bool is_plain_number(const std::string& text) {
    const std::size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos) return false;
    return dot == std::string::npos || matches_shape(text.substr(dot), ".99");
}

}  // namespace ecom::demo::testing
