// A growable array of plain values in a memory context that grows in place: large buffers are resized
// with repalloc (the C library remaps their pages), so appending millions of rows neither copies them
// at every doubling nor touches twice the memory, as a std::vector would.
#pragma once
#include "pg/boundary.hpp"
#include "pg/memory.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>

namespace ecom::pg {

template <typename T>
class ContextBuffer {
    static_assert(std::is_trivially_copyable_v<T>, "ContextBuffer holds plain values only");

public:
    explicit ContextBuffer(MemoryContext context) noexcept : context_(context) {}
    ContextBuffer(const ContextBuffer&) = delete;
    ContextBuffer& operator=(const ContextBuffer&) = delete;

    MemoryContext context() const noexcept { return context_; }
    T* data() noexcept { return data_; }
    const T* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }

    // Appends count values.
    void append(const T* values, std::size_t count) {
        reserve(size_ + count);
        if (count > 0) std::memcpy(data_ + size_, values, count * sizeof(T));
        size_ += count;
    }

    // Appends one value.
    void push_back(const T& value) { append(&value, 1); }

    // Sets the size to count; new values are left uninitialized (callers overwrite them).
    void resize(std::size_t count) {
        reserve(count);
        size_ = count;
    }

private:
    // Makes room for at least count values, doubling the capacity (at least 1024 values).
    void reserve(std::size_t count) {
        if (count <= capacity_) return;
        const std::size_t capacity = std::max({count, 2 * capacity_, std::size_t{1024}});
        if (data_ == nullptr) {
            data_ = static_cast<T*>(context_alloc(context_, capacity * sizeof(T)));
        } else {
            void* old = data_;
            data_ = static_cast<T*>(pg_guard([&] { return repalloc_huge(old, capacity * sizeof(T)); }));
        }
        capacity_ = capacity;
    }

    MemoryContext context_;
    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace ecom::pg
