// Constructors of the table streams (one file each); open_table() in tables.cpp dispatches to them.
#pragma once
#include "core/demo/customers.hpp"
#include "core/demo/orders.hpp"
#include "core/demo/tables.hpp"

#include <memory>
#include <vector>

namespace ecom::demo {

// A stream whose unit of work is one customer with their orders (regenerated deterministically).
class PerCustomerStream : public TableStream {
public:
    using TableStream::TableStream;
protected:
    // Emits the rows of one customer and their orders.
    virtual void emit_customer(const Customer& customer, const std::vector<Order>& orders) = 0;
    // Emits what follows the last customer (one unit per call); false when nothing is left.
    virtual bool produce_after_customers() { return false; }
private:
    bool produce() final;
    std::uint32_t id_ = 1;
    std::vector<Order> orders_;
};

std::unique_ptr<TableStream> make_campaign_stream(const World& world);
std::unique_ptr<TableStream> make_product_stream(const World& world);
std::unique_ptr<TableStream> make_customer_stream(const World& world);
std::unique_ptr<TableStream> make_order_stream(const World& world);
std::unique_ptr<TableStream> make_order_item_stream(const World& world);
std::unique_ptr<TableStream> make_return_stream(const World& world);
std::unique_ptr<TableStream> make_event_stream(const World& world);
std::unique_ptr<TableStream> make_inventory_stream(const World& world);

}  // namespace ecom::demo
