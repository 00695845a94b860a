# cli/: the `rru` tool's dispatch and the host code's shared helpers.
RRU_LIB_SRCS  += cli/cli.c cli/msg.c cli/parse.c
RRU_MAIN_SRCS += cli/main.c
