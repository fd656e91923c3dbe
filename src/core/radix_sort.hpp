// Stable LSD radix sort of (64-bit key, index) pairs or of bare keys, and the key that orders doubles by value.
#pragma once
#include <cstddef>
#include <cstdint>
#include "core/large_memory.hpp"

namespace ecom {

// An item to sort: its key and the index of what it stands for.
struct KeyedIndex {
    std::uint64_t key;
    std::size_t index;
};

// An unsigned key whose order is the IEEE 754 total order of x: -inf < ... < -0 < +0 < ... < +inf, negative
// NaNs first and positive NaNs last (ordered by payload), so equal keys mean equal bits.
std::uint64_t orderable_key(double x) noexcept;

// Sorts items[0, count) by key, keeping the given order among equal keys (stable). O(count) per pass
// of 11 key bits; passes whose digit is the same in every item are skipped. `scratch` is reused memory.
void radix_sort(KeyedIndex* items, std::size_t count, large_vector<KeyedIndex>& scratch);

// Sorts bare keys[0, count) the same way (half the memory traffic of KeyedIndex items).
void radix_sort(std::uint64_t* keys, std::size_t count, large_vector<std::uint64_t>& scratch);

}  // namespace ecom
