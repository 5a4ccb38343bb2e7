/*
 * sys/drvif.h - the driver interface: everything a device driver may
 * call, and nothing else.
 *
 * Seed 001: "the *same* device driver could operate in kernelland or in
 * userland and be optimal in both."  For that a driver must not reach
 * into the kernel by name.  A driver that includes this header (and the
 * message formats of sys/device.h, sys/uio.h's struct uio and
 * dev/pci/pcivar.h's struct pci_dev, which are data, not calls) and
 * calls only the drv_* functions below can be built twice from the one
 * .c file: into the kernel, where sys/kern/kern_drvif.c and the inlines
 * here implement the interface over the kernel's own mechanisms at no
 * cost (each hot call is the very instruction or function it was
 * before), and into a user driver program, where a library implements
 * the same calls over the message gate and the port agent (receive and
 * reply, the I/O permission bitmap, interrupt messages, DMA grants).
 *
 * The interface, by what a driver needs:
 *
 *   PORT I/O      drv_inb/inw/inl, drv_outb/outw/outl, drv_insw/outsw
 *                 (counts of 16-bit words).  A user driver may touch only
 *                 its device's ranges.
 *   MEMORY I/O    drv_mmio_read32/write32 on a BAR mapping.
 *   PCI           drv_pci_read/write (configuration space), and
 *                 drv_pci_enable_io/busmaster.  Drivers are found by id
 *                 with PCI_DRIVER (dev/pci/pcivar.h) as before.
 *   INTERRUPTS    drv_intr_establish(irq, port, im, arg, name): the
 *                 repeating interrupt message (struct intr_msg, ms_cmd
 *                 DEV_INTR) arrives at the driver's port;
 *                 drv_intr_done(im) replies it, which unmasks the line.
 *   DMA           drv_dma_alloc(dd, bytes, flags): physically contiguous,
 *                 page aligned, zeroed memory with both addresses
 *                 (dd_va for the CPU, dd_pa for the device);
 *                 drv_dma_free(dd).  dd must stay where it is until
 *                 then (the user library keeps its address: never a
 *                 struct on the stack, copied).  And the physical pieces of a
 *                 request's data: drv_uio_physiter_init, then
 *                 drv_uio_physnext (a piece) or drv_uio_physnextv (up
 *                 to max pieces into an array, a call) or
 *                 drv_uio_physnextp (the same, as a pointer to them:
 *                 the array, or where the pieces already lie), then
 *                 drv_uio_advance for what the device moved.
 *                 drv_dmaio(dev, on): from now on dev's strategy data
 *                 goes (SI_DMAIO, sys/device.h) or does not go by DMA;
 *                 in the kernel nothing needs telling, in a user
 *                 process the agent is told, so it gives the sender's
 *                 physical pieces only while the driver will use them.
 *   DATA          drv_uiomove (a message's uio, never user space);
 *                 with 0 bytes it says whether the CPU can move the
 *                 uio's data at all (EFAULT for a user build's physical
 *                 pieces, sys/device.h SI_DMAIO; always 0 in the kernel).
 *   REGISTRATION  drv_register(dev): the device's name and port appear
 *                 (make_dev in the kernel; a device registered with
 *                 SI_GONE set appears gone); drv_gone(dev) and
 *                 drv_back(dev) hide it (ENXIO) and bring it back with
 *                 its new si_mediasize (dev_gone, dev_back);
 *                 drv_listen(fn): fn(dev) for every device registered
 *                 from now on (in a user process: by that process).
 *   STACKING      drv_forward(port, msg): pass a message held from
 *                 above to the device below, the reply going straight
 *                 to the original sender (lwkt_forwardmsg);
 *                 drv_dopen, drv_dclose, drv_dstrategy(dev, cmd, off,
 *                 buf, len, &resid): the builders of sys/device.h, sent
 *                 to another device and waited for (in a user process
 *                 the device is one of that process's, reached by a
 *                 plain call, and the wait runs the process's loop).
 *   MESSAGE LOOP  drv_port_thread(&port, fn, arg, name): a port whose
 *                 messages fn receives one at a time in the driver's own
 *                 thread (or process); drv_port_direct(port, handler):
 *                 one whose handler runs in the sender's context;
 *                 drv_getmsg(port) takes the next waiting message
 *                 without blocking; drv_initmsg(msg, rport, cmd) and
 *                 drv_initreplyport(port, fn) make a message of the
 *                 driver's own and the port its replies come back to
 *                 (fn(msg) runs at each reply); drv_reply(msg, error)
 *                 answers one,
 *                 exactly once; drv_send(port, msg) sends one (to the
 *                 driver's own port, or to another driver's: in one
 *                 user process that is a plain call, no agent between).
 *   TIMERS        struct drv_timer: drv_timer_init(t, port, cmd) (once,
 *                 on a timer not armed, as callout_init),
 *                 drv_timer_arm(t, ticks, tag), drv_timer_stop(t).  A
 *                 timer that expires sends its message (ms_cmd cmd) to
 *                 the driver's port, carrying the tag it was armed with
 *                 (dt_fired), so timeouts are serialized with requests
 *                 and interrupts by the one message loop; the driver
 *                 replies it (drv_reply) before it can fire again.
 *                 drv_ticks() and drv_hz() are the clock.
 *   SLEEP         drv_sleep(chan, intr, wmesg, ticks)/drv_wakeup(chan),
 *                 drv_crit_enter/exit, drv_pause (a spin-wait hint).
 *   ORDERING      drv_ccfence (the compiler's), drv_mfence (the CPU's:
 *                 stores before loads), for rings shared with a device.
 *   MEMORY        drv_malloc(size, type, flags)/drv_free(p, type).
 *   LOGGING       drv_log (printf-like, to the console), drv_snprintf,
 *                 drv_panic (the driver cannot go on: in the kernel a
 *                 panic, in a user driver the process's end).
 *
 * What the interface leaves out on purpose: curthread and curproc (rule
 * 1 of sys/device.h: everything is in the message), user pointers, the
 * VM system's pages, locks (one message loop per driver serializes).
 * kprintf-level panics stay KASSERT, which a user build turns into an
 * abort of the driver process (its supervisor restarts it).
 */
#ifndef _SYS_DRVIF_H_
#define _SYS_DRVIF_H_

#include <sys/types.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/uio.h>
#ifdef _KERNEL
#include <sys/callout.h>
#else
#include <sys/agent.h>		/* struct udevseg: a UIO_PHYSSEG's pieces */
#include <machine/cpufunc.h>	/* rdtsc: drv_ticks */
#endif

struct uio;
struct uio_physiter;
struct pci_dev;
struct malloc_type;

/* DMA memory: physically contiguous and page aligned. */
struct drv_dma {
	void		*dd_va;		/* the CPU's address */
	vm_paddr_t	dd_pa;		/* the device's address */
	size_t		dd_size;	/* bytes, whole pages */
	void		*dd_priv;	/* the implementation's */
};
#define DRV_DMA_ZERO	0x0001		/* drv_dma_alloc: zeroed */

/* A timer that sends a message to its driver's port. */
struct drv_timer {
	struct lwkt_msg	dt_msg;		/* ms_cmd: the driver's command */
	lwkt_port_t	dt_port;	/* [I] where it is sent */
	uint32_t	dt_tag;		/* [c] armed with */
	uint32_t	dt_fired;	/* [c] the tag it fired with */
	void		*dt_arg;	/* [I] the driver's */
#ifdef _KERNEL
	struct callout	dt_callout;	/* kern_drvif.c's */
#else
	void		*dt_impl;	/* the user library's: the expiry + 1 */
	uint32_t	dt_slot;	/* its slot + 1 (kept when stopped), 0: none */
#endif
};

/* Memory (drv_malloc flags). */
#define DRV_WAITOK	0x0001
#define DRV_ZERO	0x0002

#ifdef _KERNEL
#include <sys/systm.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>
#include <dev/pci/pcivar.h>

/*
 * The kernel implementation: inlines over the kernel's own calls (so a
 * driver built into the kernel costs what it did before the interface),
 * and the rest in sys/kern/kern_drvif.c.
 */

/* Port I/O. */
static inline uint8_t  drv_inb(uint16_t p) { return (inb(p)); }
static inline uint16_t drv_inw(uint16_t p) { return (inw(p)); }
static inline uint32_t drv_inl(uint16_t p) { return (inl(p)); }
static inline void drv_outb(uint16_t p, uint8_t v) { outb(p, v); }
static inline void drv_outw(uint16_t p, uint16_t v) { outw(p, v); }
static inline void drv_outl(uint16_t p, uint32_t v) { outl(p, v); }
static inline void drv_insw(uint16_t p, void *a, size_t n) { insw(p, a, n); }
static inline void
drv_outsw(uint16_t p, const void *a, size_t n)
{
	outsw(p, a, n);
}

/* Memory-mapped registers (a BAR mapping). */
static inline uint32_t
drv_mmio_read32(volatile void *a)
{
	return (*(volatile uint32_t *)a);
}
static inline void
drv_mmio_write32(volatile void *a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* PCI configuration. */
static inline uint32_t
drv_pci_read(struct pci_dev *pd, int reg, int width)
{
	return (pci_read_config(pd, reg, width));
}
static inline void
drv_pci_write(struct pci_dev *pd, int reg, uint32_t val, int width)
{
	pci_write_config(pd, reg, val, width);
}
static inline void drv_pci_enable_io(struct pci_dev *pd) { pci_enable_io(pd); }
static inline void
drv_pci_enable_busmaster(struct pci_dev *pd)
{
	pci_enable_busmaster(pd);
}

/* Interrupts. */
static inline int
drv_intr_establish(int irq, lwkt_port_t port, struct intr_msg *im, void *arg,
    const char *name)
{
	return (intr_establish(irq, port, im, arg, name));
}
static inline void
drv_intr_done(struct intr_msg *im)
{
	lwkt_replymsg(&im->im_msg, 0);
}

/* The data of a message. */
static inline int
drv_uiomove(void *buf, size_t n, struct uio *uio)
{
	return (uiomove(buf, n, uio));
}
static inline void
drv_uio_physiter_init(struct uio_physiter *it, const struct uio *uio, size_t n)
{
	uio_physiter_init(it, uio, n);
}
static inline size_t
drv_uio_physnext(struct uio_physiter *it, vm_paddr_t *pap)
{
	return (uio_physnext(it, pap));
}
static inline int
drv_uio_physnextv(struct uio_physiter *it, struct uio_physseg *seg, int max)
{
	return (uio_physnextv(it, seg, max));
}
static inline int
drv_uio_physnextp(struct uio_physiter *it, struct uio_physseg *seg, int max,
    const struct uio_physseg **segp)
{
	*segp = seg;		/* the kernel walks its buffer: a walk */
	return (uio_physnextv(it, seg, max));
}
static inline void
drv_uio_advance(struct uio *uio, size_t n)
{
	uio_advance(uio, n);
}
static inline void
drv_dmaio(struct cdev *dev, bool on)
{
	(void)dev;	/* the kernel gives every driver its sender's */
	(void)on;	/* buffer as it is: nothing to tell */
}

/* Registration and the message loop. */
static inline int drv_register(struct cdev *dev) { return (make_dev(dev)); }
static inline void
drv_port_direct(lwkt_port_t port, dev_handler_t *fn)
{
	dev_port_direct(port, fn);
}
static inline void
drv_port_thread(lwkt_port_t *portp, void (*fn)(lwkt_msg_t, void *),
    void *arg, const char *name)
{
	(void)dev_thread_port(portp, fn, arg, name);
}
static inline lwkt_msg_t drv_getmsg(lwkt_port_t port) { return (lwkt_getport(port)); }
static inline void
drv_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int cmd)
{
	lwkt_initmsg(msg, rport, 0);
	msg->ms_cmd = cmd;
}
static inline void
drv_initreplyport(lwkt_port_t port, void (*fn)(lwkt_msg_t))
{
	lwkt_initport_replyonly(port, fn);
}
static inline void
drv_forward(lwkt_port_t port, lwkt_msg_t msg)
{
	(void)lwkt_forwardmsg(port, msg);
}
static inline void drv_gone(struct cdev *dev) { dev_gone(dev); }
static inline void drv_back(struct cdev *dev) { dev_back(dev); }
static inline void drv_listen(void (*fn)(struct cdev *)) { dev_listen(fn); }
static inline int
drv_dopen(struct cdev *dev, int oflags)
{
	return (dev_dopen(dev, oflags));
}
static inline int
drv_dclose(struct cdev *dev, int fflag)
{
	return (dev_dclose(dev, fflag));
}
static inline int
drv_dstrategy(struct cdev *dev, int bio_cmd, off_t offset, void *buf,
    size_t len, size_t *residp)
{
	struct uio uio;

	uio_init(&uio, buf, len, 0, UIO_SYSSPACE,
	    bio_cmd == BIO_READ ? UIO_READ : UIO_WRITE);
	return (dev_dstrategy(dev, bio_cmd, offset, &uio, residp));
}
static inline void drv_reply(lwkt_msg_t msg, int error) { lwkt_replymsg(msg, error); }
static inline void drv_send(lwkt_port_t port, lwkt_msg_t msg) { lwkt_sendmsg(port, msg); }

/* The clock, sleeping, critical sections. */
static inline uint64_t drv_ticks(void) { return (ticks); }
static inline int drv_hz(void) { return (hz); }
static inline int
drv_sleep(const volatile void *chan, bool intr, const char *wmesg, int t)
{
	return (tsleep(chan, intr ? PCATCH : 0, wmesg, t));
}
static inline void drv_wakeup(const volatile void *chan) { wakeup(chan); }
static inline void drv_crit_enter(void) { crit_enter(); }
static inline void drv_crit_exit(void) { crit_exit(); }
static inline void drv_pause(void) { cpu_pause(); }
static inline void drv_ccfence(void) { cpu_ccfence(); }
static inline void drv_mfence(void) { cpu_mfence(); }

/* Memory. */
static inline void *
drv_malloc(size_t size, struct malloc_type *type, int flags)
{
	return (kmalloc(size, type, ((flags & DRV_WAITOK) ? M_WAITOK : 0) |
	    ((flags & DRV_ZERO) ? M_ZERO : 0)));
}
static inline void drv_free(void *p, struct malloc_type *type) { kfree(p, type); }

/* Timers (kern_drvif.c has the callout's function): inline, as the
 * callouts the drivers armed before. */
void	drv_timer_fire(void *arg);
static inline void
drv_timer_arm(struct drv_timer *t, int nticks, uint32_t tag)
{
	t->dt_tag = tag;
	callout_reset(&t->dt_callout, nticks, drv_timer_fire, t);
}
static inline void
drv_timer_stop(struct drv_timer *t)
{
	(void)callout_stop(&t->dt_callout);
}
static inline bool
drv_timer_pending(struct drv_timer *t)
{
	return (callout_pending(&t->dt_callout));
}

#define drv_log		kprintf
#define drv_snprintf	ksnprintf
#define drv_panic	panic

#else /* !_KERNEL */

/*
 * The user implementation (lib/libdrv), for a driver built as a program
 * (DRV_USER): the same calls, out of line but for port I/O and the
 * few below that are a handful of loads and stores.
 */
/*
 * Port I/O: the instructions themselves, inline (the grant opened the
 * ports in the process's I/O permission bitmap; any other port:
 * SIGSEGV).  Each is a fault-injection point (lib/libdrv/drvfault.c):
 * when faults are off, one test of a flag predicted false, cleared at
 * the first I/O once the settings are read (drv_fault_track).
 */
extern bool drv_fault_track;
void	drv_fault_io(uint16_t port, int width, uint32_t val, bool out);
#define DRV_IOFAULT(p, w, v, out)					\
	do {								\
		if (__builtin_expect(drv_fault_track, 0))		\
			drv_fault_io((p), (w), (uint32_t)(v), (out));	\
	} while (0)
static inline uint8_t
drv_inb(uint16_t p)
{
	DRV_IOFAULT(p, 1, 0, false);
	return (inb(p));
}
static inline uint16_t
drv_inw(uint16_t p)
{
	DRV_IOFAULT(p, 2, 0, false);
	return (inw(p));
}
static inline uint32_t
drv_inl(uint16_t p)
{
	DRV_IOFAULT(p, 4, 0, false);
	return (inl(p));
}
static inline void
drv_outb(uint16_t p, uint8_t v)
{
	DRV_IOFAULT(p, 1, v, true);
	outb(p, v);
}
static inline void
drv_outw(uint16_t p, uint16_t v)
{
	DRV_IOFAULT(p, 2, v, true);
	outw(p, v);
}
static inline void
drv_outl(uint16_t p, uint32_t v)
{
	DRV_IOFAULT(p, 4, v, true);
	outl(p, v);
}
static inline void
drv_insw(uint16_t p, void *a, size_t n)
{
	DRV_IOFAULT(p, 2, 0, false);
	insw(p, a, n);
}
static inline void
drv_outsw(uint16_t p, const void *a, size_t n)
{
	DRV_IOFAULT(p, 2, 0, true);
	outsw(p, a, n);
}
uint32_t drv_mmio_read32(volatile void *a);
void	drv_mmio_write32(volatile void *a, uint32_t v);
uint32_t drv_pci_read(struct pci_dev *pd, int reg, int width);
void	drv_pci_write(struct pci_dev *pd, int reg, uint32_t val, int width);
void	drv_pci_enable_io(struct pci_dev *pd);
void	drv_pci_enable_busmaster(struct pci_dev *pd);
int	drv_intr_establish(int irq, lwkt_port_t port, struct intr_msg *im,
	    void *arg, const char *name);
int	drv_uiomove(void *buf, size_t n, struct uio *uio);
size_t	drv_uio_physnext_dma(struct uio_physiter *it, vm_paddr_t *pap);
void	drv_uio_advance_walk(struct uio *uio, size_t n);

/*
 * The walk of a message's data (lib/libdrv/drvmem.c says how the data
 * comes).  The agent's physical pieces (UIO_PHYSSEG: every read and
 * write of a DSF_PHYSIO device) are walked here, inline in the driver:
 * a piece is a few loads and stores, where a call (and the iterator
 * through memory) cost about as much again, 16 times for 64 KiB;
 * drv_uio_physnextv gives many pieces a call, as the kernel's
 * uio_physnextv does.  Memory of this process (UIO_SYSSPACE: a record
 * in DMA memory) is found by drvmem.c's region lookup,
 * drv_uio_physnext_dma; an advance over part of the pieces walks them
 * there.
 */
static inline void
drv_uio_physiter_init(struct uio_physiter *it, const struct uio *uio,
    size_t n)
{
	it->upi_uio = uio;
	it->upi_left = n < uio->uio_resid ? n : uio->uio_resid;
	it->upi_idx = uio->uio_vmidx;
	it->upi_skip = uio->uio_vmskip;
	it->upi_buf = uio->uio_buf;
}
static inline int
drv_uio_physnextv(struct uio_physiter *it, struct uio_physseg *seg, int max)
{
	const struct uio *uio = it->upi_uio;
	const struct udevseg *us;
	size_t left = it->upi_left, n;
	uint32_t skip = it->upi_skip;
	vm_paddr_t pa;
	int idx = it->upi_idx, k;

	if (uio->uio_segflg != UIO_PHYSSEG) {
		for (k = 0; k < max &&
		    (n = drv_uio_physnext_dma(it, &pa)) > 0; k++) {
			seg[k].ps_pa = pa;
			seg[k].ps_len = (uint32_t)n;
		}
		return (k);
	}
	/* The walk in registers, the pieces' array read in order. */
	us = (const struct udevseg *)(const void *)uio->uio_buf;
	for (k = 0; k < max && left > 0 && idx < uio->uio_vmcnt; k++) {
		n = us[idx].us_len - skip;
		if (n > left)
			n = left;
		if (n == 0)
			break;
		seg[k].ps_pa = (vm_paddr_t)us[idx].us_pa + skip;
		seg[k].ps_len = (uint32_t)n;
		skip += (uint32_t)n;
		if (skip == us[idx].us_len) {
			idx++;
			skip = 0;
		}
		left -= n;
	}
	it->upi_left = left;
	it->upi_idx = idx;
	it->upi_skip = skip;
	return (k);
}
/*
 * drv_uio_physnextv's pieces as a pointer to them, *segp: seg, filled,
 * or the agent's own pieces where they lie.  Those, when none of them
 * is walked yet and the walk is the whole of what is left of the uio
 * (a transfer the driver moves in one request: nearly every one), are
 * exactly the pieces the walk would copy (a struct udevseg is laid out
 * as a struct uio_physseg): given as they are, no piece looked at, so
 * a 64 KiB read's 16 or 17 pieces are not copied once more before
 * the driver copies them into its device's table.  At most max, as
 * drv_uio_physnextv: of more (a buffer that is not page aligned has
 * one more piece than pages), the first max, the walk left at the
 * next (it copies those).
 */
_Static_assert(sizeof(struct uio_physseg) == sizeof(struct udevseg) &&
    __builtin_offsetof(struct uio_physseg, ps_pa) ==
    __builtin_offsetof(struct udevseg, us_pa) &&
    __builtin_offsetof(struct uio_physseg, ps_len) ==
    __builtin_offsetof(struct udevseg, us_len),
    "drv_uio_physnextp gives the agent's struct udevseg as uio_physseg");
static inline int
drv_uio_physnextp(struct uio_physiter *it, struct uio_physseg *seg, int max,
    const struct uio_physseg **segp)
{
	const struct uio *uio = it->upi_uio;
	const struct uio_physseg *ps;
	size_t rest = 0;
	int n = uio->uio_vmcnt - it->upi_idx, k;

	if (uio->uio_segflg == UIO_PHYSSEG && it->upi_skip == 0 &&
	    it->upi_left == uio->uio_resid && it->upi_left > 0 && n > 0) {
		ps = (const struct uio_physseg *)(const void *)uio->uio_buf +
		    it->upi_idx;
		for (k = max; k < n; k++)	/* (none, nearly always) */
			rest += ps[k].ps_len;	/* the walk's bytes after */
		if (n > max)
			n = max;
		*segp = ps;
		it->upi_idx += n;
		it->upi_left = rest;
		return (n);
	}
	*segp = seg;
	return (drv_uio_physnextv(it, seg, max));
}
static inline size_t
drv_uio_physnext(struct uio_physiter *it, vm_paddr_t *pap)
{
	struct uio_physseg seg;

	if (drv_uio_physnextv(it, &seg, 1) == 0)
		return (0);
	*pap = seg.ps_pa;
	return (seg.ps_len);
}
static inline void
drv_uio_advance(struct uio *uio, size_t n)
{
	if (n >= uio->uio_resid && uio->uio_segflg == UIO_PHYSSEG) {
		/* All of it (a transfer the driver moved in one request):
		 * past the last piece, with no walk over the others. */
		uio->uio_offset += (off_t)uio->uio_resid;
		uio->uio_vmidx = uio->uio_vmcnt;
		uio->uio_vmskip = 0;
		uio->uio_resid = 0;
		return;
	}
	drv_uio_advance_walk(uio, n);
}
void	drv_dmaio(struct cdev *dev, bool on);
int	drv_register(struct cdev *dev);
void	drv_port_direct(lwkt_port_t port, dev_handler_t *fn);
void	drv_port_thread(lwkt_port_t *portp, void (*fn)(lwkt_msg_t, void *),
	    void *arg, const char *name);

/*
 * A message's reply, the next message of a port: inline, as each is a
 * few loads and stores and a read does several (the reply port's
 * mp_replyport is lib/libdrv's: drv_initreplyport's, or the agent's
 * reply path itself).
 */
static inline void
drv_reply(lwkt_msg_t msg, int error)
{
	lwkt_port_t rport = msg->ms_reply_port;

	msg->ms_error = error;
	msg->ms_flags |= MSGF_DONE | MSGF_REPLY;
	if (rport != NULL && rport->mp_replyport != NULL)
		rport->mp_replyport(rport, msg);
}
static inline void
drv_intr_done(struct intr_msg *im)
{
	drv_reply(&im->im_msg, 0);	/* the agent's: the line unmasked */
}
lwkt_msg_t drv_getmsg_queued(lwkt_port_t port);
static inline lwkt_msg_t
drv_getmsg(lwkt_port_t port)
{
	if (TAILQ_EMPTY(&port->mp_msgq))
		return (NULL);
	return (drv_getmsg_queued(port));
}
void	drv_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int cmd);
void	drv_initreplyport(lwkt_port_t port, void (*fn)(lwkt_msg_t));
void	drv_send(lwkt_port_t port, lwkt_msg_t msg);
void	drv_forward(lwkt_port_t port, lwkt_msg_t msg);
void	drv_gone(struct cdev *dev);
void	drv_back(struct cdev *dev);
void	drv_listen(void (*fn)(struct cdev *));
int	drv_dopen(struct cdev *dev, int oflags);
int	drv_dclose(struct cdev *dev, int fflag);
int	drv_dstrategy(struct cdev *dev, int bio_cmd, off_t offset, void *buf,
	    size_t len, size_t *residp);
/* The clock: a TSC read and a compare, the tick computed again only
 * when it has moved on (lib/libdrv/drvif.c: THE CLOCK). */
extern uint64_t drv_tick_now;		/* the tick last computed */
extern uint64_t drv_tick_end;		/* the TSC at which it ends */
uint64_t drv_ticks_compute(void);
static inline uint64_t
drv_ticks(void)
{
	if (rdtsc() < drv_tick_end)
		return (drv_tick_now);
	return (drv_ticks_compute());
}
int	drv_hz(void);
int	drv_sleep(const volatile void *chan, bool intr, const char *wmesg,
	    int t);
void	drv_wakeup(const volatile void *chan);
void	drv_crit_enter(void);
void	drv_crit_exit(void);
void	drv_pause(void);
void	drv_ccfence(void);
void	drv_mfence(void);
void	*drv_malloc(size_t size, struct malloc_type *type, int flags);
void	drv_free(void *p, struct malloc_type *type);
int	drv_log(const char *fmt, ...) __attribute__((__format__(__printf__,
	    1, 2)));
int	drv_snprintf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 3, 4)));
void	drv_panic(const char *fmt, ...) __attribute__((__noreturn__,
	    __format__(__printf__, 1, 2)));
void	drv_timer_arm(struct drv_timer *t, int ticks, uint32_t tag);
void	drv_timer_stop(struct drv_timer *t);
static inline bool
drv_timer_pending(struct drv_timer *t)
{
	return (t->dt_impl != NULL);	/* (lib/libdrv: the expiry + 1) */
}

#endif /* _KERNEL */

/* Out of line in both implementations (kern_drvif.c, lib/libdrv). */
int	drv_dma_alloc(struct drv_dma *dd, size_t bytes, int flags);
void	drv_dma_free(struct drv_dma *dd);
void	drv_timer_init(struct drv_timer *t, lwkt_port_t port, int cmd,
	    void *arg);

#endif /* !_SYS_DRVIF_H_ */
