# Toolchain and flags shared by every part. Included first by the root Makefile.

B        := build
BIN      := $(B)/bin
VERSION  := $(shell cat VERSION)

# Host C: the project's one set of flags (see README "Conventions").
CC       ?= cc
CSTD     := -std=c11 -D_DEFAULT_SOURCE
CWARN    := -Wall -Wextra -Werror
CFLAGS   := $(CSTD) $(CWARN) -O2 -g -Iinclude -DRRU_VERSION='"$(VERSION)"'
# Sanitized build of the same sources, used by the unit tests' second run.
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_CFLAGS := $(CSTD) $(CWARN) -O1 -g -Iinclude -DRRU_VERSION='"$(VERSION)"' $(SAN_FLAGS)
# libFuzzer needs clang (Debian: clang + libclang-rt-14-dev).
FUZZ_CC     := clang
FUZZ_CFLAGS := $(CSTD) -Wall -Wextra -Werror -O1 -g -Iinclude -DRRU_VERSION='"$(VERSION)"' \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# Library objects linked into fuzzers: instrumented, but without libFuzzer's main.
FUZZ_LIB_CFLAGS := $(subst -fsanitize=fuzzer,-fsanitize=fuzzer-no-link,$(FUZZ_CFLAGS))
CRITERION_LIBS := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

# RISC-V cross compiler. _zicsr must stay out of -march (it selects the rv64
# multilib, see ../shared/TOOLCHAIN.md); -misa-spec=2.2 implies Zicsr.
RV_PREFIX  := riscv64-unknown-elf-
RV_CC      := $(RV_PREFIX)gcc
RV_OBJCOPY := $(RV_PREFIX)objcopy
RV_ARCH    := -march=rv32ima -misa-spec=2.2 -mabi=ilp32

# Verilator: one thread (faster than two on 2 vCPUs for designs this size).
VERILATOR      := verilator
VL_WAIVERS     := rtl/lint/waivers.vlt
VL_LINT_FLAGS  := --lint-only -Wall +define+RRU_ASSERTIONS $(VL_WAIVERS)
VL_BENCH_FLAGS := --cc --exe --build -j 2 --assert -Wall +define+RRU_ASSERTIONS $(VL_WAIVERS) -O2 \
                  -CFLAGS "-O1 -std=c++17" --x-assign unique --x-initial unique
YOSYS := yosys

# Time limit for any one simulation or fuzz run in the test suite.
SIM_TIMEOUT ?= 600
# Seconds each fuzz target runs in `make test` (long runs are in `make bench`).
FUZZ_SECONDS ?= 10
FUZZ_BENCH_SECONDS ?= 300
