// The order in which k-means sees its rows, which depends only on the set of rows (not on the order they
// arrived in), so that serial and parallel plans fit the same sequence and give the same bits.
#pragma once
#include <cstddef>
#include <vector>

namespace ecom::ml {

// The permutation that sorts n rows of dim row-major values lexicographically, each column in the IEEE 754
// total order (ecom::orderable_key). Rows that compare equal have identical bits, so their relative order
// does not matter.
std::vector<std::size_t> canonical_row_order(const double* values, std::size_t n, int dim);

}  // namespace ecom::ml
