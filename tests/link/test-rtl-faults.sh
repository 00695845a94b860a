#!/bin/bash
# make link-rtl-faults: the chunk log the RTL RRUs produced, through a faulty
# TCP path, must reach RUN/log.bin unchanged (issue 7, docs/design.md §5.2).
# rru-sim runs by hand in host mode with --rru-log, which taps every word as
# the kernel reads it from its RRU; rru-link-proxy sits between it and `rru
# record --link` and drops, duplicates, flips and delays bytes and cuts the
# host's connection. The saved log must equal the tap, record for record,
# and the faults must have happened (proxy and host counters).
#  1. faults the link recovers from (the device's connection kept across
#     the host's disconnections, as a board's UART): log identical;
#     stderr is not a terminal, so no progress line;
#  2. a disconnection the device does not survive (rru-sim in host mode
#     ends with its client): reported, with what was saved and how to
#     re-run, on a terminal with --quiet: no progress line either;
#  3. a clean recording on a terminal: log identical, and the progress line
#     counts the chunk log's bytes and records.
# Usage: tests/link/test-rtl-faults.sh BUILD_DIR
set -u
B=$(realpath "${1:-build}")
here=$(dirname "$(realpath "$0")")
. "$here/rtl-link-env.sh"
nfail=0
ok() { printf '  ok   %s\n' "$*"; }
bad() { nfail=$((nfail + 1)); printf '  FAIL %s\n' "$*"; }
show() { sed 's/^/       /' "$1" | tail -"${2:-5}"; }
# The chunk records of a log file, each cpu's in its order (the host and the
# tap interleave the harts differently; within a hart the order is the log's).
canon() { "$rru" log "$1" | grep '^c ' | sort -s -n -k2,2; }
# A simulator started by hand is slow: the host's timers stretch (20: its
# retransmission timer starts at 1 s, which rru-sim at ~1 M cycles/s beats).
export RRU_LINK_SLOW=20

"$rru" cc "$here/../replay/racy_tiny.c" -o "$tmp/racy.elf" || exit 1

# start_sim TAG SEED: rru-sim in host mode with the tap; sets simport, simpid
start_sim() {
  simport=$(free_port)
  nice timeout 600 "$sim" --cores 2 --seed "$2" --kernel "$B/firmware/kernel.elf" --uart-tcp "$simport" \
    --rru-log "$tmp/$1.tap" 2>"$tmp/$1.sim" &
  simpid=$!
  pids+=($simpid)
  for _ in $(seq 100); do grep -qs "waiting for a UART client" "$tmp/$1.sim" && return 0; sleep 0.1; done
  echo "rru-sim did not start:"; show "$tmp/$1.sim"; exit 1
}
# start_proxy TAG ARGS...: sets pport, proxypid
start_proxy() {
  local tag=$1; shift
  pport=$(free_port)
  "$proxy" --listen "$pport" --to "$simport" "$@" 2>"$tmp/$tag.proxy" &
  proxypid=$!
  pids+=($proxypid)
  sleep 0.2
}
# stop_proxy TAG: ends it (in this shell: a subshell cannot wait for it)
# and sets st to its counters line
stop_proxy() { kill "$proxypid" 2>/dev/null; wait "$proxypid" 2>/dev/null; st=$(tail -1 "$tmp/$1.proxy"); }
# wait_sim TAG: rru-sim ends when its client goes; 0 if it wrote the tap
wait_sim() {
  local rc
  wait "$simpid"; rc=$?
  [ "$rc" = 0 ] && [ -s "$tmp/$1.tap" ] || { echo "rru-sim exit $rc:"; show "$tmp/$1.sim"; return 1; }
}
# same_log TAG RUN: the host's log.bin against the tap
same_log() {
  canon "$2/log.bin" >"$tmp/$1.host.txt" 2>"$tmp/$1.canon.err" || { show "$tmp/$1.canon.err"; return 1; }
  canon "$tmp/$1.tap" >"$tmp/$1.tap.txt" 2>>"$tmp/$1.canon.err" || { show "$tmp/$1.canon.err"; return 1; }
  local n; n=$(wc -l <"$tmp/$1.tap.txt")
  [ "$n" -gt 0 ] || { echo "the tap holds no chunk record"; return 1; }
  grep -qx "records=$n" "$2/result" || { echo "result: not records=$n"; return 1; }
  if ! cmp -s "$tmp/$1.host.txt" "$tmp/$1.tap.txt"; then
    echo "log.bin differs from the words the RRUs handed the kernel:"
    diff "$tmp/$1.tap.txt" "$tmp/$1.host.txt" | head -4 | sed 's/^/       /'
    return 1
  fi
  echo "$n chunk records, each hart's in order, equal to the RRUs' words"
}
has_progress() { tr '\r' '\n' <"$1" | grep -Eq '^run: .*records, .*/s, [0-9.]+ s'; }

echo "1. drops, duplicates, bit flips, delays and two host disconnections:"
t0=$(date +%s)
start_sim faulty 3
start_proxy faulty --drop 0.001 --dup 0.001 --flip 0.001 --delay-p 0.02 --delay-ms 20 \
  --disconnect-every 5000 --max-disconnects 2 --keep-device --seed 7
if timeout 400 "$rru" record --link "tcp:127.0.0.1:$pport" --threads 2 "$tmp/racy.elf" -o "$tmp/faulty" \
     >"$tmp/faulty.out" 2>"$tmp/faulty.err"; then
  stop_proxy faulty
  if wait_sim faulty && msg=$(same_log faulty "$tmp/faulty"); then ok "log.bin through the faulty link ($(( $(date +%s) - t0 )) s): $msg"
  else bad "log.bin through the faulty link: $msg"; fi
  if echo "$st" | grep -Eq 'dropped [1-9].*duplicated [1-9].*flipped [1-9].*delayed [1-9].*disconnects 2'; then
    ok "the proxy injected them: ${st#rru-link-proxy: }"
  else bad "the proxy did not inject every fault: $st"; fi
  link=$(grep -o 'link: [0-9]* retransmissions, [0-9]* reconnections' "$tmp/faulty.err")
  if echo "$link" | grep -Eq 'link: [1-9][0-9]* retransmissions, 2 reconnections'; then ok "the host recovered: $link"
  else bad "the host reports no retransmission or not 2 reconnections: '$link'"; show "$tmp/faulty.err"; fi
  if has_progress "$tmp/faulty.err" || grep -q $'\r' "$tmp/faulty.err"; then bad "a progress line went to a non-terminal"
  else ok "stderr not a terminal: no progress line"; fi
else
  bad "recording through the faulty link failed (exit $?)"; show "$tmp/faulty.err"; stop_proxy faulty
fi

echo "2. the device side disconnected (rru-sim ends with its client):"
start_sim lost 3
# a clean run moves about 7.5 KB, the chunk log last: cut it in the log
start_proxy lost --disconnect-every 6500 --max-disconnects 1 --seed 7
# on a terminal (script(1) gives it one), but --quiet
timeout 120 script -qec "'$rru' record --link 'tcp:127.0.0.1:$pport' --threads 2 --quiet '$tmp/racy.elf' -o '$tmp/lost'" \
  /dev/null >"$tmp/lost.tty" 2>&1
rc=$?
stop_proxy lost
tr -d '\r' <"$tmp/lost.tty" >"$tmp/lost.err"
if [ "$rc" = 1 ] && [ ! -e "$tmp/lost/result" ] &&
   grep -q "the run did not complete (.* chunk-log bytes, .* console bytes and .* input-log bytes received)" "$tmp/lost.err" &&
   grep -q "is incomplete (no result file): it keeps what arrived .*; run the same command again" "$tmp/lost.err"; then
  ok "reported (exit 1, no result): $(grep -m1 'is incomplete' "$tmp/lost.err")"
else bad "the lost device was not reported clearly (exit $rc)"; show "$tmp/lost.err" 8; fi
if has_progress "$tmp/lost.tty"; then bad "--quiet on a terminal showed progress"
else ok "--quiet on a terminal: no progress line"; fi
wait "$simpid" 2>/dev/null

echo "3. a clean link, on a terminal:"
start_sim clean 5
timeout 300 script -qec "'$rru' record --link 'tcp:127.0.0.1:$simport' --threads 2 '$tmp/racy.elf' -o '$tmp/clean'" \
  /dev/null >"$tmp/clean.tty" 2>&1
rc=$?
if [ "$rc" = 0 ] && wait_sim clean && msg=$(same_log clean "$tmp/clean"); then ok "log.bin: $msg"
else bad "clean recording (exit $rc): ${msg:-}"; show "$tmp/clean.tty"; fi
last=$(tr '\r' '\n' <"$tmp/clean.tty" | grep -E '^run: ' | tail -1 | sed 's/\x1b\[K//')
recs=$(sed -n 's/^records=//p' "$tmp/clean/result" 2>/dev/null)
ins=$(grep -c '^i ' "$tmp/clean/input.log" 2>/dev/null)
if has_progress "$tmp/clean.tty" && [ -n "$recs" ] && echo "$last" | grep -q ", $((recs + ins)) records,"; then
  ok "progress line, ending '$last' ($recs chunk records + $ins inputs)"
else bad "no progress line counting the chunk log's $recs records + $ins inputs: '$last'"; fi

[ $nfail -eq 0 ] || { echo "link-rtl-faults: $nfail failed"; exit 1; }
echo "link-rtl-faults: all passed"
