#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace wangge::assess {

/// An open-addressing map from strings to small ids, for the millions of lookups of a case log
/// (grid codes, people, departments): one probe sequence in one flat array, where node-based
/// maps miss the cache several times per lookup. Keys are not stored: the caller's id → string
/// table confirms a match.
class FlatIndex {
public:
    explicit FlatIndex(std::size_t expected = 1024) { rehash(capacity_for(expected)); }

    static std::uint64_t hash(std::string_view s) {
        std::uint64_t h = 1469598103934665603ULL; // FNV-1a, then a final mix
        for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        return h ^ (h >> 33);
    }

    /// The id stored for `s`, or -1; `same(id)` tells whether id's string equals s.
    template <typename Same> int find(std::string_view s, Same&& same) const {
        std::uint64_t h = hash(s);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.id < 0) return -1;
            if (slot.hash == h && same(slot.id)) return slot.id;
        }
    }

    void insert(std::string_view s, int id) {
        if ((m_size + 1) * 2 > m_slots.size()) grow();
        place(hash(s), id);
        ++m_size;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        int id = -1;
    };
    static std::size_t capacity_for(std::size_t n) {
        std::size_t c = 16;
        while (c < n * 2) c *= 2;
        return c;
    }
    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(capacity, {});
        m_mask = capacity - 1;
        for (const Slot& s : old)
            if (s.id >= 0) place(s.hash, s.id);
    }
    void grow() { rehash(m_slots.size() * 2); }
    void place(std::uint64_t h, int id) {
        std::size_t i = h & m_mask;
        while (m_slots[i].id >= 0) i = (i + 1) & m_mask;
        m_slots[i] = {h, id};
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0, m_size = 0;
};

} // namespace wangge::assess
