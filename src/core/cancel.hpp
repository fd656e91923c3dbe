// Cooperative cancellation: long native loops poll the host's interrupt flag and unwind by exception.
#pragma once
#include <exception>

namespace ecom {

// Thrown by poll_interrupts() when the host asked the current computation to stop.
class Cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "native computation cancelled"; }
};

// A function the host installs that says whether the running statement must stop.
using InterruptProbe = bool (*)();

namespace detail {
extern InterruptProbe interrupt_probe;
}

// Installs the host's probe (the PostgreSQL glue installs one reading the backend's interrupt flags).
void set_interrupt_probe(InterruptProbe probe) noexcept;

// Throws Cancelled when the host asked to stop; cheap enough to call once per loop iteration.
inline void poll_interrupts() {
    if (detail::interrupt_probe != nullptr && detail::interrupt_probe()) throw Cancelled();
}

}  // namespace ecom
