// Hashing, packing and byte-order sorting of customer ids for CustomerTable.
#include "core/customer_table.hpp"

#include "core/cancel.hpp"
#include "core/radix_sort.hpp"

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

// An id's first 16 bytes as two big-endian numbers (zero-padded): comparing (high, low) compares those bytes.
struct Prefix {
    std::uint64_t high, low;
};

// The Prefix of `id`.
Prefix prefix_of(std::string_view id) noexcept {
    const std::size_t rest = id.size() > 8 ? id.size() - 8 : 0;
    return {big_endian_prefix(id.data(), id.size()), big_endian_prefix(id.data() + std::min<std::size_t>(8, id.size()), rest)};
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

large_vector<std::uint32_t> byte_order(const large_vector<std::string_view>& ids) {
    const std::size_t n = ids.size();
    large_vector<std::uint32_t> order(n);
    for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
    if (std::is_sorted(ids.begin(), ids.end())) return order;
    // Radix sorts by the low word of the prefix, then (stable) by the high word: order by the first 16 bytes.
    // Digits that are the same in every id cost no pass, and a high word common to every id (a "customer-"
    // start) no second sort.
    large_vector<Prefix> prefixes(n);
    large_vector<KeyedIndex> items(n);
    bool one_high = true;
    for (std::size_t i = 0; i < n; ++i) {
        prefixes[i] = prefix_of(ids[i]);
        items[i] = {prefixes[i].low, i};
        one_high = one_high && prefixes[i].high == prefixes[0].high;
    }
    large_vector<KeyedIndex> scratch;
    radix_sort(items.data(), n, scratch);
    bool ties = false;  // whether two ids may share their first 16 bytes: only if they share the low word
    for (std::size_t i = 1; i < n && !ties; ++i) ties = items[i].key == items[i - 1].key;
    if (!one_high) {
        for (KeyedIndex& item : items) item.key = prefixes[item.index].high;
        radix_sort(items.data(), n, scratch);
    }
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(items[i].index);
    if (!ties) return order;
    // Ids with the same first 16 bytes (zero padding included) differ further on or in length: sort each run.
    const auto same_prefix = [&](std::uint32_t a, std::uint32_t b) {
        return prefixes[a].high == prefixes[b].high && prefixes[a].low == prefixes[b].low;
    };
    const auto by_id = [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; };
    for (std::size_t start = 0; start < n;) {
        poll_interrupts();
        std::size_t end = start + 1;
        while (end < n && same_prefix(order[start], order[end])) ++end;
        if (end - start > 1) std::sort(order.begin() + static_cast<std::ptrdiff_t>(start), order.begin() + static_cast<std::ptrdiff_t>(end), by_id);
        start = end;
    }
    return order;
}

}  // namespace ecom
