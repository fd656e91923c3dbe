// Window funnel scan (after ClickHouse's windowFunnel semantics; see docs/funnel.md) and its encoding.
#include "core/funnel.hpp"

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/serial.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace ecom::funnel {

namespace {

constexpr std::uint32_t format_tag = 0x4e554645;  // "EFUN"
constexpr std::uint16_t format_version = 1;
constexpr unsigned all_modes = strict_deduplication | strict_order | strict_increase;
constexpr std::size_t initial_capacity = 8;  // events a group's vectors start with

// Removes leading and trailing spaces.
std::string_view trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

// The first and latest time of a chain that has reached some step.
struct Chain {
    bool reached = false;
    std::int64_t start = 0;
    std::int64_t last = 0;
};

// One row's time and step, as deepest() orders them.
struct Event {
    std::int64_t ts;
    std::uint8_t step;
};

// Validates settings, shared by configure() and deserialize().
void check_settings(std::int64_t window, int steps) {
    if (window < 0)
        throw InvalidArgument("window_funnel window must not be negative",
                              "Pass a window of zero or more, for example interval '1 hour'.");
    if (steps < 1 || steps > max_steps)
        throw InvalidArgument("window_funnel takes 1 to 32 steps, got " + std::to_string(steps),
                              "Split a longer funnel into several funnels of at most 32 steps.");
}

}  // namespace

unsigned parse_modes(std::string_view text) {
    unsigned modes = 0;
    if (trimmed(text).empty()) return modes;
    for (std::size_t from = 0;;) {
        const std::size_t comma = text.find(',', from);
        const std::string_view name = trimmed(text.substr(from, comma == std::string_view::npos ? comma : comma - from));
        if (name == "strict_deduplication") modes |= strict_deduplication;
        else if (name == "strict_order") modes |= strict_order;
        else if (name == "strict_increase") modes |= strict_increase;
        else
            throw InvalidArgument("unknown window_funnel mode \"" + std::string(name) + "\"",
                                  "Use strict_deduplication, strict_order and strict_increase, comma-separated.");
        if (comma == std::string_view::npos) return modes;
        from = comma + 1;
    }
}

Events::Events(std::pmr::memory_resource* memory) : times_(memory), steps_of_(memory) {}

void Events::configure(std::int64_t window, int steps, unsigned modes) {
    if (steps_ == 0) {
        check_settings(window, steps);
        window_ = window;
        steps_ = steps;
        modes_ = modes;
        return;
    }
    if (window != window_ || steps != steps_ || modes != modes_)
        throw InvalidArgument("window_funnel window, mode and number of steps must be the same for every row",
                              "Pass constants for the window and the mode, and the same list of steps.");
}

void Events::add(std::int64_t ts, std::uint32_t matched) {
    if (times_.empty()) {  // most groups have a few rows: skip the first doublings of the vectors
        times_.reserve(initial_capacity);
        steps_of_.reserve(initial_capacity);
    }
    if (matched == 0 && (modes_ & strict_order) != 0) {
        times_.push_back(ts);
        steps_of_.push_back(0);
    }
    for (int step = 1; matched != 0; ++step, matched >>= 1) {
        if ((matched & 1U) == 0) continue;
        times_.push_back(ts);
        steps_of_.push_back(static_cast<std::uint8_t>(step));
    }
}

void Events::merge(const Events& other) {
    if (other.configured()) configure(other.window_, other.steps_, other.modes_);
    times_.insert(times_.end(), other.times_.begin(), other.times_.end());
    steps_of_.insert(steps_of_.end(), other.steps_of_.begin(), other.steps_of_.end());
}

int Events::deepest() {
    const std::size_t n = times_.size();
    std::vector<Event> events(n);
    for (std::size_t i = 0; i < n; ++i) events[i] = {times_[i], steps_of_[i]};
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.ts != b.ts ? a.ts < b.ts : a.step < b.step;
    });
    std::array<Chain, max_steps> chains{};
    // The deepest step reached so far.
    auto reached_depth = [&] {
        int depth = 0;
        for (int k = steps_; k > 0 && depth == 0; --k)
            if (chains[k - 1].reached) depth = k;
        return depth;
    };
    bool started = false;
    for (std::size_t i = 0; i < n; ++i) {
        if ((i & 0xFFFF) == 0) poll_interrupts();
        const std::int64_t ts = events[i].ts;
        const int step = events[i].step;
        if (step == 0) {  // a row matching no step (strict_order only)
            if (started) break;
            continue;
        }
        const int k = step - 1;
        if (k == 0) {  // step 1 (re)starts a chain
            chains[0] = {true, ts, ts};
            started = true;
        } else if ((modes_ & strict_deduplication) != 0 && chains[k].reached) {
            break;
        } else if ((modes_ & strict_order) != 0 && started && !chains[k - 1].reached) {
            break;
        } else if (chains[k - 1].reached) {
            const Chain& before = chains[k - 1];
            std::int64_t elapsed = 0;
            const bool in_window = !__builtin_sub_overflow(ts, before.start, &elapsed) && elapsed <= window_;
            const bool increasing = (modes_ & strict_increase) == 0 || before.last < ts;
            if (in_window && increasing) {
                chains[k] = {true, before.start, ts};
                if (step == steps_) break;
            }
        }
    }
    return reached_depth();
}

std::vector<char> Events::serialize() const {
    serial::Writer writer(format_tag, format_version);
    writer.put(window_);
    writer.put(static_cast<std::uint8_t>(steps_));
    writer.put(static_cast<std::uint8_t>(modes_));
    writer.put_array(times_.data(), times_.size());
    writer.put_array(steps_of_.data(), steps_of_.size());
    return writer.bytes();
}

void Events::deserialize(const char* data, std::size_t size) {
    serial::Reader reader(data, size, format_tag, format_version);
    const auto window = reader.get<std::int64_t>();
    const int steps = reader.get<std::uint8_t>();
    const unsigned modes = reader.get<std::uint8_t>();
    reader.get_array<std::int64_t>(times_);
    reader.get_array<std::uint8_t>(steps_of_);
    reader.finish();
    const auto corrupt = [](const char* what) {
        return CorruptData(std::string("window_funnel state is corrupt: ") + what,
                           "The value was not produced by ecom.window_funnel.");
    };
    if (window < 0 || steps < 1 || steps > max_steps || (modes & ~all_modes) != 0) throw corrupt("bad settings");
    if (times_.size() != steps_of_.size()) throw corrupt("mismatched arrays");
    const int lowest = (modes & strict_order) != 0 ? 0 : 1;
    for (std::uint8_t step : steps_of_)
        if (step < lowest || step > steps) throw corrupt("step out of range");
    window_ = window;
    steps_ = steps;
    modes_ = modes;
}

}  // namespace ecom::funnel
