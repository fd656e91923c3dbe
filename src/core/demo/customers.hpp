// Customers: segment (VIP / regular / occasional) with its buying frequency, basket size and churn,
// a signup time spread over the period (following demand, so acquisition grows), where they live,
// and sometimes a later profile change (moved to another city).
#pragma once
#include "core/demo/demand.hpp"
#include "core/demo/settings.hpp"

#include <cstdint>
#include <string>

namespace ecom::demo {

enum class Segment : std::uint8_t { vip, regular, occasional };

// How a segment buys.
struct SegmentProfile {
    const char* name;
    double share;            // of customers
    double orders_per_year;  // mean purchase rate at demand multiplier 1
    double churn;            // probability of lapsing after each order
    double basket_lines;     // mean distinct products per order
    double bulk;             // probability that a line has more than one unit
};

// The profile of a segment.
const SegmentProfile& segment_profile(Segment segment);

// One customer, a pure function of (seed, id).
struct Customer {
    std::uint32_t id;  // 1-based
    Segment segment;
    std::int64_t signup_at;
    double rate;   // orders per multiplier-day
    double churn;
    std::uint8_t country, place, first_name, last_name, domain;
    std::int64_t moved_at;  // `never` when the profile never changes
    std::uint8_t new_place;
};

// The customer with the given id (1..settings.customers).
Customer make_customer(const Settings& settings, const DemandCurve& demand, std::uint32_t id);

// Appends the customer code (C00000042) of an id.
void append_customer_code(std::string& out, std::uint32_t id);

// Appends the full name of a customer.
void append_full_name(std::string& out, const Customer& customer);

// Appends the e-mail address of a customer.
void append_email(std::string& out, const Customer& customer);

}  // namespace ecom::demo
