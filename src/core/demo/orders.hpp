// Orders: each customer buys as a Poisson process whose rate follows the demand curve, from signup to
// the end of the period or until they lapse (after each order with the segment's churn probability).
// Each order has lines, a campaign and discount, shipping and tax, its flow created -> paid ->
// fulfilled -> delivered (or cancelled) as of the end of the period, and possibly a return.
#pragma once
#include "core/demo/customers.hpp"
#include "core/demo/world.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ecom::demo {

enum class OrderStatus : std::uint8_t { created, paid, fulfilled, delivered, cancelled };

// The text of an order status.
const char* status_name(OrderStatus status);

constexpr int max_lines = 8;

// One order line.
struct OrderLine {
    std::uint32_t sku;
    std::int32_t quantity;
    std::int64_t unit_price;  // cents, list price at order time
};

// One returned line (a row of stg_returns).
struct ReturnLine {
    std::uint8_t line;       // index into Order::lines
    std::int32_t quantity;
    std::int64_t amount;     // cents refunded (after the order's discount)
    std::int64_t returned_at;
    std::int64_t ingested_at;
    std::uint8_t reason;
};

// One order with everything every table needs about it.
struct Order {
    std::uint32_t customer;
    std::uint32_t number;  // 1-based within the customer
    std::uint8_t ship_country;
    OrderStatus status;
    std::int64_t created, paid, fulfilled, delivered, cancelled;  // `never` when not reached by the end
    std::int64_t ingested_at;
    std::int32_t campaign;  // campaign index or -1
    std::int64_t subtotal, discount, shipping, tax;  // cents
    std::uint8_t line_count, return_count;
    OrderLine lines[max_lines];
    ReturnLine returns[max_lines];
};

// The orders of a customer in time order (reuses `out`).
void orders_of(const World& world, const Customer& customer, std::vector<Order>& out);

// Appends the order code (O00000042-003) of an order.
void append_order_code(std::string& out, std::uint32_t customer, std::uint32_t number);

// The reason text of a return.
const char* return_reason(std::uint8_t reason);

}  // namespace ecom::demo
