// Native objects whose memory belongs to a PostgreSQL memory context.
#pragma once
#include "pg/postgres.hpp"

#include "core/large_memory.hpp"

#include <cstddef>
#include <new>
#include <utility>

namespace ecom::pg {

// Allocates in a memory context without ever longjmp-ing: failure throws std::bad_alloc. Large blocks are
// advised for huge pages (summaries of millions of customers are filled at one fault per 2 MB).
inline void* context_alloc(MemoryContext context, std::size_t bytes) {
    void* memory = MemoryContextAllocExtended(context, bytes, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE);
    if (memory == nullptr) throw std::bad_alloc();
    advise_huge_pages(memory, bytes);
    return memory;
}

// A standard allocator drawing from a memory context, so containers count against it and vanish with it.
template <typename T>
class ContextAllocator {
public:
    using value_type = T;
    explicit ContextAllocator(MemoryContext context) noexcept : context_(context) {}
    template <typename U>
    ContextAllocator(const ContextAllocator<U>& other) noexcept : context_(other.context()) {}
    T* allocate(std::size_t n) { return static_cast<T*>(context_alloc(context_, n * sizeof(T))); }
    void deallocate(T* p, std::size_t) noexcept { pfree(p); }
    MemoryContext context() const noexcept { return context_; }
    template <typename U>
    bool operator==(const ContextAllocator<U>& other) const noexcept { return context_ == other.context(); }
    template <typename U>
    bool operator!=(const ContextAllocator<U>& other) const noexcept { return context_ != other.context(); }
private:
    MemoryContext context_;
};

// Constructs a T inside `context`; its destructor runs when the context is reset or deleted
// (end of query, error abort), so aggregate states and SRF states never leak.
template <typename T, typename... Args>
T* make_context_owned(MemoryContext context, Args&&... args) {
    struct Holder {
        MemoryContextCallback callback;
        alignas(T) unsigned char object[sizeof(T)];
    };
    auto* holder = static_cast<Holder*>(context_alloc(context, sizeof(Holder)));
    T* object = new (holder->object) T(std::forward<Args>(args)...);  // on throw the chunk dies with the context
    holder->callback.func = [](void* arg) { static_cast<T*>(arg)->~T(); };
    holder->callback.arg = object;
    MemoryContextRegisterResetCallback(context, &holder->callback);
    return object;
}

}  // namespace ecom::pg
