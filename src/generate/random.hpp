#pragma once

#include <cstdint>
#include <vector>

namespace wangge::generate {

/// splitmix64: the same numbers on every platform and library, unlike <random>'s distributions.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n).
    long long below(long long n) {
        return n <= 0 ? 0 : static_cast<long long>(next() % static_cast<std::uint64_t>(n));
    }
    bool chance(double p) { return uniform() < p; }
    /// One element of a non-empty list, uniformly.
    template <class T> const T& pick(const std::vector<T>& list) {
        return list[static_cast<std::size_t>(below(static_cast<long long>(list.size())))];
    }

    /// A value that depends only on the seed and the key: the same vertex always moves the same way.
    static double hashed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
        Random r(seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL) ^
                 (c * 0x165667B19E3779F9ULL));
        r.next();
        return r.uniform();
    }

private:
    std::uint64_t m_state;
};

} // namespace wangge::generate
