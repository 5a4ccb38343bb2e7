/*
 * clock.c - the 8253/8254 programmable interval timer.
 *
 * Channel 0 in rate-generator mode interrupts on IRQ 0 hz times a second;
 * each interrupt is one hardclock() tick.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>

#define TIMER_FREQ	1193182		/* input clock, Hz */
#define IO_TIMER1	0x40
#define TIMER_MODE	(IO_TIMER1 + 3)
#define TIMER_SEL0	0x00
#define TIMER_RATEGEN	0x04
#define TIMER_16BIT	0x30


void
cpu_initclocks(void)
{
	uint32_t divisor = (TIMER_FREQ + hz / 2) / hz;

	KASSERT(hz >= 100 && divisor <= 0xffff, ("cpu_initclocks: hz %d", hz));
	outb(TIMER_MODE, TIMER_SEL0 | TIMER_RATEGEN | TIMER_16BIT);
	outb(IO_TIMER1, divisor & 0xff);
	outb(IO_TIMER1, divisor >> 8);
	intr_register(0, hardclock, NULL, "clock");
}
