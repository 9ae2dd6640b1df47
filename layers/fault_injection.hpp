#pragma once

namespace wangge::layers {

/// Test-only fault injection, for the tests that prove a crash loses nothing. With the
/// environment variable WANGGE_FAULT="POINT:N:ACTION", the N-th pass (1-based) of the process
/// through `fault_point(POINT)` ends it: ACTION `kill` by SIGKILL (a crash: nothing is cleaned
/// up), `term` by SIGTERM (an interrupt: the handlers run). Without the variable it costs one
/// cached flag test. Points: import.row, import.commit, write.row, output.rename, table.row.
void fault_point(const char* point);

} // namespace wangge::layers
