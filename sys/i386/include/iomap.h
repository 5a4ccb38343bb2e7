/*
 * machine/iomap.h - the switch's part of the I/O permission bitmap
 * (sys/i386/iomap.c has the design): inline, for cpu_switch_prepare,
 * since the switches between a driver process and its clients make
 * each user-driver request and all but the first cost two stores.
 */
#ifndef _MACHINE_IOMAP_H_
#define _MACHINE_IOMAP_H_

#include <sys/types.h>
#include <sys/globaldata.h>
#include <sys/devgrant.h>
#include <machine/segments.h>

extern uint32_t iomap_loaded;		/* [c] the grant the bitmap holds */
void	cpu_iomap_load(const struct proc_io *pio);

/*
 * Put pio's ports in force: a process without a grant runs with no
 * bitmap, one whose grant the bitmap holds gets it shown, and only
 * another grant's has the bitmap rewritten (cpu_iomap_load).  In the
 * switch, interrupts off or in a critical section.
 */
static inline void
iomap_switch(const struct proc_io *pio)
{
	if (pio->pio_serial == 0) {
		mycpu->gd_tss.tss_iomap = IOMAP_NONE;
	} else {
		if (__predict_false(pio->pio_serial != iomap_loaded))
			cpu_iomap_load(pio);
		mycpu->gd_tss.tss_iomap = IOMAP_BASE;
	}
	iomap_serial = pio->pio_serial;
}

#endif /* !_MACHINE_IOMAP_H_ */
