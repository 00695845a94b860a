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
