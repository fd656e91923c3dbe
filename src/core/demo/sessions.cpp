// Generating the events of sessions.
#include "core/demo/sessions.hpp"

#include "core/demo/text.hpp"

#include <algorithm>

namespace ecom::demo {

namespace {

const char* const event_types[] = {"page_view", "add_to_cart", "checkout", "purchase"};
constexpr double browse_sessions_per_order = 1.0;
constexpr double anonymous_sessions_per_customer_day = 0.01;

// Appends browsing events from `start`: product views, maybe a cart addition, maybe an abandoned checkout.
void browse_events(const World& world, Session& session, std::int64_t start, double cart_chance,
                   double checkout_chance, Rng& rng) {
    std::int64_t t = start;
    const auto views = 1 + rng.poisson(1.5);
    std::int32_t sku = -1;
    for (std::uint64_t i = 0; i < views; ++i) {
        sku = static_cast<std::int32_t>(world.catalogue.sample(rng, t));
        session.events.push_back({t, EventType::page_view, sku});
        t += rng.between(10, 240);
    }
    if (!rng.chance(cart_chance)) return;
    session.events.push_back({t, EventType::add_to_cart, sku});
    t += rng.between(10, 600);
    if (rng.chance(checkout_chance)) session.events.push_back({t, EventType::checkout, -1});
}

}  // namespace

const char* event_type_name(EventType type) {
    return event_types[static_cast<int>(type)];
}

void order_session(const World& world, const Order& order, Session& session) {
    Rng rng = Rng::keyed(world.settings.seed, Stream::session, order.customer, order.number);
    session.kind = SessionKind::order;
    session.owner = order.customer;
    session.number = order.number;
    session.sub = 0;
    session.campaign = order.campaign;
    session.ingest_lag = rng.between(5, 900);
    session.events.clear();
    // Built backwards from the purchase, which happens at the order's created time.
    std::int64_t t = order.created;
    session.events.push_back({t, EventType::purchase, -1});
    t -= rng.between(20, 120);
    session.events.push_back({t, EventType::checkout, -1});
    for (int i = order.line_count - 1; i >= 0; --i) {
        const auto sku = static_cast<std::int32_t>(order.lines[i].sku);
        t -= rng.between(15, 300);
        session.events.push_back({t, EventType::add_to_cart, sku});
        t -= rng.between(20, 240);
        session.events.push_back({t, EventType::page_view, sku});
    }
    for (auto extra = rng.poisson(1.5); extra > 0; --extra) {
        t -= rng.between(15, 240);
        session.events.push_back({t, EventType::page_view, static_cast<std::int32_t>(world.catalogue.sample(rng, t))});
    }
    std::reverse(session.events.begin(), session.events.end());
}

std::uint32_t browse_session_count(const World& world, const Order& order) {
    Rng rng = Rng::keyed(world.settings.seed, Stream::browse, order.customer, order.number);
    return static_cast<std::uint32_t>(rng.poisson(browse_sessions_per_order));
}

void browse_session(const World& world, const Customer& customer, const Order& order, std::uint32_t k,
                    Session& session) {
    Rng rng = Rng::keyed(world.settings.seed, Stream::browse, order.customer, (std::uint64_t{order.number} << 20) + k + 1);
    session.kind = SessionKind::browse;
    session.owner = order.customer;
    session.number = order.number;
    session.sub = k + 1;
    session.ingest_lag = rng.between(5, 900);
    session.events.clear();
    const std::int64_t start = order.created - static_cast<std::int64_t>(rng.exponential(3.0 * seconds_per_day)) -
                               seconds_per_hour;
    const std::int64_t day_index = (start - world.settings.start()) / seconds_per_day;
    session.campaign = -1;
    if (start < world.settings.start() || start < customer.signup_at) return;
    if (rng.chance(0.3)) session.campaign = world.campaigns.pick_active(day_index, rng);
    browse_events(world, session, start, 0.3, 0.25, rng);
}

std::uint32_t anonymous_session_count(const World& world, std::int64_t day_index) {
    Rng rng = Rng::keyed(world.settings.seed, Stream::anonymous, static_cast<std::uint64_t>(day_index));
    return static_cast<std::uint32_t>(
        rng.poisson(anonymous_sessions_per_customer_day * world.settings.customers * world.demand.multiplier(day_index)));
}

void anonymous_session(const World& world, std::int64_t day_index, std::uint32_t k, Session& session) {
    Rng rng = Rng::keyed(world.settings.seed, Stream::anonymous, static_cast<std::uint64_t>(day_index), k + 1);
    session.kind = SessionKind::anonymous;
    session.owner = static_cast<std::uint32_t>(day_index);
    session.number = k + 1;
    session.sub = 0;
    session.ingest_lag = rng.between(5, 900);
    session.events.clear();
    const std::int64_t start = world.settings.start() + day_index * seconds_per_day + DemandCurve::time_of_day(rng);
    session.campaign = rng.chance(0.3) ? world.campaigns.pick_active(day_index, rng) : -1;
    browse_events(world, session, start, 0.2, 0.3, rng);
}

void append_session_code(std::string& out, const World& world, const Session& session) {
    switch (session.kind) {
        case SessionKind::order:
            out += 'S';
            break;
        case SessionKind::browse:
            out += 'B';
            break;
        case SessionKind::anonymous: {
            out += 'A';
            const std::size_t mark = out.size();
            append_date(out, world.settings.start_day + session.owner);
            out.erase(std::remove(out.begin() + static_cast<std::ptrdiff_t>(mark), out.end(), '-'), out.end());
            out += '-';
            append_padded(out, session.number, 5);
            return;
        }
    }
    append_padded(out, session.owner, 8);
    out += '-';
    append_padded(out, session.number, 3);
    if (session.kind == SessionKind::browse) {
        out += '-';
        append_padded(out, session.sub, 1);
    }
}

}  // namespace ecom::demo
