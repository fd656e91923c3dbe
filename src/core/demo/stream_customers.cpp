// The stg_customers stream: one row per customer at signup, and a second version when they move.
#include "core/demo/customers.hpp"
#include "core/demo/geography.hpp"
#include "core/demo/streams.hpp"

namespace ecom::demo {

namespace {

class CustomerStream final : public TableStream {
public:
    explicit CustomerStream(const World& world) : TableStream(world, Table::customers) {}
private:
    bool produce() override {
        if (id_ > world_.settings.customers) return false;
        const Customer customer = make_customer(world_.settings, world_.demand, id_);
        Rng rng = Rng::keyed(world_.settings.seed, Stream::customer, id_, 1);
        write_version(customer, customer.place, customer.signup_at, rng);
        if (customer.moved_at != never) write_version(customer, customer.new_place, customer.moved_at, rng);
        ++id_;
        return true;
    }
    // Emits the profile as it was at `updated_at`.
    void write_version(const Customer& customer, std::uint8_t place, std::int64_t updated_at, Rng& rng) {
        const Country& home = country(customer.country);
        append_customer_code(row_.set(0), customer.id);
        append_email(row_.set(1), customer);
        append_full_name(row_.set(2), customer);
        row_.set(3) = home.code;
        row_.set(4) = home.places[place].region;
        row_.set(5) = home.places[place].city;
        row_.set(6) = segment_profile(customer.segment).name;
        append_timestamp(row_.set(7), customer.signup_at);
        append_timestamp(row_.set(8), updated_at);
        emit(updated_at + rng.between(60, 6 * seconds_per_hour));
    }
    std::uint32_t id_ = 1;
};

}  // namespace

std::unique_ptr<TableStream> make_customer_stream(const World& world) {
    return std::make_unique<CustomerStream>(world);
}

}  // namespace ecom::demo
