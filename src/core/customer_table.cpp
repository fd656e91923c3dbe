// Hashing, packing and byte-order sorting of customer ids for CustomerTable.
#include "core/customer_table.hpp"

#include "core/cancel.hpp"

#include <algorithm>

namespace ecom {

namespace {

// Mixes the bits of x so that every input bit affects every output bit (the MurmurHash3 finalizer).
std::uint64_t finalize(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

// Folds one 64-bit word into a running hash.
std::uint64_t fold(std::uint64_t hash, std::uint64_t word) noexcept {
    hash = (hash ^ word) * 0x9e3779b97f4a7c15ULL;
    return (hash << 31) | (hash >> 33);
}

// Up to 8 bytes from `bytes` read as a big-endian number, zero-padded on the right: comparing two of these
// compares the bytes in lexicographic order.
std::uint64_t big_endian_prefix(const char* bytes, std::size_t count) noexcept {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i)
        value = (value << 8) | (i < count ? static_cast<unsigned char>(bytes[i]) : 0U);
    return value;
}

// An id's sort key: its first 16 bytes as big-endian numbers, then the rest.
struct SortKey {
    std::uint64_t high, low;
    std::string_view id;
    std::uint32_t position;
};

// Byte order of two ids from their sort keys (zero padding sorts a prefix first; equal padded prefixes
// differ only past byte 16 or in length).
bool before(const SortKey& a, const SortKey& b) noexcept {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    return a.id < b.id;
}

}  // namespace

PackedId pack_id(std::string_view id) noexcept {
    PackedId packed;
    packed.length = static_cast<std::uint32_t>(id.size());
    std::memcpy(packed.words, id.data(), std::min<std::size_t>(id.size(), sizeof(packed.words)));
    return packed;
}

std::uint64_t hash_id(const PackedId& packed, std::string_view id) noexcept {
    std::uint64_t hash = fold(fold(packed.length, packed.words[0]), packed.words[1]);
    for (std::size_t at = sizeof(packed.words); at < id.size(); at += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, id.data() + at, std::min<std::size_t>(8, id.size() - at));
        hash = fold(hash, word);
    }
    return finalize(hash);
}

std::vector<std::uint32_t> byte_order(const std::vector<std::string_view>& ids) {
    std::vector<SortKey> keys(ids.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
        const std::string_view id = ids[i];
        const std::size_t rest = id.size() > 8 ? id.size() - 8 : 0;
        keys[i] = {big_endian_prefix(id.data(), id.size()), big_endian_prefix(id.data() + std::min<std::size_t>(8, id.size()), rest),
                   id, i};
    }
    poll_interrupts();
    if (!std::is_sorted(keys.begin(), keys.end(), before)) std::sort(keys.begin(), keys.end(), before);
    std::vector<std::uint32_t> order(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].position;
    return order;
}

}  // namespace ecom
