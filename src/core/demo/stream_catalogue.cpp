// The reference-data streams: stg_campaigns (one row per campaign) and stg_products (one row per
// version of a SKU's terms: the listing, each price change, a discontinuation).
#include "core/demo/calendar.hpp"
#include "core/demo/streams.hpp"
#include "core/demo/text.hpp"

namespace ecom::demo {

namespace {

// stg_campaigns: each campaign lands after it ended, with its final spend.
class CampaignStream final : public TableStream {
public:
    explicit CampaignStream(const World& world) : TableStream(world, Table::campaigns) {}
private:
    bool produce() override {
        if (done_) return false;
        for (const Campaign& campaign : world_.campaigns.all()) {
            Rng rng = Rng::keyed(world_.settings.seed, Stream::campaign, campaign.id, 2);
            Campaigns::append_code(row_.set(0), campaign.id - 1);
            Campaigns::append_name(row_.set(1), campaign);
            row_.set(2) = Campaigns::channel_name(campaign);
            append_date(row_.set(3), campaign.first_day);
            append_date(row_.set(4), campaign.last_day);
            append_money(row_.set(5), campaign.spend);
            row_.set(6) = "USD";
            emit((campaign.last_day + 1) * seconds_per_day + rng.between(seconds_per_hour, 6 * seconds_per_hour));
        }
        done_ = true;
        return true;
    }
    bool done_ = false;
};

// stg_products: the versions of one SKU per unit of work.
class ProductStream final : public TableStream {
public:
    explicit ProductStream(const World& world) : TableStream(world, Table::products) {}
private:
    bool produce() override {
        if (sku_ == Catalogue::sku_count) return false;
        const Catalogue& catalogue = world_.catalogue;
        const Product& product = catalogue.product(sku_);
        for (int v = 0; v < product.version_count; ++v) {
            const ProductVersion& version = product.versions[v];
            Rng rng = Rng::keyed(world_.settings.seed, Stream::product, sku_, static_cast<std::uint64_t>(v) + 1);
            Catalogue::append_code(row_.set(0), sku_);
            catalogue.append_name(row_.set(1), sku_);
            row_.set(2) = catalogue.category_of(sku_).name;
            catalogue.append_brand(row_.set(3), sku_);
            append_money(row_.set(4), version.price);
            append_money(row_.set(5), version.cost);
            row_.set(6) = "USD";
            row_.set(7) = version.active ? "true" : "false";
            append_timestamp(row_.set(8), version.at);
            emit(version.at + rng.between(60, 4 * seconds_per_hour));
        }
        ++sku_;
        return true;
    }
    std::uint32_t sku_ = 0;
};

}  // namespace

std::unique_ptr<TableStream> make_campaign_stream(const World& world) {
    return std::make_unique<CampaignStream>(world);
}

std::unique_ptr<TableStream> make_product_stream(const World& world) {
    return std::make_unique<ProductStream>(world);
}

}  // namespace ecom::demo
