// A table from customer ids (byte strings) to one value per customer, built for the per-row lookup of the
// native aggregates: open addressing over a compact slot array (hash tag + entry position), entries stored
// densely in insertion order, ids of up to 16 bytes kept inside the entry (compared as two words, no
// memcmp), no allocation per row. Positions are dense (0..size-1) and stable, so callers may index
// side tables by them.
#pragma once
#include "core/errors.hpp"
#include "core/large_memory.hpp"
#include "core/prefetch.hpp"

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory_resource>
#include <string_view>
#include <vector>

namespace ecom {

// A customer id split for fast hashing and comparison: its first 16 bytes as two words (zero-padded).
struct PackedId {
    std::uint64_t words[2] = {0, 0};
    std::uint32_t length = 0;
};

// Packs `id` (at most 4 GB) for lookups.
PackedId pack_id(std::string_view id) noexcept;

// The 64-bit hash of an id packed by pack_id (`id` supplies the bytes past the first 16).
std::uint64_t hash_id(const PackedId& packed, std::string_view id) noexcept;

// A customer id packed and hashed once, so that its lookup can be prepared (prefetched) before it is made.
struct HashedId {
    PackedId packed;
    std::uint64_t hash = 0;
};

// Packs and hashes `id`.
inline HashedId hashed_id(std::string_view id) noexcept {
    HashedId key{pack_id(id), 0};
    key.hash = hash_id(key.packed, id);
    return key;
}

// Positions 0..ids.size()-1 sorted by byte order of ids[position].
large_vector<std::uint32_t> byte_order(const large_vector<std::string_view>& ids);

template <typename Value>
class CustomerTable {
public:
    explicit CustomerTable(std::pmr::memory_resource* memory)
        : slots_(memory), entries_(memory), long_ids_(memory) {}

    // The position of `id`, added with value `fresh` when new.
    std::uint32_t find_or_add(std::string_view id, const Value& fresh) { return find_or_add(hashed_id(id), id, fresh); }

    // The same for an id already hashed as `key` (`id` may be empty when it is at most 16 bytes long:
    // key.packed then holds all of it).
    std::uint32_t find_or_add(const HashedId& key, std::string_view id, const Value& fresh) {
        check_id_length(id);
        if (slots_.empty()) rebuild(slot_count(entries_.size() + 1));
        const PackedId& packed = key.packed;
        const std::uint64_t hash = key.hash;
        const std::uint64_t tag = tag_of(hash);
        std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        for (; slots_[i] != 0; i = (i + 1) & mask) {
            if ((slots_[i] & tag_mask) != tag) continue;
            const auto position = static_cast<std::uint32_t>(slots_[i]);
            if (same_id(entries_[position], packed, id)) return position;
        }
        check_room();
        const auto position = static_cast<std::uint32_t>(entries_.size());
        entries_.push_back(Entry{packed, 0, fresh});
        if (packed.length > inline_bytes) store_long_id(entries_.back(), id);
        if (2 * entries_.size() > slots_.size()) {
            rebuild(slots_.size() * 2);
        } else {
            slots_[i] = tag | position;
        }
        return position;
    }

    // Starts loading the slot a lookup of `key` reads first, without waiting for it (a hint: no effect on
    // the contents).
    void prefetch_slot(const HashedId& key) const noexcept {
        if (!slots_.empty()) prefetch(slots_.data() + (key.hash & (slots_.size() - 1)));
    }

    // Starts loading the entry a lookup of `key` compares first, when its slot (prefetch_slot) is in cache
    // by now and its tag matches (a hint: no effect on the contents).
    void prefetch_entry(const HashedId& key) const noexcept {
        if (slots_.empty()) return;
        const std::uint64_t slot = slots_[key.hash & (slots_.size() - 1)];
        if ((slot & tag_mask) == tag_of(key.hash)) prefetch(entries_.data() + static_cast<std::uint32_t>(slot));
    }

    // Starts loading the entry at `position` (a hint: no effect on the contents).
    void prefetch_position(std::uint32_t position) const noexcept { prefetch(entries_.data() + position); }

    // Makes room for `customers` entries without growing again.
    void reserve(std::size_t customers) {
        entries_.reserve(customers);
        if (slot_count(customers) > slots_.size()) rebuild(slot_count(customers));
    }

    Value& value(std::uint32_t position) noexcept { return entries_[position].value; }
    const Value& value(std::uint32_t position) const noexcept { return entries_[position].value; }

    // The id stored at `position`.
    std::string_view id(std::uint32_t position) const noexcept {
        const Entry& entry = entries_[position];
        if (entry.packed.length <= inline_bytes)
            return {reinterpret_cast<const char*>(entry.packed.words), entry.packed.length};
        return {long_ids_.data() + entry.offset, entry.packed.length};
    }

    // Every id, by position.
    large_vector<std::string_view> ids() const {
        large_vector<std::string_view> all(entries_.size());
        for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = id(i);
        return all;
    }

    std::size_t size() const noexcept { return entries_.size(); }

private:
    static constexpr std::uint32_t inline_bytes = sizeof(PackedId::words);
    static constexpr std::uint64_t tag_mask = 0xffffffff00000000ULL;
    struct Entry {
        PackedId packed;
        std::uint32_t offset;  // where an id longer than inline_bytes starts in long_ids_
        Value value;
    };

    // Refuses ids whose length does not fit the entry.
    static void check_id_length(std::string_view id) {
        if (id.size() > std::numeric_limits<std::uint32_t>::max() / 2)
            throw InvalidArgument("customer id is too long", "Use customer ids shorter than 2 GB.");
    }

    // Refuses a customer beyond the positions an entry can have.
    void check_room() const {
        if (entries_.size() >= std::numeric_limits<std::uint32_t>::max())
            throw OutOfRange("too many customers in one summary", "Split the input into fewer than 4e9 customers.");
    }

    // The slot array size (a power of two, at least 16) that keeps `customers` at most half full.
    static std::size_t slot_count(std::size_t customers) noexcept {
        std::size_t size = 16;
        while (2 * customers > size) size *= 2;
        return size;
    }

    // The slot tag of a hash: its high half with the top bit set, so a used slot is never 0.
    static std::uint64_t tag_of(std::uint64_t hash) noexcept { return (hash & tag_mask) | (1ULL << 63); }

    // Whether `entry` holds the id packed as `packed`.
    bool same_id(const Entry& entry, const PackedId& packed, std::string_view id) const noexcept {
        if (entry.packed.length != packed.length || entry.packed.words[0] != packed.words[0] ||
            entry.packed.words[1] != packed.words[1])
            return false;
        return packed.length <= inline_bytes ||
               std::memcmp(long_ids_.data() + entry.offset + inline_bytes, id.data() + inline_bytes,
                           packed.length - inline_bytes) == 0;
    }

    // Copies an id longer than inline_bytes into long_ids_.
    void store_long_id(Entry& entry, std::string_view id) {
        if (long_ids_.size() + id.size() > std::numeric_limits<std::uint32_t>::max())
            throw OutOfRange("too many long customer ids in one summary", "Keep the ids of one summary under 4 GB.");
        entry.offset = static_cast<std::uint32_t>(long_ids_.size());
        long_ids_.insert(long_ids_.end(), id.begin(), id.end());
    }

    // Re-creates the slot array with `size` slots (a power of two) from the entries.
    void rebuild(std::size_t size) {
        slots_.assign(size, 0);
        const std::size_t mask = size - 1;
        for (std::uint32_t position = 0; position < entries_.size(); ++position) {
            const std::uint64_t hash = hash_id(entries_[position].packed, id(position));
            std::size_t i = hash & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = tag_of(hash) | position;
        }
    }

    std::pmr::vector<std::uint64_t> slots_;  // 0: empty; else tag | entry position; at most half full (none before the first lookup)
    std::pmr::vector<Entry> entries_;        // in insertion order
    std::pmr::vector<char> long_ids_;        // ids longer than inline_bytes, back to back
};

}  // namespace ecom
