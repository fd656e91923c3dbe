// Retention flags: accumulation, merge and encoding.
#include "core/retention.hpp"

#include "core/errors.hpp"
#include "core/serial.hpp"

#include <string>

namespace ecom::retention {

namespace {

constexpr std::uint32_t format_tag = 0x54455245;  // "ERET"
constexpr std::uint16_t format_version = 1;

// The bits that conditions 1..count may use.
std::uint32_t mask_of(int count) {
    return count >= 32 ? 0xFFFFFFFFU : (1U << count) - 1U;
}

}  // namespace

void Flags::add(int conditions, std::uint32_t matched) {
    if (conditions < 1 || conditions > max_conditions)
        throw InvalidArgument("retention takes 1 to 32 conditions, got " + std::to_string(conditions),
                              "Split the conditions into several calls of at most 32.");
    if (conditions_ != 0 && conditions != conditions_)
        throw InvalidArgument("retention must get the same number of conditions on every row",
                              "Pass the same list of conditions for every row.");
    conditions_ = conditions;
    seen_ |= matched & mask_of(conditions);
}

void Flags::merge(const Flags& other) {
    if (other.conditions_ == 0) return;
    add(other.conditions_, other.seen_);
}

std::vector<bool> Flags::result() const {
    std::vector<bool> result(static_cast<std::size_t>(conditions_));
    const bool first = (seen_ & 1U) != 0;
    for (int i = 0; i < conditions_; ++i) result[i] = first && ((seen_ >> i) & 1U) != 0;
    return result;
}

std::vector<char> Flags::serialize() const {
    serial::Writer writer(format_tag, format_version);
    writer.put(static_cast<std::uint8_t>(conditions_));
    writer.put(seen_);
    return writer.bytes();
}

void Flags::deserialize(const char* data, std::size_t size) {
    serial::Reader reader(data, size, format_tag, format_version);
    const int conditions = reader.get<std::uint8_t>();
    const auto seen = reader.get<std::uint32_t>();
    reader.finish();
    if (conditions > max_conditions || (seen & ~mask_of(conditions)) != 0)
        throw CorruptData("retention state is corrupt", "The value was not produced by ecom.retention.");
    conditions_ = conditions;
    seen_ = seen;
}

}  // namespace ecom::retention
