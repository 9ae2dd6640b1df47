#pragma once

// The properties of many features with each key and value numbered once: a map level's regions
// for one set of results, built the first time they are drawn and shared by every tile after. A
// tile's layer then takes a feature's properties as numbers, and has nothing to hash or compare
// but them.

#include "tiles/value.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::tiles {

class PropertyTable {
public:
    PropertyTable() = default;
    // Values are views of the table's own text: moved, the text stays where it was.
    PropertyTable(const PropertyTable&) = delete;
    PropertyTable& operator=(const PropertyTable&) = delete;
    PropertyTable(PropertyTable&&) = default;
    PropertyTable& operator=(PropertyTable&&) = default;

    /// Starts the next row (a feature's properties), numbered from 0 in the order begun.
    std::uint32_t add_row();
    /// Adds a property to the last row; text is copied into the table.
    void add(std::string_view key, const Value& value);
    /// Ends building and lets go of what numbering the values took; values can be read after it.
    void finish();

    std::size_t rows() const noexcept { return m_row_end.size(); }
    /// Row `row`'s properties as key and value numbers, in pairs, in the order added.
    std::span<const std::uint32_t> tags(std::uint32_t row) const noexcept {
        const std::uint32_t begin = row == 0 ? 0 : m_row_end[row - 1];
        return {m_tags.data() + begin, m_row_end[row] - begin};
    }
    std::size_t key_count() const noexcept { return m_keys.size(); }
    std::size_t value_count() const noexcept { return m_values.size(); }
    std::string_view key(std::uint32_t number) const noexcept { return m_keys[number]; }
    const Value& value(std::uint32_t number) const noexcept { return m_values[number]; }
    /// What the table holds in memory, roughly (for a cache bounded in bytes).
    std::size_t bytes() const noexcept;

private:
    std::string_view copy_text(std::string_view text);

    std::deque<std::string> m_keys; // a deque: views of them stay valid as it grows
    ValueSet m_numbering;           // while building
    /// While building: the key and value numbers at each place of the last row.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_previous;
    std::size_t m_row_begin = 0;
    std::vector<Value> m_values; // after finish()
    bool m_finished = false;
    std::vector<std::unique_ptr<char[]>> m_text; // in blocks: views of them stay valid
    char* m_text_at = nullptr;
    std::size_t m_text_left = 0, m_text_bytes = 0;
    std::vector<std::uint32_t> m_tags, m_row_end;
};

} // namespace wangge::tiles
