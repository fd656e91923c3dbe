// The partial sort R's stl() uses to find the median absolute residual of its robustness weights.
#pragma once
#include <vector>

namespace ecom::loess {

// Rearranges a in place by quickselect with median-of-three pivots (Singleton's algorithm, ACM 347) so
// that the 1-based positions listed hold the values a full sort would put there, provided positions is
// ascending. R's stl() passes its two middle positions in descending order, which can leave one of them
// unsorted; this reproduces that behaviour exactly because R's robustness weights depend on it.
void singleton_partial_sort(std::vector<double>& a, const std::vector<int>& positions);

}  // namespace ecom::loess
