#include "core/radix_sort.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/cancel.hpp"

namespace ecom {

namespace {

constexpr int digit_bits = 11;
constexpr std::size_t buckets = std::size_t{1} << digit_bits;
constexpr int passes = (64 + digit_bits - 1) / digit_bits;

// Digit `pass` (least significant first) of a key.
std::size_t digit(std::uint64_t key, int pass) noexcept {
    return static_cast<std::size_t>(key >> (pass * digit_bits)) & (buckets - 1);
}

// The stable LSD radix sort of items by key_of(item), shared by both item types.
template <class Item, class KeyOf>
void sort_by_digits(Item* items, std::size_t count, large_vector<Item>& scratch, KeyOf key_of) {
    std::vector<std::array<std::size_t, buckets>> histograms(passes);
    for (auto& histogram : histograms) histogram.fill(0);
    for (std::size_t i = 0; i < count; ++i)
        for (int pass = 0; pass < passes; ++pass) ++histograms[pass][digit(key_of(items[i]), pass)];
    scratch.resize(std::max(scratch.size(), count));
    Item* from = items;
    Item* to = scratch.data();
    for (int pass = 0; pass < passes; ++pass) {
        auto& histogram = histograms[pass];
        if (count == 0 || histogram[digit(key_of(items[0]), pass)] == count) continue;  // one digit value: nothing moves
        poll_interrupts();
        std::size_t start = 0;
        for (auto& bucket : histogram) {
            const std::size_t size = bucket;
            bucket = start;
            start += size;
        }
        for (std::size_t i = 0; i < count; ++i) to[histogram[digit(key_of(from[i]), pass)]++] = from[i];
        std::swap(from, to);
    }
    if (from != items) std::copy(from, from + count, items);
}

}  // namespace

std::uint64_t orderable_key(double x) noexcept {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const std::uint64_t sign = std::uint64_t{1} << 63;
    return (bits & sign) != 0 ? ~bits : bits | sign;
}

void radix_sort(KeyedIndex* items, std::size_t count, large_vector<KeyedIndex>& scratch) {
    sort_by_digits(items, count, scratch, [](const KeyedIndex& item) { return item.key; });
}

void radix_sort(std::uint64_t* keys, std::size_t count, large_vector<std::uint64_t>& scratch) {
    sort_by_digits(keys, count, scratch, [](std::uint64_t key) { return key; });
}

}  // namespace ecom
