/*
 * clock.c - the 8253/8254 programmable interval timer, and the TSC.
 *
 * Channel 0 in rate-generator mode interrupts on IRQ 0 hz times a second;
 * each interrupt is one hardclock() tick.
 *
 * The clocks programs read (kern_time.c) interpolate between ticks with
 * the CPU's time-stamp counter, whose rate is measured once at boot
 * against channel 2 (the speaker's, gated through port 0x61, which
 * nothing else uses): the cycles of one 10 ms one-shot count.  If the
 * count never ends (no channel 2), cpu_tsc_freq stays 0 and the clocks
 * keep to the tick.  machdep.tsc_khz tells programs the rate: under
 * QEMU's -icount shift=0 it is 1 GHz (a cycle is an instruction), which
 * is how the benchmarks know their figures are instruction counts.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>

#define TIMER_FREQ	1193182		/* input clock, Hz */
#define IO_TIMER1	0x40
#define TIMER_MODE	(IO_TIMER1 + 3)
#define TIMER_SEL0	0x00
#define TIMER_RATEGEN	0x04
#define TIMER_16BIT	0x30
#define TIMER_SEL2	0x80
#define TIMER_INTTC	0x00		/* mode 0: out goes high at the end */
#define TIMER_CNTR2	(IO_TIMER1 + 2)
#define IO_PPI		0x61		/* bit 0: gate 2; bit 1: speaker;
					 * bit 5: out 2 */
#define CALIB_COUNT	(TIMER_FREQ / 100)	/* 10 ms */
#define CALIB_SPINS	50000000	/* polls before giving up */

uint64_t cpu_tsc_freq;			/* [I] TSC cycles a second, or 0 */

static int
sysctl_tsc_khz(int *val, bool write)
{
	*val = (int)(cpu_tsc_freq / 1000);
	return (0);
}
SYSCTL_PROC(machdep_tsc_khz, "machdep.tsc_khz", sysctl_tsc_khz, CTLFLAG_RD,
    "the TSC's rate measured at boot, kHz (0: not measured)");

/* Measure the TSC's rate against a 10 ms one-shot count of channel 2. */
static void
tsc_calibrate(void)
{
	uint64_t t0, t1;
	uint8_t ppi = inb(IO_PPI);
	int spins = 0;

	outb(IO_PPI, (ppi & ~0x03) | 0x01);	/* gate on, speaker off */
	outb(TIMER_MODE, TIMER_SEL2 | TIMER_INTTC | TIMER_16BIT);
	outb(TIMER_CNTR2, CALIB_COUNT & 0xff);
	t0 = rdtsc();
	outb(TIMER_CNTR2, CALIB_COUNT >> 8);	/* counting starts here */
	while ((inb(IO_PPI) & 0x20) == 0 && ++spins < CALIB_SPINS)
		;
	t1 = rdtsc();
	outb(IO_PPI, ppi);
	if (spins >= CALIB_SPINS || t1 <= t0) {
		kprintf("clock: no TSC calibration (channel 2 silent): "
		    "the clocks keep to the tick\n");
		return;
	}
	cpu_tsc_freq = (t1 - t0) * TIMER_FREQ / CALIB_COUNT;
	kprintf("clock: TSC %llu Hz\n", (unsigned long long)cpu_tsc_freq);
}


void
cpu_initclocks(void)
{
	uint32_t divisor = (TIMER_FREQ + hz / 2) / hz;

	KASSERT(hz >= 100 && divisor <= 0xffff, ("cpu_initclocks: hz %d", hz));
	tsc_calibrate();
	outb(TIMER_MODE, TIMER_SEL0 | TIMER_RATEGEN | TIMER_16BIT);
	outb(IO_TIMER1, divisor & 0xff);
	outb(IO_TIMER1, divisor >> 8);
	intr_register(0, hardclock, NULL, "clock");
}
