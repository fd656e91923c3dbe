// The canonical order of logistic regression's training rows: by a key made of a hash of the feature bits and
// the label, equal keys by the feature bits. Newton's sums taken in this order give the same bits whatever
// order the rows arrived in; parallel workers sort their own rows, so the leader only merges sorted runs.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ecom::ml {

// The sort key of one row: a 30-bit hash of its feature bits in bits 34-63, its label (0 or 1) in bit 33 and
// zeros below, which the radix sort skips.
std::uint64_t training_key(const double* features, int dim, std::uint8_t label) noexcept;

// Whether the row (key_a, a) comes before the row (key_b, b): by key, then by feature bits.
bool training_before(std::uint64_t key_a, const double* a, std::uint64_t key_b, const double* b, int dim) noexcept;

// Writes `rows` rows (labels, row-major features) to out_labels and out_features in canonical order (the
// features as bytes, so out_features need not be aligned for double).
void sort_training_rows(const std::uint8_t* labels, const double* features, std::size_t rows, int dim,
                        std::uint8_t* out_labels, void* out_features);

}  // namespace ecom::ml
