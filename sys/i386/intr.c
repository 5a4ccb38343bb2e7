/*
 * intr.c - the 8259 interrupt controllers and interrupt dispatch.
 *
 * The two 8259s are remapped to vectors 32..47 and start with every line
 * masked; intr_register() installs a handler and unmasks its line.
 *
 * intr_handle() is where critical sections meet hardware.  If the
 * interrupted thread is in a critical section, the interrupt is only
 * noted: its line is masked, the controller acknowledged, the IRQ's bit
 * set in gd_ipending and RQF_INTPEND in gd_reqflags.  The thread's last
 * crit_exit() calls intr_replay_pending(), which runs the handler and
 * unmasks the line.  Otherwise the handler runs at once, itself inside a
 * critical section, and a reschedule it requested is honoured before the
 * interrupt returns.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include <machine/frame.h>
#include <machine/md_var.h>

#define IO_ICU1		0x20
#define IO_ICU2		0xa0
#define ICU_EOI		0x20
#define ICU_READ_ISR	0x0b
#define IRQ_SLAVE	2

struct intr_handler {
	void		(*ih_fn)(void *);
	void		*ih_arg;
	const char	*ih_name;
};

static struct intr_handler intr_handlers[NIRQ];
static uint16_t icu_imr = 0xffff;	/* [i] masked lines */

static void
icu_write_mask(void)
{
	outb(IO_ICU1 + 1, icu_imr & 0xff);
	outb(IO_ICU2 + 1, icu_imr >> 8);
}

void
icu_init(void)
{
	/* ICW1: edge, cascade, ICW4 follows; ICW2: vector base; ICW3:
	 * cascade wiring; ICW4: 8086 mode. */
	outb(IO_ICU1, 0x11);
	outb(IO_ICU1 + 1, IDT_IRQ0);
	outb(IO_ICU1 + 1, 1 << IRQ_SLAVE);
	outb(IO_ICU1 + 1, 0x01);
	outb(IO_ICU2, 0x11);
	outb(IO_ICU2 + 1, IDT_IRQ0 + 8);
	outb(IO_ICU2 + 1, IRQ_SLAVE);
	outb(IO_ICU2 + 1, 0x01);
	icu_imr = 0xffff & ~(1 << IRQ_SLAVE);
	icu_write_mask();
}

void
icu_mask(int irq)
{
	icu_imr |= 1u << irq;
	icu_write_mask();
}

void
icu_unmask(int irq)
{
	icu_imr &= ~(1u << irq);
	icu_write_mask();
}

void
icu_eoi(int irq)
{
	if (irq >= 8)
		outb(IO_ICU2, ICU_EOI);
	outb(IO_ICU1, ICU_EOI);
}

/* IRQ 7 and 15 fire spuriously when a request vanishes; the in-service
 * register tells. */
bool
icu_spurious(int irq)
{
	uint16_t port = irq == 7 ? IO_ICU1 : IO_ICU2;

	if (irq != 7 && irq != 15)
		return (false);
	outb(port, ICU_READ_ISR);
	if (inb(port) & 0x80)
		return (false);
	if (irq == 15)
		outb(IO_ICU1, ICU_EOI);		/* the master saw a real one */
	return (true);
}

/* Install fn(arg) for irq and unmask the line. */
void
intr_register(int irq, void (*fn)(void *), void *arg, const char *name)
{
	uint32_t ef = intr_disable();

	KASSERT(irq >= 0 && irq < NIRQ && intr_handlers[irq].ih_fn == NULL,
	    ("intr_register: irq %d", irq));
	intr_handlers[irq].ih_fn = fn;
	intr_handlers[irq].ih_arg = arg;
	intr_handlers[irq].ih_name = name;
	icu_unmask(irq);
	intr_restore(ef);
}

static void
intr_run(globaldata_t gd, int irq)
{
	struct intr_handler *ih = &intr_handlers[irq];

	gd->gd_intr_nesting++;
	if (ih->ih_fn != NULL)
		ih->ih_fn(ih->ih_arg);
	gd->gd_intr_nesting--;
}

/* Called from trap() with interrupts disabled. */
void
intr_handle(struct trapframe *tf __unused, int irq)
{
	globaldata_t gd = mycpu;
	thread_t td = gd->gd_curthread;

	if (icu_spurious(irq))
		return;
	gd->gd_cnt_intr++;
	if (td->td_critcount > 0) {
		icu_mask(irq);
		icu_eoi(irq);
		atomic_set_int(&gd->gd_ipending, 1u << irq);
		atomic_set_int(&gd->gd_reqflags, RQF_INTPEND);
		gd->gd_cnt_intr_deferred++;
		return;
	}
	icu_eoi(irq);
	++td->td_critcount;
	intr_run(gd, irq);
	--td->td_critcount;
	if (gd->gd_reqflags != 0)
		lwkt_crit_pending();
}

/*
 * Run the interrupts deferred by a critical section.  Called by
 * lwkt_crit_pending() inside a critical section.
 */
void
intr_replay_pending(void)
{
	globaldata_t gd = mycpu;
	uint32_t ef = intr_disable();

	while (gd->gd_ipending != 0) {
		int irq = __builtin_ctz(gd->gd_ipending);

		atomic_clear_int(&gd->gd_ipending, 1u << irq);
		intr_run(gd, irq);
		icu_unmask(irq);
	}
	atomic_clear_int(&gd->gd_reqflags, RQF_INTPEND);
	intr_restore(ef);
}
