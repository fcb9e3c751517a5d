#!/bin/sh
# Playwright's executablePath for a CPU-capped browser: join the cgroup first, then become Chromium, so
# every process Chromium starts (renderers, workers' threads, the GPU process) inherits the cap.
set -eu
echo $$ >"$CROSSCHECK_CPU_CGROUP/cgroup.procs"
exec "$CROSSCHECK_CHROMIUM" "$@"
