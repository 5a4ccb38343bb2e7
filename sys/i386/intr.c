/*
 * intr.c - the 8259 interrupt controllers, and interrupts as messages.
 *
 * The two 8259s are remapped to vectors 32..47 and start with every line
 * masked.  A line is claimed one of two ways:
 *
 *   intr_establish(irq, port, msg, arg, name)  THE WAY FOR DRIVERS.  The
 *	driver gets a repeating interrupt message (struct intr_msg,
 *	sys/device.h).  When the line fires, intr_handle() masks it,
 *	acknowledges the controller and sends the message to the driver's
 *	port, if it is not already out; if it is, the firing is counted
 *	(im_missed) and the line simply stays masked.  The message's reply
 *	port is intr_rport, a reply-only port whose function unmasks the
 *	line: the driver's reply is what re-enables its interrupt (the port
 *	agent, which keeps a user driver's messages as bits, ends one with
 *	intr_msg_done, the reply without the port's round).  So a
 *	driver that never replies leaves only its own line masked.  The
 *	port's putport must never block (a thread port queues; the agent
 *	port marks a bit): the message is sent from interrupt context, and
 *	the driver's code runs in its thread or process.
 *
 *   intr_register(irq, fn, arg, name)  a direct handler run in interrupt
 *	context, for the clock alone: hardclock advances ticks and runs
 *	the callouts that wake sleeping threads, so it cannot itself wait
 *	for a thread to be scheduled (and a late tick would be a lost one).
 *
 * Interrupt threads: one per driver, not one per line.  A driver makes
 * its thread with dev_thread_port() (kern_device.c); the same port
 * receives its interrupt messages for every line it has and, if it
 * wants, its device messages too, so a driver's interrupt work and its
 * queued requests are serialized by that one thread without locks.  Per
 * line threads would buy nothing on one CPU with 16 lines, and a
 * driver with two lines (COM1 and COM2) would have to lock.
 *
 * An interrupt nobody claimed is counted (intr_count) and its line
 * masked: never a panic.  Every firing is counted per line, readable as
 * the string sysctl hw.intrcnt ("irqN name count" lines).
 *
 * intr_handle() is where critical sections meet hardware.  If the
 * interrupted thread is in a critical section, the interrupt is only
 * noted: its line is masked, the controller acknowledged, the IRQ's bit
 * set in gd_ipending and RQF_INTPEND in gd_reqflags.  The thread's last
 * crit_exit() calls intr_replay_pending(), which runs the direct handler
 * and unmasks the line, or sends the interrupt message (the line stays
 * masked until the reply).  Otherwise the work is done at once, inside a
 * critical section, and a reschedule it requested (the driver thread
 * woken by the message) is honoured before the interrupt returns.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include <machine/frame.h>
#include <machine/md_var.h>

#define IO_ICU1		0x20
#define IO_ICU2		0xa0
#define ICU_EOI		0x20
#define ICU_READ_ISR	0x0b
#define IRQ_SLAVE	2

/* One line.  [i] changed with interrupts disabled. */
struct intr_handler {
	void		(*ih_fn)(void *); /* [i] a direct handler (the clock) */
	void		*ih_arg;	/* [i] its argument */
	const char	*ih_name;	/* [i] who claimed the line */
	lwkt_port_t	ih_port;	/* [i] where ih_msg goes */
	struct intr_msg	*ih_msg;	/* [i] the driver's message, or NULL */
	bool		ih_out;		/* [i] ih_msg sent and not replied */
	uint64_t	ih_count;	/* [i] times the line fired */
};

static struct intr_handler intr_handlers[NIRQ];
static uint16_t icu_imr = 0xffff;	/* [i] masked lines */
static struct lwkt_port intr_rport;	/* replies unmask (intr_replied) */

static void	intr_replied(lwkt_msg_t msg);

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
	lwkt_initport_replyonly(&intr_rport, intr_replied);
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

/* Install fn(arg) for irq as a direct handler and unmask the line (the
 * clock only: drivers use intr_establish). */
void
intr_register(int irq, void (*fn)(void *), void *arg, const char *name)
{
	uint32_t ef = intr_disable();

	KASSERT(irq >= 0 && irq < NIRQ && intr_handlers[irq].ih_fn == NULL &&
	    intr_handlers[irq].ih_msg == NULL,
	    ("intr_register: irq %d", irq));
	intr_handlers[irq].ih_fn = fn;
	intr_handlers[irq].ih_arg = arg;
	intr_handlers[irq].ih_name = name;
	icu_unmask(irq);
	intr_restore(ef);
}

/*
 * Give irq to a driver: when it fires, im (initialized here: ms_cmd
 * DEV_INTR, im_irq, im_arg = arg) is sent to port, a queueing port
 * whose thread handles it and replies, which unmasks the line.  im must
 * live as long as the line is established.  Returns 0, EINVAL (no such
 * line, or the cascade), or EBUSY (claimed).  Never blocks.
 */
int
intr_establish(int irq, lwkt_port_t port, struct intr_msg *im, void *arg,
    const char *name)
{
	struct intr_handler *ih;
	uint32_t ef;

	if (irq < 0 || irq >= NIRQ || irq == IRQ_SLAVE)
		return (EINVAL);
	ih = &intr_handlers[irq];
	ef = intr_disable();
	if (ih->ih_fn != NULL || ih->ih_msg != NULL) {
		intr_restore(ef);
		return (EBUSY);
	}
	lwkt_initmsg(&im->im_msg, &intr_rport, 0);
	im->im_msg.ms_cmd = DEV_INTR;
	im->im_irq = irq;
	im->im_arg = arg;
	im->im_missed = 0;
	ih->ih_msg = im;
	ih->ih_port = port;
	ih->ih_name = name;
	ih->ih_out = false;
	icu_unmask(irq);
	intr_restore(ef);
	return (0);
}

/*
 * Take irq back from its driver: the line is masked and unclaimed
 * again.  The driver must hold its message (not out): EBUSY otherwise.
 */
int
intr_disestablish(int irq)
{
	struct intr_handler *ih = &intr_handlers[irq];
	uint32_t ef = intr_disable();

	KASSERT(irq >= 0 && irq < NIRQ && ih->ih_msg != NULL,
	    ("%s: irq %d is not established", __func__, irq));
	if (ih->ih_out) {
		intr_restore(ef);
		return (EBUSY);
	}
	icu_mask(irq);
	ih->ih_msg = NULL;
	ih->ih_port = NULL;
	ih->ih_name = NULL;
	intr_restore(ef);
	return (0);
}

/* Is irq masked at the controller? */
bool
intr_masked(int irq)
{
	return ((icu_imr & (1u << irq)) != 0);
}

/* Has a driver (or the clock) claimed irq? */
bool
intr_claimed(int irq)
{
	return (intr_handlers[irq].ih_fn != NULL ||
	    intr_handlers[irq].ih_msg != NULL);
}

/* Times irq has fired since boot. */
uint64_t
intr_count(int irq)
{
	return (intr_handlers[irq].ih_count);
}

/* The reply of an interrupt message: the line may fire again. */
static void
intr_replied(lwkt_msg_t msg)
{
	struct intr_msg *im = (struct intr_msg *)msg;
	struct intr_handler *ih = &intr_handlers[im->im_irq];
	uint32_t ef = intr_disable();

	ih->ih_out = false;
	if (ih->ih_msg == im)
		icu_unmask(im->im_irq);
	intr_restore(ef);
}

/*
 * The holder of interrupt message im, which is out (sent, not replied),
 * is done with it: what its reply does (the message done, the line
 * free to fire again: intr_replied), without the reply port's round.
 * For the port agent, which keeps a user driver's interrupt messages
 * as bits and acknowledges them by line (sys/kern/kern_agent.c); a
 * driver replies.  Never blocks.  [c]
 */
void
intr_msg_done(struct intr_msg *im)
{
	im->im_msg.ms_error = 0;
	im->im_msg.ms_flags |= MSGF_REPLY | MSGF_DONE;
	intr_replied(&im->im_msg);
}

/*
 * A line without a direct handler fired (its line is masked): send the
 * driver its message, or count a firing while it is out, or, for a line
 * nobody claimed, leave it masked for good.  Interrupts disabled, in a
 * critical section.
 */
static void
intr_post(struct intr_handler *ih)
{
	if (ih->ih_msg == NULL)
		return;				/* stray: stays masked */
	if (ih->ih_out) {
		ih->ih_msg->im_missed++;	/* stays masked to the reply */
		return;
	}
	ih->ih_out = true;
	lwkt_sendmsg(ih->ih_port, &ih->ih_msg->im_msg);
}

static void
intr_run(globaldata_t gd, int irq)
{
	struct intr_handler *ih = &intr_handlers[irq];

	gd->gd_intr_nesting++;
	if (ih->ih_fn != NULL)
		ih->ih_fn(ih->ih_arg);
	else
		intr_post(ih);
	gd->gd_intr_nesting--;
}

/* Called from trap() with interrupts disabled (and by intr_trigger). */
void
intr_handle(struct trapframe *tf, int irq)
{
	globaldata_t gd = mycpu;
	thread_t td = gd->gd_curthread;
	struct intr_handler *ih = &intr_handlers[irq];

	if (icu_spurious(irq))
		return;
	gd->gd_cnt_intr++;
	ih->ih_count++;
	if (td->td_critcount > 0) {
		icu_mask(irq);
		icu_eoi(irq);
		atomic_set_int(&gd->gd_ipending, 1u << irq);
		atomic_set_int(&gd->gd_reqflags, RQF_INTPEND);
		gd->gd_cnt_intr_deferred++;
		return;
	}
	if (ih->ih_fn == NULL)
		icu_mask(irq);		/* unmasked by the reply */
	icu_eoi(irq);
	++td->td_critcount;
	gd->gd_intr_user = tf != NULL && TRAPF_USERMODE(tf);
	intr_run(gd, irq);
	gd->gd_intr_user = false;
	--td->td_critcount;
	if (gd->gd_reqflags != 0)
		lwkt_crit_pending();
}

/*
 * Make irq fire as far as software can: run the low-level handler as the
 * hardware would, with interrupts disabled.  For tests of the message
 * path on a line no device drives.
 */
void
intr_trigger(int irq)
{
	uint32_t ef = intr_disable();

	KASSERT(irq >= 0 && irq < NIRQ && irq != 7 && irq != 15 &&
	    irq != IRQ_SLAVE, ("%s: irq %d", __func__, irq));
	intr_handle(NULL, irq);
	intr_restore(ef);
}

/*
 * Run the interrupts deferred by a critical section.  Called by
 * lwkt_crit_pending() inside a critical section.  A direct handler's
 * line is unmasked after it ran; a message's line stays masked until
 * the reply.
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
		if (intr_handlers[irq].ih_fn != NULL)
			icu_unmask(irq);
	}
	atomic_clear_int(&gd->gd_reqflags, RQF_INTPEND);
	intr_restore(ef);
}

/*
 * hw.intrcnt: a line "irqN name count" for every line that has fired or
 * is claimed (an unclaimed one is named "stray").
 */
static int
sysctl_intrcnt(char *buf, size_t size, size_t *lenp)
{
	size_t len = 0;
	int irq;

	for (irq = 0; irq < NIRQ && len < size; irq++) {
		struct intr_handler *ih = &intr_handlers[irq];

		if (ih->ih_count == 0 && ih->ih_fn == NULL && ih->ih_msg == NULL)
			continue;
		len += ksnprintf(buf + len, size - len, "irq%d %s %llu\n", irq,
		    ih->ih_name != NULL ? ih->ih_name : "stray",
		    (unsigned long long)ih->ih_count);
	}
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(hw_intrcnt, "hw.intrcnt", sysctl_intrcnt,
    "interrupts per line since boot: irqN name count");
