/*
 * sys/devgrant.h - what a user driver may touch: the hardware of one
 * device, granted explicitly (sys/kern/kern_devgrant.c).
 *
 * devgrant(pid, name) gives process pid (0: the caller; else a child of
 * the caller) the resources of the device called name:
 *
 *   "pci:VVVV:DDDD"  the first PCI function with that vendor and device
 *                    id (hex) that no kernel driver attached: its I/O
 *                    BARs as port ranges, its memory BARs (barmap), its
 *                    interrupt line, and DMA memory (dmaalloc); bus
 *                    mastering is enabled, and I/O decoding if the
 *                    grant covers it (pciconf).  An IDE controller (class
 *                    1, subclass 1) in compatibility mode: for each
 *                    such channel its legacy ports (0x1f0-0x1f7 and
 *                    0x3f6; 0x170-0x177 and 0x376) and line (14; 15)
 *                    instead of the function's line (EBUSY if a kernel
 *                    driver claimed one); BAR 4 as for any function
 *   "isa:com2"       the second serial port (0x2f8-0x2ff, IRQ 3), and
 *   "isa:lpt0"       the printer port (0x378-0x37f, IRQ 7), and
 *   "isa:rtc"        the CMOS clock (0x70-0x71, IRQ 8: the kernel reads
 *                    it only at boot), if no kernel driver claimed
 *                    their line
 *
 * The ports are opened to the process alone through the I/O permission
 * bitmap of the TSS, loaded when it runs: an in or out to any other
 * port is a general protection fault, SIGSEGV.  Its interrupt (each of its
 * lines, at most two) becomes a DEV_INTR message on the device it
 * serves with DSF_INTR (sys/agent.h): the same repeating message an
 * in-kernel driver gets, the line masked until the driver replies.  A grant stays across exec (a launcher
 * forks, grants the child, the child execs the driver), is not
 * inherited by fork, and ends when the process exits; one process holds
 * one grant, and a device is granted to one process at a time (EBUSY).
 * An exec ends what the old image set going, as an exit does: the
 * device is reset by its driver's kernel half if it has one, bus
 * mastering goes off (the old image's DMA memory is freed), and the
 * lines are taken back from the old image's services (which the exec
 * closed); the new image serves them again (DSF_INTR) and turns bus
 * mastering on again (the command register, through pciconf: lib/libdrv
 * does it when the driver's attach asks for it).
 *
 * Who may grant: a launcher.  Process 1 is one, and a launcher's
 * children are launchers (every process descends from init) until a
 * process gives the right up with devgrant(0, NULL) (EPERM from then on,
 * for it and the children it forks after; nor may it make a new device
 * name with devserve).  Errors: EPERM, ESRCH (no
 * such child), ENOENT (no such device), EBUSY (a kernel driver or
 * another process has it; pid holds a grant already), EINVAL, EFAULT.
 *
 * dmaalloc(len, &pa): len bytes (at most DMA_MAXALLOC, DMA_MAXPROC in all
 * per grant) of zeroed, physically contiguous memory, mapped shared and
 * read-write into the caller, which must hold a grant (EPERM); *pa gets
 * its physical address (below 4 GB, direct-mapped).  The pages stay put
 * (a shared mapping is never copied on write) and are freed when the
 * last mapping goes (munmap, exit).  ENOMEM if no such run is free.
 *
 * barmap(bar): the granted PCI function's memory BAR number bar (its
 * register index, sys/pciio.h) mapped read-write and uncached into the
 * caller, which must hold a PCI grant (EPERM); EINVAL for a BAR that is
 * not memory, above 4 GB or larger than BAR_MAXMAP.  Memory decoding is
 * turned on if the grant covers it (pciconf).  The address of
 * the BAR's first byte.  Not inherited by fork; I/O that would hold
 * its pages (a large read(2) into it) is EFAULT.
 *
 * grantinfo(&pc): the granted PCI function as hw.pci.devices describes
 * it (struct pci_conf, sys/pciio.h: ids, class, line, BARs, and the
 * unit under its driver's name when the kernel left that driver to a
 * process: NAME=user on the command line, dev/pci/pci.c), so the
 * driver's PCI attach routine can run in the process on the same
 * struct pci_dev the kernel would give it.  EPERM without a PCI grant.
 *
 * pciconf(reg, width, &val, write): read (write 0) or write (write 1)
 * the granted function's configuration space: width 1, 2 or 4, reg
 * aligned to it and below 256 (EINVAL).  Only that function's space is
 * reachable (the 0xcf8/0xcfc ports stay closed).  All of it reads; a
 * write reaches only the command and status registers (0x04-0x07), and
 * of the command register only bus mastering and INTx disable, and I/O
 * and memory decoding turned off, or on where the grant covers every
 * decoder of that kind (a function whose I/O BARs, and compatibility-
 * mode IDE channels, are all granted; whose memory BARs barmap maps
 * all, its ROM off; none of them unassigned, at base 0; never a
 * bridge or display controller, nor a
 * function with no BAR of the kind): any other write is EPERM, nothing
 * written (the BARs, the ROM address, the line, and every register from
 * 0x40 on, where a device keeps decoders of its own).  So no write
 * makes the device answer addresses other than its grant's
 * (kern_devgrant.c says what the kernel cannot know).  EPERM without
 * a PCI grant, EFAULT for a bad val.
 *
 * NO IOMMU.  A device that does bus-master DMA writes wherever its
 * driver points it: a user driver of such a device can read and write
 * all of physical memory through it, the kernel's included.  The grant
 * confines the driver's instructions (ports, its own memory), not its
 * device's DMA; grant a DMA-capable device only to a driver you trust
 * as you would trust kernel code.
 */
#ifndef _SYS_DEVGRANT_H_
#define _SYS_DEVGRANT_H_

#include <sys/types.h>

#define GRANT_NIO	6		/* port ranges per grant */
#define DMA_MAXALLOC	(1024 * 1024 + 4096) /* bytes per dmaalloc: a 1 MiB
					 * transfer at any page offset */
#define DMA_MAXPROC	(4 * 1024 * 1024) /* bytes per grant */
#define BAR_MAXMAP	(64 * 1024 * 1024) /* the largest BAR barmap maps */

/* One range of I/O ports. */
struct io_range {
	uint16_t	ir_base;	/* first port */
	uint16_t	ir_len;		/* ports (1..) */
};

#ifndef _KERNEL
int	devgrant(pid_t pid, const char *name);
void	*dmaalloc(size_t len, uint32_t *pa);
void	*barmap(int bar);
struct pci_conf;
int	grantinfo(struct pci_conf *pc);
int	pciconf(int reg, int width, uint32_t *val, int write);
#else
struct proc;
struct thread;
struct lwkt_port;

/* The ports open to a process (struct proc's p_io). */
struct proc_io {
	uint32_t	pio_serial;	/* its grant's number, 0: none */
	int		pio_n;		/* ranges */
	struct io_range	pio_r[GRANT_NIO];
};

#define DEVGRANT_MAX	8		/* grants held at once */

struct cdev;
void	devgrant_proc_exit(struct proc *p);
void	devgrant_proc_exec(struct proc *p);
int	devgrant_sysctl_devs(const char *name, struct cdev **devs, int max,
	    int *np);
int	devgrant_intr(struct proc *p, struct lwkt_port *port);
int	devgrant_intr_check(struct proc *p);
bool	devgrant_busmaster(struct proc *p);
const void *devgrant_hw(struct proc *p);
const void *devgrant_hw_isa(const char *name);
bool	devgrant_label(const struct proc *p, char *buf, size_t len);

/* sys/i386/iomap.c */
void	cpu_iomap_init(void);
extern uint32_t iomap_serial;		/* the grant whose ports are in force */
void	cpu_iomap_switch(struct thread *td);
void	cpu_iomap_forget(uint32_t serial);
#endif

#endif /* !_SYS_DEVGRANT_H_ */
