// Large buffers that are cheap to touch the first time: blocks of several megabytes are offered to the
// kernel for transparent huge pages, so filling them takes one page fault per 2 MB instead of one per 4 kB
// (on virtual machines a fault can cost ten microseconds or more).
#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace ecom {

// Blocks from this size on are advised for huge pages.
constexpr std::size_t large_block_bytes = std::size_t{4} << 20;

// Asks the kernel to back the 2 MB-aligned part of [memory, memory + bytes) with transparent huge pages when
// it is at least large_block_bytes long (Linux madvise; a hint: no effect elsewhere or when refused).
void advise_huge_pages(void* memory, std::size_t bytes) noexcept;

// A standard allocator for large temporary arrays: operator new, with large blocks advised for huge pages.
template <typename T>
struct LargeAllocator {
    using value_type = T;
    LargeAllocator() noexcept = default;
    template <typename U>
    LargeAllocator(const LargeAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        void* memory = ::operator new(n * sizeof(T));
        advise_huge_pages(memory, n * sizeof(T));
        return static_cast<T*>(memory);
    }
    void deallocate(T* memory, std::size_t) noexcept { ::operator delete(memory); }
    template <typename U>
    bool operator==(const LargeAllocator<U>&) const noexcept { return true; }
    template <typename U>
    bool operator!=(const LargeAllocator<U>&) const noexcept { return false; }
};

// A vector whose storage may run to many megabytes (sort buffers, per-customer arrays).
template <typename T>
using large_vector = std::vector<T, LargeAllocator<T>>;

}  // namespace ecom
