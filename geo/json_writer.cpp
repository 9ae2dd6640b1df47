#include "geo/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace wangge {
namespace {

/// The length of the UTF-8 sequence at the start of `s`, or 0 when it is not one (overlong
/// forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view s) {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
    unsigned char c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
        if (c == 0xED && b(1) >= 0xA0) return 0; // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
        if (c == 0xF4 && b(1) >= 0x90) return 0; // past U+10FFFF
        return 4;
    }
    return 0;
}

} // namespace

JsonWriter::JsonWriter(Sink sink, std::size_t chunk)
    : m_sink(std::move(sink)), m_out(&m_buffer), m_chunk(chunk) {
    m_buffer.reserve(chunk + 1024);
}

JsonWriter::JsonWriter(std::string& out) : m_out(&out), m_chunk(0) {}

void JsonWriter::put(std::string_view text) {
    m_out->append(text);
}

void JsonWriter::put(char c) {
    m_out->push_back(c);
}

void JsonWriter::spill() {
    if (m_sink && m_buffer.size() >= m_chunk) {
        m_sink(m_buffer);
        m_buffer.clear();
    }
}

void JsonWriter::before_value() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_open.empty()) return;
    Open& o = m_open.back();
    if (o.object) throw std::logic_error("JsonWriter: a value inside an object needs a key first");
    if (!o.empty) put(',');
    o.empty = false;
    if (o.layout == Layout::lines) {
        put('\n');
        m_out->append(2 * m_open.size(), ' ');
    }
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (m_open.empty() || !m_open.back().object || m_after_key)
        throw std::logic_error("JsonWriter: a key outside an object");
    Open& o = m_open.back();
    if (!o.empty) put(',');
    o.empty = false;
    if (o.layout == Layout::lines) {
        put('\n');
        m_out->append(2 * m_open.size(), ' ');
    }
    put_string(name);
    put(o.layout == Layout::lines ? ": " : ":");
    m_after_key = true;
    return *this;
}

JsonWriter& JsonWriter::begin_object(Layout layout) {
    before_value();
    put('{');
    m_open.push_back({true, layout});
    return *this;
}

JsonWriter& JsonWriter::begin_array(Layout layout) {
    before_value();
    put('[');
    m_open.push_back({false, layout});
    return *this;
}

void JsonWriter::close(bool object) {
    if (m_open.empty() || m_open.back().object != object || m_after_key)
        throw std::logic_error(object ? "JsonWriter: end_object without its begin"
                                      : "JsonWriter: end_array without its begin");
    Open o = m_open.back();
    m_open.pop_back();
    if (o.layout == Layout::lines) {
        put('\n');
        m_out->append(2 * m_open.size(), ' ');
    }
    put(object ? '}' : ']');
    spill();
}

JsonWriter& JsonWriter::end_object() {
    close(true);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    close(false);
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    put_string(text);
    return *this;
}

void JsonWriter::put_string(std::string_view text) {
    put('"');
    // Characters that need nothing (and whole valid UTF-8 sequences) are appended a run at a time.
    std::size_t run = 0;
    auto flush = [&](std::size_t end) {
        if (end > run) put(text.substr(run, end - run));
    };
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (std::size_t n = utf8_length(text.substr(i))) {
                i += n;
                continue;
            }
            flush(i);
            put("\xEF\xBF\xBD"); // U+FFFD for the byte that starts no valid sequence
            run = ++i;
            continue;
        }
        flush(i);
        switch (c) {
        case '"':
            put("\\\"");
            break;
        case '\\':
            put("\\\\");
            break;
        case '\b':
            put("\\b");
            break;
        case '\f':
            put("\\f");
            break;
        case '\n':
            put("\\n");
            break;
        case '\r':
            put("\\r");
            break;
        case '\t':
            put("\\t");
            break;
        default: {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            put(buf);
        }
        }
        run = ++i;
    }
    flush(text.size());
    put('"');
}

JsonWriter& JsonWriter::integer(long long value) {
    before_value();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    put(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    if (!std::isfinite(value)) return null();
    before_value();
    // The shortest digits that read back, then laid out as nlohmann::json does: plain decimals
    // for decimal exponents -4 < n <= 15 (with ".0" on whole numbers), exponent form otherwise.
    // In buffers on the stack: a big assessment writes millions of numbers.
    char sci[40];
    const auto r = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
    const char* p = sci;
    char out[64];
    char* o = out;
    if (*p == '-') *o++ = *p++;
    const char* e = std::find(p, static_cast<const char*>(r.ptr), 'e');
    char digits[32];
    int k = 0;
    for (const char* c = p; c < e; ++c)
        if (*c != '.') digits[k++] = *c;
    int exponent = 0;
    std::from_chars(e + (e[1] == '+' ? 2 : 1), r.ptr, exponent);
    const int n = exponent + 1; // digits before the decimal point
    auto copy = [&](int from, int to) {
        for (int d = from; d < to; ++d) *o++ = digits[d];
    };
    auto zeros = [&](int count) {
        for (int z = 0; z < count; ++z) *o++ = '0';
    };
    if (k <= n && n <= 15) {
        copy(0, k);
        zeros(n - k);
        *o++ = '.';
        *o++ = '0';
    } else if (0 < n && n <= 15) {
        copy(0, n);
        *o++ = '.';
        copy(n, k);
    } else if (-4 < n && n <= 0) {
        *o++ = '0';
        *o++ = '.';
        zeros(-n);
        copy(0, k);
    } else {
        copy(0, 1);
        if (k > 1) {
            *o++ = '.';
            copy(1, k);
        }
        const int x = n - 1;
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        if (std::abs(x) < 10) *o++ = '0';
        o = std::to_chars(o, out + sizeof out, std::abs(x)).ptr;
    }
    put(std::string_view(out, static_cast<std::size_t>(o - out)));
    return *this;
}

JsonWriter& JsonWriter::rounded(double value, int decimals) {
    if (!std::isfinite(value)) return null();
    before_value();
    static constexpr double powers[] = {1,   1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const double f = decimals >= 0 && decimals < 16 ? powers[decimals] : std::pow(10.0, decimals);
    // As printf's "%.12g" (std::to_chars with a precision is specified to match it), without
    // printf's cost.
    char buf[32];
    const auto r =
        std::to_chars(buf, buf + sizeof buf, std::round(value * f) / f, std::chars_format::general, 12);
    put(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    return *this;
}

JsonWriter& JsonWriter::rounded(const std::optional<double>& value, int decimals) {
    return value ? rounded(*value, decimals) : null();
}

JsonWriter& JsonWriter::boolean(bool value) {
    before_value();
    put(value ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    put("null");
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    put(json);
    spill();
    return *this;
}

void JsonWriter::finish() {
    if (!m_open.empty() || m_after_key) throw std::logic_error("JsonWriter: finished with a container open");
    if (m_sink && !m_buffer.empty()) {
        m_sink(m_buffer);
        m_buffer.clear();
    }
}

} // namespace wangge
