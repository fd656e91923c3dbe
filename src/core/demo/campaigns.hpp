// Marketing campaigns: about one a month, with a channel, dates, spend and the discount they grant;
// a Black Friday campaign covers Black Friday to Cyber Monday whenever the period contains it.
#pragma once
#include "core/demo/rng.hpp"
#include "core/demo/settings.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ecom::demo {

// One campaign (a row of stg_campaigns).
struct Campaign {
    std::uint32_t id;         // 1-based
    std::int64_t first_day;   // days since 1970-01-01, inclusive
    std::int64_t last_day;    // inclusive
    const char* theme;
    std::uint8_t edition;     // 1 for the first campaign of a theme and year, then 2, 3, ...
    std::uint8_t channel;
    std::int64_t spend;       // cents
    double discount;          // fraction of the order subtotal
};

// The campaigns of one simulation and which run on each day.
class Campaigns {
public:
    static constexpr std::uint32_t count = 12;

    explicit Campaigns(const Settings& settings);
    const std::vector<Campaign>& all() const noexcept { return campaigns_; }
    // How many campaigns run on a day of the period (0-based day index).
    int active_count(std::int64_t day_index) const;
    // The index of one campaign running on that day chosen at random, or -1 when none runs.
    int pick_active(std::int64_t day_index, Rng& rng) const;
    // Appends the campaign code (CMP-07) of a campaign index.
    static void append_code(std::string& out, std::uint32_t index);
    // Appends the display name (theme and year, then #2, #3... for repeated themes).
    static void append_name(std::string& out, const Campaign& campaign);
    // The marketing channel of a campaign.
    static const char* channel_name(const Campaign& campaign);
private:
    std::vector<Campaign> campaigns_;
    std::vector<std::uint16_t> active_;  // per day index: bit i set when campaign i runs
};

}  // namespace ecom::demo
