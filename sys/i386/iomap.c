/*
 * iomap.c - the I/O permission bitmap: the ports a user driver may use.
 *
 * Ring 3 runs with IOPL 0, so every in, out, ins and outs it executes
 * is checked against the bitmap at the end of the CPU's TSS (gd_iomap,
 * IOPB_BYTES bytes and a last byte of all ones; machine/segments.h): a
 * set bit denies the port, and a denied port is a general protection
 * fault (SIGSEGV for the process).  The bitmap is all ones but for the
 * ranges of the process whose grant is loaded (sys/sys/devgrant.h).
 *
 * Switching: before a user thread runs (cpu_switch_prepare, inline in
 * the switch: machine/cpu_switch.h), if its process's grant (p_io, identified
 * by its serial number, 0 for none) is not the one in force
 * (iomap_serial), the bitmap is shown or hidden (machine/iomap.h):
 * a process without a grant runs with the TSS's I/O map base past the
 * TSS's limit (IOMAP_NONE: no bitmap, so every port faults in
 * ring 3, as the CPU defines it), one store; a granted process gets the
 * base pointing at the bitmap again, and only if the bitmap holds
 * another grant's ranges (iomap_loaded) are those closed (set) and its
 * own opened (cleared).  So the switches between a driver process and
 * its clients, which make every user-driver request, cost a store
 * each, not a rewrite of the bitmap (about 380 instructions a switch
 * under make bench's -icount).  A process without ports costs one
 * compare when nothing is in force; kernel threads never run in ring 3
 * and leave the bitmap as it is.  A grant that ends (its process exits)
 * is forgotten at once (cpu_iomap_forget), so a serial is never reused
 * while loaded (serials only grow).
 *
 * One CPU: the loaded ranges are kept here, not per CPU.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/proc.h>
#include <sys/devgrant.h>
#include <machine/segments.h>
#include <machine/iomap.h>

uint32_t iomap_serial;			/* [c] the grant in force, 0: none */
uint32_t iomap_loaded;			/* [c] the grant the bitmap holds */
static int iomap_n;			/* [c] its ranges */
static struct io_range iomap_open[GRANT_NIO];

_Static_assert(offsetof(struct globaldata, gd_iomap) -
    offsetof(struct globaldata, gd_tss) == IOMAP_BASE, "the bitmap's offset");

/* Deny (set) or allow (clear) ranges r[0..n) in the current bitmap. */
static void
iomap_mark(const struct io_range *r, int n, bool deny)
{
	uint8_t *map = mycpu->gd_iomap;
	uint32_t port, end;
	int i;

	for (i = 0; i < n; i++) {
		end = MIN((uint32_t)r[i].ir_base + r[i].ir_len, IOPB_PORTS);
		for (port = r[i].ir_base; port < end; ) {
			if ((port & 7) == 0 && port + 8 <= end) {
				/* Eight ports a byte: a switch to or from a
				 * driver costs a few stores, not a loop per
				 * port. */
				map[port >> 3] = deny ? 0xff : 0;
				port += 8;
				continue;
			}
			if (deny)
				map[port >> 3] |= (uint8_t)(1u << (port & 7));
			else
				map[port >> 3] &= (uint8_t)~(1u << (port & 7));
			port++;
		}
	}
}

/* Boot (gdt_init): every port denied, the TSS pointed at the bitmap. */
void
cpu_iomap_init(void)
{
	struct globaldata *gd = &cpu_globaldata[0];

	memset(gd->gd_iomap, 0xff, sizeof(gd->gd_iomap));
	gd->gd_tss.tss_iomap = IOMAP_NONE;
}

/* The bitmap gets pio's ranges instead of the grant's it holds (a
 * switch to a driver process whose ports are not the loaded ones: see
 * cpu_switch_prepare).  In the switch, interrupts off or in a critical
 * section. */
void
cpu_iomap_load(const struct proc_io *pio)
{
	iomap_mark(iomap_open, iomap_n, true);
	iomap_n = pio->pio_n;
	memcpy(iomap_open, pio->pio_r, sizeof(iomap_open));
	iomap_mark(iomap_open, iomap_n, false);
	iomap_loaded = pio->pio_serial;
}

/* td, the current thread, got its grant: its ports now.  [c] */
void
cpu_iomap_switch(struct thread *td)
{
	iomap_switch(&td->td_lwp->lwp_proc->p_io);
}

/* The grant numbered serial ended: if its ports are open, close them. */
void
cpu_iomap_forget(uint32_t serial)
{
	crit_enter();
	if (serial != 0 && serial == iomap_loaded) {
		iomap_mark(iomap_open, iomap_n, true);
		iomap_n = 0;
		iomap_loaded = 0;
	}
	if (serial != 0 && serial == iomap_serial) {
		mycpu->gd_tss.tss_iomap = IOMAP_NONE;
		iomap_serial = 0;
	}
	crit_exit();
}
