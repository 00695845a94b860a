/* SPLASH-2-style LU kernel, exact: LU decomposition without pivoting over
 * GF(65521) of A = L0 * U0 (unit lower L0, U0 with a nonzero diagonal, so no
 * pivot is zero). For each k the rows below k are split among the threads,
 * a barrier per step. Self-check: the factors are exactly L0 and U0. */
#include "wl.h"

#ifdef LARGE
#define N 128
#elif defined(TINY)
#define N 16
#else
#define N 40
#endif
#define P 65521u /* largest prime below 2^16: products fit in 32 bits */

static uint32_t A[N][N], L0[N][N], U0[N][N];

void app_main(unsigned tid, unsigned nt)
{
	if (tid == 0) {
		uint32_t seed = 777;
		for (unsigned i = 0; i < N; i++)
			for (unsigned j = 0; j < N; j++) {
				L0[i][j] = i > j ? wl_rand(&seed) % P : i == j;
				U0[i][j] = i < j ? wl_rand(&seed) % P : i == j ? 1 + wl_rand(&seed) % (P - 1) : 0;
			}
	}
	app_barrier();
	/* A = L0 * U0, rows split */
	for (unsigned i = wl_lo(N, tid, nt); i < wl_hi(N, tid, nt); i++)
		for (unsigned j = 0; j < N; j++) {
			uint32_t s = 0;
			for (unsigned k = 0; k < N; k++)
				s = (s + wl_mulmod(L0[i][k], U0[k][j], P)) % P;
			A[i][j] = s;
		}
	app_barrier();
	for (unsigned k = 0; k < N; k++) {
		uint32_t inv = wl_powmod(A[k][k], P - 2, P);
		unsigned rows = N - k - 1;
		for (unsigned r = wl_lo(rows, tid, nt); r < wl_hi(rows, tid, nt); r++) {
			unsigned i = k + 1 + r;
			uint32_t l = wl_mulmod(A[i][k], inv, P);
			A[i][k] = l;
			for (unsigned j = k + 1; j < N; j++)
				A[i][j] = (A[i][j] + P - wl_mulmod(l, A[k][j], P)) % P;
		}
		app_barrier();
	}
	if (tid == 0) {
		for (unsigned i = 0; i < N; i++)
			for (unsigned j = 0; j < N; j++)
				APP_CHECK(A[i][j] == (i > j ? L0[i][j] : U0[i][j]));
		app_printf("PASS lu: %ux%u over GF(%u), %u threads, factors exact\n", N, N, P, nt);
	}
}
