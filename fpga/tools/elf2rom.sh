#!/bin/sh
# Turn a RAM-linked RV32 ELF (kernel or smoke program) into the boot ROM
# image of the board's RAM (fpga/ice40/rru_ram.sv): one 32-bit little-endian
# word per line, hex, padded with zeros to WORDS words.
# Usage: elf2rom.sh ELF WORDS OUT.hex [nom]
#   nom: the board's cores have no M extension; refuse an image using mul/div.
set -eu
elf=$1; words=$2; out=$3; nom=${4:-}
cross=${RV_PREFIX:-riscv64-unknown-elf-}
die() { echo "elf2rom: $elf: $*" >&2; exit 1; }

[ -r "$elf" ] || die "cannot read the file"
hdr=$("${cross}readelf" -hW "$elf" 2>&1) || die "not an ELF file ($hdr)"
echo "$hdr" | grep -q 'Class:.*ELF32' || die "not a 32-bit ELF"
echo "$hdr" | grep -q 'Machine:.*RISC-V' || die "not a RISC-V ELF"
first=$("${cross}readelf" -lW "$elf" | awk '$1 == "LOAD" { print $4; exit }')
[ -n "$first" ] || die "no loadable segment"
[ $((first)) -eq $((0x80000000)) ] || \
  die "first loadable segment at $first, must start at RAM base 0x80000000"
if [ "$nom" = nom ]; then
  bad=$("${cross}objdump" -d "$elf" | \
        grep -E -m3 '	(mul|mulh|mulhsu|mulhu|div|divu|rem|remu)[[:space:]]' || true)
  [ -z "$bad" ] || die "uses the M extension, which the board's cores lack (build it with \
-march=rv32ia -misa-spec=2.2): $(echo "$bad" | head -1 | tr -s '\t ' ' ')"
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"${cross}objcopy" -O binary "$elf" "$tmp"
bytes=$(wc -c <"$tmp")
[ "$bytes" -le $((words * 4)) ] || \
  die "image is $bytes bytes, the boot ROM holds $((words * 4)) (<BOARD>_ROM_WORDS in fpga/part.mk)"
{
  od -An -v -tx4 -w4 "$tmp" | tr -d ' '
  # a last partial word was zero-padded by od; pad to the ROM size
  have=$(( (bytes + 3) / 4 ))
  i=$have
  while [ "$i" -lt "$words" ]; do echo 00000000; i=$((i + 1)); done
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "elf2rom: $elf -> $out ($bytes bytes of $((words * 4)))"
