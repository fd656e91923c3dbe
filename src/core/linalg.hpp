// The only door to Eigen: its assertions throw instead of aborting the server process.
#pragma once
#include <stdexcept>

#ifdef eigen_assert
#error "include core/linalg.hpp before any Eigen header"
#endif
#define eigen_assert(condition) \
    do { if (!(condition)) throw std::logic_error("Eigen assertion failed: " #condition); } while (0)

#include <Eigen/Dense>
