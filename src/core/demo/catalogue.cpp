// Building the catalogue: categories, names, popularity ranks and the price history of every SKU.
#include "core/demo/catalogue.hpp"

#include "core/demo/text.hpp"

#include <algorithm>
#include <cmath>

namespace ecom::demo {

namespace {

const Category categories[] = {
    {"Apparel", 35, 0.55, 2.0, {"T-Shirt", "Hoodie", "Jeans", "Jacket"}, {"Northwind", "Urban Thread", "Kestrel", "Lumen"}},
    {"Footwear", 80, 0.45, 1.8, {"Running Shoe", "Sneaker", "Boot", "Sandal"}, {"Stridewell", "Kestrel", "Tarn", "Pacer"}},
    {"Electronics", 150, 0.20, 0.8, {"Headphones", "Speaker", "Smartwatch", "Charger"}, {"Voltix", "Sonica", "Arclight", "Nimbus"}},
    {"Home & Kitchen", 45, 0.40, 0.7, {"Knife Set", "Coffee Maker", "Blender", "Cookware Set"}, {"Hearthly", "Copperleaf", "Mesa", "Brightway"}},
    {"Beauty", 25, 0.60, 0.5, {"Serum", "Moisturizer", "Shampoo", "Lipstick"}, {"Velvetine", "Aurora", "Purecrest", "Maison Lys"}},
    {"Sports & Outdoors", 60, 0.38, 0.9, {"Yoga Mat", "Tent", "Backpack", "Water Bottle"}, {"Summit", "Trailhead", "Kestrel", "Ridgeline"}},
    {"Toys & Games", 30, 0.42, 0.6, {"Puzzle", "Board Game", "Building Set", "Plush Toy"}, {"Playforge", "Tumble", "Brickworks", "Wonderly"}},
    {"Books", 18, 0.30, 0.3, {"Novel", "Cookbook", "Travel Guide", "Notebook"}, {"Inkwell Press", "Harbor Books", "Quill", "Lantern"}},
    {"Garden", 40, 0.40, 0.6, {"Planter", "Hose", "Pruner", "Seed Kit"}, {"Greenfold", "Bloomfield", "Terra", "Sprout"}},
    {"Pet Supplies", 28, 0.40, 0.5, {"Dog Bed", "Cat Tree", "Leash", "Pet Bowl"}, {"Pawsome", "Whisker", "Tailwind", "Barkley"}},
    {"Furniture", 220, 0.35, 1.2, {"Desk", "Office Chair", "Bookshelf", "Side Table"}, {"Oakhaven", "Nordform", "Loft", "Linden"}},
    {"Jewelry & Watches", 90, 0.55, 1.0, {"Necklace", "Watch", "Bracelet", "Earrings"}, {"Lustre", "Meridian", "Gildwood", "Orla"}},
};
constexpr std::uint32_t category_total = sizeof categories / sizeof categories[0];

const char* const adjectives[] = {"Classic", "Pro", "Essential", "Premium", "Eco",
                                  "Compact", "Deluxe", "Everyday", "Ultra", "Signature"};
const char* const colours[] = {"Black", "White", "Navy", "Grey", "Red", "Green", "Blue", "Sand"};

// A price in cents snapped to a .99 ending.
std::int64_t retail_price(double dollars) {
    return std::max<std::int64_t>(99, static_cast<std::int64_t>(std::floor(dollars)) * 100 + 99);
}

// Draws the versions of a SKU's terms: the listing before the period, then price changes inside it,
// and for a few tail SKUs a final inactive version (discontinued).
void draw_versions(Product& product, const Category& category, std::uint32_t rank, const Settings& settings,
                   Rng& rng) {
    const std::int64_t start = settings.start(), length = settings.end() - settings.start();
    std::int64_t price = retail_price(category.median_price * std::exp(0.45 * rng.normal()));
    const double margin = std::clamp(category.margin + rng.uniform(-0.08, 0.08), 0.05, 0.9);
    std::int64_t cost = std::llround(static_cast<double>(price) * (1.0 - margin));
    product.versions[0] = {start - rng.between(seconds_per_day, 540 * seconds_per_day), price, cost, true};
    const double u = rng.uniform();
    const int changes = u < 0.45 ? 0 : u < 0.75 ? 1 : u < 0.92 ? 2 : 3;
    std::int64_t at[3];
    for (int i = 0; i < changes; ++i) at[i] = start + rng.between(0, length - 1);
    std::sort(at, at + changes);
    int count = 1;
    for (int i = 0; i < changes; ++i) {
        price = retail_price(static_cast<double>(price) / 100.0 * rng.uniform(0.85, 1.15));
        cost = std::min(std::llround(static_cast<double>(cost) * rng.uniform(0.97, 1.06)),
                        std::llround(static_cast<double>(price) * 0.95));  // markdowns stay above cost
        product.versions[count++] = {at[i], price, cost, true};
    }
    product.discontinued_at = forever;
    if (rank >= Catalogue::sku_count / 2 && rng.chance(0.04)) {
        const std::int64_t when = std::max(start + rng.between(0, length - 1), product.versions[count - 1].at + 1);
        product.versions[count++] = {when, price, cost, false};
        product.discontinued_at = when;
    }
    product.version_count = static_cast<std::uint8_t>(count);
}

// Zipf weights over popularity ranks, laid out by SKU.
std::vector<double> zipf_weights(const std::vector<std::uint32_t>& rank) {
    std::vector<double> weights(rank.size());
    for (std::size_t sku = 0; sku < rank.size(); ++sku)
        weights[sku] = std::pow(static_cast<double>(rank[sku]) + 1.0, -Catalogue::zipf_exponent);
    return weights;
}

// A random permutation of popularity ranks (Fisher-Yates on the catalogue stream).
std::vector<std::uint32_t> shuffled_ranks(const Settings& settings) {
    std::vector<std::uint32_t> rank(Catalogue::sku_count);
    for (std::uint32_t i = 0; i < rank.size(); ++i) rank[i] = i;
    Rng rng = Rng::keyed(settings.seed, Stream::catalogue, 0);
    for (std::uint32_t i = Catalogue::sku_count - 1; i > 0; --i) std::swap(rank[i], rank[rng.below(i + 1)]);
    return rank;
}

}  // namespace

Catalogue::Catalogue(const Settings& settings)
    : products_(sku_count), rank_(shuffled_ranks(settings)), popularity_(zipf_weights(rank_)) {
    for (std::uint32_t sku = 0; sku < sku_count; ++sku) {
        Rng rng = Rng::keyed(settings.seed, Stream::product, sku);
        Product& product = products_[sku];
        product.category = static_cast<std::uint16_t>(sku % category_total);
        product.brand = static_cast<std::uint16_t>(rng.below(4));
        product.noun = static_cast<std::uint16_t>(rng.below(4));
        product.adjective = static_cast<std::uint16_t>(rng.below(sizeof adjectives / sizeof adjectives[0]));
        product.colour = static_cast<std::uint16_t>(rng.below(sizeof colours / sizeof colours[0]));
        draw_versions(product, categories[product.category], rank_[sku], settings, rng);
    }
}

const Category& Catalogue::category_of(std::uint32_t sku) const {
    return categories[products_[sku].category];
}

std::uint32_t Catalogue::category_count() {
    return category_total;
}

std::uint32_t Catalogue::sample(Rng& rng, std::int64_t t) const {
    std::uint32_t sku = popularity_.sample(rng);
    for (int attempt = 0; attempt < 8 && products_[sku].discontinued_at <= t; ++attempt)
        sku = popularity_.sample(rng);
    return sku;
}

std::int64_t Catalogue::price_at(std::uint32_t sku, std::int64_t t) const {
    const Product& product = products_[sku];
    std::int64_t price = product.versions[0].price;
    for (int i = 1; i < product.version_count && product.versions[i].at <= t; ++i) price = product.versions[i].price;
    return price;
}

void Catalogue::append_code(std::string& out, std::uint32_t sku) {
    out += "SKU-";
    append_padded(out, sku + 1, 5);
}

void Catalogue::append_name(std::string& out, std::uint32_t sku) const {
    const Product& product = products_[sku];
    const Category& category = categories[product.category];
    out += category.brands[product.brand];
    out += ' ';
    out += adjectives[product.adjective];
    out += ' ';
    out += category.nouns[product.noun];
    out += ", ";
    out += colours[product.colour];
}

void Catalogue::append_brand(std::string& out, std::uint32_t sku) const {
    out += categories[products_[sku].category].brands[products_[sku].brand];
}

}  // namespace ecom::demo
