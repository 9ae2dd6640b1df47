#include "tiles/value.hpp"

#include <cstring>
#include <functional>

namespace wangge::tiles {
namespace {} // namespace

std::size_t Value::hash() const noexcept {
    // The alternative's index mixed in: 1 (an integer) and 1.0 (a double) are different values.
    std::size_t h =
        std::visit([](const auto& x) { return std::hash<std::decay_t<decltype(x)>>{}(x); }, m_value);
    h ^= (m_value.index() + 1) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29); // std::hash of a number is the number: spread it over the low bits
}

bool Value::operator==(const Value& other) const noexcept {
    if (m_value.index() != other.m_value.index()) return false;
    switch (m_value.index()) {
    case 0:
        return same_text(*std::get_if<0>(&m_value), *std::get_if<0>(&other.m_value));
    case 1: // the same bytes: 0.0 and -0.0 differ, and a NaN is found again
        return std::memcmp(std::get_if<1>(&m_value), std::get_if<1>(&other.m_value), sizeof(double)) == 0;
    case 2:
        return *std::get_if<2>(&m_value) == *std::get_if<2>(&other.m_value);
    default:
        return *std::get_if<3>(&m_value) == *std::get_if<3>(&other.m_value);
    }
}

bool Value::identical(const Value& other) const noexcept {
    if (m_value.index() != other.m_value.index()) return false;
    if (m_value.index() == 0) {
        const std::string_view a = *std::get_if<0>(&m_value), b = *std::get_if<0>(&other.m_value);
        return a.data() == b.data() && a.size() == b.size();
    }
    return *this == other;
}

ValueSet::ValueSet() {
    m_slots.assign(256, 0);
}

std::int64_t ValueSet::find(const Value& value, std::size_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask; std::uint32_t held = m_slots[slot]; slot = (slot + 1) & mask)
        if (m_hashes[held - 1] == hash && m_values[held - 1] == value) return held - 1;
    return -1;
}

std::uint32_t ValueSet::find_or_add(const Value& value, std::size_t hash) {
    const std::int64_t found = find(value, hash);
    return found >= 0 ? static_cast<std::uint32_t>(found) : add(value, hash);
}

std::uint32_t ValueSet::add(const Value& value, std::size_t hash) {
    const auto number = static_cast<std::uint32_t>(m_values.size());
    m_values.push_back(value);
    m_hashes.push_back(hash);
    auto place = [this](std::uint32_t n) {
        const std::size_t mask = m_slots.size() - 1;
        std::size_t s = m_hashes[n] & mask;
        while (m_slots[s]) s = (s + 1) & mask;
        m_slots[s] = n + 1;
    };
    if (2 * m_values.size() > m_slots.size()) { // keep the table at most half full
        m_slots.assign(m_slots.size() * 2, 0);
        for (std::uint32_t n = 0; n <= number; ++n) place(n);
    } else {
        place(number);
    }
    return number;
}

std::vector<Value> ValueSet::release() {
    std::vector<Value> values = std::move(m_values);
    m_values.clear();
    m_hashes.clear();
    m_slots.assign(256, 0);
    return values;
}

} // namespace wangge::tiles
