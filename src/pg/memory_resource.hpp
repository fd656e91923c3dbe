// A std::pmr::memory_resource drawing from a PostgreSQL memory context, for core objects that take one.
#pragma once
#include "pg/memory.hpp"

#include <memory_resource>
#include <new>

namespace ecom::pg {

// Allocates from `context` without longjmp (failure throws std::bad_alloc); memory dies with the context.
class ContextMemoryResource final : public std::pmr::memory_resource {
public:
    explicit ContextMemoryResource(MemoryContext context) noexcept : context_(context) {}

private:
    void* do_allocate(std::size_t bytes, std::size_t alignment) override {
        if (alignment > MAXIMUM_ALIGNOF) throw std::bad_alloc();
        return context_alloc(context_, bytes == 0 ? 1 : bytes);
    }
    void do_deallocate(void* memory, std::size_t, std::size_t) override { pfree(memory); }
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

    MemoryContext context_;
};

}  // namespace ecom::pg
