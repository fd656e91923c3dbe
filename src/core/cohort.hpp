// Cohort summary: customers grouped by the period (day, week or month) of their first order, with the
// periods in which each was active and the money they spent there; mergeable across parallel workers,
// with a versioned binary form. Memory grows with customers x active periods, not with rows.
#pragma once
#include "core/customer_table.hpp"

#include <cstdint>
#include <functional>
#include <memory_resource>
#include <string>
#include <string_view>
#include <vector>

namespace ecom::cohort {

// Length of the periods cohorts and offsets are counted in.
enum class Grain : std::int32_t { day = 1, week = 2, month = 3 };

constexpr int max_horizon = 100000;

// The grain named `name` ("day", "week" or "month"); throws InvalidArgument otherwise.
Grain parse_grain(std::string_view name);

// Checks a horizon (0..max_horizon periods after the cohort's own); throws InvalidArgument otherwise.
void check_horizon(int horizon);

// The index of the period holding `micros` (microseconds since 2000-01-01 00:00 UTC, PostgreSQL's epoch);
// weeks start on Monday, months on the 1st, all in UTC.
std::int64_t period_of(std::int64_t micros, Grain grain);

// The start of period `period` (microseconds since 2000-01-01 UTC); inverse of period_of on period starts.
std::int64_t period_start(std::int64_t period, Grain grain);

// One row of the cohort table: a cohort and a period offset after it.
struct CohortRow {
    std::int64_t cohort_start = 0;   // start of the cohort's period (microseconds since 2000-01-01 UTC)
    int offset = 0;                  // periods since the cohort's period (0 = the cohort's own period)
    std::int64_t cohort_size = 0;    // customers whose first order falls in the cohort's period
    std::int64_t active = 0;         // of those, customers with an event in this period
    double retention = 0;            // active / cohort_size
    std::int64_t revenue_units = 0;  // money of the cohort's events in this period (micro-units)
    std::int64_t cumulative_units = 0;  // money from offset 0 to this one (micro-units)
    std::int64_t ltv_units = 0;      // cumulative_units / cohort_size, rounded half away from zero
};

// Rows the aggregate saw but did not use.
struct SkippedRows {
    std::uint64_t null_key = 0;  // NULL customer, first-order time or event time
};

// One customer of an encoded summary, read in place: its cohort period and its active periods (ascending)
// with their money, as encoded.
struct EncodedCustomer {
    std::string_view id;
    std::int64_t cohort = 0;
    const char* activity = nullptr;  // `periods` pairs of (int32 period, int64 micro-units), unaligned
    std::uint64_t periods = 0;
};

// An encoded summary read for its table without rebuilding its hash tables; the customers view the encoded
// bytes, which must outlive it.
struct EncodedSummary {
    Grain grain = Grain::month;
    int horizon = 0;
    SkippedRows skipped;
    large_vector<EncodedCustomer> customers;
};

// Reads the binary form of a summary (Summary::serialize) with the checks of Summary::deserialize (a customer
// listed twice, or a period twice for one customer, is corrupt); throws CorruptData for anything malformed.
EncodedSummary read_encoded(const char* data, std::size_t size);

// The cohort table: cohorts in time order, offsets 0..horizon but no later than the latest period seen in
// the summary (later periods have not happened yet); events before a customer's cohort are ignored.
std::vector<CohortRow> table_of(const EncodedSummary& summary);

// Money per (customer index, period) key in an open-addressing table: one cache line per lookup and no
// allocation per entry, unlike a node-based map.
class ActivityTable {
public:
    explicit ActivityTable(std::pmr::memory_resource* memory) : cells_(16, Cell{}, memory) {}
    // The money slot of `key` (0 when new); `key` must not be empty_key.
    std::int64_t& operator[](std::uint64_t key);
    // Calls visit(key, units) for every entry, in storage order.
    template <typename Visit>
    void for_each(Visit visit) const {
        for (const Cell& cell : cells_)
            if (cell.key != empty_key) visit(cell.key, cell.units);
    }
    std::size_t size() const noexcept { return used_; }
    static constexpr std::uint64_t empty_key = ~std::uint64_t{0};

private:
    struct Cell {
        std::uint64_t key = empty_key;
        std::int64_t units = 0;
    };
    // Doubles the table, keeping every entry.
    void grow();
    std::pmr::vector<Cell> cells_;  // power-of-two size, at most half full
    std::size_t used_ = 0;
};

// The per-customer accumulation state of ecom.cohort_agg.
class Summary {
public:
    explicit Summary(std::pmr::memory_resource* memory = std::pmr::get_default_resource());
    // Sets grain and horizon from the first row; later rows must repeat the same values.
    void configure(Grain grain, int horizon);
    // Adds one event of `customer` (configure first); the customer's cohort is the earliest first-order
    // time any of its rows gives.
    void add(std::string_view customer, std::int64_t first_order_at, std::int64_t event_at, std::int64_t units);
    // Counts a row with a NULL customer, first-order time or event time.
    void skip_null_key() { ++skipped_.null_key; }
    // Merges another summary (parallel workers); grain and horizon must agree.
    void merge(const Summary& other);
    // Writes the versioned binary form into memory of exactly its size, which `allocate(size)` returns, and
    // returns the size: customers in byte order of their ids (identical for every plan) or in storage order
    // when `in_customer_order` is false (for passing partial states between workers).
    std::size_t encode(const std::function<char*(std::size_t)>& allocate, bool in_customer_order = true) const;
    // The same bytes in a vector.
    std::vector<char> serialize(bool in_customer_order = true) const;
    // Replaces this summary by the one encoded in `data`; throws CorruptData for anything malformed.
    void deserialize(const char* data, std::size_t size);
    // The cohort table of this summary (table_of its binary form).
    std::vector<CohortRow> table() const;

    bool configured() const noexcept { return horizon_ >= 0; }
    Grain grain() const noexcept { return grain_; }
    int horizon() const noexcept { return horizon_; }
    const SkippedRows& skipped() const noexcept { return skipped_; }

private:
    // The index of `customer`, added with cohort `first_period` when new (else its cohort is lowered to it).
    std::uint32_t customer_index(std::string_view customer, std::int64_t first_period);
    // Adds money (and activity) of customer `index` in absolute period `period`.
    void add_activity(std::uint32_t index, std::int64_t period, std::int64_t units);

    std::pmr::memory_resource* memory_;
    CustomerTable<std::int64_t> customers_;  // customer id -> cohort period, at dense indexes
    // (index << 32 | period as uint32) -> money in micro-units; presence means the customer was active.
    ActivityTable activity_;
    Grain grain_ = Grain::month;
    int horizon_ = -1;  // -1 until configured
    SkippedRows skipped_;
};

}  // namespace ecom::cohort
