#!/usr/bin/env bash
# Runs make targets one after the other (make test's phases), each under a
# banner with its number, and its elapsed time (and the total so far) when
# it ends, so a long phase is never a silent one.
#   tools/run-phases.sh "TARGET:what it does" ...
set -u
MAKE=${MAKE:-make}
total=$#
i=0
t0=$(date +%s)
for spec in "$@"; do
  i=$((i + 1))
  target=${spec%%:*}
  what=${spec#*:}
  printf '\n==== [%d/%d] %s: %s ====\n' "$i" "$total" "$target" "$what"
  s=$(date +%s)
  if ! $MAKE --no-print-directory "$target"; then
    now=$(date +%s)
    printf '==== [%d/%d] %s FAILED after %ds (total %dm%02ds) ====\n' "$i" "$total" "$target" \
      $((now - s)) $(((now - t0) / 60)) $(((now - t0) % 60))
    exit 1
  fi
  now=$(date +%s)
  printf '==== [%d/%d] %s passed in %ds (total %dm%02ds) ====\n' "$i" "$total" "$target" \
    $((now - s)) $(((now - t0) / 60)) $(((now - t0) % 60))
done
now=$(date +%s)
printf '\nall %d phases passed in %dm%02ds\n' "$total" $(((now - t0) / 60)) $(((now - t0) % 60))
