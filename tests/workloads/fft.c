/* SPLASH-2-style FFT kernel, exact: an iterative radix-2 number-theoretic
 * transform over GF(12289) (the FFT's butterfly and communication pattern
 * with integer arithmetic). Butterflies of each stage are split among the
 * threads, a barrier between stages. Self-check: the forward transform equals
 * thread 0's sequential one, and the inverse transform gives back the input. */
#include "wl.h"

#ifdef LARGE
#define LOGN 12
#else
#define LOGN 10
#endif
#define N (1u << LOGN)
#define P 12289u /* 3 * 2^12 + 1: roots of unity up to order 4096 */
#define G 11u    /* a generator of GF(P)* */

static uint32_t a[N], orig[N], ref[N], tw[N / 2], itw[N / 2];

static unsigned bitrev(unsigned x)
{
	unsigned r = 0;
	for (unsigned i = 0; i < LOGN; i++, x >>= 1)
		r = (r << 1) | (x & 1);
	return r;
}

/* One butterfly stage of half-size `half` on v, butterflies [lo, hi). */
static void stage(uint32_t *v, const uint32_t *w, unsigned half, unsigned lo, unsigned hi)
{
	for (unsigned b = lo; b < hi; b++) {
		unsigned group = b / half, k = b % half;
		unsigned i = group * 2 * half + k, j = i + half;
		uint32_t t = wl_mulmod(v[j], w[k * (N / 2 / half)], P);
		uint32_t u = v[i];
		v[i] = u + t >= P ? u + t - P : u + t;
		v[j] = u >= t ? u - t : u + P - t;
	}
}

static void permute(uint32_t *v, unsigned lo, unsigned hi)
{
	for (unsigned i = lo; i < hi; i++) {
		unsigned j = bitrev(i);
		if (i < j) {
			uint32_t t = v[i];
			v[i] = v[j];
			v[j] = t;
		}
	}
}

static void transform(uint32_t *v, const uint32_t *w, unsigned tid, unsigned nt)
{
	permute(v, wl_lo(N, tid, nt), wl_hi(N, tid, nt));
	app_barrier();
	for (unsigned half = 1; half < N; half *= 2) {
		stage(v, w, half, wl_lo(N / 2, tid, nt), wl_hi(N / 2, tid, nt));
		app_barrier();
	}
}

void app_main(unsigned tid, unsigned nt)
{
	if (tid == 0) {
		uint32_t seed = 12345, root = wl_powmod(G, (P - 1) / N, P);
		uint32_t iroot = wl_powmod(root, P - 2, P);
		for (unsigned i = 0; i < N; i++)
			orig[i] = a[i] = wl_rand(&seed) % P;
		for (unsigned k = 0, w = 1, iw = 1; k < N / 2; k++) {
			tw[k] = w;
			itw[k] = iw;
			w = wl_mulmod(w, root, P);
			iw = wl_mulmod(iw, iroot, P);
		}
	}
	app_barrier();
	transform(a, tw, tid, nt);
	if (tid == 0) { /* sequential reference */
		for (unsigned i = 0; i < N; i++)
			ref[i] = orig[i];
		transform(ref, tw, 0, 1);
		for (unsigned i = 0; i < N; i++)
			APP_CHECK(a[i] == ref[i]);
	} else {
		/* match thread 0's barriers inside its sequential transform */
		for (unsigned half = 0; half <= LOGN; half++)
			app_barrier();
	}
	app_barrier();
	transform(a, itw, tid, nt); /* inverse: same butterflies, inverse roots */
	if (tid == 0) {
		uint32_t ninv = wl_powmod(N, P - 2, P);
		for (unsigned i = 0; i < N; i++)
			APP_CHECK(wl_mulmod(a[i], ninv, P) == orig[i]);
		app_printf("PASS fft: %u-point NTT over GF(%u), %u threads, forward matches sequential, "
			   "inverse gives the input\n", N, P, nt);
	}
}
