# backend/oracle/: random MSI trace generator and the oracle of the recording
# protocol (docs/design.md §1.11): `rru gentrace`, `rru oracle`.
RRU_LIB_SRCS += backend/oracle/gen.c backend/oracle/oracle.c backend/oracle/case.c \
                backend/oracle/cmd_oracle.c
HELP_LINES += "make oracle       random traces: model + DAG (4 modes) checked by the oracle, and broken variants caught"
