/* SPLASH-2-style ocean stencil: Jacobi relaxation of a grid with fixed
 * boundary, integer arithmetic (new = (4*c + n + s + e + w) / 8), rows split
 * among threads, a barrier per sweep. Self-check: equal to thread 0's
 * sequential sweeps, and the interior moved toward the boundary values. */
#include "wl.h"

#ifdef LARGE
#define G 130
#define SWEEPS 100
#else
#define G 34
#define SWEEPS 30
#endif

static int32_t grid[2][G][G], ref[2][G][G];

static void sweep(int32_t (*from)[G], int32_t (*to)[G], unsigned r0, unsigned r1)
{
	for (unsigned i = r0; i < r1; i++)
		for (unsigned j = 1; j < G - 1; j++)
			to[i][j] = (4 * from[i][j] + from[i - 1][j] + from[i + 1][j] + from[i][j - 1] +
				    from[i][j + 1]) / 8;
}

static void init(int32_t (*g)[G])
{
	uint32_t seed = 4242;
	for (unsigned i = 0; i < G; i++)
		for (unsigned j = 0; j < G; j++)
			g[i][j] = (i == 0 || j == 0 || i == G - 1 || j == G - 1) ? 1 << 16
											: (int32_t)(wl_rand(&seed) % 1000);
}

void app_main(unsigned tid, unsigned nt)
{
	if (tid == 0) {
		init(grid[0]);
		init(grid[1]);
	}
	app_barrier();
	unsigned lo = 1 + wl_lo(G - 2, tid, nt), hi = 1 + wl_hi(G - 2, tid, nt);
	for (unsigned s = 0; s < SWEEPS; s++) {
		sweep(grid[s & 1], grid[(s + 1) & 1], lo, hi);
		app_barrier();
	}
	if (tid == 0) {
		init(ref[0]);
		init(ref[1]);
		for (unsigned s = 0; s < SWEEPS; s++)
			sweep(ref[s & 1], ref[(s + 1) & 1], 1, G - 1);
		int32_t(*fin)[G] = grid[SWEEPS & 1];
		for (unsigned i = 1; i < G - 1; i++)
			for (unsigned j = 1; j < G - 1; j++) {
				APP_CHECK(fin[i][j] == ref[SWEEPS & 1][i][j]);
			}
		APP_CHECK(fin[1][1] > 1000); /* heat flowed in from the boundary */
		app_printf("PASS ocean: %ux%u grid, %u sweeps, %u threads, equal to sequential, corner %d\n",
			   G, G, SWEEPS, nt, (int)fin[1][1]);
	}
}
