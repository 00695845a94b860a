/* `rru`: the one command-line tool; everything is in its subcommands. */
#include "rru/cli.h"

int main(int argc, char **argv) { return rru_cli_main(argc, argv); }
