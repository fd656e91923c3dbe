// Deliberate failures and busy work used to verify the error boundary and cancellation.
#pragma once
#include <chrono>
#include <string>

namespace ecom::selftest {

// Throws the C++ error named by `kind` (invalid_argument, out_of_range, bad_alloc, runtime, unknown,
// boost, eigen); returns normally for any other kind.
void raise(const std::string& kind);

// Busy numeric work for `duration`, polling for cancellation; returns a checksum of the work done.
double spin(std::chrono::milliseconds duration);

}  // namespace ecom::selftest
