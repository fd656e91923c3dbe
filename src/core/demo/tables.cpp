// The table registry and the COPY streaming shared by every table stream.
#include "core/demo/tables.hpp"

#include "core/cancel.hpp"
#include "core/demo/streams.hpp"

#include <cstring>
#include <stdexcept>

namespace ecom::demo {

namespace {

using K = ColumnKind;
const Column campaign_columns[] = {{"campaign_id", K::key}, {"campaign_name", K::text}, {"channel", K::text},
                                   {"start_date", K::date}, {"end_date", K::date},      {"spend", K::number},
                                   {"currency", K::text}};
const Column product_columns[] = {{"sku", K::key},       {"product_name", K::text}, {"category", K::text},
                                  {"brand", K::text},    {"price", K::number},      {"cost", K::number},
                                  {"currency", K::text}, {"active", K::text},       {"updated_at", K::timestamp}};
const Column customer_columns[] = {{"customer_id", K::key}, {"email", K::text},           {"full_name", K::text},
                                   {"country", K::text},    {"region", K::text},          {"city", K::text},
                                   {"segment", K::text},    {"signup_at", K::timestamp}, {"updated_at", K::timestamp}};
const Column order_columns[] = {{"order_id", K::key},         {"customer_id", K::customer_ref},
                                {"status", K::text},          {"created_at", K::timestamp},
                                {"paid_at", K::timestamp},    {"fulfilled_at", K::timestamp},
                                {"delivered_at", K::timestamp}, {"cancelled_at", K::timestamp},
                                {"discount", K::number},      {"shipping", K::number},
                                {"tax", K::number},           {"currency", K::text},
                                {"campaign_id", K::text},     {"ship_country", K::text}};
const Column order_item_columns[] = {{"order_id", K::key}, {"line_number", K::number}, {"sku", K::sku_ref},
                                     {"quantity", K::quantity}, {"unit_price", K::number}};
const Column return_columns[] = {{"return_id", K::key}, {"order_id", K::text},   {"sku", K::sku_ref},
                                 {"quantity", K::quantity}, {"amount", K::number}, {"returned_at", K::timestamp},
                                 {"reason", K::text}};
const Column inventory_columns[] = {{"sku", K::sku_ref},     {"snapshot_date", K::date}, {"on_hand", K::quantity},
                                    {"allocated", K::quantity}, {"reorder_point", K::number}};
const Column event_columns[] = {{"event_id", K::key},      {"session_id", K::text},     {"customer_id", K::customer_ref},
                                {"event_ts", K::timestamp}, {"event_type", K::text},     {"sku", K::sku_ref},
                                {"campaign_id", K::text},   {"order_id", K::text}};

template <std::size_t N>
constexpr TableSpec spec(const char* name, const Column (&columns)[N], bool versioned = false) {
    return {name, columns, N, versioned};
}

const TableSpec specs[table_count] = {
    spec("stg_campaigns", campaign_columns), spec("stg_products", product_columns),
    spec("stg_customers", customer_columns), spec("stg_orders", order_columns, true),
    spec("stg_order_items", order_item_columns), spec("stg_returns", return_columns),
    spec("stg_events", event_columns),       spec("stg_inventory", inventory_columns)};

}  // namespace

const TableSpec& table_spec(Table table) {
    return specs[static_cast<std::size_t>(table)];
}

std::vector<std::string> copy_columns(Table table) {
    const TableSpec& spec = table_spec(table);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < spec.column_count; ++i) names.emplace_back(spec.columns[i].name);
    names.emplace_back("ingested_at");
    names.emplace_back("source");
    return names;
}

TableStream::TableStream(const World& world, Table table)
    : world_(world),
      row_(table_spec(table).columns, table_spec(table).column_count),
      faults_(world.settings, static_cast<std::uint32_t>(table), table_spec(table).columns,
              table_spec(table).column_count, table_spec(table).versioned),
      revision_rng_(Rng::keyed(world.settings.seed, Stream::fault, static_cast<std::uint64_t>(table), 1)) {
    text_.reserve(1 << 17);
}

std::size_t TableStream::read(char* buffer, std::size_t capacity) {
    std::size_t copied = 0;
    while (copied < capacity) {
        if (position_ == text_.size()) {
            text_.clear();
            position_ = 0;
            if (finished_) break;
            poll_interrupts();
            finished_ = !produce();
            continue;
        }
        const std::size_t n = std::min(capacity - copied, text_.size() - position_);
        std::memcpy(buffer + copied, text_.data() + position_, n);
        copied += n;
        position_ += n;
    }
    return copied;
}

void TableStream::emit(std::int64_t ingested_at) {
    switch (faults_.corrupt(row_)) {
        case Fault::duplicate_line:
            write(ingested_at);
            write(ingested_at);
            break;
        case Fault::reingested_version:
            write(ingested_at);
            ingested_at += revise(row_, revision_rng_);
            write(ingested_at);
            break;
        default:
            write(ingested_at);
    }
}

std::int64_t TableStream::revise(Row&, Rng&) {
    throw std::logic_error("this staging table has no re-sent versions");
}

void TableStream::write(std::int64_t ingested_at) {
    row_.append_copy_line(text_, ingested_at, demo_source);
    ++rows_;
}

std::unique_ptr<TableStream> open_table(const World& world, Table table) {
    switch (table) {
        case Table::campaigns: return make_campaign_stream(world);
        case Table::products: return make_product_stream(world);
        case Table::customers: return make_customer_stream(world);
        case Table::orders: return make_order_stream(world);
        case Table::order_items: return make_order_item_stream(world);
        case Table::returns: return make_return_stream(world);
        case Table::events: return make_event_stream(world);
        case Table::inventory: return make_inventory_stream(world);
    }
    throw std::logic_error("unknown staging table");
}

}  // namespace ecom::demo
