// Daily inventory: units sold per SKU and day (from the orders), and a stock simulation per SKU with a
// reorder point, reorder quantity and supplier lead time (sometimes late), so SKUs dip below their
// reorder point while a purchase order is on its way and best sellers run out around peaks.
#pragma once
#include "core/demo/orders.hpp"
#include "core/demo/world.hpp"

#include <cstdint>
#include <vector>

namespace ecom::demo {

// Units ordered per SKU and day of the period (cancelled orders excluded); SKU-major layout.
class DailyUnits {
public:
    explicit DailyUnits(const World& world);
    // Adds the lines of an order.
    void add(const Order& order);
    // The units of a SKU per day index (days() values).
    const std::int32_t* of_sku(std::uint32_t sku) const { return &units_[static_cast<std::size_t>(sku) * days_]; }
    std::int64_t days() const noexcept { return days_; }
private:
    std::int64_t start_;
    std::int64_t days_;
    std::vector<std::int32_t> units_;
};

// One daily snapshot (a row of stg_inventory).
struct Snapshot {
    std::int64_t day;  // days since 1970-01-01
    std::int64_t on_hand, allocated, reorder_point;
};

// Simulates the stock of one SKU over the period from its daily units (reuses `out`).
void simulate_stock(const World& world, std::uint32_t sku, const DailyUnits& units, std::vector<Snapshot>& out);

}  // namespace ecom::demo
