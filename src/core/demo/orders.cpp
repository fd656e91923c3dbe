// Generating a customer's orders: timing by the demand curve, then contents, flow and returns.
#include "core/demo/orders.hpp"

#include "core/demo/geography.hpp"
#include "core/demo/text.hpp"

#include <algorithm>
#include <cmath>

namespace ecom::demo {

namespace {

const char* const statuses[] = {"created", "paid", "fulfilled", "delivered", "cancelled"};
const char* const reasons[] = {"wrong size", "damaged in transit", "not as described",
                               "changed mind", "arrived late", "defective"};
constexpr std::uint32_t max_orders_per_customer = 5000;
constexpr double base_return_rate = 0.055;
constexpr double attribution_chance = 0.45;

// Draws the lines of an order: distinct popular SKUs at their price at order time.
void draw_lines(const World& world, const SegmentProfile& profile, Order& order, Rng& rng) {
    const auto wanted = std::min<std::uint64_t>(max_lines, 1 + rng.poisson(profile.basket_lines - 1.0));
    order.line_count = 0;
    order.subtotal = 0;
    for (std::uint64_t i = 0; i < wanted; ++i) {
        std::uint32_t sku = world.catalogue.sample(rng, order.created);
        auto taken = [&](std::uint32_t candidate) {
            return std::any_of(order.lines, order.lines + order.line_count,
                               [&](const OrderLine& line) { return line.sku == candidate; });
        };
        for (int attempt = 0; attempt < 3 && taken(sku); ++attempt) sku = world.catalogue.sample(rng, order.created);
        if (taken(sku)) continue;
        const std::int32_t quantity = rng.chance(profile.bulk) ? static_cast<std::int32_t>(rng.between(2, 3)) : 1;
        const std::int64_t price = world.catalogue.price_at(sku, order.created);
        order.lines[order.line_count++] = {sku, quantity, price};
        order.subtotal += quantity * price;
    }
}

// Draws the campaign, discount, shipping and tax of an order.
void draw_money(const World& world, Order& order, Rng& rng) {
    const std::int64_t day_index = (order.created - world.settings.start()) / seconds_per_day;
    order.campaign = rng.chance(attribution_chance) ? world.campaigns.pick_active(day_index, rng) : -1;
    order.discount = order.campaign < 0 ? 0
                     : std::llround(static_cast<double>(order.subtotal) *
                                    world.campaigns.all()[static_cast<std::size_t>(order.campaign)].discount);
    const std::int64_t net = order.subtotal - order.discount;
    const bool domestic = order.ship_country == 0;
    order.shipping = net >= (domestic ? 5000 : 10000) ? 0 : domestic ? 499 : 1299;
    order.tax = std::llround(static_cast<double>(net) * country(order.ship_country).tax_rate);
}

// Keeps only what happened before `end`.
std::int64_t by_end(std::int64_t t, std::int64_t end) {
    return t != never && t < end ? t : never;
}

// Draws the flow of an order and its status as of the end of the period.
void draw_flow(const World& world, Order& order, Rng& rng) {
    const std::int64_t end = world.settings.end();
    order.paid = order.fulfilled = order.delivered = order.cancelled = never;
    if (rng.chance(0.03)) {
        order.cancelled = order.created + rng.between(seconds_per_hour, 48 * seconds_per_hour);
    } else {
        order.paid = order.created + rng.between(20, 1800);
        if (rng.chance(0.025)) {
            order.cancelled = order.paid + rng.between(600, 24 * seconds_per_hour);
        } else {
            order.fulfilled = order.paid + rng.between(2 * seconds_per_hour, 60 * seconds_per_hour);
            const bool domestic = order.ship_country == 0;
            order.delivered = order.fulfilled + rng.between(domestic ? 1 : 4, domestic ? 4 : 12) * seconds_per_day +
                              rng.between(0, 10 * seconds_per_hour);
        }
    }
    order.paid = by_end(order.paid, end);
    order.fulfilled = by_end(order.fulfilled, end);
    order.delivered = by_end(order.delivered, end);
    order.cancelled = by_end(order.cancelled, end);
    order.status = order.cancelled != never   ? OrderStatus::cancelled
                   : order.delivered != never ? OrderStatus::delivered
                   : order.fulfilled != never ? OrderStatus::fulfilled
                   : order.paid != never      ? OrderStatus::paid
                                              : OrderStatus::created;
    const std::int64_t last = std::max({order.created, order.paid, order.fulfilled, order.delivered, order.cancelled});
    order.ingested_at = last + rng.between(60, 2 * seconds_per_hour);
}

// Draws whether a delivered order comes back (most within 30 days, some later) and which lines.
void draw_returns(const World& world, Order& order, Rng& rng) {
    order.return_count = 0;
    if (order.delivered == never) return;
    double propensity = 0;
    for (int i = 0; i < order.line_count; ++i) propensity += world.catalogue.category_of(order.lines[i].sku).return_factor;
    if (!rng.chance(base_return_rate * propensity / order.line_count)) return;
    const std::int64_t delay = rng.chance(0.85)
                                   ? std::min<std::int64_t>(static_cast<std::int64_t>(rng.exponential(7.0 * seconds_per_day)),
                                                            30 * seconds_per_day)
                                   : rng.between(31 * seconds_per_day, 100 * seconds_per_day);
    const std::int64_t returned_at = order.delivered + std::max<std::int64_t>(delay, seconds_per_hour);
    if (returned_at >= world.settings.end()) return;
    const std::uint8_t reason = static_cast<std::uint8_t>(rng.below(sizeof reasons / sizeof reasons[0]));
    const auto forced = static_cast<int>(rng.below(order.line_count));
    const double kept = order.subtotal > 0 ? 1.0 - static_cast<double>(order.discount) / order.subtotal : 1.0;
    for (int i = 0; i < order.line_count; ++i) {
        const bool returned = rng.chance(0.6);
        if (!returned && i != forced) continue;
        const OrderLine& line = order.lines[i];
        const auto quantity = line.quantity > 1 && rng.chance(0.3) ? static_cast<std::int32_t>(rng.between(1, line.quantity - 1))
                                                                    : line.quantity;
        const std::int64_t amount = std::llround(static_cast<double>(quantity * line.unit_price) * kept);
        order.returns[order.return_count++] = {static_cast<std::uint8_t>(i), quantity, amount, returned_at,
                                               returned_at + rng.between(300, 6 * seconds_per_hour), reason};
    }
}

// The purchase times of a customer (as orders with only `created` set, in time order): a Poisson
// process in demand position that stops when the customer lapses.
void draw_times(const World& world, const Customer& customer, std::vector<Order>& times) {
    times.clear();
    Rng rng = Rng::keyed(world.settings.seed, Stream::order, customer.id, 0);
    const DemandCurve& demand = world.demand;
    double position = demand.position(customer.signup_at);
    while (times.size() < max_orders_per_customer) {
        position += rng.exponential(1.0 / customer.rate);
        if (position >= demand.total()) break;
        const std::int64_t day = demand.day_at(position);
        std::int64_t t = world.settings.start() + day * seconds_per_day + DemandCurve::time_of_day(rng);
        if (t <= customer.signup_at) t = customer.signup_at + rng.between(60, seconds_per_hour);
        if (t >= world.settings.end()) break;
        times.emplace_back().created = t;
        if (rng.chance(customer.churn)) break;
    }
    std::sort(times.begin(), times.end(), [](const Order& a, const Order& b) { return a.created < b.created; });
}

}  // namespace

const char* status_name(OrderStatus status) {
    return statuses[static_cast<int>(status)];
}

const char* return_reason(std::uint8_t reason) {
    return reasons[reason];
}

void orders_of(const World& world, const Customer& customer, std::vector<Order>& out) {
    draw_times(world, customer, out);
    const SegmentProfile& profile = segment_profile(customer.segment);
    for (std::size_t k = 0; k < out.size(); ++k) {
        Order& order = out[k];
        order.customer = customer.id;
        order.number = static_cast<std::uint32_t>(k + 1);
        Rng rng = Rng::keyed(world.settings.seed, Stream::order, customer.id, order.number);
        order.ship_country = rng.chance(0.03) ? static_cast<std::uint8_t>(rng.below(country_count())) : customer.country;
        draw_lines(world, profile, order, rng);
        draw_money(world, order, rng);
        draw_flow(world, order, rng);
        draw_returns(world, order, rng);
    }
}

void append_order_code(std::string& out, std::uint32_t customer, std::uint32_t number) {
    out += 'O';
    append_padded(out, customer, 8);
    out += '-';
    append_padded(out, number, 3);
}

}  // namespace ecom::demo
