# backend/model/: the event trace format and the C reference model of the RRU
# (`rru model`, docs/design.md §1, §2).
RRU_LIB_SRCS += backend/model/trace.c backend/model/model.c backend/model/cmd_model.c \
                backend/model/cohcheck.c backend/model/chunkrec.c \
                backend/model/tracecmd.c
HELP_LINES += "rru model TRACE   (C reference model of the RRU: trace -> chunk log)"
# The model's objects as other parts link them (rru-sim, the RTL co-simulation).
MODEL_OBJS := $(addprefix $(B)/obj/,backend/model/trace.o backend/model/model.o \
                backend/model/chunkrec.o)
