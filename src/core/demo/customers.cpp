// Drawing customer profiles.
#include "core/demo/customers.hpp"

#include "core/demo/alias_table.hpp"
#include "core/demo/geography.hpp"
#include "core/demo/text.hpp"

#include <cctype>

namespace ecom::demo {

namespace {

constexpr SegmentProfile segments[] = {
    {"vip", 0.05, 10.0, 0.03, 3.2, 0.35},
    {"regular", 0.35, 3.5, 0.08, 2.1, 0.20},
    {"occasional", 0.60, 1.2, 0.25, 1.5, 0.12},
};

const char* const first_names[] = {
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Elena", "Sofia", "Mateo", "Hannah", "Leon",
    "Chloe", "Hugo", "Amelia", "Oscar", "Yuki", "Haruto", "Ana", "Pedro", "Freya", "Erik", "Isla", "Jack",
    "Giulia", "Marco", "Lena", "Felix", "Zoe", "Samuel", "Nora", "Arjun"};
const char* const last_names[] = {
    "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Martin", "Bernard", "Muller", "Schmidt",
    "Rossi", "Bianchi", "Lopez", "Fernandez", "Silva", "Santos", "Tanaka", "Sato", "Andersson", "Nilsson",
    "Jansen", "de Vries", "Taylor", "Wilson", "Thomas", "Moreau", "Weber", "Wagner", "Campbell", "Evans",
    "O'Brien", "Kowalski"};
const char* const domains[] = {"example.com", "example.net", "example.org", "mail.example.com"};

template <typename T, std::size_t N>
constexpr std::uint64_t length(const T (&)[N]) {
    return N;
}

// Appends a name lower-cased, keeping only letters (for e-mail addresses).
void append_lower_letters(std::string& out, const char* name) {
    for (; *name != '\0'; ++name)
        if (std::isalpha(static_cast<unsigned char>(*name))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(*name)));
}

}  // namespace

const SegmentProfile& segment_profile(Segment segment) {
    return segments[static_cast<int>(segment)];
}

Customer make_customer(const Settings& settings, const DemandCurve& demand, std::uint32_t id) {
    Rng rng = Rng::keyed(settings.seed, Stream::customer, id);
    Customer customer{};
    customer.id = id;
    const double u = rng.uniform();
    customer.segment = u < segments[0].share ? Segment::vip
                       : u < segments[0].share + segments[1].share ? Segment::regular
                                                                    : Segment::occasional;
    const SegmentProfile& profile = segment_profile(customer.segment);
    if (rng.chance(0.4)) {
        customer.signup_at = settings.start() - rng.between(1, 730 * seconds_per_day);
    } else {
        const std::int64_t day = demand.day_at(rng.uniform() * demand.total());
        customer.signup_at = settings.start() + day * seconds_per_day + DemandCurve::time_of_day(rng);
    }
    customer.rate = profile.orders_per_year / 365.0 * rng.gamma(2.0) / 2.0;
    customer.churn = profile.churn;
    customer.country = static_cast<std::uint8_t>(pick_weighted(rng, country_shares(), country_count()));
    customer.place = static_cast<std::uint8_t>(rng.below(4));
    customer.first_name = static_cast<std::uint8_t>(rng.below(length(first_names)));
    customer.last_name = static_cast<std::uint8_t>(rng.below(length(last_names)));
    customer.domain = static_cast<std::uint8_t>(rng.below(length(domains)));
    customer.moved_at = never;
    if (rng.chance(0.06)) {
        const std::int64_t moved = customer.signup_at + rng.between(30, 400) * seconds_per_day;
        if (moved < settings.end()) {
            customer.moved_at = moved;
            customer.new_place = static_cast<std::uint8_t>((customer.place + 1 + rng.below(3)) % 4);
        }
    }
    return customer;
}

void append_customer_code(std::string& out, std::uint32_t id) {
    out += 'C';
    append_padded(out, id, 8);
}

void append_full_name(std::string& out, const Customer& customer) {
    out += first_names[customer.first_name];
    out += ' ';
    out += last_names[customer.last_name];
}

void append_email(std::string& out, const Customer& customer) {
    append_lower_letters(out, first_names[customer.first_name]);
    out += '.';
    append_lower_letters(out, last_names[customer.last_name]);
    append_int(out, customer.id);
    out += '@';
    out += domains[customer.domain];
}

}  // namespace ecom::demo
