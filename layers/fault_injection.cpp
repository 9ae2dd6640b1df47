#include "layers/fault_injection.hpp"

#include <csignal>
#include <cstdlib>
#include <mutex>
#include <string>

namespace wangge::layers {
namespace {

struct Fault {
    std::string point;
    long long at = 0;
    int signal = SIGKILL;
    long long passes = 0;
    std::mutex mutex;
};

Fault* configured() {
    static Fault* fault = []() -> Fault* {
        const char* spec = std::getenv("WANGGE_FAULT");
        if (!spec || !*spec) return nullptr;
        std::string s(spec);
        auto a = s.find(':'), b = s.rfind(':');
        if (a == std::string::npos || b == a) return nullptr;
        auto* f = new Fault;
        f->point = s.substr(0, a);
        f->at = std::atoll(s.substr(a + 1, b - a - 1).c_str());
        f->signal = s.substr(b + 1) == "term" ? SIGTERM : SIGKILL;
        return f;
    }();
    return fault;
}

} // namespace

void fault_point(const char* point) {
    Fault* f = configured();
    if (!f || f->point != point) return;
    std::lock_guard lock(f->mutex);
    if (++f->passes == f->at) std::raise(f->signal);
}

} // namespace wangge::layers
