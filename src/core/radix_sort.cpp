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

}  // namespace

std::uint64_t orderable_key(double x) noexcept {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const std::uint64_t sign = std::uint64_t{1} << 63;
    return (bits & sign) != 0 ? ~bits : bits | sign;
}

void radix_sort(KeyedIndex* items, std::size_t count, std::vector<KeyedIndex>& scratch) {
    std::vector<std::array<std::size_t, buckets>> histograms(passes);
    for (auto& histogram : histograms) histogram.fill(0);
    for (std::size_t i = 0; i < count; ++i)
        for (int pass = 0; pass < passes; ++pass) ++histograms[pass][digit(items[i].key, pass)];
    scratch.resize(std::max(scratch.size(), count));
    KeyedIndex* from = items;
    KeyedIndex* to = scratch.data();
    for (int pass = 0; pass < passes; ++pass) {
        auto& histogram = histograms[pass];
        if (count == 0 || histogram[digit(items[0].key, pass)] == count) continue;  // one digit value: nothing moves
        poll_interrupts();
        std::size_t start = 0;
        for (auto& bucket : histogram) {
            const std::size_t size = bucket;
            bucket = start;
            start += size;
        }
        for (std::size_t i = 0; i < count; ++i) to[histogram[digit(from[i].key, pass)]++] = from[i];
        std::swap(from, to);
    }
    if (from != items) std::copy(from, from + count, items);
}

}  // namespace ecom
