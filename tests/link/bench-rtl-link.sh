#!/bin/bash
# make link-bench, second part: the chunk log's payload rate with rru-sim
# pacing its own UART at 3 Mbaud (--uart-baud, clock --clk-hz), measured in
# simulated time by rru-sim's link meter (--stats: new chunk-log payload
# bytes over the cycles from the first log frame byte to the last), so host
# load does not change it. A recording of false_sharing on 4 cores (its log
# outruns the line, so the line is the limit), directly and through
# rru-link-proxy flipping 0.1 % and 1 % of the device's bytes. Appends a
# Markdown section to OUT (written first by build/bin/rru-link-bench).
# Usage: tests/link/bench-rtl-link.sh BUILD_DIR OUT.md
set -u
B=$(realpath "$1") out=$2
here=$(dirname "$(realpath "$0")")
. "$here/rtl-link-env.sh"
export RRU_LINK_SLOW=20
baud=3000000
"$rru" cc "$here/../workloads/false_sharing.c" -o "$tmp/prog.elf" || exit 1

# measure TAG CLK_HZ TIMEOUT_MS [proxy args]: one recording; prints "ok|failed"
# and the meter's line (rru-sim prints it also when stopped)
measure() {
  local tag=$1 clk=$2 tmo=$3; shift 3
  local sport; sport=$(free_port)
  nice timeout 900 "$sim" --cores 4 --seed 1 --kernel "$B/firmware/kernel.elf" --uart-tcp "$sport" \
    --uart-baud "$baud" --clk-hz "$clk" --stats >/dev/null 2>"$tmp/$tag.sim" &
  local spid=$!
  for _ in $(seq 100); do grep -qs "waiting for a UART client" "$tmp/$tag.sim" && break; sleep 0.1; done
  local port=$sport ppid="" st=ok
  if [ $# -gt 0 ]; then
    port=$(free_port)
    "$proxy" --listen "$port" --to "$sport" "$@" >/dev/null 2>"$tmp/$tag.proxy" &
    ppid=$!
    sleep 0.2
  fi
  if ! timeout 900 "$rru" record --link "tcp:127.0.0.1:$port" --threads 4 --quiet --timeout "$tmo" \
       "$tmp/prog.elf" -o "$tmp/$tag" 2>"$tmp/$tag.err"; then
    st=failed
    { echo "bench-rtl-link: $tag: recording failed:"; cat "$tmp/$tag.err"; } >&2
    kill "$spid" 2>/dev/null
  fi
  [ -n "$ppid" ] && { kill "$ppid"; wait "$ppid" 2>/dev/null; }
  wait "$spid"
  echo "$st $(grep "rru-sim: link out:" "$tmp/$tag.sim")"
}
# row ERRORS CLK "STATUS LINE": a table row from the meter's line
row() {
  local st=${3%% *}
  echo "${3#* }" | sed -E 's/.*out: ([0-9]+) chunk-log payload bytes in ([0-9]+) log frames over ([0-9]+) cycles.*, ([0-9]+) resent; ([0-9.]+) % of the line.*/\1 \2 \3 \4 \5/' |
    while read -r bytes frames cyc resent share; do
      printf '| %s | %s MHz | %s | %s | %s | %s | %.1f ms | **%s %%** | %s |\n' "$1" "$(echo "$2" | awk '{ print $1 / 1e6 }')" \
        "$bytes" "$frames" "$resent" "$(echo "$cyc" | awk '{ printf "%.0f", $1 / '"$bytes"' }')" \
        "$(echo "$cyc $2" | awk '{ print 1000 * $1 / $2 }')" "$share" "$([ "$st" = ok ] && echo yes || echo "NO: stalled")"
    done
}
rc=0
rows=()
r=$(measure clean12 12000000 120000); rows+=("$(row "0 %" 12000000 "$r")"); case $r in ok*) ;; *) rc=1;; esac
r=$(measure clean48 48000000 120000); rows+=("$(row "0 %" 48000000 "$r")"); case $r in ok*) ;; *) rc=1;; esac
r=$(measure flip01 12000000 120000 --flip 0.001 --dirs 2 --seed 3); rows+=("$(row "0.1 %" 12000000 "$r")")
r=$(measure flip1 12000000 30000 --flip 0.01 --dirs 2 --seed 3); rows+=("$(row "1 %" 12000000 "$r")")

{
  echo
  echo "## rru-sim pacing its own UART"
  echo
  echo "The kernel on rru-sim (\`--uart-baud $baud\`: a 16-byte transmit FIFO drained"
  echo "at 10 bit times of simulated clock a byte) records \`tests/workloads/false_sharing.c\`"
  echo "(4 cores, 4 threads: its log outruns the line) for \`rru record --link\`; the log"
  echo "leaves through the hardware log streamer (rtl/rru/rru_log_streamer.sv, docs/design.md"
  echo "§5.6). rru-sim's link meter (\`--stats\`, verilator-harness/rru_sim_linkmeter.cpp)"
  echo "divides the new chunk-log payload bytes by the simulated time from the first log"
  echo "frame byte to the last, so the figure is in line time and host load does not change"
  echo "it. The 0.1 % and 1 % rows flip bits in the device's bytes on their way to the host"
  echo "(rru-link-proxy); a row that did not complete shows what was delivered until the"
  echo "host gave up."
  echo
  echo "| byte errors | clock | log payload bytes | log frames | frames resent | cycles per byte | time | share of line rate | completed |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  echo "*cycles per byte*: simulated cycles per payload byte (the line alone needs"
  echo "10 x clock / baud: 40 at 12 MHz, 160 at 48 MHz; a LOG_STREAM frame of 31 words"
  echo "carries 248 payload bytes in 262, so 94.7 % is the ceiling). The streamer frames"
  echo "and checksums in hardware and feeds the UART a byte as soon as it has room; the"
  echo "kernel only relays the host's LOG_ACKs. (The firmware sender it replaces reached"
  echo "19.7 % at 12 MHz: ~165 cycles of hart 0 a byte.) With byte errors the log channel"
  echo "repeats selectively: the host keeps the frames after a damaged one and the streamer"
  echo "sends again only the damaged ones; frames get a quarter shorter at each resend and a"
  echo "word longer every two new frames (§5.6). The best a frame size can do at e byte errors"
  echo "(frames of 8n + 14 bytes): 94.7 % clean, ~78 % at 0.1 %, ~44 % at 1 %; the 1 % row"
  echo "also damages the host's LOG_ACKs (both directions)."
} >>"$out"
exit $rc
