// The stg_events stream: per customer the session of each order and the browsing before it, then the
// anonymous sessions day by day.
#include "core/demo/calendar.hpp"
#include "core/demo/sessions.hpp"
#include "core/demo/streams.hpp"
#include "core/demo/text.hpp"

namespace ecom::demo {

namespace {

class EventStream final : public PerCustomerStream {
public:
    explicit EventStream(const World& world) : PerCustomerStream(world, Table::events) {}
private:
    void emit_customer(const Customer& customer, const std::vector<Order>& orders) override {
        for (const Order& order : orders) {
            order_session(world_, order, session_);
            emit_session(&order);
            const std::uint32_t browsing = browse_session_count(world_, order);
            for (std::uint32_t k = 0; k < browsing; ++k) {
                browse_session(world_, customer, order, k, session_);
                emit_session(nullptr);
            }
        }
    }
    bool produce_after_customers() override {
        if (day_ == world_.settings.days) return false;
        const std::uint32_t sessions = anonymous_session_count(world_, day_);
        for (std::uint32_t k = 0; k < sessions; ++k) {
            anonymous_session(world_, day_, k, session_);
            emit_session(nullptr);
        }
        ++day_;
        return true;
    }
    // Emits the events of session_; `order` is the order a purchase event carries.
    void emit_session(const Order* order) {
        code_.clear();
        append_session_code(code_, world_, session_);
        std::uint32_t sequence = 0;
        for (const Event& event : session_.events) {
            std::string& id = row_.set(0);
            id += code_;
            id += ':';
            append_int(id, ++sequence);
            row_.set(1) = code_;
            if (session_.kind == SessionKind::anonymous)
                row_.set_null(2);
            else
                append_customer_code(row_.set(2), session_.owner);
            append_timestamp(row_.set(3), event.ts);
            row_.set(4) = event_type_name(event.type);
            if (event.sku < 0)
                row_.set_null(5);
            else
                Catalogue::append_code(row_.set(5), static_cast<std::uint32_t>(event.sku));
            if (session_.campaign < 0)
                row_.set_null(6);
            else
                Campaigns::append_code(row_.set(6), static_cast<std::uint32_t>(session_.campaign));
            if (event.type == EventType::purchase && order != nullptr)
                append_order_code(row_.set(7), order->customer, order->number);
            else
                row_.set_null(7);
            emit(event.ts + session_.ingest_lag);
        }
    }
    Session session_;
    std::string code_;
    std::int64_t day_ = 0;
};

}  // namespace

std::unique_ptr<TableStream> make_event_stream(const World& world) {
    return std::make_unique<EventStream>(world);
}

}  // namespace ecom::demo
