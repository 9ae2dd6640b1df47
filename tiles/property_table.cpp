#include "tiles/property_table.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace wangge::tiles {
namespace {

constexpr std::size_t text_block = 64 * 1024;

} // namespace

std::uint32_t PropertyTable::add_row() {
    if (m_finished) throw std::logic_error("PropertyTable: a row added after finish()");
    m_row_begin = m_tags.size();
    m_row_end.push_back(static_cast<std::uint32_t>(m_tags.size()));
    return static_cast<std::uint32_t>(m_row_end.size() - 1);
}

void PropertyTable::add(std::string_view key, const Value& value) {
    if (m_finished || m_row_end.empty())
        throw std::logic_error("PropertyTable: a property added outside a row being built");
    // Rows mostly list their keys in one order, and neighbours share a level, a grade, a colour:
    // the key and value at this place in the previous row are tried before any lookup.
    const std::size_t position = (m_tags.size() - m_row_begin) / 2;
    if (position >= m_previous.size())
        m_previous.resize(position + 1, {~std::uint32_t{0}, ~std::uint32_t{0}});
    auto& [k, v] = m_previous[position];
    if (k >= m_keys.size() || m_keys[k] != key) {
        k = 0;
        while (k < m_keys.size() && m_keys[k] != key) ++k; // a table has a dozen keys
        if (k == m_keys.size()) m_keys.emplace_back(key);
    }
    if (v >= m_numbering.size() || !(m_numbering[v] == value)) {
        const std::size_t hash = value.hash();
        std::int64_t found = m_numbering.find(value, hash);
        if (found < 0) {
            const auto* text = std::get_if<std::string_view>(&value.get());
            found = m_numbering.add(text ? Value(copy_text(*text)) : value, hash);
        }
        v = static_cast<std::uint32_t>(found);
    }
    m_tags.push_back(k);
    m_tags.push_back(v);
    m_row_end.back() = static_cast<std::uint32_t>(m_tags.size());
}

void PropertyTable::finish() {
    m_values = m_numbering.release();
    m_previous = {};
    m_values.shrink_to_fit();
    m_tags.shrink_to_fit();
    m_row_end.shrink_to_fit();
    m_finished = true;
}

std::string_view PropertyTable::copy_text(std::string_view text) {
    if (text.size() > m_text_left) {
        const std::size_t size = std::max(text_block, text.size());
        m_text.push_back(std::make_unique<char[]>(size));
        m_text_at = m_text.back().get();
        m_text_left = size;
        m_text_bytes += size;
    }
    const std::string_view copy(m_text_at, text.size());
    std::memcpy(m_text_at, text.data(), text.size());
    m_text_at += text.size();
    m_text_left -= text.size();
    return copy;
}

std::size_t PropertyTable::bytes() const noexcept {
    return sizeof(*this) + m_text_bytes + (m_values.capacity() + m_numbering.size()) * sizeof(Value) +
           (m_tags.capacity() + m_row_end.capacity()) * sizeof(std::uint32_t) + m_keys.size() * 48;
}

} // namespace wangge::tiles
