#pragma once

// A JSON text written as it is made, for outputs too large to build as a document first (an
// assessment of a hundred thousand regions, a grid level's answer over HTTP).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge {

class JsonWriter {
public:
    /// Where finished text goes; called with pieces of about `chunk` bytes, and by finish().
    using Sink = std::function<void(std::string_view)>;

    explicit JsonWriter(Sink sink, std::size_t chunk = std::size_t{1} << 16);
    /// Appends to `out`, with nothing held back.
    explicit JsonWriter(std::string& out);

    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    /// How a container is laid out: on one line, or one member per line indented two spaces a
    /// level (members then read `"key": value`).
    enum class Layout { compact, lines };

    JsonWriter& begin_object(Layout layout = Layout::compact);
    JsonWriter& end_object();
    JsonWriter& begin_array(Layout layout = Layout::compact);
    JsonWriter& end_array();
    /// The next member's name; inside an object, before each value.
    JsonWriter& key(std::string_view name);

    /// A string: quotes, backslashes and control characters escaped; bytes that are not UTF-8
    /// replaced by U+FFFD, so that the text stays valid JSON whatever the input held.
    JsonWriter& string(std::string_view text);
    JsonWriter& integer(long long value);
    /// The shortest text that reads back as `value` (100 as "100.0", 0.25 as "0.25", 1e-05 in
    /// exponent form), as nlohmann::json writes it; NaN and infinities as null.
    JsonWriter& number(double value);
    /// `value` rounded to `decimals` places, in at most 12 significant digits ("87.5", "100");
    /// NaN and infinities as null.
    JsonWriter& rounded(double value, int decimals);
    /// rounded(), or null.
    JsonWriter& rounded(const std::optional<double>& value, int decimals);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    /// A value already written as JSON text.
    JsonWriter& raw(std::string_view json);

    /// Checks that every container was closed (std::logic_error if not: a bug, not bad input) and
    /// hands the rest to the sink.
    void finish();

private:
    struct Open {
        bool object;
        Layout layout;
        bool empty = true;
    };
    void before_value();
    void close(bool object);
    void put(std::string_view text);
    void put(char c);
    void put_string(std::string_view text);
    void spill();

    Sink m_sink;
    std::string m_buffer;
    std::string* m_out; ///< m_buffer, or the caller's string
    std::size_t m_chunk;
    std::vector<Open> m_open;
    bool m_after_key = false;
};

} // namespace wangge
