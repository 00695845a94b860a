/* Water/Barnes-style n-body kernel: 2-D bodies in fixed point, all-pairs
 * forces (integer softened inverse-square), each thread computes the forces
 * on its bodies, a barrier, then updates them. Self-check: equal to thread
 * 0's sequential simulation, bit for bit. */
#include "wl.h"

#ifdef LARGE
#define NB 256
#define STEPS 10
#else
#define NB 64
#define STEPS 6
#endif

struct body {
	int32_t x, y, vx, vy, m;
};
static struct body b[NB], ref[NB];
static int32_t fx[NB], fy[NB];

static void init(struct body *s)
{
	uint32_t seed = 31337;
	for (unsigned i = 0; i < NB; i++) {
		s[i].x = (int32_t)(wl_rand(&seed) % 20000) - 10000;
		s[i].y = (int32_t)(wl_rand(&seed) % 20000) - 10000;
		s[i].vx = s[i].vy = 0;
		s[i].m = 1 + (int32_t)(wl_rand(&seed) % 16);
	}
}

static void forces(const struct body *s, int32_t *ox, int32_t *oy, unsigned lo, unsigned hi)
{
	for (unsigned i = lo; i < hi; i++) {
		int32_t ax = 0, ay = 0;
		for (unsigned j = 0; j < NB; j++) {
			if (j == i)
				continue;
			int32_t dx = (s[j].x - s[i].x) >> 4, dy = (s[j].y - s[i].y) >> 4;
			int32_t r2 = dx * dx + dy * dy + 64; /* softened */
			int32_t f = (s[j].m << 20) / r2;
			ax += (dx * f) >> 10;
			ay += (dy * f) >> 10;
		}
		ox[i] = ax;
		oy[i] = ay;
	}
}

static void update(struct body *s, const int32_t *ax, const int32_t *ay, unsigned lo, unsigned hi)
{
	for (unsigned i = lo; i < hi; i++) {
		s[i].vx += ax[i] >> 6;
		s[i].vy += ay[i] >> 6;
		s[i].x += s[i].vx >> 4;
		s[i].y += s[i].vy >> 4;
	}
}

void app_main(unsigned tid, unsigned nt)
{
	if (tid == 0)
		init(b);
	app_barrier();
	unsigned lo = wl_lo(NB, tid, nt), hi = wl_hi(NB, tid, nt);
	for (unsigned s = 0; s < STEPS; s++) {
		forces(b, fx, fy, lo, hi);
		app_barrier();
		update(b, fx, fy, lo, hi);
		app_barrier();
	}
	if (tid == 0) {
		static int32_t rx[NB], ry[NB];
		init(ref);
		for (unsigned s = 0; s < STEPS; s++) {
			forces(ref, rx, ry, 0, NB);
			update(ref, rx, ry, 0, NB);
		}
		unsigned moved = 0;
		for (unsigned i = 0; i < NB; i++) {
			APP_CHECK(b[i].x == ref[i].x && b[i].y == ref[i].y);
			APP_CHECK(b[i].vx == ref[i].vx && b[i].vy == ref[i].vy);
			moved += b[i].vx != 0 || b[i].vy != 0;
		}
		APP_CHECK(moved > NB / 2);
		app_printf("PASS nbody: %u bodies, %u steps, %u threads, equal to sequential, %u moving\n",
			   NB, STEPS, nt, moved);
	}
}
