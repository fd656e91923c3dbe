// The stg_inventory stream: first a pass over all orders to count units per SKU and day, then the
// daily snapshots of one SKU per unit of work.
#include "core/cancel.hpp"
#include "core/demo/calendar.hpp"
#include "core/demo/inventory.hpp"
#include "core/demo/streams.hpp"
#include "core/demo/text.hpp"

#include <optional>

namespace ecom::demo {

namespace {

class InventoryStream final : public TableStream {
public:
    explicit InventoryStream(const World& world) : TableStream(world, Table::inventory) {}
private:
    bool produce() override {
        if (!units_) count_units();
        if (sku_ == Catalogue::sku_count) return false;
        simulate_stock(world_, sku_, *units_, snapshots_);
        Rng rng = Rng::keyed(world_.settings.seed, Stream::inventory, sku_, 1);
        for (const Snapshot& snapshot : snapshots_) {
            Catalogue::append_code(row_.set(0), sku_);
            append_date(row_.set(1), snapshot.day);
            append_int(row_.set(2), snapshot.on_hand);
            append_int(row_.set(3), snapshot.allocated);
            append_int(row_.set(4), snapshot.reorder_point);
            emit((snapshot.day + 1) * seconds_per_day + rng.between(seconds_per_hour, 3 * seconds_per_hour));
        }
        ++sku_;
        return true;
    }
    // Regenerates every order to count the units sold per SKU and day.
    void count_units() {
        units_.emplace(world_);
        std::vector<Order> orders;
        for (std::uint32_t id = 1; id <= world_.settings.customers; ++id) {
            if (id % 256 == 0) poll_interrupts();
            orders_of(world_, make_customer(world_.settings, world_.demand, id), orders);
            for (const Order& order : orders) units_->add(order);
        }
    }
    std::optional<DailyUnits> units_;
    std::vector<Snapshot> snapshots_;
    std::uint32_t sku_ = 0;
};

}  // namespace

std::unique_ptr<TableStream> make_inventory_stream(const World& world) {
    return std::make_unique<InventoryStream>(world);
}

}  // namespace ecom::demo
