#!/usr/bin/env bash
# The modules keep their direction (design.md "Layout"): the geometry kernel includes nothing of
# the data model or the application, the data model nothing of the application, and nothing but
# the command line includes the command line. Prints each offending include; exits 1 if any.
set -u
cd "$(dirname "$0")/.."
status=0
forbid() { # folder, pattern, why
  local hits
  hits=$(grep -rnE "#include \"($2)" --include='*.cpp' --include='*.hpp' "$1" 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "$3:"; echo "$hits"; status=1
  fi
}
forbid geo 'layers/|src/|tiles/' "geo/ is the kernel: it includes no data model, application or drawing"
forbid layers 'src/|tiles/' "layers/ includes no application or drawing"
[ -d tiles ] && forbid tiles 'src/|layers/' "tiles/ draws what it is given: no application, census, assessment or store"
for dir in geo layers src/assess src/census src/rules src/generate src/engine; do
  [ -d "$dir" ] && forbid "$dir" 'src/cli/' "only the command line includes src/cli/"
done
forbid src/assess 'src/census/|src/engine/' "assessment and census stand apart, below the engine"
forbid src/census 'src/assess/|src/engine/' "assessment and census stand apart, below the engine"
# The base target (errors, pool, progress) links no geometry library.
base_hits=$(grep -nE '#include [<"](geos|proj|gdal|ogr|geo/(crs|geos|polygon|wkb|point_locator))' \
  geo/error.hpp geo/thread_pool.hpp geo/thread_pool.cpp geo/progress.hpp geo/progress.cpp geo/parallel.hpp \
  geo/json_writer.hpp geo/json_writer.cpp \
  geo/phase_timer.hpp 2>/dev/null)
if [ -n "$base_hits" ]; then echo "the base target includes no geometry library:"; echo "$base_hits"; status=1; fi
[ $status -eq 0 ] && echo "layering: every include keeps the modules' direction"
exit $status
