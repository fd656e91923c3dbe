// The eight staging tables the generator fills: their business columns, and a stream per table that
// writes its rows as PostgreSQL COPY text (tab-separated, \N for NULL, backslash escapes), followed
// by the bookkeeping columns ingested_at and source ('demo'). Streams are independent and keep memory
// flat in the number of rows: each regenerates what it needs from the deterministic model.
#pragma once
#include "core/demo/faults.hpp"
#include "core/demo/row.hpp"
#include "core/demo/world.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ecom::demo {

// The staging tables in loading order.
enum class Table : std::uint8_t { campaigns, products, customers, orders, order_items, returns, events, inventory };
constexpr std::size_t table_count = 8;

// What the generator knows about a staging table.
struct TableSpec {
    const char* name;  // e.g. stg_orders (in schema ecom)
    const Column* columns;
    std::size_t column_count;
    bool versioned;  // rows may be re-sent later with changed fields
};

// The description of a table.
const TableSpec& table_spec(Table table);

// The column list of the COPY: the business columns, then ingested_at and source.
std::vector<std::string> copy_columns(Table table);

// The value written to the source column of every generated row.
constexpr const char* demo_source = "demo";

// A table's rows as a byte stream of COPY text.
class TableStream {
public:
    TableStream(const World& world, Table table);
    virtual ~TableStream() = default;
    TableStream(const TableStream&) = delete;
    TableStream& operator=(const TableStream&) = delete;
    // Copies up to `capacity` bytes of COPY text into `buffer`; 0 means the end (lines may be split).
    std::size_t read(char* buffer, std::size_t capacity);
    // Lines written so far.
    std::uint64_t rows() const noexcept { return rows_; }
    // Rows affected by each fault kind so far.
    const FaultCounts& faults() const noexcept { return faults_.counts(); }
protected:
    // Appends the rows of the next unit of work (a customer, a SKU, a day) with emit(); false when none is left.
    virtual bool produce() = 0;
    // Writes row_ (after fault injection) as one or more lines landing at `ingested_at`.
    void emit(std::int64_t ingested_at);
    // For versioned tables: changes fields of a re-sent version and returns how much later it lands.
    virtual std::int64_t revise(Row& row, Rng& rng);
    const World& world_;
    Row row_;
private:
    void write(std::int64_t ingested_at);
    FaultInjector faults_;
    Rng revision_rng_;
    std::string text_;
    std::size_t position_ = 0;
    bool finished_ = false;
    std::uint64_t rows_ = 0;
};

// Opens the stream of a table.
std::unique_ptr<TableStream> open_table(const World& world, Table table);

}  // namespace ecom::demo
