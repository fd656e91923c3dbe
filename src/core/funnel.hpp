// Window funnel: the deepest step of an ordered chain of conditions reached within a time window, with
// ClickHouse's modes (strict_deduplication, strict_order, strict_increase). Mergeable across workers.
#pragma once
#include <cstdint>
#include <memory_resource>
#include <string_view>
#include <vector>

namespace ecom::funnel {

constexpr int max_steps = 32;

// Modes, combinable as bits.
enum Mode : unsigned {
    strict_deduplication = 1,  // a step repeating one already reached stops the scan
    strict_order = 2,          // an event out of order (or matching no step) stops the scan
    strict_increase = 4,       // each step must be strictly later than the step before it
};

// Parses a comma-separated list of mode names (spaces allowed, '' for none); throws InvalidArgument.
unsigned parse_modes(std::string_view text);

// The events of one group (a user, a session) and the funnel's settings.
class Events {
public:
    explicit Events(std::pmr::memory_resource* memory = std::pmr::get_default_resource());
    // Sets window (microseconds), step count and modes from the first row; later rows must repeat them.
    // Throws InvalidArgument for a negative window or a step count outside 1..32.
    void configure(std::int64_t window, int steps, unsigned modes);
    // Adds a row at time `ts` whose true conditions are the bits of `matched` (bit 0 = step 1).
    void add(std::int64_t ts, std::uint32_t matched);
    // Merges the events of another partial state (parallel workers).
    void merge(const Events& other);
    // The deepest step reached (0..steps). Sorts the events by (time, step), so rows may come in any order.
    int deepest();
    // The versioned binary form.
    std::vector<char> serialize() const;
    // Replaces these events by the encoded ones; throws CorruptData for anything malformed.
    void deserialize(const char* data, std::size_t size);

    bool configured() const noexcept { return steps_ != 0; }

private:
    std::pmr::vector<std::int64_t> times_;
    std::pmr::vector<std::uint8_t> steps_of_;  // 1..steps, or 0 for a row matching no step (strict_order)
    std::int64_t window_ = 0;
    int steps_ = 0;  // 0 until configured
    unsigned modes_ = 0;
};

}  // namespace ecom::funnel
