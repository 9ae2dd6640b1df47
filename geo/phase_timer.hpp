#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace wangge {

/// Prints how long each phase of a long run took, on standard error, when WANGGE_TIMING is set:
/// what the benchmarks under tests/bench/ read. Silent and nearly free otherwise.
class PhaseTimer {
public:
    explicit PhaseTimer(int indent = 2)
        : m_on(std::getenv("WANGGE_TIMING") != nullptr), m_indent(indent), m_last(std::chrono::steady_clock::now()) {}

    bool enabled() const noexcept { return m_on; }

    /// Seconds since the previous lap (or the start); printed with `what` when enabled.
    double lap(const char* what, const char* extra = "") {
        auto now = std::chrono::steady_clock::now();
        double secs = std::chrono::duration<double>(now - m_last).count();
        if (m_on) std::fprintf(stderr, "%*s%-*s %8.3f s%s\n", m_indent, "", 30 - m_indent, what, secs, extra);
        m_last = now;
        return secs;
    }

private:
    bool m_on;
    int m_indent;
    std::chrono::steady_clock::time_point m_last;
};

} // namespace wangge
