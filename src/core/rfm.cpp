// RFM summary accumulation, merging and its versioned binary form.
#include "core/rfm.hpp"

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/serial.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace ecom::rfm {

namespace {

constexpr std::uint32_t format_tag = 0x4d464645;  // "EFFM": ecom RFM summary
constexpr std::uint16_t format_version = 1;
constexpr std::int64_t ordered_at_unset = std::numeric_limits<std::int64_t>::min();

// Adds b to a, refusing to wrap around.
void add_checked(std::int64_t& a, std::int64_t b) {
    if (__builtin_add_overflow(a, b, &a))
        throw OutOfRange("rfm monetary total is out of range",
                         "A customer's amounts must add up to less than 9.2e12 in absolute value.");
}

// Adds `theirs` (another summary's totals of the same customer) into `mine`.
void add_totals(CustomerTotals& mine, const CustomerTotals& theirs) {
    mine.last_order = std::max(mine.last_order, theirs.last_order);
    mine.orders += theirs.orders;
    add_checked(mine.amount_units, theirs.amount_units);
}

// A summary that does not decode.
CorruptData corrupt(const std::string& what) {
    return CorruptData("rfm summary is corrupt: " + what, "The value was not produced by ecom.rfm_agg.");
}

// The settings of an encoded summary, which precede its customers.
struct Header {
    std::int64_t as_of = 0;
    int bins = 0;
    SkippedRows skipped;
    std::uint64_t count = 0;  // customers
};

// Reads and checks the settings of an encoded summary of `size` bytes; `reader` is left at its first customer.
Header read_header(serial::Reader& reader, std::size_t size) {
    Header header;
    header.as_of = reader.get<std::int64_t>();
    header.bins = reader.get<std::int32_t>();
    if (header.bins != 0 && (header.bins < min_bins || header.bins > max_bins)) throw corrupt("bins out of range");
    header.skipped.null_key = reader.get<std::uint64_t>();
    header.skipped.after_as_of = reader.get<std::uint64_t>();
    header.count = reader.get<std::uint64_t>();
    if (header.count > 0 && header.bins == 0) throw corrupt("customers without as_of and bins");
    constexpr std::size_t min_customer_bytes = 4 * sizeof(std::int64_t);
    if (header.count > size / min_customer_bytes) throw corrupt("too many customers for its size");
    return header;
}

// Reads the next customer of an encoded summary (its id viewing the bytes), checking its totals against as_of.
CustomerRow read_customer(serial::Reader& reader, std::int64_t as_of) {
    CustomerRow row;
    row.customer = reader.get_chars();
    row.totals.last_order = reader.get<std::int64_t>();
    row.totals.orders = reader.get<std::int64_t>();
    row.totals.amount_units = reader.get<std::int64_t>();
    std::int64_t age = 0;
    if (row.totals.orders < 1 || row.totals.last_order > as_of || __builtin_sub_overflow(as_of, row.totals.last_order, &age))
        throw corrupt("impossible customer totals");
    return row;
}

}  // namespace

std::int64_t amount_to_units(double amount) {
    if (!std::isfinite(amount))
        throw InvalidArgument("amount must be a finite number",
                              "Filter out NaN and infinite amounts, or replace them with NULL.");
    const double units = std::round(amount * static_cast<double>(units_per_currency));
    if (!(std::fabs(units) < 9.2e18))
        throw OutOfRange("amount is out of range", "Amounts must be less than 9.2e12 in absolute value.");
    return static_cast<std::int64_t>(units);
}

void check_bins(int bins) {
    if (bins < min_bins || bins > max_bins)
        throw InvalidArgument("rfm bins must be between 2 and 100, got " + std::to_string(bins),
                              "Pass the number of score buckets, for example 5 for scores 1 to 5.");
}

Summary::Summary(std::pmr::memory_resource* memory) : table_(memory), parts_(memory) {}

void Summary::configure(std::int64_t as_of, int bins) {
    if (bins_ == 0) {
        check_bins(bins);
        as_of_ = as_of;
        bins_ = bins;
        return;
    }
    if (as_of != as_of_ || bins != bins_)
        throw InvalidArgument("rfm as_of and bins must be the same for every row",
                              "Pass constants (or one value per group) for as_of and bins.");
}

void Summary::apply(const HashedId& key, std::string_view customer, std::int64_t ordered_at,
                    std::int64_t amount_units) const {
    CustomerTotals& totals = table_.value(table_.find_or_add(key, customer, CustomerTotals{ordered_at_unset, 0, 0}));
    totals.last_order = std::max(totals.last_order, ordered_at);
    ++totals.orders;
    add_checked(totals.amount_units, amount_units);
}

void Summary::add(std::string_view customer, std::int64_t ordered_at, std::int64_t amount_units) {
    if (ordered_at > as_of_) {
        ++skipped_.after_as_of;
        return;
    }
    const HashedId key = hashed_id(customer);
    if (customer.size() > sizeof(key.packed.words)) {  // the queue keeps no copy of long ids
        apply(key, customer, ordered_at, amount_units);
        return;
    }
    table_.prefetch_slot(key);
    if (pending_count_ >= lookahead / 2)  // the slot of the order queued half the distance ago is cached by now
        table_.prefetch_entry(pending_[(pending_next_ + lookahead / 2) % lookahead].key);
    PendingOrder& next = pending_[pending_next_];
    if (pending_count_ == lookahead) {
        apply(next.key, {}, next.ordered_at, next.amount_units);
    } else {
        ++pending_count_;
    }
    next = {key, ordered_at, amount_units};
    pending_next_ = (pending_next_ + 1) % lookahead;
}

void Summary::apply_pending() const {
    for (std::size_t i = 0; i < pending_count_; ++i) {
        const PendingOrder& order = pending_[(pending_next_ + lookahead - pending_count_ + i) % lookahead];
        apply(order.key, {}, order.ordered_at, order.amount_units);
    }
    pending_count_ = 0;
}

void Summary::add_encoded(const char* data, std::size_t size) {
    serial::Reader reader(data, size, format_tag, format_version);
    const Header header = read_header(reader, size);
    if (header.bins != 0) configure(header.as_of, header.bins);
    skipped_.null_key += header.skipped.null_key;
    skipped_.after_as_of += header.skipped.after_as_of;
    if (header.count > 0) parts_.push_back({data + (size - reader.remaining()), reader.remaining(), header.count});
    else reader.finish();
}

void Summary::merge(const Summary& other) {
    if (other.configured()) configure(other.as_of_, other.bins_);
    skipped_.null_key += other.skipped_.null_key;
    skipped_.after_as_of += other.skipped_.after_as_of;
    parts_.insert(parts_.end(), other.parts_.begin(), other.parts_.end());
    apply_pending();
    other.apply_pending();
    const CustomerTable<CustomerTotals>& theirs = other.table_;
    table_.reserve(table_.size() + theirs.size());
    for (std::uint32_t i = 0; i < theirs.size(); ++i) {
        poll_interrupts();
        CustomerTotals& totals = table_.value(table_.find_or_add(theirs.id(i), CustomerTotals{ordered_at_unset, 0, 0}));
        add_totals(totals, theirs.value(i));
    }
}

std::vector<char> Summary::serialize() const {
    std::vector<char> bytes;
    bytes.resize(encode([&bytes](std::size_t capacity) {
        bytes.resize(capacity);
        return bytes.data();
    }));
    return bytes;
}

namespace {

// The header of an encoded summary, with its customer count.
serial::Writer header_of(std::int64_t as_of, int bins, const SkippedRows& skipped, std::uint64_t count) {
    serial::Writer header(format_tag, format_version);
    header.put(as_of);
    header.put(static_cast<std::int32_t>(bins));
    header.put(skipped.null_key);
    header.put(skipped.after_as_of);
    header.put(count);
    return header;
}

// Bytes of one encoded customer.
std::size_t customer_bytes(std::string_view id) { return sizeof(std::uint64_t) + id.size() + 3 * sizeof(std::int64_t); }

// Writes one customer in the encoded layout.
void put_customer(serial::FixedWriter& out, std::string_view id, const CustomerTotals& totals) {
    out.put_array(id.data(), id.size());
    out.put(totals.last_order);
    out.put(totals.orders);
    out.put(totals.amount_units);
}

// One sorted input of the merge in Summary::encode: an encoded part read in place, or a table's customers in
// id order.
class MergeInput {
public:
    // The `count` customers of an encoded part, `reader` standing at the first.
    MergeInput(serial::Reader reader, std::uint64_t count, std::int64_t as_of)
        : reader_(reader), left_(count), as_of_(as_of) { next(); }
    // The customers of `table` at `order` (positions in id order).
    MergeInput(const CustomerTable<CustomerTotals>& table, const large_vector<std::uint32_t>& order)
        : reader_(serial::Reader::rest(nullptr, 0)), table_(&table), order_(&order), left_(order.size()) { next(); }

    bool done() const noexcept { return done_; }
    const CustomerRow& current() const noexcept { return current_; }

    // Moves to the next customer; a part's customers must ascend strictly and fill it exactly (CorruptData).
    void next() {
        if (left_ == 0) {
            if (table_ == nullptr) reader_.finish();
            done_ = true;
            return;
        }
        --left_;
        if (table_ != nullptr) {
            const std::uint32_t position = (*order_)[order_->size() - left_ - 1];
            current_ = {table_->id(position), table_->value(position)};
            return;
        }
        const std::string_view previous = current_.customer;
        const bool first = !started_;
        current_ = read_customer(reader_, as_of_);
        started_ = true;
        if (!first && !(previous < current_.customer)) throw corrupt("customers out of id order");
    }

private:
    serial::Reader reader_;
    const CustomerTable<CustomerTotals>* table_ = nullptr;
    const large_vector<std::uint32_t>* order_ = nullptr;
    std::uint64_t left_;
    std::int64_t as_of_ = 0;
    CustomerRow current_;
    bool started_ = false;
    bool done_ = false;
};

}  // namespace

std::size_t Summary::encode(const std::function<char*(std::size_t)>& allocate) const {
    apply_pending();
    return parts_.empty() ? encode_table(allocate) : encode_merged(allocate);
}

std::size_t Summary::encode_table(const std::function<char*(std::size_t)>& allocate) const {
    const auto count = static_cast<std::uint32_t>(table_.size());
    const serial::Writer header = header_of(as_of_, bins_, skipped_, count);
    std::size_t size = header.bytes().size();
    for (std::uint32_t i = 0; i < count; ++i) size += customer_bytes(table_.id(i));
    serial::FixedWriter out(allocate(size));
    out.put_bytes(header.bytes().data(), header.bytes().size());
    const large_vector<std::uint32_t> order = byte_order(table_.ids());
    constexpr std::uint32_t ahead = 8;  // customers between the prefetch of an entry and its use
    for (std::uint32_t i = 0; i < count; ++i) {
        poll_interrupts();
        if (i + ahead < count) table_.prefetch_position(order[i + ahead]);
        put_customer(out, table_.id(order[i]), table_.value(order[i]));
    }
    return size;
}

std::size_t Summary::encode_merged(const std::function<char*(std::size_t)>& allocate) const {
    std::vector<MergeInput> inputs;
    const large_vector<std::uint32_t> order = byte_order(table_.ids());
    std::size_t capacity = 0;
    for (std::uint32_t i = 0; i < table_.size(); ++i) capacity += customer_bytes(table_.id(i));
    if (table_.size() > 0) inputs.emplace_back(table_, order);
    for (const EncodedPart& part : parts_) {
        inputs.emplace_back(serial::Reader::rest(part.customers, part.bytes), part.count, as_of_);
        capacity += part.bytes;
    }
    // The count is written last, once the merge has found it.
    const serial::Writer header = header_of(as_of_, bins_, skipped_, 0);
    capacity += header.bytes().size();
    char* const start = allocate(capacity);
    serial::FixedWriter out(start);
    out.put_bytes(header.bytes().data(), header.bytes().size());
    std::uint64_t count = 0;
    std::size_t size = header.bytes().size();
    for (;;) {
        // The smallest current id (a linear scan: there are few inputs, one per parallel process).
        const CustomerRow* smallest = nullptr;
        for (const MergeInput& input : inputs)
            if (!input.done() && (smallest == nullptr || input.current().customer < smallest->customer)) smallest = &input.current();
        if (smallest == nullptr) break;
        if (++count % 4096 == 0) poll_interrupts();
        const std::string_view id = smallest->customer;
        CustomerTotals totals{ordered_at_unset, 0, 0};
        for (MergeInput& input : inputs) {
            if (input.done() || input.current().customer != id) continue;
            add_totals(totals, input.current().totals);
            input.next();
        }
        put_customer(out, id, totals);
        size += customer_bytes(id);
    }
    std::memcpy(start + header.bytes().size() - sizeof(count), &count, sizeof(count));
    return size;
}

EncodedSummary read_encoded(const char* data, std::size_t size) {
    serial::Reader reader(data, size, format_tag, format_version);
    const Header header = read_header(reader, size);
    EncodedSummary summary{header.as_of, header.bins, header.skipped, {}};
    large_vector<CustomerRow>& customers = summary.customers;
    customers.reserve(header.count);
    bool ascending = true;  // as the final function writes them: nothing to sort
    for (std::uint64_t i = 0; i < header.count; ++i) {
        poll_interrupts();
        customers.push_back(read_customer(reader, header.as_of));
        ascending = ascending && (i == 0 || customers[i - 1].customer < customers[i].customer);
    }
    reader.finish();
    if (ascending) return summary;
    const auto by_id = [](const CustomerRow& a, const CustomerRow& b) { return a.customer < b.customer; };
    std::sort(customers.begin(), customers.end(), by_id);
    const auto same_id = [](const CustomerRow& a, const CustomerRow& b) { return a.customer == b.customer; };
    if (std::adjacent_find(customers.begin(), customers.end(), same_id) != customers.end())
        throw corrupt("a customer appears twice");
    return summary;
}

}  // namespace ecom::rfm
