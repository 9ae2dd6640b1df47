#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace wangge {

/// Prints how long each phase of a long run took, on standard error, when WANGGE_TIMING is set:
/// what the benchmarks under tests/bench/ read. On a terminal it otherwise shows the last phase
/// done on one transient line, as progress; in a pipe it is silent.
class PhaseTimer {
public:
    explicit PhaseTimer(int indent = 2)
        : m_on(std::getenv("WANGGE_TIMING") != nullptr), m_tty(!m_on && isatty(STDERR_FILENO) != 0),
          m_indent(indent), m_last(std::chrono::steady_clock::now()) {}
    ~PhaseTimer() {
        if (m_tty && m_shown) std::fprintf(stderr, "\r\033[K");
    }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

    bool enabled() const noexcept { return m_on; }

    /// Seconds since the previous lap (or the start); printed with `what` when enabled.
    double lap(const char* what, const char* extra = "") {
        auto now = std::chrono::steady_clock::now();
        double secs = std::chrono::duration<double>(now - m_last).count();
        if (m_on) std::fprintf(stderr, "%*s%-*s %8.3f s%s\n", m_indent, "", 30 - m_indent, what, secs, extra);
        if (m_tty) {
            std::fprintf(stderr, "\r  %s: done in %.1f s\033[K", what, secs);
            std::fflush(stderr);
            m_shown = true;
        }
        m_last = now;
        return secs;
    }

private:
    bool m_on;
    bool m_tty;
    bool m_shown = false;
    int m_indent;
    std::chrono::steady_clock::time_point m_last;
};

} // namespace wangge
