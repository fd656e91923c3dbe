// RFM summary: per-customer recency, frequency and monetary accumulated in one pass, mergeable across
// parallel workers, with a versioned binary form. Memory grows with the number of customers, not rows.
#pragma once
#include "core/customer_table.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory_resource>
#include <string>
#include <string_view>
#include <vector>

namespace ecom::rfm {

// Money is kept as an exact count of micro-units (1e-6 of the currency), so sums never depend on row order.
constexpr std::int64_t units_per_currency = 1000000;
// Microseconds in a day: timestamps are microseconds (any epoch) and recency is counted in whole days.
constexpr std::int64_t micros_per_day = 86400LL * 1000000LL;
constexpr int min_bins = 2;
constexpr int max_bins = 100;

// What the summary knows of one customer.
struct CustomerTotals {
    std::int64_t last_order = 0;   // latest order time (microseconds)
    std::int64_t orders = 0;       // number of orders (rows)
    std::int64_t amount_units = 0; // sum of amounts in micro-units
};

// One customer of a summary, for reading it out in customer order.
struct CustomerRow {
    std::string_view customer;
    CustomerTotals totals;
};

// Rows the aggregate saw but did not use (reported by ecom.rfm_summary_info and a NOTICE of ecom.rfm_scores).
struct SkippedRows {
    std::uint64_t null_key = 0;  // NULL customer or NULL order time
    std::uint64_t after_as_of = 0;  // order time later than as_of
};

// Converts an amount to micro-units (rounded half away from zero); throws InvalidArgument for NaN or
// infinity and OutOfRange when it does not fit.
std::int64_t amount_to_units(double amount);

// Checks a number of score buckets (2..100); throws InvalidArgument otherwise.
void check_bins(int bins);

// The per-customer accumulation state of ecom.rfm_agg: a table of the customers of rows added here, plus
// encoded summaries taken whole (parallel workers' states), merged with it in one pass when it is encoded.
class Summary {
public:
    explicit Summary(std::pmr::memory_resource* memory = std::pmr::get_default_resource());
    // Sets as_of and bins from the first row; later rows must repeat the same values.
    void configure(std::int64_t as_of, int bins);
    // Adds one order (configure first; a NULL amount is passed as 0); an order after as_of is counted as skipped.
    // An order of an id of up to 16 bytes waits in a short queue while its customer's memory is fetched
    // (prefetch), and is applied some orders later; every reader below applies the queue first.
    void add(std::string_view customer, std::int64_t ordered_at, std::int64_t amount_units);
    // Counts a row with a NULL customer or order time.
    void skip_null_key() { ++skipped_.null_key; }
    // Takes an encoded summary (the bytes encode writes: customers in strictly ascending id order) as a part,
    // without decoding it: the bytes must stay valid and unchanged as long as this summary or one it is merged
    // into is used. Its settings are checked now (CorruptData, or InvalidArgument when they differ from this
    // summary's), its customers when the summary is encoded (CorruptData).
    void add_encoded(const char* data, std::size_t size);
    // Merges another summary (parallel workers); their as_of and bins must agree. The other's encoded parts
    // are taken as parts of this one (the same bytes, not copied).
    void merge(const Summary& other);
    // The versioned binary form: customers in byte order of their ids (identical for every plan).
    std::vector<char> serialize() const;
    // Writes the same bytes into memory that `allocate(capacity)` returns and returns the number written: the
    // capacity exactly, unless encoded parts share customers (then fewer). The table is sorted here (in the
    // parallel worker that serializes) and merged with the parts in one linear pass.
    std::size_t encode(const std::function<char*(std::size_t)>& allocate) const;

    bool configured() const noexcept { return bins_ != 0; }
    std::int64_t as_of() const noexcept { return as_of_; }
    int bins() const noexcept { return bins_; }
    const SkippedRows& skipped() const noexcept { return skipped_; }

private:
    // An order waiting for its customer's memory.
    struct PendingOrder {
        HashedId key;
        std::int64_t ordered_at = 0;
        std::int64_t amount_units = 0;
    };
    // An encoded summary taken whole: its customers, read in place.
    struct EncodedPart {
        const char* customers;  // the first customer's bytes
        std::size_t bytes;      // bytes from there to the end
        std::uint64_t count;    // customers
    };
    // Orders between the prefetch of a customer's slot and its use (its entry is prefetched halfway).
    static constexpr std::size_t lookahead = 16;

    // Adds one order (not after as_of) to the totals of the customer hashed as `key` (`customer` is needed
    // only for ids longer than 16 bytes).
    void apply(const HashedId& key, std::string_view customer, std::int64_t ordered_at, std::int64_t amount_units) const;
    // Applies the queued orders, oldest first.
    void apply_pending() const;
    // Writes the header and the table's customers in id order to memory of exactly their size.
    std::size_t encode_table(const std::function<char*(std::size_t)>& allocate) const;
    // Writes the header and the customers of the table and of every part, merged in id order.
    std::size_t encode_merged(const std::function<char*(std::size_t)>& allocate) const;

    // Logically const readers apply the queued orders into the table: both are mutable.
    mutable CustomerTable<CustomerTotals> table_;
    mutable std::array<PendingOrder, lookahead> pending_{};
    mutable std::size_t pending_count_ = 0;  // orders queued
    std::size_t pending_next_ = 0;           // ring position of the next order to queue
    std::pmr::vector<EncodedPart> parts_;
    std::int64_t as_of_ = 0;
    int bins_ = 0;          // 0 until configured
    SkippedRows skipped_;
};

// A summary read for scoring without building its table: its settings, skipped rows and customers in id
// order, their ids viewing the encoded bytes (which must outlive it).
struct EncodedSummary {
    std::int64_t as_of = 0;
    int bins = 0;
    SkippedRows skipped;
    large_vector<CustomerRow> customers;
};

// Reads the binary form of a summary (Summary::serialize) with the checks applied to encoded parts; customers
// stored out of id order are sorted. Throws CorruptData for anything malformed.
EncodedSummary read_encoded(const char* data, std::size_t size);

}  // namespace ecom::rfm
