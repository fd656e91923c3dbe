// Everything of one simulation that is shared by the table streams: settings, campaigns, demand and
// catalogue (memory O(days + SKUs)); customers and orders are recomputed from ids when needed.
#pragma once
#include "core/demo/campaigns.hpp"
#include "core/demo/catalogue.hpp"
#include "core/demo/demand.hpp"
#include "core/demo/settings.hpp"

namespace ecom::demo {

// The shared model of one simulation.
struct World {
    explicit World(const Settings& s) : settings(s), campaigns(s), demand(s, campaigns), catalogue(s) {}
    Settings settings;
    Campaigns campaigns;
    DemandCurve demand;
    Catalogue catalogue;
};

}  // namespace ecom::demo
