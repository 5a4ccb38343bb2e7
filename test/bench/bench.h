/*
 * bench.h - what the benchmarks' figures are.
 *
 * The benchmarks count with the TSC.  Under `make bench` QEMU runs with
 * -icount shift=0, the TSC then advances one per guest instruction and
 * the kernel measures its rate as 1 GHz (machdep.tsc_khz): the figures
 * are instruction counts, "instr/op".  Run any other way (by hand under
 * `make run`), the TSC counts host time at the host's rate, and the same
 * figures are TSC cycles, which vary from run to run and machine to
 * machine: bench_unit() then says so once and names the unit
 * "TSC-cycles/op".
 */
#ifndef _BENCH_H_
#define _BENCH_H_

#include <sys/types.h>
#include <sys/sysctl.h>
#include <stdio.h>

#define BENCH_ICOUNT_KHZ	1000000	/* the TSC's rate under -icount 0 */

/* The unit of a per-operation figure, after a note if it is not
 * instructions. */
static inline const char *
bench_unit(void)
{
	static int icount = -1;
	size_t len = sizeof(int);
	int khz = 0;

	if (icount < 0) {
		sysctl("machdep.tsc_khz", &khz, &len, NULL, 0);
		icount = khz >= BENCH_ICOUNT_KHZ - 1000 &&
		    khz <= BENCH_ICOUNT_KHZ + 1000;
		if (!icount)
			printf("bench: the TSC runs at %d kHz, not 1 GHz: QEMU "
			    "is not counting instructions (-icount), so these "
			    "are TSC cycles, not instructions; `make bench` "
			    "measures instructions\n", khz);
	}
	return (icount ? "instr/op" : "TSC-cycles/op");
}

#endif
