/*
 * lib/libdrv/drvif.c - the driver interface (sys/sys/drvif.h) for a
 * driver built as a user program: the same calls the kernel implements
 * in sys/sys/drvif.h's inlines and sys/kern/kern_drvif.c.
 *
 * ONE PROCESS, MANY DRIVERS, PLAIN CALLS.  A driver process has one
 * thread and one message loop (drv_serve, drvagent.c).  Its ports are the kernel's
 * struct lwkt_port, implemented here with two kinds of putport, as the
 * kernel's dev_thread_port and dev_port_direct:
 *
 *   a thread port (drv_port_thread): the message is queued; the loop
 *       takes it and calls the driver's function with it, one at a time;
 *   a direct port (drv_port_direct): the handler runs at once, in the
 *       sender's call, and its return (0, an errno, or EASYNC) is the
 *       reply as in the kernel.
 *
 * drv_send to a port of this process is therefore a function call (a
 * queue insert, or the handler itself) and drv_reply a call of the reply
 * port's function: drivers stacked in one process (a disk and the
 * partition layer above it) talk with no agent and no system call
 * between them, which is seed 001's last sentence.  A message from
 * outside the process comes in through the port agent (receive and
 * reply through the message gate) and is replied there.
 *
 * THE LOOP.  drv_run() and drv_runonce(): expired timers send their
 * messages, then each thread port's queue is drained into its driver's
 * function (one message at a time per port, as a kernel thread port: a
 * port whose function is running, waiting inside, is skipped).  A
 * message from the agent that ends a batch skips the queue and the
 * round (drv_send_run): its port's function runs at once when nothing
 * of that port's is queued or running, which is what the round would
 * do first.  Timers and queues are counted (drv_timer_narmed,
 * drv_nqueued) and the first expiry kept as the TSC at which its tick
 * begins (drv_timer_first_tsc), so a round with nothing due asks no
 * more than a TSC compare and a counter (drvagentvar.h's drv_round,
 * inline in drvagent.c's loop).  A
 * driver that sleeps (drv_sleep: a terminal read with nothing to read)
 * or waits for a reply (drv_domsg, drv_dstrategy: the partition layer
 * reading its disk's sector 0) runs the loop inside the wait until
 * drv_wakeup() names its channel, the reply comes or the time passes,
 * so the other drivers of the process go on meanwhile (a round that
 * wakes two channels wakes only the sleeper of the last: enough for one
 * sleeper at a time, which is what the drivers here need).  When
 * nothing of its own is pending the wait takes the next message from
 * the port agent (drvagent.c's poll: sleeping in the kernel unless a
 * timer is armed), so a heartbeat is answered and an interrupt arrives
 * wherever the process waits.  There is one thread: crit_enter is nothing.
 *
 * THE REGISTRY.  drv_listen(fn) makes drv_register call fn(dev) for each
 * device the process registers after it (the partition layer hears of
 * its disks so); drv_dopen, drv_dclose and drv_dstrategy build the
 * device messages of sys/device.h for a device of this process and wait
 * for the reply, ENXIO for a device gone (drv_gone, drvdev.c).
 *
 * MEMORY.  drv_malloc is the C library's (DRV_WAITOK never returns
 * NULL: the process ends instead, like a kernel that cannot boot).  The
 * data of a message is a UIO_SYSSPACE uio over this process's memory;
 * drv_uio_physnext gives its physical addresses only inside DMA memory
 * this library handed out (drv_dma_alloc), which is where a receive
 * buffer for the agent must be for a DMA driver.
 *
 * The half that talks to the kernel is drvagent.c (the loop that
 * receives the port agent's messages, and replies) and drvdev.c (the
 * devices served through the agent, interrupts, DMA memory).  A
 * message's data, DMA memory's addresses and port I/O are drvmem.c's.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/queue.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <machine/cpufunc.h>
#include "libdrv.h"
#include "drvagentvar.h"

#define DRV_HZ		100		/* drv_ticks per second (kern.hz) */
#define DRV_NPORTS	16		/* thread ports in one process */
#define DRV_NTIMERS	32		/* timers in one process */

#define DRV_NLISTENERS	4		/* drv_listen's */

static struct drv_tport *drv_tports[DRV_NPORTS];
static int drv_ntports;
static struct drv_timer *drv_timers[DRV_NTIMERS]; /* armed (or stopped,
						 * its slot kept), or NULL */
static int drv_timer_slots;			/* slots ever used: the
						 * loops look at no more */
static uint32_t drv_timer_used;			/* drv_timers' slots taken */
_Static_assert(DRV_NTIMERS == 32, "drv_timer_used: a bit a slot, "
    "and all bits set is full");
static const volatile void *drv_woken;		/* the last wakeup's channel */
static uint64_t drv_nwakeups;			/* wakeups so far */
static void (*drv_listeners[DRV_NLISTENERS])(struct cdev *);
int	(*drv_agent_poll)(bool wait);		/* drvagent.c's, once serving */
int	drv_inwait;				/* agent polls inside a wait */
int	drv_nqueued;				/* messages on thread ports */

/* ---- logging and the end ---------------------------------------------- */

int
drv_log(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return (n);
}

int
drv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}

/* The driver cannot go on: say why and end the process (its supervisor,
 * if any, starts it again). */
void
drv_panic(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "driver panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(DRV_EXIT_PANIC);
}

/* ---- memory ----------------------------------------------------------- */

void *
drv_malloc(size_t size, struct malloc_type *type, int flags)
{
	void *p = (flags & DRV_ZERO) ? calloc(1, size) : malloc(size);

	if (p == NULL && (flags & DRV_WAITOK))
		drv_panic("drv_malloc: %zu bytes of %s: out of memory", size,
		    type->ks_shortdesc);
	return (p);
}

void
drv_free(void *p, struct malloc_type *type)
{
	(void)type;
	free(p);
}

/* ---- the clock, sleep, ordering ---------------------------------------- */

/*
 * The clock.  clock_gettime is a system call, and a driver reads the
 * clock for each request (a disk driver stamps it for its watchdog) and
 * the loop for its timers each round: so the TSC instead (an
 * instruction), at the rate the kernel measured (machdep.tsc_khz),
 * counted from one reading of the monotonic clock; the monotonic clock
 * itself if the rate is not known.  The tick is divided out of the TSC
 * only when it changes: drv_tick_end is the TSC at which the tick last
 * computed (drv_tick_now) ends, and drv_ticks is an inline of
 * sys/drvif.h that reads the TSC and compares it with drv_tick_end,
 * calling drv_ticks_compute only when the tick has moved on (a 64-bit
 * division is a libgcc call of about a hundred instructions).  Without
 * the TSC drv_tick_end stays 0, so every reading is computed.
 */
static uint64_t drv_tsc_per_tick;	/* 0: not asked yet, 1: no TSC */
uint32_t drv_tsc_khz;			/* TSC counts per ms (with the TSC) */
static uint64_t drv_tsc0, drv_ticks0;	/* the TSC at tick drv_ticks0 */
uint64_t drv_tick_now;			/* the tick last computed */
uint64_t drv_tick_end;			/* the TSC at which it ends */

static uint64_t
drv_ticks_slow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * DRV_HZ +
	    (uint64_t)ts.tv_nsec / (1000000000 / DRV_HZ));
}

/* The TSC's rate, once (a sysctl). */
static void
drv_ticks_init(void)
{
	int khz = 0;
	size_t len = sizeof(khz);

	drv_tsc_per_tick = 1;
	if (sysctl("machdep.tsc_khz", &khz, &len, NULL, 0) == 0 &&
	    khz >= DRV_HZ) {
		drv_tsc_khz = (uint32_t)khz;
		drv_tsc_per_tick = (uint64_t)khz * 1000 / DRV_HZ;
		drv_ticks0 = drv_ticks_slow();
		drv_tsc0 = rdtsc();
	}
}

/* drv_ticks's slow half (sys/drvif.h): the tick computed again. */
uint64_t
drv_ticks_compute(void)
{
	uint64_t n;

	if (drv_tsc_per_tick <= 1) {
		if (drv_tsc_per_tick == 0)
			drv_ticks_init();
		if (drv_tsc_per_tick == 1)
			return (drv_ticks_slow());
	}
	n = (rdtsc() - drv_tsc0) / drv_tsc_per_tick;
	drv_tick_now = drv_ticks0 + n;
	drv_tick_end = drv_tsc0 + (n + 1) * drv_tsc_per_tick;
	return (drv_tick_now);
}

/* The TSC at which tick t begins (a multiplication, no division), 0 if
 * the clock is not the TSC or t began before the TSC was first read. */
static uint64_t
drv_tick_tsc(uint64_t t)
{
	if (drv_tsc_per_tick <= 1 || t <= drv_ticks0)
		return (0);
	return (drv_tsc0 + (t - drv_ticks0) * drv_tsc_per_tick);
}

int
drv_hz(void)
{
	return (DRV_HZ);
}

void drv_crit_enter(void) { }		/* one thread: nothing preempts */
void drv_crit_exit(void) { }
void drv_pause(void) { }
void drv_ccfence(void) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
void drv_mfence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

/* Nothing to do this round: give the CPU up for a tick. */
void
drv_idle(void)
{
	struct timespec tick = { 0, 1000000000 / DRV_HZ };

	nanosleep(&tick, NULL);
}

/*
 * Nothing of the process's own is pending: wait for what can change
 * that, a message from the agent (sleeping in the kernel for it if
 * block and no timer is armed) or a tick.  false if block and nothing
 * can ever come: no agent (or a failed one), no timer.
 */
static bool
drv_wait(bool block)
{
	bool timers = drv_timers_armed();
	int error = EAGAIN;

	if (drv_agent_poll != NULL) {
		drv_inwait++;
		error = drv_agent_poll(block && !timers);
		drv_inwait--;
		if (error == 0 || error == EINTR)
			return (true);
	}
	if (block && !timers && (drv_agent_poll == NULL ||
	    (error != EAGAIN && error != ENOBUFS)))
		return (false);
	drv_idle();
	return (true);
}

/*
 * Sleep on chan: run the loop until a drv_wakeup(chan), or t ticks (0:
 * no limit).  0, or EWOULDBLOCK when the time passed; intr is the
 * kernel's PCATCH (a user driver is not interrupted by signals here).
 * EDEADLK if nothing could ever wake it (no message, timer or input
 * anywhere): the kernel would sleep forever, a process must not.
 */
int
drv_sleep(const volatile void *chan, bool intr, const char *wmesg, int t)
{
	uint64_t end = drv_ticks() + (uint64_t)t;
	uint64_t seen = drv_nwakeups;

	(void)intr;
	(void)wmesg;
	for (;;) {
		if (drv_nwakeups != seen && drv_woken == chan)
			return (0);
		seen = drv_nwakeups;
		if (t > 0 && drv_ticks() >= end)
			return (EWOULDBLOCK);
		if (drv_runonce() == 0 && !drv_wait(t == 0))
			return (EDEADLK);
	}
}

void
drv_wakeup(const volatile void *chan)
{
	drv_woken = chan;
	drv_nwakeups++;
}

/*
 * Touch DRV_STACK bytes of stack below the caller, once, so that the
 * stack never grows while the process serves: a driver's footprint is
 * then the same whatever paths its messages took, and a successor
 * started after a crash has the footprint of the instance it replaces
 * (a test's leak checks see a steady driver).
 */
#define DRV_STACK	(64 * 1024)
void __attribute__((__noinline__))
drv_stack_prefault(void)
{
	volatile char pad[DRV_STACK];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 256)
		pad[i] = 0;
}

/* ---- ports and messages ------------------------------------------------ */

int
drv_tport_put(lwkt_port_t port, lwkt_msg_t msg)
{
	msg->ms_flags |= MSGF_QUEUED;
	TAILQ_INSERT_TAIL(&port->mp_msgq, msg, ms_node);
	drv_nqueued++;
	drv_unc.du_why.du_queued = 1;
	return (EASYNC);
}

static int
drv_dport_put(lwkt_port_t port, lwkt_msg_t msg)
{
	dev_handler_t *fn = (dev_handler_t *)port->mp_data;

	if (drv_fault_track)
		drv_fault_handle(msg);		/* its faults' key */
	return (fn((union dev_anymsg *)msg));
}

/* A reply port's function (drv_initreplyport): set in mp_data. */
static void
drv_rport_reply(lwkt_port_t port, lwkt_msg_t msg)
{
	void (*fn)(lwkt_msg_t) = (void (*)(lwkt_msg_t))port->mp_data;

	if (fn != NULL)
		fn(msg);
}

void
drv_port_direct(lwkt_port_t port, dev_handler_t *fn)
{
	memset(port, 0, sizeof(*port));
	TAILQ_INIT(&port->mp_msgq);
	port->mp_putport = drv_dport_put;
	port->mp_data = (void *)fn;
}

void
drv_port_thread(lwkt_port_t *portp, void (*fn)(lwkt_msg_t, void *),
    void *arg, const char *name)
{
	struct drv_tport *tp;

	if (drv_ntports == DRV_NPORTS)
		drv_panic("drv_port_thread: %s: more than %d ports", name,
		    DRV_NPORTS);
	tp = calloc(1, sizeof(*tp));
	if (tp == NULL)
		drv_panic("drv_port_thread: %s: out of memory", name);
	TAILQ_INIT(&tp->dtp_port.mp_msgq);
	tp->dtp_port.mp_putport = drv_tport_put;
	tp->dtp_fn = fn;
	tp->dtp_arg = arg;
	tp->dtp_name = name;
	drv_tports[drv_ntports++] = tp;
	*portp = &tp->dtp_port;
}

/* A port replies come back to: fn(msg) runs at each reply (NULL: none;
 * the sender looks at MSGF_DONE). */
void
drv_initreplyport(lwkt_port_t port, void (*fn)(lwkt_msg_t))
{
	memset(port, 0, sizeof(*port));
	TAILQ_INIT(&port->mp_msgq);
	port->mp_replyport = drv_rport_reply;
	port->mp_data = (void *)fn;
}

/* A message whose replies go to rport. */
void
drv_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int cmd)
{
	memset(msg, 0, sizeof(*msg));
	msg->ms_reply_port = rport;
	msg->ms_cmd = cmd;
	msg->ms_flags = MSGF_DONE;
}

/* drv_getmsg's half (sys/drvif.h) for a port with a message queued. */
lwkt_msg_t
drv_getmsg_queued(lwkt_port_t port)
{
	lwkt_msg_t msg = TAILQ_FIRST(&port->mp_msgq);

	TAILQ_REMOVE(&port->mp_msgq, msg, ms_node);
	msg->ms_flags &= ~MSGF_QUEUED;
	if (--drv_nqueued == 0)
		drv_unc.du_why.du_queued = 0;
	return (msg);
}

/* Pass msg, held from above, to port (of this process), its reply
 * going to its sender: a call. */
void
drv_forward(lwkt_port_t port, lwkt_msg_t msg)
{
	int error;

	msg->ms_target_port = port;
	error = port->mp_putport(port, msg);
	if (error != EASYNC)
		drv_reply(msg, error);
}

/* Send msg to port (of this process): a call, never a system call. */
void
drv_send(lwkt_port_t port, lwkt_msg_t msg)
{
	int error;

	msg->ms_flags &= ~(MSGF_DONE | MSGF_REPLY);
	msg->ms_target_port = port;
	error = port->mp_putport(port, msg);
	if (error != EASYNC)
		drv_reply(msg, error);
}

/* Send msg and run the loop until it is replied; its ms_error. */
int
drv_domsg(lwkt_port_t port, lwkt_msg_t msg)
{
	drv_send(port, msg);
	while ((msg->ms_flags & MSGF_DONE) == 0) {
		if (drv_runonce() > 0)
			continue;
		if (!drv_wait(true))
			drv_panic("drv_domsg: command %d on a port that "
			    "will never reply", msg->ms_cmd);
	}
	return (msg->ms_error);
}

/* ---- the registry's listeners and builders ---------------------------- */

/* fn(dev) for each device this process registers from now on (once
 * per fn; DRV_NLISTENERS at most). */
void
drv_listen(void (*fn)(struct cdev *))
{
	int i;

	for (i = 0; i < DRV_NLISTENERS; i++) {
		if (drv_listeners[i] == fn)
			return;
		if (drv_listeners[i] == NULL) {
			drv_listeners[i] = fn;
			return;
		}
	}
	drv_panic("drv_listen: more than %d listeners", DRV_NLISTENERS);
}

/* drv_register's: is anyone listening; tell them of dev. */
bool
drv_listening(void)
{
	return (drv_listeners[0] != NULL);
}

void
drv_listeners_tell(struct cdev *dev)
{
	int i;

	for (i = 0; i < DRV_NLISTENERS && drv_listeners[i] != NULL; i++)
		drv_listeners[i](dev);
}

/* Send m (built for dev) to dev's driver and wait for the reply. */
static int
drv_devmsg(struct cdev *dev, union dev_anymsg *m, int cmd)
{
	struct lwkt_port rport;

	if (dev->si_flags & SI_GONE)
		return (ENXIO);
	drv_initreplyport(&rport, NULL);
	drv_initmsg(&m->lmsg, &rport, cmd);
	m->head.dm_dev = dev;
	return (drv_domsg(dev->si_port, &m->lmsg));
}

/* DEV_OPEN, DEV_CLOSE to a device of this process: its error. */
int
drv_dopen(struct cdev *dev, int oflags)
{
	union dev_anymsg m;

	memset(&m, 0, sizeof(m));
	m.open.a_oflags = oflags;
	return (drv_devmsg(dev, &m, DEV_OPEN));
}

int
drv_dclose(struct cdev *dev, int fflag)
{
	union dev_anymsg m;

	memset(&m, 0, sizeof(m));
	m.close.a_fflag = fflag;
	return (drv_devmsg(dev, &m, DEV_CLOSE));
}

/*
 * A transfer of whole sectors inside dev (the caller checked: the
 * kernel's dev_dstrategy clips, this one refuses, EINVAL).  The data
 * goes through DMA memory of the library's when the process can have
 * some (a DMA driver reaches only that: drv_uio_physnext), else buf:
 * one page kept for the process's life (a grant's DMA memory is
 * counted as allocated, not as held), or for a larger or a nested
 * transfer its own.
 */
int
drv_dstrategy(struct cdev *dev, int bio_cmd, off_t offset, void *buf,
    size_t len, size_t *residp)
{
	static struct drv_dma bounce;
	static bool bounce_busy;
	union dev_anymsg m;
	struct drv_dma dd, *bp = NULL;
	struct uio uio;
	void *data = buf;
	int error;

	*residp = len;
	if (!(dev->si_flags & SI_DISK) || dev->si_secsize == 0 || len == 0 ||
	    offset < 0 || offset % dev->si_secsize != 0 ||
	    len % dev->si_secsize != 0 || offset > dev->si_mediasize ||
	    (off_t)len > dev->si_mediasize - offset)
		return (EINVAL);
	memset(&dd, 0, sizeof(dd));
	if (len <= PAGE_SIZE && !bounce_busy && (bounce.dd_va != NULL ||
	    drv_dma_alloc(&bounce, PAGE_SIZE, 0) == 0)) {
		bp = &bounce;
		bounce_busy = true;
	} else if (drv_dma_alloc(&dd, len, 0) == 0) {
		bp = &dd;
	}
	if (bp != NULL) {
		data = bp->dd_va;
		if (bio_cmd == BIO_WRITE)
			memcpy(data, buf, len);
	}
	memset(&m, 0, sizeof(m));
	memset(&uio, 0, sizeof(uio));
	uio.uio_buf = data;
	uio.uio_resid = len;
	uio.uio_segflg = UIO_SYSSPACE;
	uio.uio_rw = bio_cmd == BIO_READ ? UIO_READ : UIO_WRITE;
	m.strategy.a_bio_cmd = bio_cmd;
	m.strategy.a_offset = offset;
	m.strategy.a_bcount = len;
	m.strategy.a_resid = len;
	m.strategy.a_uio = &uio;
	error = drv_devmsg(dev, &m, DEV_STRATEGY);
	*residp = m.strategy.a_resid;
	if (bp != NULL) {
		if (bio_cmd == BIO_READ && *residp <= len)
			memcpy(buf, data, len - *residp);
		if (bp == &bounce)
			bounce_busy = false;
		else
			drv_dma_free(bp);
	}
	return (error);
}

/* ---- timers ------------------------------------------------------------ */

void
drv_timer_init(struct drv_timer *t, lwkt_port_t port, int cmd, void *arg)
{
	drv_initmsg(&t->dt_msg, NULL, cmd);
	t->dt_port = port;
	t->dt_tag = t->dt_fired = 0;
	t->dt_arg = arg;
	t->dt_impl = NULL;
	t->dt_slot = 0;
}

/*
 * dt_impl holds the expiry tick + 1 while armed (NULL: not armed), and
 * dt_slot its slot in drv_timers + 1, so arming an armed timer again
 * and stopping one find it with no scan (the ATA driver does both for
 * every command); a timer with no slot takes the lowest free one (the
 * lowest bit clear in drv_timer_used), which is the order in which
 * drv_timers_run fires timers due together.  Stopping a timer keeps
 * its slot (dt_impl NULL says it is not armed), so the ATA driver's
 * next command arms it with no slot to find: a stopped timer's slot is
 * given up when drv_timers_run next scans, or when every slot is taken
 * and a timer with none is armed (drv_timer_sweep).  The loop asks about the
 * timers each round, so what it asks is kept, not scanned for:
 * drv_timer_narmed counts the armed timers, and drv_timer_first is at
 * most the earliest expiry among them (a timer stopped or armed again
 * later leaves it early: the loop then wakes once for nothing, scans,
 * and sets it right).  Stopping the last armed timer leaves it too, so
 * a driver that arms a timeout for each command and stops it at the
 * command's end (the ATA driver) arms the next at or after it and sets
 * nothing; the loop's next look at the timers past it (drv_timers_run,
 * or drv_round_wait once the wait's ms changes) sees none armed and
 * sets "none" (UINT64_MAX), so an idle process waits for good after at
 * most one wait cut short.  drv_timer_first_tsc is
 * the TSC at which tick drv_timer_first begins (UINT64_MAX: no timer
 * armed; 0: ask the clock), so the loop's question "is a timer due" is
 * a TSC read and a compare, with no tick computed: the TSC reaches it
 * exactly when drv_ticks() reaches drv_timer_first.
 */
static int drv_timer_narmed;			/* timers armed */
static uint64_t drv_timer_first = UINT64_MAX;	/* <= every expiry */
uint64_t drv_timer_first_tsc = UINT64_MAX;	/* its TSC */
int	drv_wait_ms;				/* drv_round_wait's */
uint64_t drv_wait_until;			/* (0: computed again) */
uint64_t drv_round_tsc;				/* (drvagentvar.h; 0: ask) */

/* drv_round_tsc after drv_timer_first_tsc or drv_wait_until changed. */
static inline void
drv_round_tsc_set(void)
{
	drv_round_tsc = MIN(drv_timer_first_tsc, drv_wait_until);
}

static uint64_t
drv_timer_at(const struct drv_timer *t)
{
	return ((uint64_t)(uintptr_t)t->dt_impl - 1);
}

/*
 * A driver that arms a timeout for each request and stops it at the
 * request's end (the ATA driver) sets the first expiry from none to the
 * same tick again and again, request after request within a tick: the
 * last expiry's TSC and the last wait computed for a first timer (each
 * a function of that value alone: drv_round_wait) are remembered, so
 * the same expiry again costs neither a multiplication nor a division.
 */
static uint64_t drv_memo_at = UINT64_MAX, drv_memo_tsc; /* drv_tick_tsc */
static uint64_t drv_memo_wait_tsc;		/* drv_round_wait's for this */
static int drv_memo_wait_ms;			/*   first timer TSC (0: none:
						 *   restored, "ask" again) */
static uint64_t drv_memo_wait_until;

/* A first expiry not remembered: its TSC computed (and remembered once
 * the clock is known: it stays). */
static void __attribute__((__noinline__))
drv_timer_first_compute(uint64_t at)
{
	drv_timer_first_tsc = drv_tick_tsc(at);
	if (drv_timer_first_tsc != 0) {	/* (0: the clock not known yet) */
		drv_memo_at = at;
		drv_memo_tsc = drv_timer_first_tsc;
	}
}

/* The first expiry is at (UINT64_MAX: no timer armed), and the wait of
 * drv_round with it: for none, what drv_round_wait would say (for
 * good, until a timer is armed); else what it said last for this
 * first timer if it did (the TSC only grows: what held then holds
 * until then), or "ask". */
static inline __attribute__((__always_inline__)) void
drv_timer_first_set(uint64_t at)
{
	drv_timer_first = at;
	if (at == UINT64_MAX) {
		drv_timer_first_tsc = UINT64_MAX;
		drv_wait_ms = 0;
		drv_wait_until = UINT64_MAX;
		drv_round_tsc = UINT64_MAX;
		return;
	}
	if (at == drv_memo_at)
		drv_timer_first_tsc = drv_memo_tsc;
	else
		drv_timer_first_compute(at);
	if (drv_timer_first_tsc == drv_memo_wait_tsc) {
		drv_wait_ms = drv_memo_wait_ms;
		drv_wait_until = drv_memo_wait_until;
	} else {
		drv_wait_until = 0;	/* drv_round_wait's wait, stale */
	}
	drv_round_tsc_set();
}

/* Timer t (slotted) out of its slot (not counted: armed no more). */
static inline void
drv_timer_unslot(struct drv_timer *t)
{
	uint32_t slot = t->dt_slot - 1;

	drv_timers[slot] = NULL;
	drv_timer_used &= ~(1u << slot);
	t->dt_slot = 0;
}

/* Every slot taken: the stopped timers' slots are given up. */
static void __attribute__((__noinline__))
drv_timer_sweep(void)
{
	int i;

	for (i = 0; i < drv_timer_slots; i++)
		if (drv_timers[i] != NULL && drv_timers[i]->dt_impl == NULL)
			drv_timer_unslot(drv_timers[i]);
}

void
drv_timer_arm(struct drv_timer *t, int nticks, uint32_t tag)
{
	uint64_t at = drv_ticks() + (uint64_t)nticks;
	int slot;

	t->dt_tag = tag;
	if (t->dt_slot == 0) {
		if (drv_timer_used == ~0u)
			drv_timer_sweep();
		if (drv_timer_used == ~0u)
			drv_panic("drv_timer_arm: more than %d timers",
			    DRV_NTIMERS);
		slot = __builtin_ctz(~drv_timer_used);
		drv_timer_used |= 1u << slot;
		if (slot >= drv_timer_slots)
			drv_timer_slots = slot + 1;
		drv_timers[slot] = t;
		t->dt_slot = (uint32_t)slot + 1;
	}
	if (t->dt_impl == NULL)
		drv_timer_narmed++;
	t->dt_impl = (void *)(uintptr_t)(at + 1);
	if (at < drv_timer_first)
		drv_timer_first_set(at);
}

void
drv_timer_stop(struct drv_timer *t)
{
	if (t->dt_impl == NULL)
		return;
	t->dt_impl = NULL;	/* (its slot kept; drv_timer_first left:
				 * see above) */
	drv_timer_narmed--;
}

/*
 * How long the loop may wait in the kernel for a message, the TSC being
 * tsc: -1 not at all (a thread port's message is queued, or a timer is
 * due), 0 for good (no timer armed), else the ms until the first timer
 * is due, rounded up (a wait cut short, past 2^32 TSC counts, only
 * makes the loop look again).
 */
static inline int
drv_loop_waitms(uint64_t tsc)
{
	uint64_t now;

	if (drv_nqueued > 0)
		return (-1);
	if (drv_timer_narmed == 0)
		return (0);
	if (drv_timer_first_tsc != 0) {
		if (tsc >= drv_timer_first_tsc)
			return (-1);
		tsc = drv_timer_first_tsc - tsc;
		return ((int)((tsc > UINT32_MAX ? UINT32_MAX : (uint32_t)tsc) /
		    drv_tsc_khz + 1));
	}
	now = drv_ticks();
	if (drv_timer_first <= now)
		return (-1);
	return ((int)MIN((drv_timer_first - now) * (1000 / DRV_HZ),
	    0x7fffffff));
}

bool
drv_timers_armed(void)
{
	return (drv_timer_narmed > 0);
}

/* Fire the expired timers: note the tag, send unless still out. */
static int
drv_timers_run(void)
{
	uint64_t now, first = UINT64_MAX;
	struct drv_timer *t;
	int i, n = 0;

	if (rdtsc() < drv_timer_first_tsc)
		return (0);		/* none armed, or none due yet */
	if (drv_timer_narmed == 0) {
		drv_timer_first_set(UINT64_MAX);	/* the last one stopped */
		return (0);
	}
	if ((now = drv_ticks()) < drv_timer_first)
		return (0);
	drv_timer_first_set(UINT64_MAX); /* lowered by what fires and arms */
	for (i = 0; i < drv_timer_slots; i++) {
		t = drv_timers[i];
		if (t == NULL)
			continue;
		if (t->dt_impl == NULL) {
			drv_timer_unslot(t);	/* stopped: its slot given up */
			continue;
		}
		if (drv_timer_at(t) > now) {
			first = MIN(first, drv_timer_at(t));
			continue;
		}
		drv_timer_unslot(t);
		drv_timer_narmed--;
		t->dt_impl = NULL;
		t->dt_fired = t->dt_tag;
		if (t->dt_msg.ms_flags & MSGF_DONE) {
			drv_send(t->dt_port, &t->dt_msg);
			n++;
		}
	}
	if (first < drv_timer_first)
		drv_timer_first_set(first);
	return (n);
}

/* ---- the loop ---------------------------------------------------------- */

/*
 * drv_round's wait (drvagentvar.h) at TSC tsc, no timer due and nothing
 * queued: 0 (for good) if no timer is armed, else the ms until the first
 * is due, rounded up (a wait cut short, past 2^32 TSC counts, only
 * makes the loop look again).  Kept with the TSC until which it holds:
 * the wait is the TSC distance d over the TSC's kHz, plus one, which
 * stays the same while d stays at or above (wait - 1) kHz.
 */
int
drv_round_wait(uint64_t tsc)
{
	uint64_t d;

	if (drv_timer_narmed == 0 && drv_timer_first != UINT64_MAX)
		drv_timer_first_set(UINT64_MAX);	/* the last one stopped */
	if (drv_timer_first_tsc == UINT64_MAX) {
		drv_wait_ms = 0;
		drv_wait_until = UINT64_MAX;	/* till a timer is armed */
		drv_round_tsc = UINT64_MAX;
		return (0);
	}
	d = drv_timer_first_tsc - tsc;
	if (d > UINT32_MAX) {
		/* The same while d stays above 2^32 - 1 (a timeout of
		 * seconds: the ATA driver's, armed for each command). */
		drv_wait_ms = (int)(UINT32_MAX / drv_tsc_khz + 1);
		drv_wait_until = drv_timer_first_tsc - UINT32_MAX;
	} else {
		drv_wait_ms = (int)((uint32_t)d / drv_tsc_khz + 1);
		drv_wait_until = drv_timer_first_tsc -
		    (uint64_t)(uint32_t)(drv_wait_ms - 1) * drv_tsc_khz + 1;
	}
	drv_memo_wait_tsc = drv_timer_first_tsc;	/* (drv_timer_first_set) */
	drv_memo_wait_ms = drv_wait_ms;
	drv_memo_wait_until = drv_wait_until;
	drv_round_tsc_set();
	return (drv_wait_ms);
}

/* drv_round's half (drvagentvar.h) when a timer is due or a message
 * queued (or the clock is not the TSC): a round, then the wait. */
static int
drv_round_run(int *waitmsp)
{
	int n = drv_runonce();

	*waitmsp = drv_loop_waitms(rdtsc());
	return (n);
}

/* drv_round's half (drvagentvar.h) past drv_round_tsc or with a
 * message queued: the round's two questions asked one by one. */
int
drv_round_slow(uint64_t tsc, int *waitmsp)
{
	if (tsc >= drv_timer_first_tsc || drv_nqueued > 0)
		return (drv_round_run(waitmsp));
	*waitmsp = tsc < drv_wait_until ? drv_wait_ms : drv_round_wait(tsc);
	return (-1);
}

/*
 * One round: expired timers, then every queued message of every thread
 * port to its driver.  Returns the messages handled.  A port whose
 * function is running (it slept: drv_sleep runs rounds) is left alone,
 * as a kernel driver thread that sleeps takes no message: its messages
 * wait until the function returns.
 */
int
drv_runonce(void)
{
	lwkt_msg_t msg;
	int i, n = drv_timers_run();

	for (i = 0; i < drv_ntports && drv_nqueued > 0; i++) {
		struct drv_tport *tp = drv_tports[i];

		if (tp->dtp_busy)
			continue;	/* waiting inside its function */
		tp->dtp_busy = true;
		while ((msg = drv_getmsg(&tp->dtp_port)) != NULL) {
			if (drv_fault_track)
				drv_fault_handle(msg);	/* its faults' key */
			tp->dtp_fn(msg, tp->dtp_arg);
			n++;
		}
		tp->dtp_busy = false;
	}
	return (n);
}
