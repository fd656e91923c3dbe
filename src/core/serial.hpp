// Versioned binary encoding of aggregate summaries (SERIALFUNC / DESERIALFUNC and stored models).
#pragma once
#include "core/errors.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ecom::serial {

// Appends plain values to a byte buffer, starting with a format tag and version.
class Writer {
public:
    Writer(std::uint32_t tag, std::uint16_t version) { put(tag); put(version); }
    // Appends one trivially copyable value.
    template <typename T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* bytes = reinterpret_cast<const char*>(&value);
        buffer_.insert(buffer_.end(), bytes, bytes + sizeof(T));
    }
    // Appends a length-prefixed array of trivially copyable values.
    template <typename T>
    void put_array(const T* values, std::uint64_t count) {
        put(count);
        const auto* bytes = reinterpret_cast<const char*>(values);
        buffer_.insert(buffer_.end(), bytes, bytes + count * sizeof(T));
    }
    // Makes room for `bytes` more bytes, so a long run of puts does not reallocate.
    void reserve(std::size_t bytes) { buffer_.reserve(buffer_.size() + bytes); }
    const std::vector<char>& bytes() const noexcept { return buffer_; }
    // Hands over the buffer (no copy), leaving the writer empty.
    std::vector<char> release() noexcept { return std::move(buffer_); }
private:
    std::vector<char> buffer_;
};

// Appends plain values in Writer's layout to a buffer sized beforehand for exactly what is written (no
// growth, no copy): for large summaries encoded straight into their final memory.
class FixedWriter {
public:
    explicit FixedWriter(char* out) noexcept : out_(out) {}
    // Appends bytes as they are (for example a Writer's header).
    void put_bytes(const char* bytes, std::size_t count) noexcept {
        std::memcpy(out_, bytes, count);
        out_ += count;
    }
    // Appends one trivially copyable value.
    template <typename T>
    void put(const T& value) noexcept {
        static_assert(std::is_trivially_copyable_v<T>);
        put_bytes(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    // Appends a length-prefixed array of trivially copyable values.
    template <typename T>
    void put_array(const T* values, std::uint64_t count) noexcept {
        put(count);
        put_bytes(reinterpret_cast<const char*>(values), count * sizeof(T));
    }
private:
    char* out_;
};

// Reads what a Writer wrote, refusing other formats, newer versions and truncated or trailing bytes.
class Reader {
public:
    Reader(const char* data, std::size_t size, std::uint32_t tag, std::uint16_t max_version)
        : data_(data), size_(size) {
        if (get<std::uint32_t>() != tag)
            throw CorruptData("summary has the wrong format tag", "The value was not produced by this aggregate.");
        version_ = get<std::uint16_t>();
        if (version_ == 0 || version_ > max_version)
            throw CorruptData("summary format version " + std::to_string(version_) + " is not supported",
                              "It was written by a newer ecom_analytics; upgrade the extension.");
    }
    // Reads the bytes that follow a header already checked (the rest of an encoded value), from their start.
    static Reader rest(const char* data, std::size_t size) noexcept { return Reader(data, size); }
    std::uint16_t version() const noexcept { return version_; }
    // Bytes not read yet.
    std::size_t remaining() const noexcept { return size_ - offset_; }
    // Reads one trivially copyable value.
    template <typename T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        need(sizeof(T));
        T value;
        std::memcpy(&value, data_ + offset_, sizeof(T));
        offset_ += sizeof(T);
        return value;
    }
    // Reads a length-prefixed array into `out`.
    template <typename T, typename Vector>
    void get_array(Vector& out) {
        const auto count = get<std::uint64_t>();
        if (count > (size_ - offset_) / sizeof(T)) throw truncated();
        out.resize(count);
        std::memcpy(out.data(), data_ + offset_, count * sizeof(T));
        offset_ += count * sizeof(T);
    }
    // Reads a length-prefixed array of chars in place: a view of the input bytes, no copy.
    std::string_view get_chars() {
        const auto count = get<std::uint64_t>();
        if (count > size_ - offset_) throw truncated();
        const std::string_view chars(data_ + offset_, count);
        offset_ += count;
        return chars;
    }
    // Throws unless every byte was consumed.
    void finish() const {
        if (offset_ != size_) throw CorruptData("summary has trailing bytes", "The value is corrupt.");
    }
private:
    Reader(const char* data, std::size_t size) noexcept : data_(data), size_(size) {}
    static CorruptData truncated() { return CorruptData("summary is truncated", "The value is corrupt."); }
    void need(std::size_t bytes) const {
        if (bytes > size_ - offset_) throw truncated();
    }
    const char* data_;
    std::size_t size_;
    std::size_t offset_ = 0;
    std::uint16_t version_ = 0;
};

}  // namespace ecom::serial
