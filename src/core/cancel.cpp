#include "core/cancel.hpp"

namespace ecom {

namespace detail {
InterruptProbe interrupt_probe = nullptr;
}

void set_interrupt_probe(InterruptProbe probe) noexcept { detail::interrupt_probe = probe; }

}  // namespace ecom
