// Choosing faults and rewriting values into their faulty forms.
#include "core/demo/faults.hpp"

#include "core/demo/alias_table.hpp"
#include "core/demo/text.hpp"

#include <algorithm>

namespace ecom::demo {

namespace {

const char* const fault_names[] = {"missing_value", "malformed_number", "malformed_date", "future_timestamp",
                                   "negative_quantity", "orphan_reference", "duplicate_line", "reingested_version"};
constexpr double fault_weights[] = {3.0, 2.0, 1.5, 0.5, 1.0, 1.0, 1.5, 2.0};

// The column kinds a fault rewrites.
bool targets(Fault fault, ColumnKind kind) {
    switch (fault) {
        case Fault::missing_value: return kind != ColumnKind::key;
        case Fault::malformed_number: return kind == ColumnKind::number || kind == ColumnKind::quantity;
        case Fault::malformed_date:
        case Fault::future_timestamp: return kind == ColumnKind::timestamp || kind == ColumnKind::date;
        case Fault::negative_quantity: return kind == ColumnKind::quantity;
        case Fault::orphan_reference: return kind == ColumnKind::customer_ref || kind == ColumnKind::sku_ref;
        default: return false;
    }
}

// A number as a careless export writes it.
void malform_number(std::string& value, Rng& rng) {
    switch (rng.below(5)) {
        case 0:
            if (auto dot = value.find('.'); dot != std::string::npos) value[dot] = ',';
            else value += ",0";
            break;
        case 1: value = "N/A"; break;
        case 2: value += ".5.0"; break;
        case 3: value.insert(0, "USD "); break;
        default: value = "#VALUE!"; break;
    }
}

// A date or timestamp as a careless export writes it.
void malform_date(std::string& value, Rng& rng) {
    switch (rng.below(4)) {
        case 0:  // day/month/year order
            value = value.substr(8, 2) + "/" + value.substr(5, 2) + "/" + value.substr(0, 4) + value.substr(10);
            break;
        case 1: value.replace(5, 5, "13-45"); break;  // impossible month and day
        case 2: value = "0000-00-00"; break;
        default: value = "not a date"; break;
    }
}

// The year of a date or timestamp pushed 100 years ahead (a typo: 2024 -> 2124).
void add_century(std::string& value) {
    int year = std::stoi(value.substr(0, 4)) + 100;
    for (int i = 3; i >= 0; --i, year /= 10) value[static_cast<std::size_t>(i)] = static_cast<char>('0' + year % 10);
}

// A reference to an entity that does not exist (ids far beyond any generated one).
void orphan(std::string& value, ColumnKind kind, Rng& rng) {
    value.clear();
    if (kind == ColumnKind::customer_ref) {
        value += "C9";
        append_padded(value, rng.below(10'000'000), 7);
    } else {
        value += "SKU-9";
        append_padded(value, rng.below(10'000), 4);
    }
}

}  // namespace

const char* fault_name(Fault fault) {
    return fault_names[static_cast<int>(fault)];
}

FaultInjector::FaultInjector(const Settings& settings, std::uint32_t table, const Column* columns, std::size_t count,
                             bool versioned)
    : rng_(Rng::keyed(settings.seed, Stream::fault, table)), fraction_(settings.dirty_fraction), has_kind_{} {
    for (std::size_t i = 0; i < count; ++i) has_kind_[static_cast<int>(columns[i].kind)] = true;
    for (std::size_t f = 0; f < fault_kinds; ++f) {
        const auto fault = static_cast<Fault>(f);
        const bool usable = fault == Fault::duplicate_line || (fault == Fault::reingested_version && versioned) ||
                            applies(fault);
        weights_[f] = usable ? fault_weights[f] : 0.0;
    }
}

bool FaultInjector::applies(Fault fault) const {
    for (int kind = 0; kind < 8; ++kind)
        if (has_kind_[kind] && targets(fault, static_cast<ColumnKind>(kind))) return true;
    return false;
}

Fault FaultInjector::corrupt(Row& row) {
    if (fraction_ <= 0.0 || rng_.uniform() >= fraction_) return Fault::none;
    const auto fault = static_cast<Fault>(pick_weighted(rng_, weights_, fault_kinds));
    if (fault != Fault::duplicate_line && fault != Fault::reingested_version && !mutate(fault, row)) return Fault::none;
    ++counts_[static_cast<std::size_t>(fault)];
    return fault;
}

bool FaultInjector::mutate(Fault fault, Row& row) {
    std::size_t candidates[16];
    std::size_t count = 0;
    for (std::size_t i = 0; i < row.size() && count < 16; ++i)
        if (!row.is_null(i) && targets(fault, row.kind(i))) candidates[count++] = i;
    if (count == 0) return false;
    const std::size_t column = candidates[rng_.below(count)];
    std::string& value = row.edit(column);
    switch (fault) {
        case Fault::missing_value: row.set_null(column); break;
        case Fault::malformed_number: malform_number(value, rng_); break;
        case Fault::malformed_date: malform_date(value, rng_); break;
        case Fault::future_timestamp: add_century(value); break;
        case Fault::negative_quantity: value = value == "0" ? "-1" : "-" + value; break;
        case Fault::orphan_reference: orphan(value, row.kind(column), rng_); break;
        default: return false;
    }
    return true;
}

}  // namespace ecom::demo
