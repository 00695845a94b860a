# backend/crew/: the CREW recorder of SMP-ReVirt beside the RRU (`rru crew`,
# docs/design.md §9); rru-sim runs it live (--crew-log).
RRU_LIB_SRCS += backend/crew/crew.c backend/crew/cmd_crew.c
HELP_LINES += "rru crew TRACE   (CREW page-protection recorder: trace -> chunk log, docs/design.md §9)"
