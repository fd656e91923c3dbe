// Storefront sessions: the funnel page_view -> add_to_cart -> checkout -> purchase. Every order has
// the session that placed it (its purchase event carries the order and happens at its created time);
// customers also browse without buying, and anonymous visitors browse and abandon carts.
#pragma once
#include "core/demo/orders.hpp"
#include "core/demo/world.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ecom::demo {

enum class EventType : std::uint8_t { page_view, add_to_cart, checkout, purchase };

// The text of an event type.
const char* event_type_name(EventType type);

// One event of a session.
struct Event {
    std::int64_t ts;
    EventType type;
    std::int32_t sku;  // -1 for checkout and purchase
};

// What a session belongs to; with the numbers below it makes the session code.
enum class SessionKind : std::uint8_t { order, browse, anonymous };

// One session with its events in time order.
struct Session {
    SessionKind kind;
    std::uint32_t owner;    // customer id (order, browse) or day index (anonymous)
    std::uint32_t number;   // order number (order, browse) or session number of the day (anonymous)
    std::uint32_t sub;      // browse session number around the order
    std::int32_t campaign;  // -1 when not attributed
    std::int64_t ingest_lag;
    std::vector<Event> events;
};

// The session that placed an order.
void order_session(const World& world, const Order& order, Session& session);

// How many browsing sessions the customer had before this order.
std::uint32_t browse_session_count(const World& world, const Order& order);

// The k-th browsing session before an order (may be empty when it would fall before the period).
void browse_session(const World& world, const Customer& customer, const Order& order, std::uint32_t k,
                    Session& session);

// How many anonymous sessions a day of the period has.
std::uint32_t anonymous_session_count(const World& world, std::int64_t day_index);

// The k-th anonymous session of a day.
void anonymous_session(const World& world, std::int64_t day_index, std::uint32_t k, Session& session);

// Appends the session code: S<customer>-<order>, B<customer>-<order>-<k> or A<date>-<k>.
void append_session_code(std::string& out, const World& world, const Session& session);

}  // namespace ecom::demo
