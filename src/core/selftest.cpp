#include "core/selftest.hpp"

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/linalg.hpp"
#include "core/math.hpp"

#include <cmath>
#include <new>
#include <stdexcept>

namespace ecom::selftest {

void raise(const std::string& kind) {
    if (kind == "invalid_argument")
        throw InvalidArgument("invalid argument raised on purpose", "This is what a bad argument looks like.");
    if (kind == "out_of_range") throw OutOfRange("value out of range raised on purpose", "Pick a smaller value.");
    if (kind == "bad_alloc") throw std::bad_alloc();
    if (kind == "runtime") throw std::runtime_error("unexpected native failure raised on purpose");
    if (kind == "unknown") throw 42;
    if (kind == "boost") (void)boost::math::tgamma(-1.0);
    if (kind == "eigen") {
        Eigen::MatrixXd a = Eigen::MatrixXd::Zero(2, 3);
        Eigen::MatrixXd b = Eigen::MatrixXd::Zero(2, 3);
        (void)(a * b).eval();
    }
}

double spin(std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    double checksum = 0.0;
    for (long step = 1; std::chrono::steady_clock::now() < deadline; ++step) {
        poll_interrupts();
        for (int i = 0; i < 1000; ++i) checksum += std::sin(static_cast<double>(step + i));
    }
    return checksum;
}

}  // namespace ecom::selftest
