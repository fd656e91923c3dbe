// The product catalogue: categories, SKUs with Zipf-like popularity, costs, margins and price history.
#pragma once
#include "core/demo/alias_table.hpp"
#include "core/demo/rng.hpp"
#include "core/demo/settings.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ecom::demo {

// A product category: typical price, gross margin and how often its goods come back.
struct Category {
    const char* name;
    double median_price;
    double margin;
    double return_factor;  // relative return propensity (1 = average)
    const char* nouns[4];
    const char* brands[4];
};

// One received version of a product's commercial terms (a row of stg_products).
struct ProductVersion {
    std::int64_t at;     // updated_at
    std::int64_t price;  // cents
    std::int64_t cost;   // cents
    bool active;
};

// A SKU: naming parts, the versions of its terms in time order, and when it stops being sold.
struct Product {
    std::uint16_t category, brand, noun, adjective, colour;
    std::uint8_t version_count;
    ProductVersion versions[5];
    std::int64_t discontinued_at;
};

// The whole catalogue of one simulation (a pure function of the settings).
class Catalogue {
public:
    static constexpr std::uint32_t sku_count = 1000;
    static constexpr double zipf_exponent = 1.0;

    explicit Catalogue(const Settings& settings);
    const Product& product(std::uint32_t sku) const { return products_[sku]; }
    const Category& category_of(std::uint32_t sku) const;
    static std::uint32_t category_count();
    // A SKU drawn by popularity among those still sold at time t.
    std::uint32_t sample(Rng& rng, std::int64_t t) const;
    // The price (cents) of a SKU at time t.
    std::int64_t price_at(std::uint32_t sku, std::int64_t t) const;
    // Appends the SKU code (SKU-00042).
    static void append_code(std::string& out, std::uint32_t sku);
    // Appends the display name of a SKU.
    void append_name(std::string& out, std::uint32_t sku) const;
    // Appends the brand of a SKU.
    void append_brand(std::string& out, std::uint32_t sku) const;
private:
    std::vector<Product> products_;
    std::vector<std::uint32_t> rank_;
    AliasTable popularity_;
};

}  // namespace ecom::demo
