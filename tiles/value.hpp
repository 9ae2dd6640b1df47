#pragma once

// Property values of vector-tile features, and a set of them numbered once each: what an MVT
// layer's values are (MVT 2.1 §4.1: a layer's values do not repeat).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wangge::tiles {

/// Views of the same characters (a literal, a snapshot's string) are equal without a comparison.
inline bool same_text(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && (a.data() == b.data() || a == b);
}

/// A property value: text, a number or a flag. Text is held as a view, so it must outlive the
/// layer or table it is added to (snapshot data, rules, literals, or TileContent::keep); a
/// temporary string is refused at compile time.
class Value {
public:
    using Variant = std::variant<std::string_view, double, std::int64_t, bool>;
    Value(std::string_view text) : m_value(text) {}
    Value(const char* text) : m_value(std::string_view(text)) {}
    Value(const std::string& text) : m_value(std::string_view(text)) {}
    Value(std::string&&) = delete;
    Value(double number) : m_value(number) {}
    Value(std::int64_t number) : m_value(number) {}
    Value(bool flag) : m_value(flag) {}
    const Variant& get() const noexcept { return m_value; }
    /// Same type and the same bytes (MVT 2.1 §4.1: what a layer's values must not repeat).
    bool operator==(const Value& other) const noexcept;
    /// Equal, and text the very same characters (the same view): a test that never reads text.
    bool identical(const Value& other) const noexcept;
    std::size_t hash() const noexcept;

private:
    Variant m_value;
};

/// A key and its value; a missing value is simply not written. The key is a view too.
struct Property {
    std::string_view key;
    Value value;
};

/// Distinct values numbered from 0 in the order first added, found again through an
/// open-addressing table of their hashes: thousands of values cost no allocation each.
class ValueSet {
public:
    ValueSet();
    /// The number of `value` (whose value.hash() is `hash`), added when it is new.
    std::uint32_t find_or_add(const Value& value, std::size_t hash);
    /// The number of `value`, or -1 when it is not in the set.
    std::int64_t find(const Value& value, std::size_t hash) const;
    /// Adds a value known not to be in the set yet, and returns its number.
    std::uint32_t add(const Value& value, std::size_t hash);

    std::size_t size() const noexcept { return m_values.size(); }
    const Value& operator[](std::uint32_t number) const noexcept { return m_values[number]; }
    std::size_t hash_of(std::uint32_t number) const noexcept { return m_hashes[number]; }
    /// The values, in number order; the set is empty after.
    std::vector<Value> release();

private:
    std::vector<Value> m_values;
    std::vector<std::size_t> m_hashes;
    std::vector<std::uint32_t> m_slots; ///< value number + 1; 0: empty
};

} // namespace wangge::tiles
