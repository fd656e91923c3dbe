// A software prefetch: asks the processor to start loading a cache line that will be needed soon.
#pragma once

namespace ecom {

// Starts loading the cache line holding `address` into the caches, without waiting (a hint: it never
// faults and changes nothing, so any address may be passed).
inline void prefetch(const void* address) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    // An asm statement rather than __builtin_prefetch: GCC 12 drops a __builtin_prefetch whose address is
    // computed from a loaded value (a slot's entry position), which is the case this is for.
    asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(address)));
#else
    __builtin_prefetch(address);
#endif
}

}  // namespace ecom
