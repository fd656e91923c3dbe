#include "core/ml/training_order.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/prefetch.hpp"
#include "core/radix_sort.hpp"

namespace ecom::ml {

std::uint64_t training_key(const double* features, int dim, std::uint8_t label) noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15u;
    for (int j = 0; j < dim; ++j) {
        std::uint64_t bits;
        std::memcpy(&bits, &features[j], sizeof bits);
        h = (h ^ bits) * 0xbf58476d1ce4e5b9u;
        h = (h ^ (h >> 31)) * 0x94d049bb133111ebu;
    }
    return (h >> 34) << 34 | std::uint64_t{label} << 33;
}

bool training_before(std::uint64_t key_a, const double* a, std::uint64_t key_b, const double* b, int dim) noexcept {
    if (key_a != key_b) return key_a < key_b;
    return std::memcmp(a, b, sizeof(double) * static_cast<std::size_t>(dim)) < 0;
}

void sort_training_rows(const std::uint8_t* labels, const double* features, std::size_t rows, int dim,
                        std::uint8_t* out_labels, void* out_features) {
    const auto width = static_cast<std::size_t>(dim);
    std::vector<KeyedIndex> order(rows);
    for (std::size_t i = 0; i < rows; ++i) order[i] = {training_key(features + i * width, dim, labels[i]), i};
    large_vector<KeyedIndex> scratch;
    radix_sort(order.data(), rows, scratch);  // bits 0-32 are zero: the sort makes 3 passes, not 6
    const auto before = [&](const KeyedIndex& a, const KeyedIndex& b) {
        return training_before(a.key, features + a.index * width, b.key, features + b.index * width, dim);
    };
    for (std::size_t start = 0; start < rows;) {
        std::size_t end = start + 1;
        while (end < rows && order[end].key == order[start].key) ++end;
        if (end - start > 1) std::sort(order.begin() + static_cast<std::ptrdiff_t>(start),
                                       order.begin() + static_cast<std::ptrdiff_t>(end), before);
        start = end;
    }
    constexpr std::size_t prefetch_distance = 16;  // rows ahead whose features are asked for
    for (std::size_t i = 0; i < rows; ++i) {
        if (i + prefetch_distance < rows) prefetch(features + order[i + prefetch_distance].index * width);
        std::memcpy(static_cast<char*>(out_features) + i * width * sizeof(double), features + order[i].index * width,
                    sizeof(double) * width);
        out_labels[i] = labels[order[i].index];
    }
}

}  // namespace ecom::ml
