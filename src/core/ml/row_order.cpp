#include "core/ml/row_order.hpp"

#include <algorithm>
#include <cstdint>

#include "core/radix_sort.hpp"

namespace ecom::ml {

namespace {

// Ranges shorter than this are sorted by comparison, longer ones by radix sort of one column at a time.
constexpr std::size_t radix_threshold = 64;

// Rows of dim row-major values.
struct RowTable {
    const double* values;
    int columns;
    // The sort key of column c of row i.
    std::uint64_t key(std::size_t i, int c) const noexcept {
        return orderable_key(values[i * static_cast<std::size_t>(columns) + c]);
    }
};

// Sorts items[0, count), whose columns before `column` are all equal, by columns column..columns-1.
void sort_from_column(const RowTable& table, KeyedIndex* items, std::size_t count, int column,
                      large_vector<KeyedIndex>& scratch) {
    if (count < radix_threshold) {
        std::sort(items, items + count, [&](const KeyedIndex& a, const KeyedIndex& b) {
            for (int c = column; c < table.columns; ++c) {
                const std::uint64_t x = table.key(a.index, c), y = table.key(b.index, c);
                if (x != y) return x < y;
            }
            return false;
        });
        return;
    }
    for (std::size_t i = 0; i < count; ++i) items[i].key = table.key(items[i].index, column);
    radix_sort(items, count, scratch);
    if (column + 1 == table.columns) return;
    for (std::size_t start = 0; start < count;) {
        std::size_t end = start + 1;
        while (end < count && items[end].key == items[start].key) ++end;
        if (end - start > 1) sort_from_column(table, items + start, end - start, column + 1, scratch);
        start = end;
    }
}

}  // namespace

std::vector<std::size_t> canonical_row_order(const double* values, std::size_t n, int dim) {
    const RowTable table{values, dim};
    std::vector<KeyedIndex> items(n);
    for (std::size_t i = 0; i < n; ++i) items[i] = {0, i};
    large_vector<KeyedIndex> scratch;
    if (table.columns > 0) sort_from_column(table, items.data(), n, 0, scratch);
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = items[i].index;
    return order;
}

}  // namespace ecom::ml
