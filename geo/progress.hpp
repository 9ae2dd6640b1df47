#pragma once

#include <functional>

namespace wangge {

/// Where long work reports each phase it finishes ("grid overlaps", 2.1 s): set once by the face
/// that runs it — the command line shows it on a terminal, a service may log it. Without a sink
/// nothing is shown. A null phase means the run is over (a terminal clears its line). Part of
/// the base target (wangge_base). Thread-safe.
using ProgressSink = std::function<void(const char* phase, double seconds)>;

void set_progress_sink(ProgressSink sink);
/// Reports to the sink, if one is set.
void report_progress(const char* phase, double seconds);

} // namespace wangge
