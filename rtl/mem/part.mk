# rtl/mem/: the memory system (L1 I- and D-caches with MSI, the atomic snoopy
# bus, RAM). tb_mem drives N cores' ports with random traffic against a
# golden memory (tests/rtl/tb_mem.cpp): 4 cores with tiny caches (many
# write-backs), 8 cores, 1 core.
MEM_RTL := rtl/mem/rru_mem_pkg.sv rtl/common/rru_rr_arbiter.sv \
  $(filter-out %_pkg.sv,$(sort $(wildcard rtl/mem/*.sv)))
MEM_TB_GEOM := -GDCacheBytes=256 -GICacheBytes=256 -GRamBytes=65536 -CFLAGS -DRAM_BYTES=65536

$(eval $(call vl_bench,mem,rru_memsys,$(MEM_RTL),tests/rtl/tb_mem.cpp,-GNCores=4 $(MEM_TB_GEOM) -CFLAGS -DNCORES=4))
$(eval $(call vl_bench,mem8,rru_memsys,$(MEM_RTL),tests/rtl/tb_mem.cpp,-GNCores=8 $(MEM_TB_GEOM) -CFLAGS -DNCORES=8))
$(eval $(call vl_bench,mem1,rru_memsys,$(MEM_RTL),tests/rtl/tb_mem.cpp,-GNCores=1 $(MEM_TB_GEOM) -CFLAGS -DNCORES=1))

# More seeds and a longer run of the 4-core bench (about 10 s).
mem-seeds: $(B)/vl/mem/Vrru_memsys
	@for s in 2 3 4 5 6; do timeout $(SIM_TIMEOUT) $< 1000000 $$s | head -1 || exit 1; done
TEST_STAGES += mem-seeds
HELP_LINES += 'make mem-seeds  the memory-system bench (tb_mem) on more seeds, longer'
.PHONY: mem-seeds
