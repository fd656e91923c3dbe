// Placing the campaigns in the period and indexing them by day.
#include "core/demo/campaigns.hpp"

#include "core/demo/calendar.hpp"
#include "core/demo/text.hpp"

#include <algorithm>
#include <cstdlib>

namespace ecom::demo {

namespace {

const char* const themes_by_month[12] = {
    "New Year Kickoff", "Winter Clearance", "Spring Preview", "Spring Refresh", "Mother's Day Gifts", "Summer Kickoff",
    "Midsummer Sale", "Back to School", "Autumn Essentials", "Halloween Specials", "Singles Day", "Holiday Gifts"};
const char* const channels[] = {"email", "paid_search", "social", "display", "affiliate", "influencer"};
constexpr double channel_cost[] = {0.3, 1.4, 1.0, 0.8, 0.6, 1.2};
constexpr std::uint32_t channel_count = sizeof channels / sizeof channels[0];

// Moves the campaign starting nearest to each Black Friday of the period onto it.
void place_black_fridays(std::vector<Campaign>& campaigns, const Settings& settings) {
    const std::int64_t first = settings.start_day, last = settings.start_day + settings.days - 1;
    for (int year = civil_from_days(first).year; year <= civil_from_days(last).year; ++year) {
        const std::int64_t friday = black_friday(year);
        if (friday < first || friday > last) continue;
        auto nearest = std::min_element(campaigns.begin(), campaigns.end(), [&](const Campaign& a, const Campaign& b) {
            return std::llabs(a.first_day - friday) < std::llabs(b.first_day - friday);
        });
        nearest->first_day = std::max(first, friday - 1);
        nearest->last_day = std::min(last, friday + 3);
        nearest->theme = "Black Friday";
        nearest->channel = 0;
        nearest->discount = 0.25;
    }
}

// Numbers the campaigns sharing a theme and year so that names stay distinct.
void number_editions(std::vector<Campaign>& campaigns) {
    for (std::size_t i = 0; i < campaigns.size(); ++i) {
        campaigns[i].edition = 1;
        for (std::size_t j = 0; j < i; ++j)
            if (std::string(campaigns[j].theme) == campaigns[i].theme &&
                civil_from_days(campaigns[j].first_day).year == civil_from_days(campaigns[i].first_day).year)
                ++campaigns[i].edition;
    }
}

}  // namespace

Campaigns::Campaigns(const Settings& settings) : active_(static_cast<std::size_t>(settings.days), 0) {
    const std::int64_t last = settings.start_day + settings.days - 1;
    for (std::uint32_t i = 0; i < count; ++i) {
        Rng rng = Rng::keyed(settings.seed, Stream::campaign, i);
        Campaign campaign{};
        campaign.id = i + 1;
        campaign.first_day = settings.start_day +
                             static_cast<std::int64_t>((i + rng.uniform(0.1, 0.7)) * settings.days / count);
        campaign.last_day = std::min(last, campaign.first_day + rng.between(6, 20));
        campaign.theme = themes_by_month[civil_from_days(campaign.first_day).month - 1];
        campaign.channel = static_cast<std::uint8_t>(rng.below(channel_count));
        campaign.discount = 0.05 * static_cast<double>(rng.between(1, 4));
        campaigns_.push_back(campaign);
    }
    place_black_fridays(campaigns_, settings);
    number_editions(campaigns_);
    for (Campaign& campaign : campaigns_) {
        Rng rng = Rng::keyed(settings.seed, Stream::campaign, campaign.id, 1);
        const double daily_budget = (30.0 + 0.05 * settings.customers) * channel_cost[campaign.channel] *
                                    rng.uniform(0.6, 1.4);
        campaign.spend = static_cast<std::int64_t>(daily_budget * 100.0) * (campaign.last_day - campaign.first_day + 1);
        for (std::int64_t day = campaign.first_day; day <= campaign.last_day; ++day)
            active_[static_cast<std::size_t>(day - settings.start_day)] |= static_cast<std::uint16_t>(1u << (campaign.id - 1));
    }
}

int Campaigns::active_count(std::int64_t day_index) const {
    return __builtin_popcount(active_[static_cast<std::size_t>(day_index)]);
}

int Campaigns::pick_active(std::int64_t day_index, Rng& rng) const {
    unsigned mask = active_[static_cast<std::size_t>(day_index)];
    const int running = __builtin_popcount(mask);
    if (running == 0) return -1;
    for (auto skip = rng.below(static_cast<std::uint64_t>(running)); skip > 0; --skip) mask &= mask - 1;
    return __builtin_ctz(mask);
}

void Campaigns::append_code(std::string& out, std::uint32_t index) {
    out += "CMP-";
    append_padded(out, index + 1, 2);
}

void Campaigns::append_name(std::string& out, const Campaign& campaign) {
    out += campaign.theme;
    out += ' ';
    append_int(out, civil_from_days(campaign.first_day).year);
    if (campaign.edition > 1) {
        out += " #";
        append_int(out, campaign.edition);
    }
}

const char* Campaigns::channel_name(const Campaign& campaign) {
    return channels[campaign.channel];
}

}  // namespace ecom::demo
