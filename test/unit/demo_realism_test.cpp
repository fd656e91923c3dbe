// Statistical realism of the demo data: segments, popularity, seasonality, order flow, returns,
// campaigns, price history, inventory and the session funnel.
#include "core/demo/inventory.hpp"
#include "core/demo/orders.hpp"
#include "core/demo/sessions.hpp"
#include "demo_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

using namespace ecom::demo;
using namespace ecom::demo::testing;

namespace {

// One year of a mid-sized shop, shared by the tests of this file.
class DemoRealism : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        world = new World(make_settings(6000, 366, 2024, 0.0));
        orders = new std::vector<std::pair<Customer, Order>>();
        std::vector<Order> batch;
        for (std::uint32_t id = 1; id <= world->settings.customers; ++id) {
            const Customer customer = make_customer(world->settings, world->demand, id);
            orders_of(*world, customer, batch);
            if (batch.empty()) orders->push_back({customer, Order{}});  // marks a customer without orders
            for (const Order& order : batch) orders->push_back({customer, order});
        }
    }
    static void TearDownTestSuite() {
        delete orders;
        delete world;
    }
    // Orders only (skipping the markers of customers without orders).
    template <typename F>
    static void for_each_order(F f) {
        for (const auto& [customer, order] : *orders)
            if (order.number != 0) f(customer, order);
    }
    static World* world;
    static std::vector<std::pair<Customer, Order>>* orders;
};
World* DemoRealism::world = nullptr;
std::vector<std::pair<Customer, Order>>* DemoRealism::orders = nullptr;

}  // namespace

TEST_F(DemoRealism, SegmentsDifferInFrequencyAndBasketSize) {
    double customers[3] = {}, order_count[3] = {}, lines[3] = {};
    std::set<std::uint32_t> seen;
    for (const auto& [customer, order] : *orders) {
        const auto s = static_cast<int>(customer.segment);
        if (seen.insert(customer.id).second) customers[s] += 1;
        if (order.number == 0) continue;
        order_count[s] += 1;
        lines[s] += order.line_count;
    }
    for (int s = 0; s < 3; ++s) ASSERT_GT(customers[s], 100) << s;
    EXPECT_GT(order_count[0] / customers[0], 1.8 * order_count[1] / customers[1]);
    EXPECT_GT(order_count[1] / customers[1], 1.8 * order_count[2] / customers[2]);
    EXPECT_GT(lines[0] / order_count[0], lines[1] / order_count[1]);
    EXPECT_GT(lines[1] / order_count[1], lines[2] / order_count[2]);
}

TEST_F(DemoRealism, SignupsAndCountriesAreSpread) {
    std::set<int> months, countries;
    std::size_t before = 0, total = 0;
    std::set<std::uint32_t> seen;
    for (const auto& [customer, order] : *orders) {
        if (!seen.insert(customer.id).second) continue;
        ++total;
        countries.insert(customer.country);
        if (customer.signup_at < world->settings.start()) ++before;
        else months.insert(civil_from_days(day_of(customer.signup_at)).month);
    }
    EXPECT_EQ(months.size(), 12u);
    EXPECT_GE(countries.size(), 10u);
    EXPECT_NEAR(static_cast<double>(before) / total, 0.4, 0.05);
}

TEST_F(DemoRealism, CatalogueHasManySkusCategoriesAndAZipfHead) {
    EXPECT_GE(Catalogue::sku_count, 1000u);
    EXPECT_GE(Catalogue::category_count(), 10u);
    std::vector<double> units(Catalogue::sku_count, 0.0);
    for_each_order([&](const Customer&, const Order& order) {
        for (int i = 0; i < order.line_count; ++i) units[order.lines[i].sku] += order.lines[i].quantity;
    });
    std::sort(units.rbegin(), units.rend());
    const double total = std::accumulate(units.begin(), units.end(), 0.0);
    const double head = std::accumulate(units.begin(), units.begin() + Catalogue::sku_count / 10, 0.0);
    EXPECT_GT(head / total, 0.55);  // the top 10% of SKUs sell most units
    EXPECT_LT(head / total, 0.85);
    for (std::uint32_t sku = 0; sku < Catalogue::sku_count; ++sku) {
        const Product& product = world->catalogue.product(sku);
        EXPECT_LT(product.versions[0].cost, product.versions[0].price);
        for (int v = 1; v < product.version_count; ++v) EXPECT_GT(product.versions[v].at, product.versions[v - 1].at);
    }
}

TEST_F(DemoRealism, PricesChangeOverTime) {
    std::map<std::string, std::set<std::string>> prices;
    for (const auto& row : table_rows(table_text(*world, Table::products))) prices[row[0]].insert(row[4]);
    EXPECT_EQ(prices.size(), Catalogue::sku_count);
    const auto changed = std::count_if(prices.begin(), prices.end(), [](const auto& p) { return p.second.size() > 1; });
    EXPECT_GT(changed, 300);
}

TEST_F(DemoRealism, DemandHasTrendWeeklyYearlyAndHolidayPeaks) {
    std::vector<double> per_day(static_cast<std::size_t>(world->settings.days), 0.0);
    for_each_order([&](const Customer&, const Order& order) {
        per_day[static_cast<std::size_t>(day_of(order.created) - world->settings.start_day)] += 1;
    });
    const double mean = std::accumulate(per_day.begin(), per_day.end(), 0.0) / per_day.size();
    auto day = [&](int y, int m, int d) { return per_day[static_cast<std::size_t>(days_from_civil(y, m, d) - world->settings.start_day)]; };
    EXPECT_GT(day(2024, 11, 29), 2.0 * mean);  // Black Friday
    EXPECT_GT(day(2024, 12, 2), 1.6 * mean);   // Cyber Monday
    auto month_total = [&](int m) {
        double sum = 0;
        for (int d = 1; d <= 28; ++d) sum += day(2024, m, d);
        return sum;
    };
    EXPECT_GT(month_total(10), 1.15 * month_total(2));  // growth plus season
    EXPECT_GT(month_total(12), month_total(11) * 0.9);
    double sunday = 0, friday = 0;
    for (std::size_t i = 0; i < per_day.size(); ++i) {
        const int w = weekday(world->settings.start_day + static_cast<std::int64_t>(i));
        if (w == 0) sunday += per_day[i];
        if (w == 5) friday += per_day[i];
    }
    EXPECT_GT(sunday, friday * 1.05);
}

TEST_F(DemoRealism, OrderFlowIsConsistentAsOfTheEnd) {
    std::map<OrderStatus, int> statuses;
    double total = 0;
    const std::int64_t end = world->settings.end();
    for_each_order([&](const Customer& customer, const Order& order) {
        ++statuses[order.status];
        total += 1;
        EXPECT_GE(order.created, customer.signup_at);
        EXPECT_LT(order.created, end);
        const std::int64_t flow[] = {order.created, order.paid, order.fulfilled, order.delivered};
        for (int i = 1; i < 4; ++i)
            if (flow[i] != never) {
                EXPECT_GT(flow[i], flow[i - 1]);
            }
        for (const std::int64_t t : {order.paid, order.fulfilled, order.delivered, order.cancelled})
            EXPECT_TRUE(t == never || t < end);
        EXPECT_EQ(order.status == OrderStatus::cancelled, order.cancelled != never);
        EXPECT_EQ(order.status == OrderStatus::delivered, order.delivered != never);
        EXPECT_EQ(order.campaign < 0, order.discount == 0);
    });
    EXPECT_GT(statuses[OrderStatus::delivered] / total, 0.8);
    EXPECT_GT(statuses[OrderStatus::cancelled] / total, 0.02);
    EXPECT_LT(statuses[OrderStatus::cancelled] / total, 0.10);
    EXPECT_GT(statuses[OrderStatus::fulfilled], 0);
    EXPECT_GT(statuses[OrderStatus::paid], 0);
}

TEST_F(DemoRealism, AboutFourPercentOfOrdersAreReturnedMostlyWithin30Days) {
    double total = 0, returned = 0, within = 0, later = 0;
    for_each_order([&](const Customer&, const Order& order) {
        total += 1;
        if (order.return_count == 0) return;
        returned += 1;
        const std::int64_t delay = order.returns[0].returned_at - order.delivered;
        EXPECT_GT(delay, 0);
        (delay <= 30 * seconds_per_day ? within : later) += 1;
        for (int r = 0; r < order.return_count; ++r) {
            const OrderLine& line = order.lines[order.returns[r].line];
            EXPECT_LE(order.returns[r].quantity, line.quantity);
            EXPECT_LE(order.returns[r].amount, line.quantity * line.unit_price);
        }
    });
    EXPECT_NEAR(returned / total, 0.04, 0.008);
    EXPECT_GT(within / returned, 0.75);
    EXPECT_GT(later, 0);
}

TEST_F(DemoRealism, CampaignsHaveSpendAndDriveDiscountedOrders) {
    const auto& campaigns = world->campaigns.all();
    EXPECT_EQ(campaigns.size(), 12u);
    std::vector<int> attributed(campaigns.size(), 0);
    for_each_order([&](const Customer&, const Order& order) {
        if (order.campaign >= 0) ++attributed[static_cast<std::size_t>(order.campaign)];
    });
    for (std::size_t i = 0; i < campaigns.size(); ++i) {
        EXPECT_GT(campaigns[i].spend, 0);
        EXPECT_GT(attributed[i], 0) << i;
    }
    EXPECT_TRUE(std::any_of(campaigns.begin(), campaigns.end(), [](const Campaign& c) {
        return std::string(c.theme) == "Black Friday" && c.first_day == days_from_civil(2024, 11, 28);
    }));
}

TEST_F(DemoRealism, SeveralSkusFallBelowTheirReorderPoint) {
    DailyUnits units(*world);
    for_each_order([&](const Customer&, const Order& order) { units.add(order); });
    std::vector<Snapshot> snapshots;
    int below_at_end = 0, ever_below = 0;
    for (std::uint32_t sku = 0; sku < Catalogue::sku_count; ++sku) {
        simulate_stock(*world, sku, units, snapshots);
        ASSERT_EQ(snapshots.size(), static_cast<std::size_t>(world->settings.days));
        bool below = false;
        for (const Snapshot& s : snapshots) {
            EXPECT_GE(s.on_hand, 0);
            EXPECT_LE(s.allocated, s.on_hand);
            below = below || s.on_hand < s.reorder_point;
        }
        ever_below += below;
        below_at_end += snapshots.back().on_hand < snapshots.back().reorder_point;
    }
    EXPECT_GE(below_at_end, 5);
    EXPECT_GE(ever_below, 50);
}

TEST_F(DemoRealism, PurchaseEventsMatchOrdersOneToOne) {
    const World small(make_settings(800, 120, 99, 0.0));
    std::map<std::string, std::string> created;  // order_id -> created_at
    for (const auto& row : table_rows(table_text(small, Table::orders))) created[row[0]] = row[3];
    std::map<std::string, int> purchases;
    std::map<std::string, std::set<std::string>> funnel;  // session -> event types
    std::size_t anonymous = 0;
    for (const auto& row : table_rows(table_text(small, Table::events))) {
        funnel[row[1]].insert(row[4]);
        if (row[2] == "\\N") ++anonymous;
        if (row[4] != "purchase") {
            EXPECT_EQ(row[7], "\\N");
            continue;
        }
        ++purchases[row[7]];
        ASSERT_EQ(created.count(row[7]), 1u) << row[7];
        EXPECT_EQ(created[row[7]], row[3]);
    }
    EXPECT_EQ(purchases.size(), created.size());
    for (const auto& [order, count] : purchases) EXPECT_EQ(count, 1) << order;
    EXPECT_GT(anonymous, 0u);
    std::size_t abandoned = 0;
    for (const auto& [session, types] : funnel) {
        EXPECT_EQ(types.count("page_view"), 1u) << session;
        abandoned += types.count("add_to_cart") == 1 && types.count("purchase") == 0;
    }
    EXPECT_GT(abandoned, 10u);
}
