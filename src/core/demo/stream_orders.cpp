// The order streams: stg_orders (headers as of the end of the period), stg_order_items (lines, landing
// with their order) and stg_returns (returned lines, landing after they arrive back).
#include "core/demo/calendar.hpp"
#include "core/demo/geography.hpp"
#include "core/demo/streams.hpp"
#include "core/demo/text.hpp"

namespace ecom::demo {

bool PerCustomerStream::produce() {
    if (id_ > world_.settings.customers) return produce_after_customers();
    const Customer customer = make_customer(world_.settings, world_.demand, id_);
    orders_of(world_, customer, orders_);
    emit_customer(customer, orders_);
    ++id_;
    return true;
}

namespace {

// Sets column i to a timestamp, or NULL for `never`.
void set_time(Row& row, std::size_t i, std::int64_t t) {
    if (t == never)
        row.set_null(i);
    else
        append_timestamp(row.set(i), t);
}

// stg_orders.
class OrderStream final : public PerCustomerStream {
public:
    explicit OrderStream(const World& world) : PerCustomerStream(world, Table::orders) {}
private:
    void emit_customer(const Customer&, const std::vector<Order>& orders) override {
        for (const Order& order : orders) {
            append_order_code(row_.set(0), order.customer, order.number);
            append_customer_code(row_.set(1), order.customer);
            row_.set(2) = status_name(order.status);
            set_time(row_, 3, order.created);
            set_time(row_, 4, order.paid);
            set_time(row_, 5, order.fulfilled);
            set_time(row_, 6, order.delivered);
            set_time(row_, 7, order.cancelled);
            append_money(row_.set(8), order.discount);
            append_money(row_.set(9), order.shipping);
            append_money(row_.set(10), order.tax);
            row_.set(11) = "USD";
            if (order.campaign < 0)
                row_.set_null(12);
            else
                Campaigns::append_code(row_.set(12), static_cast<std::uint32_t>(order.campaign));
            row_.set(13) = country(order.ship_country).code;
            emit(order.ingested_at);
        }
    }
    // A re-sent order: the shop recomputed shipping (a free-shipping promotion applied or withdrawn).
    std::int64_t revise(Row& row, Rng& rng) override {
        if (!row.is_null(9) && row.value(9) == "0.00")
            row.set(9) = "4.99";
        else
            row.set(9) = "0.00";
        return rng.between(seconds_per_hour, 72 * seconds_per_hour);
    }
};

// stg_order_items.
class OrderItemStream final : public PerCustomerStream {
public:
    explicit OrderItemStream(const World& world) : PerCustomerStream(world, Table::order_items) {}
private:
    void emit_customer(const Customer&, const std::vector<Order>& orders) override {
        for (const Order& order : orders) {
            for (int i = 0; i < order.line_count; ++i) {
                const OrderLine& line = order.lines[i];
                append_order_code(row_.set(0), order.customer, order.number);
                append_int(row_.set(1), i + 1);
                Catalogue::append_code(row_.set(2), line.sku);
                append_int(row_.set(3), line.quantity);
                append_money(row_.set(4), line.unit_price);
                emit(order.ingested_at);
            }
        }
    }
};

// stg_returns.
class ReturnStream final : public PerCustomerStream {
public:
    explicit ReturnStream(const World& world) : PerCustomerStream(world, Table::returns) {}
private:
    void emit_customer(const Customer&, const std::vector<Order>& orders) override {
        for (const Order& order : orders) {
            for (int r = 0; r < order.return_count; ++r) {
                const ReturnLine& back = order.returns[r];
                std::string& id = row_.set(0);
                id += 'R';
                append_order_code(id, order.customer, order.number);
                id.erase(1, 1);  // R00000042-003-2 rather than RO...
                id += '-';
                append_int(id, back.line + 1);
                append_order_code(row_.set(1), order.customer, order.number);
                Catalogue::append_code(row_.set(2), order.lines[back.line].sku);
                append_int(row_.set(3), back.quantity);
                append_money(row_.set(4), back.amount);
                append_timestamp(row_.set(5), back.returned_at);
                row_.set(6) = return_reason(back.reason);
                emit(back.ingested_at);
            }
        }
    }
};

}  // namespace

std::unique_ptr<TableStream> make_order_stream(const World& world) {
    return std::make_unique<OrderStream>(world);
}

std::unique_ptr<TableStream> make_order_item_stream(const World& world) {
    return std::make_unique<OrderItemStream>(world);
}

std::unique_ptr<TableStream> make_return_stream(const World& world) {
    return std::make_unique<ReturnStream>(world);
}

}  // namespace ecom::demo
