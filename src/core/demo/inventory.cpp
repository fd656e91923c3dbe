// Accumulating daily units and simulating stock levels with reordering.
#include "core/demo/inventory.hpp"

#include <algorithm>
#include <cmath>

namespace ecom::demo {

DailyUnits::DailyUnits(const World& world)
    : start_(world.settings.start()),
      days_(world.settings.days),
      units_(static_cast<std::size_t>(days_) * Catalogue::sku_count, 0) {}

void DailyUnits::add(const Order& order) {
    if (order.status == OrderStatus::cancelled) return;
    const std::int64_t day = (order.created - start_) / seconds_per_day;
    for (int i = 0; i < order.line_count; ++i)
        units_[static_cast<std::size_t>(order.lines[i].sku) * days_ + day] += order.lines[i].quantity;
}

void simulate_stock(const World& world, std::uint32_t sku, const DailyUnits& units, std::vector<Snapshot>& out) {
    out.clear();
    Rng rng = Rng::keyed(world.settings.seed, Stream::inventory, sku);
    const std::int32_t* sold = units.of_sku(sku);
    std::int64_t total = 0;
    for (std::int64_t d = 0; d < units.days(); ++d) total += sold[d];
    const double per_day = static_cast<double>(total) / static_cast<double>(units.days());
    const std::int64_t lead_time = rng.between(4, 14);
    const double lead_demand = per_day * static_cast<double>(lead_time);
    const auto reorder_point = std::max<std::int64_t>(3, std::llround(std::ceil(lead_demand + 1.65 * std::sqrt(lead_demand))));
    const auto reorder_quantity = std::max<std::int64_t>(12, std::llround(std::ceil(per_day * static_cast<double>(rng.between(20, 40)))));
    std::int64_t on_hand = reorder_point + std::llround(static_cast<double>(reorder_quantity) * rng.uniform(0.3, 1.0));
    std::int64_t arrival = -1;  // day index when the open purchase order arrives
    const std::int64_t discontinued = world.catalogue.product(sku).discontinued_at;
    for (std::int64_t d = 0; d < units.days(); ++d) {
        if (d == arrival) {
            on_hand += reorder_quantity;
            arrival = -1;
        }
        on_hand = std::max<std::int64_t>(0, on_hand - sold[d]);
        const auto allocated = std::min<std::int64_t>(on_hand, std::llround(sold[d] * rng.uniform(0.2, 0.5)));
        const std::int64_t day = world.settings.start_day + d;
        const bool still_sold = discontinued == forever || day * seconds_per_day < discontinued;
        if (arrival < 0 && on_hand <= reorder_point && still_sold)
            arrival = d + lead_time * (rng.chance(0.1) ? 2 : 1);
        out.push_back({day, on_hand, allocated, reorder_point});
    }
}

}  // namespace ecom::demo
