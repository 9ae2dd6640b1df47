#include "geo/progress.hpp"

#include <memory>
#include <mutex>

namespace wangge {
namespace {

std::mutex sink_mutex;
std::shared_ptr<const ProgressSink> current;

} // namespace

void set_progress_sink(ProgressSink sink) {
    auto next = sink ? std::make_shared<const ProgressSink>(std::move(sink)) : nullptr;
    std::lock_guard lock(sink_mutex);
    current = std::move(next);
}

void report_progress(const char* phase, double seconds) {
    std::shared_ptr<const ProgressSink> sink;
    {
        std::lock_guard lock(sink_mutex);
        sink = current;
    }
    if (sink) (*sink)(phase, seconds);
}

} // namespace wangge
