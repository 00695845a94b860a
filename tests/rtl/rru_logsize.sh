#!/bin/sh
# Log size against signature size and chunk-table depth K: random traces of
# the oracle's MSI generator, generated once, fed through the C model of the
# RRU (which the RTL matches record for record: make rru-cosim-more) for each
# parameter set. Prints a markdown table: raw RRU words (what the hardware
# writes to its log buffer) and the binary log (docs/design.md §3), in bytes
# per kilo-instruction. Usage: rru_logsize.sh RRU OUT.md [TRACES] [INSTS]
set -eu
rru=$1 out=$2 n=${3:-20} insts=${4:-4000}
tmp=build/rru/logsize
mkdir -p $tmp
s=1
while [ $s -le $n ]; do
  [ -f $tmp/t$s-$insts.trace ] || $rru gentrace -s $s --insts $insts -o $tmp/t$s-$insts.trace
  s=$((s + 1))
done
{
  echo "# RRU log size vs signature size and table depth"
  echo
  echo "$n random traces (\`rru gentrace -s 1..$n --insts $insts\`: 1-8 cpus, more threads than cpus,"
  echo "frequent kernel entries), through \`rru model\` (H3; 2 hashes below 256 bits, else 4;"
  echo "fill limit = half the signature; no instruction limit). Raw: the RRU's 64-bit record"
  echo "words (ncpus + 1 per chunk); binary: the host's log file. Bytes per kilo-instruction."
  echo "These generated programs share a handful of lines among all threads, so true conflicts,"
  echo "not Bloom false positives, end most chunks and the signature size hardly matters here;"
  echo "the same script over traces captured from the RTL cluster's workloads gives the real figure."
  echo
  echo "| signature bits | K | chunks | conflict ends | raw B/kinst | binary log B/kinst |"
  echo "|---|---|---|---|---|---|"
} > "$out.tmp"
for sig in 64 128 256 512 1024; do
  h=4; [ $sig -lt 256 ] && h=2
  for k in 1 2 4; do
    chunks=0 conf=0 ins=0 raw=0 bin=0
    s=1
    while [ $s -le $n ]; do
      t=$tmp/t$s-$insts.trace
      cpus=$(sed -n 's/^rru-trace 1 cpus \([0-9]*\) .*/\1/p' $t)
      $rru model $t -b -o $tmp/log.bin -s --sig-bits $sig --hashes $h --table $k \
        --icount-limit 0 --fill-limit $((sig / 2)) 2> $tmp/stats.txt
      c=$(awk '/^chunks/ { print $2 }' $tmp/stats.txt)
      i=$(awk '/^chunks/ { print $6 }' $tmp/stats.txt)
      f=$(awk '$1 == "conflict" { print $2 }' $tmp/stats.txt)
      chunks=$((chunks + c)) ins=$((ins + i)) conf=$((conf + ${f:-0}))
      raw=$((raw + c * (cpus + 1) * 8))
      bin=$((bin + $(stat -c %s $tmp/log.bin)))
      s=$((s + 1))
    done
    echo "| $sig | $k | $chunks | $conf | $((raw * 1000 / ins)) | $((bin * 1000 / ins)) |" >> "$out.tmp"
  done
done
mv "$out.tmp" "$out"
cat "$out"
