// Where customers live: countries with their regions, cities, tax rates and share of the customer base.
#pragma once
#include <cstdint>

namespace ecom::demo {

// A region (state, province) and one of its cities.
struct Place {
    const char* region;
    const char* city;
};

// A country the shop sells to; the shop ships from the first one (domestic).
struct Country {
    const char* code;  // ISO 3166-1 alpha-2
    double share;      // share of customers
    double tax_rate;   // sales tax or VAT charged on the net amount
    Place places[4];
};

// Number of countries in the table.
std::uint32_t country_count();

// A country by index (0 is the shop's home country).
const Country& country(std::uint32_t index);

// The customer shares of all countries, in index order (for weighted draws).
const double* country_shares();

}  // namespace ecom::demo
