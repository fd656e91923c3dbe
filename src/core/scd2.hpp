// SCD type 2 merge: observations of dimension keys (attribute values from an effective time on, possibly
// out of order, duplicated or late) -> the minimal version history of each key.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ecom::scd2 {

// One observation: from `effective_from` on, `key` has the attributes `attributes` (compared byte for byte).
// `effective_from` is any monotone time code (PostgreSQL passes microseconds since 2000-01-01).
struct Observation {
    std::string key;
    std::int64_t effective_from = 0;
    std::string attributes;
};

// One version of a key: attributes valid on [valid_from, valid_to); valid_to empty = current (open-ended).
// `source` is the position, in the input, of the observation whose attributes the version carries
// (the first observation of the run of identical values).
struct Version {
    std::string key;
    std::int64_t valid_from = 0;
    std::optional<std::int64_t> valid_to;
    std::size_t source = 0;
};

// The minimal history: versions sorted by key then valid_from. Two observations of one key at the same
// time: the later one in the input wins. Consecutive identical attributes collapse into one version;
// the valid_to of a version is the valid_from of the next; each key's last version is open-ended.
// Merging the output again with any subset of the same observations gives the same output (idempotent),
// and an observation of one key never changes another key's history.
std::vector<Version> merge(const std::vector<Observation>& observations);

}  // namespace ecom::scd2
