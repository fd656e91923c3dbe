// The faults real feeds have, injected into a fraction of the staged rows (dirty_fraction): missing
// values, malformed numbers and dates, timestamps in the future (a year typo), negative quantities,
// references to unknown customers or SKUs, exact duplicate lines, and orders re-sent later with
// changed fields. Faults are drawn from their own stream, so the clean content never depends on them.
#pragma once
#include "core/demo/rng.hpp"
#include "core/demo/row.hpp"
#include "core/demo/settings.hpp"

#include <array>
#include <cstdint>

namespace ecom::demo {

enum class Fault : std::uint8_t {
    missing_value,
    malformed_number,
    malformed_date,
    future_timestamp,
    negative_quantity,
    orphan_reference,
    duplicate_line,
    reingested_version,
    none
};
constexpr std::size_t fault_kinds = static_cast<std::size_t>(Fault::none);

// The name of a fault kind (as in the documentation).
const char* fault_name(Fault fault);

// Rows affected by each fault kind.
using FaultCounts = std::array<std::uint64_t, fault_kinds>;

// Decides and applies the faults of the rows of one table, in row order.
class FaultInjector {
public:
    // `table` keys the random stream; `versioned` allows re-sent versions (orders).
    FaultInjector(const Settings& settings, std::uint32_t table, const Column* columns, std::size_t count,
                  bool versioned);
    // Picks the fault of the next row (or none) and applies it to the row's values when it is a value
    // fault; duplicate_line and reingested_version are carried out by the caller. Returns what was done.
    Fault corrupt(Row& row);
    const FaultCounts& counts() const noexcept { return counts_; }
private:
    bool applies(Fault fault) const;
    bool mutate(Fault fault, Row& row);
    Rng rng_;
    double fraction_;
    double weights_[fault_kinds];
    bool has_kind_[8];
    FaultCounts counts_{};
};

}  // namespace ecom::demo
