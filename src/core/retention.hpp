// Retention flags: which of up to 32 conditions held on some row of a group, reported as cond1 AND cond_i.
#pragma once
#include <cstdint>
#include <vector>

namespace ecom::retention {

constexpr int max_conditions = 32;

// The conditions seen true so far in one group.
class Flags {
public:
    // Adds a row: bit i of `matched` is condition i + 1; the count must be the same on every row.
    // Throws InvalidArgument for a count outside 1..32 or one that changes.
    void add(int conditions, std::uint32_t matched);
    // Merges another partial state (parallel workers).
    void merge(const Flags& other);
    // result[0] = cond1 held on some row; result[i] = cond1 and cond_(i+1) each held on some row.
    std::vector<bool> result() const;
    // The versioned binary form.
    std::vector<char> serialize() const;
    // Replaces these flags by the encoded ones; throws CorruptData for anything malformed.
    void deserialize(const char* data, std::size_t size);

private:
    int conditions_ = 0;  // 0 until the first row
    std::uint32_t seen_ = 0;
};

}  // namespace ecom::retention
