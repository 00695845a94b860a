#!/bin/sh
# `make demo`: show what openrru does, part by part, saying what each step showed.
# Each part adds its own step (a make target) to DEMO_STEPS in its part.mk.
set -eu
make=${MAKE:-make}
echo "== openrru demo =="
echo "-- the command-line tool (build/bin/rru):"
build/bin/rru help
for step in "$@"; do
  echo
  $make --no-print-directory "$step"
done
echo
echo "== demo finished: every step above ran for real and passed =="
echo "   (replay on the soft cores is the next step of the end-to-end issue;"
echo "    it will add its own step here)"
