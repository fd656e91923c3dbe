// The table of countries, regions and cities.
#include "core/demo/geography.hpp"

namespace ecom::demo {

namespace {

constexpr Country countries[] = {
    {"US", 0.34, 0.07, {{"California", "Los Angeles"}, {"New York", "New York"}, {"Texas", "Austin"}, {"Illinois", "Chicago"}}},
    {"GB", 0.10, 0.20, {{"England", "London"}, {"England", "Manchester"}, {"Scotland", "Edinburgh"}, {"Wales", "Cardiff"}}},
    {"DE", 0.10, 0.19, {{"Bavaria", "Munich"}, {"Berlin", "Berlin"}, {"Hamburg", "Hamburg"}, {"Hesse", "Frankfurt"}}},
    {"FR", 0.08, 0.20, {{"Ile-de-France", "Paris"}, {"Auvergne-Rhone-Alpes", "Lyon"}, {"Occitanie", "Toulouse"}, {"Provence-Alpes-Cote d'Azur", "Marseille"}}},
    {"CA", 0.07, 0.13, {{"Ontario", "Toronto"}, {"Quebec", "Montreal"}, {"British Columbia", "Vancouver"}, {"Alberta", "Calgary"}}},
    {"AU", 0.05, 0.10, {{"New South Wales", "Sydney"}, {"Victoria", "Melbourne"}, {"Queensland", "Brisbane"}, {"Western Australia", "Perth"}}},
    {"NL", 0.04, 0.21, {{"North Holland", "Amsterdam"}, {"South Holland", "Rotterdam"}, {"Utrecht", "Utrecht"}, {"North Brabant", "Eindhoven"}}},
    {"ES", 0.05, 0.21, {{"Madrid", "Madrid"}, {"Catalonia", "Barcelona"}, {"Valencia", "Valencia"}, {"Andalusia", "Seville"}}},
    {"IT", 0.05, 0.22, {{"Lazio", "Rome"}, {"Lombardy", "Milan"}, {"Campania", "Naples"}, {"Piedmont", "Turin"}}},
    {"SE", 0.03, 0.25, {{"Stockholm", "Stockholm"}, {"Vastra Gotaland", "Gothenburg"}, {"Skane", "Malmo"}, {"Uppsala", "Uppsala"}}},
    {"JP", 0.05, 0.10, {{"Tokyo", "Tokyo"}, {"Osaka", "Osaka"}, {"Kanagawa", "Yokohama"}, {"Aichi", "Nagoya"}}},
    {"BR", 0.04, 0.17, {{"Sao Paulo", "Sao Paulo"}, {"Rio de Janeiro", "Rio de Janeiro"}, {"Minas Gerais", "Belo Horizonte"}, {"Bahia", "Salvador"}}},
};
constexpr std::uint32_t total = sizeof countries / sizeof countries[0];

// The shares laid out as a plain array.
struct Shares {
    double values[total];
};
constexpr Shares shares = [] {
    Shares result{};
    for (std::uint32_t i = 0; i < total; ++i) result.values[i] = countries[i].share;
    return result;
}();

}  // namespace

std::uint32_t country_count() {
    return total;
}

const Country& country(std::uint32_t index) {
    return countries[index];
}

const double* country_shares() {
    return shares.values;
}

}  // namespace ecom::demo
