// A staging row being built: the text of each business column (or NULL) and what kind of value it
// holds, so faults can be injected by kind; written out as one line of COPY text format.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecom::demo {

// What a column holds, for choosing which faults apply to it.
enum class ColumnKind : std::uint8_t {
    key,           // the row's own identifier
    text,          // free text or a code
    number,        // an amount or count
    quantity,      // a count of units (can turn negative)
    timestamp,     // YYYY-MM-DD HH:MM:SS+00
    date,          // YYYY-MM-DD
    customer_ref,  // reference to a customer
    sku_ref        // reference to a product
};

// A business column of a staging table.
struct Column {
    const char* name;
    ColumnKind kind;
};

// The values of one row.
class Row {
public:
    Row(const Column* columns, std::size_t count);
    // Clears column i and returns its text to append to (the column becomes non-NULL).
    std::string& set(std::size_t i) {
        null_[i] = false;
        values_[i].clear();
        return values_[i];
    }
    // Makes column i NULL.
    void set_null(std::size_t i) { null_[i] = true; }
    bool is_null(std::size_t i) const { return null_[i] != 0; }
    const std::string& value(std::size_t i) const { return values_[i]; }
    // The text of column i for editing in place (faults).
    std::string& edit(std::size_t i) { return values_[i]; }
    std::size_t size() const noexcept { return values_.size(); }
    ColumnKind kind(std::size_t i) const { return columns_[i].kind; }
    // Appends the row as a COPY text line with the bookkeeping columns ingested_at and source.
    void append_copy_line(std::string& out, std::int64_t ingested_at, std::string_view source) const;
private:
    const Column* columns_;
    std::vector<std::string> values_;
    std::vector<char> null_;
};

}  // namespace ecom::demo
