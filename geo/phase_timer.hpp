#pragma once

#include "geo/progress.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace wangge {

/// Times the phases of a long run: each lap goes to the progress sink (geo/progress.hpp), and,
/// when WANGGE_TIMING is set, to standard error as a table — what the benchmarks under
/// tests/bench/ read.
class PhaseTimer {
public:
    explicit PhaseTimer(int indent = 2)
        : m_on(std::getenv("WANGGE_TIMING") != nullptr), m_indent(indent),
          m_last(std::chrono::steady_clock::now()) {}
    ~PhaseTimer() {
        if (!m_on) report_progress(nullptr, 0); // the run is over
    }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

    bool enabled() const noexcept { return m_on; }

    /// Seconds since the previous lap (or the start), not reported.
    double since_lap() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_last).count();
    }

    /// Seconds since the previous lap (or the start); reported with `what`.
    double lap(const char* what, const char* extra = "") {
        auto now = std::chrono::steady_clock::now();
        double secs = std::chrono::duration<double>(now - m_last).count();
        if (m_on)
            std::fprintf(stderr, "%*s%-*s %8.3f s%s\n", m_indent, "", 30 - m_indent, what, secs, extra);
        else
            report_progress(what, secs);
        m_last = now;
        return secs;
    }

private:
    bool m_on;
    int m_indent;
    std::chrono::steady_clock::time_point m_last;
};

} // namespace wangge
