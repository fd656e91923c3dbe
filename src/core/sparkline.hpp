// Unicode sparklines: a series drawn as one line of block characters for terminals.
#pragma once
#include <string>
#include <vector>

namespace ecom {

// Draws `values` with the eight blocks U+2581..U+2588 scaled between their minimum and maximum;
// NaN draws a space, and a constant series draws its middle block.
std::string sparkline(const std::vector<double>& values);

}  // namespace ecom
