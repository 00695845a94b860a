/* Build check for `make link-rv32`: the device's whole link state, measured
 * by the cross compiler, and kept within its RAM budget. */
#include "link_dev.h"

_Static_assert(sizeof(struct rru_link_dev) <= 3584, "device link state over its 3.5 KiB budget");
const unsigned rru_link_dev_bytes = sizeof(struct rru_link_dev);
