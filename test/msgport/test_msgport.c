/*
 * Tests of LWKT messages and ports: every operation of sys/msgport.h,
 * every port type, abort and drop races, and the zero-switch fast path.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/msgport.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/callout.h>
#include <sys/test.h>
#include "msgtest.h"

#define MYPORT	(&curthread->td_msgport)

/* ---- synchronous and asynchronous round trips ------------------------ */

static void
test_msg_domsg(void)
{
	struct tserver ts;
	struct tmsg tm;
	int error;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	tmsg_init(&tm, MYPORT, TCMD_ECHO, 41);
	error = lwkt_domsg(ts.ts_port, &tm.tm_msg, 0);
	T_EQ(error, 0);
	T_EQ(tm.tm_msg.ms_result, 42);
	T_EQ(tm.tm_msg.ms_flags & (MSGF_DONE | MSGF_REPLY | MSGF_QUEUED),
	    MSGF_DONE | MSGF_REPLY);
	/* An error comes back as domsg's return value and ms_error. */
	tmsg_init(&tm, MYPORT, TCMD_ERR, ENOENT);
	T_EQ(lwkt_domsg(ts.ts_port, &tm.tm_msg, 0), ENOENT);
	T_EQ(tm.tm_msg.ms_error, ENOENT);
	/* A synchronous reply never sits on our port. */
	T_ASSERT(TAILQ_EMPTY(&MYPORT->mp_msgq));
	tserver_stop(&ts);
}
DEFINE_TEST(msg_domsg, "lwkt_domsg to a thread port returns the reply", test_msg_domsg);

static void
test_msg_sendmsg_async(void)
{
	struct tserver ts;
	struct tmsg a, b;
	lwkt_msg_t m;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	tmsg_init(&a, MYPORT, TCMD_ECHO, 1);
	tmsg_init(&b, MYPORT, TCMD_ECHO, 2);
	lwkt_sendmsg(ts.ts_port, &a.tm_msg);
	lwkt_sendmsg(ts.ts_port, &b.tm_msg);
	/* Sending returns at once; nothing has been served yet. */
	T_EQ(ts.ts_served, 0);
	T_EQ(a.tm_msg.ms_flags & MSGF_DONE, 0);
	T_ASSERT(a.tm_msg.ms_flags & MSGF_QUEUED);
	/* While we sleep, the server replies; replies queue on our port in
	 * order. */
	tsleep(&a, 0, "async", 2);
	T_EQ(ts.ts_served, 2);
	T_ASSERT(a.tm_msg.ms_flags & MSGF_DONE);
	T_ASSERT(a.tm_msg.ms_flags & MSGF_QUEUED);
	m = lwkt_getport(MYPORT);
	T_EQ(m, &a.tm_msg);
	T_EQ(m->ms_result, 2);
	/* waitmsg on an already replied, queued message dequeues it. */
	T_EQ(lwkt_waitmsg(&b.tm_msg, 0), 0);
	T_EQ(b.tm_msg.ms_result, 3);
	T_EQ(b.tm_msg.ms_flags & MSGF_QUEUED, 0);
	T_EQ(lwkt_getport(MYPORT), NULL);
	tserver_stop(&ts);
}
DEFINE_TEST(msg_sendmsg_async, "lwkt_sendmsg queues; replies queue on the reply port", test_msg_sendmsg_async);

static void
test_msg_waitport(void)
{
	struct tserver ts;
	struct tmsg tm[3];
	lwkt_msg_t m;
	int i, sum = 0;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	for (i = 0; i < 3; i++) {
		tmsg_init(&tm[i], MYPORT, TCMD_ECHO, i * 10);
		lwkt_sendmsg(ts.ts_port, &tm[i].tm_msg);
	}
	/* Block on our own port until each reply arrives. */
	for (i = 0; i < 3; i++) {
		m = lwkt_waitport(MYPORT, 0);
		T_EQ(m, &tm[i].tm_msg);
		T_ASSERT(m->ms_flags & MSGF_DONE);
		sum += m->ms_result;
	}
	T_EQ(sum, 1 + 11 + 21);
	tserver_stop(&ts);
}
DEFINE_TEST(msg_waitport, "lwkt_waitport blocks for each reply, in order", test_msg_waitport);

/* ---- the fast path ---------------------------------------------------- */

static int
fast_dispatch(lwkt_port_t port, lwkt_msg_t msg)
{
	msg->ms_result = ((struct tmsg *)msg)->tm_arg * 2;
	return (0);
}

static volatile int bystander_ran;

static void
bystander_fn(void *arg)
{
	bystander_ran = 1;
}

static void
test_msg_sync_fastpath(void)
{
	struct lwkt_port port;
	struct tmsg tm;
	uint64_t sw0, sw1;
	int i, error = 0;

	lwkt_initport_dispatch(&port, fast_dispatch, NULL);
	/* With nothing else runnable, a yield or a block and an immediate
	 * wakeup would not switch either: make a thread runnable at our
	 * priority, so that any yield or sleep on the way would run it
	 * (and count a switch).  It must still not have run after. */
	bystander_ran = 0;
	lwkt_create(bystander_fn, NULL, TDPRI_KERN, "t-bystander");
	sw0 = mycpu->gd_cnt_switch;
	for (i = 0; i < 1000; i++) {
		tmsg_init(&tm, MYPORT, 0, i);
		error |= lwkt_domsg(&port, &tm.tm_msg, 0);
		if (tm.tm_msg.ms_result != i * 2)
			break;
	}
	sw1 = mycpu->gd_cnt_switch;
	T_EQ(error, 0);
	T_EQ(i, 1000);
	T_EQ(sw1 - sw0, 0);
	T_EQ(bystander_ran, 0);
	T_EQ(port.mp_nput, 1000);
	T_EQ(tm.tm_msg.ms_flags & (MSGF_DONE | MSGF_QUEUED | MSGF_REPLY),
	    MSGF_DONE);
	T_ASSERT(TAILQ_EMPTY(&MYPORT->mp_msgq));
	/* It was runnable all along: a yield runs it (and reaps it). */
	lwkt_yield();
	T_EQ(bystander_ran, 1);
	lwkt_yield();
}
DEFINE_TEST(msg_sync_fastpath, "a sync message completed in putport: no queue, zero switches", test_msg_sync_fastpath);

/* A direct port (the system port's kind): the handler is putport. */
static void
test_msg_direct_port(void)
{
	struct lwkt_port port;
	struct tmsg tm;
	uint64_t sw0;

	lwkt_initport_direct(&port, fast_dispatch, NULL);
	T_ASSERT(port.mp_putport == fast_dispatch);
	sw0 = mycpu->gd_cnt_switch;
	tmsg_init(&tm, MYPORT, 0, 21);
	T_EQ(lwkt_domsg(&port, &tm.tm_msg, 0), 0);
	T_EQ(tm.tm_msg.ms_result, 42);
	T_EQ(mycpu->gd_cnt_switch - sw0, 0);
	T_EQ(port.mp_nput, 0);
	T_EQ(tm.tm_msg.ms_flags & (MSGF_DONE | MSGF_QUEUED | MSGF_REPLY),
	    MSGF_DONE);
}
DEFINE_TEST(msg_direct_port, "a direct port runs its handler as putport, in the sender's thread", test_msg_direct_port);

static void
test_msg_sendmsg_to_dispatch(void)
{
	struct lwkt_port port;
	struct tmsg tm;

	/* Even when the target finishes at once, an async send is answered
	 * through the reply port. */
	lwkt_initport_dispatch(&port, fast_dispatch, NULL);
	tmsg_init(&tm, MYPORT, 0, 7);
	lwkt_sendmsg(&port, &tm.tm_msg);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_DONE);
	T_EQ(lwkt_getport(MYPORT), &tm.tm_msg);
	T_EQ(tm.tm_msg.ms_result, 14);
}
DEFINE_TEST(msg_send_dispatch, "lwkt_sendmsg to a completing port still replies", test_msg_sendmsg_to_dispatch);

/* A dispatch port that keeps the message and replies from a callout. */
static struct callout later_co;

static void
later_reply(void *arg)
{
	lwkt_msg_t msg = arg;

	msg->ms_result = 99;
	lwkt_replymsg(msg, 0);
}

static int
later_dispatch(lwkt_port_t port, lwkt_msg_t msg)
{
	callout_reset(&later_co, 2, later_reply, msg);
	return (EASYNC);
}

static void
test_msg_dispatch_async(void)
{
	struct lwkt_port port;
	struct tmsg tm;
	uint64_t t0 = ticks;

	callout_init(&later_co);
	lwkt_initport_dispatch(&port, later_dispatch, NULL);
	tmsg_init(&tm, MYPORT, 0, 0);
	T_EQ(lwkt_domsg(&port, &tm.tm_msg, 0), 0);
	T_EQ(tm.tm_msg.ms_result, 99);
	T_GE(ticks - t0, 2);
}
DEFINE_TEST(msg_dispatch_async, "a port may keep a sync message and reply later (from a callout)", test_msg_dispatch_async);

/* ---- forwarding -------------------------------------------------------- */

static void
test_msg_forward(void)
{
	struct tserver a, b;
	struct lwkt_port fast;
	struct tmsg tm;

	tserver_start(&a, TDPRI_KERN, "t-fwd-a");
	tserver_start(&b, TDPRI_KERN, "t-fwd-b");
	/* a forwards to b; b echoes; the reply reaches us once. */
	tmsg_init(&tm, MYPORT, TCMD_FORWARD, 5);
	tm.tm_fwd_port = b.ts_port;
	T_EQ(lwkt_domsg(a.ts_port, &tm.tm_msg, 0), 0);
	T_EQ(tm.tm_msg.ms_result, 6);
	T_EQ(tm.tm_msg.ms_target_port, b.ts_port);
	T_EQ(a.ts_served, 1);
	T_EQ(b.ts_served, 1);
	/* Forwarding to a port that completes at once replies at once. */
	lwkt_initport_dispatch(&fast, fast_dispatch, NULL);
	tmsg_init(&tm, MYPORT, TCMD_FORWARD, 21);
	tm.tm_fwd_port = &fast;
	T_EQ(lwkt_domsg(a.ts_port, &tm.tm_msg, 0), 0);
	T_EQ(tm.tm_msg.ms_result, 42);
	T_EQ(tm.tm_msg.ms_target_port, &fast);
	tserver_stop(&a);
	tserver_stop(&b);
}
DEFINE_TEST(msg_forward, "lwkt_forwardmsg hands a message to another port", test_msg_forward);

/* ---- reply-only ports ---------------------------------------------------- */

static volatile int ronly_calls;
static lwkt_msg_t ronly_last;

static void
ronly_fn(lwkt_msg_t msg)
{
	ronly_calls++;
	ronly_last = msg;
}

static void
test_msg_replyonly(void)
{
	struct lwkt_port rport, pport;
	struct tserver ts;
	struct tmsg tm;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	ronly_calls = 0;
	lwkt_initport_replyonly(&rport, ronly_fn);
	tmsg_init(&tm, &rport, TCMD_ECHO, 1);
	lwkt_sendmsg(ts.ts_port, &tm.tm_msg);
	tsleep(&tm, 0, "ronly", 2);
	T_EQ(ronly_calls, 1);
	T_EQ(ronly_last, &tm.tm_msg);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_DONE);
	T_EQ(tm.tm_msg.ms_flags & MSGF_QUEUED, 0);
	T_EQ(tm.tm_msg.ms_result, 2);

	/* Polling: lwkt_checkmsg says when it is done. */
	lwkt_initport_replyonly_null(&pport);
	tmsg_init(&tm, &pport, TCMD_SLOW, 2);
	lwkt_sendmsg(ts.ts_port, &tm.tm_msg);
	T_ASSERT(!lwkt_checkmsg(&tm.tm_msg));
	tsleep(&tm, 0, "poll", 5);
	T_ASSERT(lwkt_checkmsg(&tm.tm_msg));
	T_EQ(tm.tm_msg.ms_result, 2);
	T_EQ(ronly_calls, 1);
	tserver_stop(&ts);
}
DEFINE_TEST(msg_replyonly, "reply-only ports call back or let the sender poll", test_msg_replyonly);

/* ---- spin ports: many waiters ------------------------------------------- */

struct spin_worker {
	lwkt_port_t	port;
	volatile int	handled;
	volatile int	*exited;
	bool		pause;		/* sleep a tick after each message */
};

static volatile int spin_release;	/* ends a TCMD_HOLD */

static void
spin_worker_fn(void *arg)
{
	struct spin_worker *w = arg;
	lwkt_msg_t msg;

	for (;;) {
		msg = lwkt_waitport(w->port, 0);
		if (msg->ms_cmd == TCMD_QUIT) {
			lwkt_replymsg(msg, 0);
			break;
		}
		if (msg->ms_cmd == TCMD_HOLD) {
			crit_enter();
			while (!spin_release)
				tsleep((void *)&spin_release, 0, "shold", 0);
			crit_exit();
		}
		w->handled++;
		msg->ms_result = (int)(uintptr_t)curthread & 0xffff;
		lwkt_replymsg(msg, 0);
		/* So that another worker gets the next one. */
		if (w->pause)
			tsleep(w, 0, "spinw", 1);
	}
	crit_enter();
	(*w->exited)++;
	wakeup((void *)w->exited);
	crit_exit();
}

/* Stop the n spin workers of port (a QUIT each, in tm[0..n-1]) and wait
 * until all n have counted themselves out in *exited. */
static void
spin_workers_quit(lwkt_port_t port, struct tmsg *tm, int n,
    volatile int *exited)
{
	int i;

	for (i = 0; i < n; i++) {
		tmsg_init(&tm[i], MYPORT, TCMD_QUIT, 0);
		lwkt_domsg(port, &tm[i].tm_msg, 0);
	}
	crit_enter();
	while (*exited < n)
		tsleep((void *)exited, 0, "spinx", 0);
	crit_exit();
	lwkt_yield();
}

static void
test_msg_spinport(void)
{
	static struct tmsg tm[10];
	struct lwkt_port sport;
	struct spin_worker w1, w2;
	static volatile int exited;
	int i;

	exited = 0;
	lwkt_initport_spin(&sport);
	w1 = (struct spin_worker){ &sport, 0, &exited, true };
	w2 = (struct spin_worker){ &sport, 0, &exited, true };
	lwkt_create(spin_worker_fn, &w1, TDPRI_KERN, "t-spin1");
	lwkt_create(spin_worker_fn, &w2, TDPRI_KERN, "t-spin2");
	lwkt_yield();			/* both wait on the port */
	T_EQ(sport.mp_waiters, 2);
	for (i = 0; i < 10; i++) {
		tmsg_init(&tm[i], MYPORT, TCMD_ECHO, i);
		lwkt_sendmsg(&sport, &tm[i].tm_msg);
	}
	for (i = 0; i < 10; i++)
		T_EQ(lwkt_waitmsg(&tm[i].tm_msg, 0), 0);
	T_EQ(w1.handled + w2.handled, 10);
	T_GT(w1.handled, 0);
	T_GT(w2.handled, 0);
	spin_workers_quit(&sport, tm, 2, &exited);
}
DEFINE_TEST(msg_spinport, "a spin port feeds several waiting threads", test_msg_spinport);

/*
 * A batch of work on a spin port wakes one receiver, not one per message;
 * and a receiver that blocks in the middle of a message does not hold up
 * the messages queued behind it: the next receiver is woken for them.
 */
static void
test_msg_spinport_batch(void)
{
	static struct tmsg tm[6];
	static struct spin_worker w[3];
	static volatile int exited;
	struct lwkt_port sport;
	int i;

	exited = 0;
	spin_release = 0;
	lwkt_initport_spin(&sport);
	for (i = 0; i < 3; i++) {
		w[i] = (struct spin_worker){ &sport, 0, &exited, false };
		lwkt_create(spin_worker_fn, &w[i], TDPRI_KERN, "t-batch");
	}
	lwkt_yield();			/* all three wait on the port */
	T_EQ(sport.mp_waiters, 3);
	crit_enter();
	for (i = 0; i < 6; i++) {
		tmsg_init(&tm[i], MYPORT, TCMD_ECHO, i);
		lwkt_sendmsg(&sport, &tm[i].tm_msg);
	}
	T_EQ(sport.mp_wakeups, 1);	/* one receiver woken for six */
	crit_exit();
	for (i = 0; i < 6; i++)
		T_EQ(lwkt_waitmsg(&tm[i].tm_msg, 0), 0);
	T_EQ(w[0].handled + w[1].handled + w[2].handled, 6);

	/* The first message blocks its receiver; the rest still run. */
	for (i = 0; i < 3; i++)
		w[i].handled = 0;
	tmsg_init(&tm[0], MYPORT, TCMD_HOLD, 0);
	lwkt_sendmsg(&sport, &tm[0].tm_msg);
	for (i = 1; i < 6; i++) {
		tmsg_init(&tm[i], MYPORT, TCMD_ECHO, i);
		lwkt_sendmsg(&sport, &tm[i].tm_msg);
	}
	for (i = 1; i < 6; i++)
		T_EQ(lwkt_waitmsg(&tm[i].tm_msg, 0), 0);
	T_ASSERT(!(tm[0].tm_msg.ms_flags & MSGF_DONE));	/* still held */
	T_EQ(w[0].handled + w[1].handled + w[2].handled, 5);
	crit_enter();
	spin_release = 1;
	wakeup((void *)&spin_release);
	crit_exit();
	T_EQ(lwkt_waitmsg(&tm[0].tm_msg, 0), 0);

	spin_workers_quit(&sport, tm, 3, &exited);
}
DEFINE_TEST(msg_spinport_batch, "a batch on a spin port wakes one receiver; a blocked one hands on the rest", test_msg_spinport_batch);

/*
 * lwkt_waitport(PCATCH) on a spin port: an interrupted sleep returns
 * NULL and leaves the waiter counts as they were (the async workers
 * retire idle spares this way); a message already queued is still taken.
 */
struct pcatch_waiter {
	lwkt_port_t	port;
	lwkt_msg_t	got;
	volatile int	done;
};

static void
pcatch_waiter_fn(void *arg)
{
	struct pcatch_waiter *pw = arg;

	pw->got = lwkt_waitport(pw->port, PCATCH);
	if (pw->got != NULL)
		lwkt_replymsg(pw->got, 0);
	crit_enter();
	curthread->td_flags &= ~TDF_ABORT;
	pw->done = 1;
	wakeup(pw);
	crit_exit();
}

static void
test_msg_spinport_pcatch(void)
{
	static struct pcatch_waiter pw;
	static struct tmsg tm;
	struct lwkt_port sport;
	thread_t td;

	lwkt_initport_spin(&sport);
	pw = (struct pcatch_waiter){ &sport, NULL, 0 };
	td = lwkt_create(pcatch_waiter_fn, &pw, TDPRI_KERN, "t-pcatch");
	lwkt_yield();			/* it waits on the port */
	T_EQ(sport.mp_waiters, 1);
	crit_enter();
	td->td_flags |= TDF_ABORT;
	tsleep_interrupt(td);
	while (!pw.done)
		tsleep(&pw, 0, "pcatch", 0);
	crit_exit();
	T_ASSERT(pw.got == NULL);
	T_EQ(sport.mp_waiters, 0);
	T_EQ(sport.mp_wakeups, 0);

	/* Interrupted before it waits, but with work queued: it takes it. */
	pw = (struct pcatch_waiter){ &sport, NULL, 0 };
	tmsg_init(&tm, MYPORT, TCMD_ECHO, 0);
	crit_enter();
	lwkt_sendmsg(&sport, &tm.tm_msg);
	td = lwkt_create(pcatch_waiter_fn, &pw, TDPRI_KERN, "t-pcatch");
	td->td_flags |= TDF_ABORT;
	while (!pw.done)
		tsleep(&pw, 0, "pcatch", 0);
	crit_exit();
	T_ASSERT(pw.got == &tm.tm_msg);
	T_EQ(lwkt_waitmsg(&tm.tm_msg, 0), 0);
	T_EQ(sport.mp_waiters, 0);
	lwkt_yield();
}
DEFINE_TEST(msg_spinport_pcatch, "an interrupted PCATCH wait on a spin port returns NULL", test_msg_spinport_pcatch);

/*
 * Work queued while the only waiter was interrupted and has not come
 * back (an async boot worker retires an idle spare, then a callout fires
 * a message as it leaves its critical section): nobody is asleep to be
 * woken, so nobody may be counted as on their way.  Otherwise mp_wakeups
 * stays 1 for ever and the next message wakes no one.
 */
static void
test_msg_spinport_pcatch_nosleeper(void)
{
	static struct lwkt_port sport;	/* outlives a failed assertion */
	static struct pcatch_waiter pw;
	static struct tmsg tm, tm2;
	static struct spin_worker w;
	static volatile int exited;
	thread_t td;
	int wakeups, i;
	bool lost;

	lwkt_initport_spin(&sport);
	pw = (struct pcatch_waiter){ &sport, NULL, 0 };
	td = lwkt_create(pcatch_waiter_fn, &pw, TDPRI_KERN, "t-pcatch");
	lwkt_yield();			/* it waits on the port */
	T_EQ(sport.mp_waiters, 1);
	crit_enter();
	td->td_flags |= TDF_ABORT;
	tsleep_interrupt(td);		/* runnable, not back yet */
	tmsg_init(&tm, MYPORT, TCMD_ECHO, 0);
	lwkt_sendmsg(&sport, &tm.tm_msg);
	wakeups = sport.mp_wakeups;	/* nobody was asleep to wake */
	lwkt_getport(&sport);		/* another receiver takes it */
	lwkt_replymsg(&tm.tm_msg, 0);
	while (!pw.done)
		tsleep(&pw, 0, "pcatch", 0);
	crit_exit();
	T_EQ(lwkt_waitmsg(&tm.tm_msg, 0), 0);
	T_ASSERT(pw.got == NULL);
	T_EQ(wakeups, 0);
	T_EQ(sport.mp_waiters, 0);
	T_EQ(sport.mp_wakeups, 0);

	/* A receiver that sleeps now is woken for the next message. */
	exited = 0;
	w = (struct spin_worker){ &sport, 0, &exited, false };
	lwkt_create(spin_worker_fn, &w, TDPRI_KERN, "t-nosleep");
	lwkt_yield();
	T_EQ(sport.mp_waiters, 1);
	tmsg_init(&tm2, MYPORT, TCMD_ECHO, 0);
	lwkt_sendmsg(&sport, &tm2.tm_msg);
	for (i = 0; i < 10 && !(tm2.tm_msg.ms_flags & MSGF_DONE); i++)
		tsleep(&w, 0, "nosleep", 1);
	lost = !(tm2.tm_msg.ms_flags & MSGF_DONE);
	if (lost)
		wakeup(&sport);		/* so that the test still ends */
	T_EQ(lwkt_waitmsg(&tm2.tm_msg, 0), 0);
	T_ASSERT(!lost);
	spin_workers_quit(&sport, &tm2, 1, &exited);
}
DEFINE_TEST(msg_spinport_pcatch_nosleeper, "work queued while the only waiter is interrupted wakes the next receiver", test_msg_spinport_pcatch_nosleeper);

/* ---- abort ------------------------------------------------------------- */

static void
test_msg_abort_queued(void)
{
	struct tserver ts;
	struct tmsg hold, tm, rel;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	/* Keep the server busy holding one message... */
	tmsg_init(&hold, MYPORT, TCMD_SLOW, 10);
	lwkt_sendmsg(ts.ts_port, &hold.tm_msg);
	tmsg_init(&tm, MYPORT, TCMD_ECHO, 1);
	lwkt_sendmsg(ts.ts_port, &tm.tm_msg);
	lwkt_yield();				/* server takes `hold`, sleeps */
	T_EQ(ts.ts_served, 1);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_QUEUED);
	/* ...so `tm` is still queued: abort replies ECANCELED at once. */
	lwkt_abortmsg(&tm.tm_msg);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_DONE);
	T_EQ(lwkt_waitmsg(&tm.tm_msg, 0), ECANCELED);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_ABORTED);
	/* Aborting again changes nothing. */
	lwkt_abortmsg(&tm.tm_msg);
	T_EQ(lwkt_getport(MYPORT), NULL);
	T_EQ(lwkt_waitmsg(&hold.tm_msg, 0), 0);
	/* The server never saw the aborted message. */
	tmsg_init(&rel, MYPORT, TCMD_ECHO, 0);
	lwkt_domsg(ts.ts_port, &rel.tm_msg, 0);
	T_EQ(ts.ts_served, 2);
	tserver_stop(&ts);
}
DEFINE_TEST(msg_abort_queued, "aborting a queued message replies ECANCELED once", test_msg_abort_queued);

static void
test_msg_abort_inprogress(void)
{
	struct lwkt_port rport;
	struct tserver ts;
	struct tmsg tm;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	ronly_calls = 0;
	lwkt_initport_replyonly(&rport, ronly_fn);
	tmsg_init(&tm, &rport, TCMD_SLOW, 1000);
	lwkt_sendmsg(ts.ts_port, &tm.tm_msg);
	lwkt_yield();			/* the server takes it and sleeps */
	T_EQ(ts.ts_served, 1);
	T_EQ(tm.tm_msg.ms_flags & (MSGF_QUEUED | MSGF_DONE), 0);
	/* Abort calls the hook; the server stops at its safe point (it
	 * runs while we sleep: the reply is there after, not after the
	 * 1000 ticks the message asked for). */
	lwkt_abortmsg(&tm.tm_msg);
	lwkt_abortmsg(&tm.tm_msg);	/* a second abort is harmless */
	tsleep(&tm, 0, "abort", 2);
	T_EQ(ronly_calls, 1);
	T_EQ(tm.tm_msg.ms_error, ECANCELED);
	T_EQ(ts.ts_aborts_seen, 1);
	tserver_stop(&ts);
	T_EQ(ronly_calls, 1);
}
DEFINE_TEST(msg_abort_inprogress, "aborting a message in progress stops it at a safe point", test_msg_abort_inprogress);

static void
test_msg_abort_after_done(void)
{
	struct lwkt_port rport;
	struct tserver ts;
	struct tmsg tm, rel;

	tserver_start(&ts, TDPRI_KERN, "t-server");
	ronly_calls = 0;
	lwkt_initport_replyonly(&rport, ronly_fn);
	/* The target holds the message and has not yet replied; the abort
	 * hook is called but this target ignores it and finishes: the sender
	 * gets the real result, once. */
	tmsg_init(&tm, &rport, TCMD_HOLD, 0);
	tm.tm_msg.ms_abortfn = NULL;
	lwkt_sendmsg(ts.ts_port, &tm.tm_msg);
	lwkt_yield();
	lwkt_abortmsg(&tm.tm_msg);
	T_EQ(ronly_calls, 0);
	tmsg_init(&rel, MYPORT, TCMD_RELEASE, 77);
	lwkt_domsg(ts.ts_port, &rel.tm_msg, 0);
	T_EQ(ronly_calls, 1);
	T_EQ(tm.tm_msg.ms_error, 0);
	T_EQ(tm.tm_msg.ms_result, 77);
	/* Aborting a message that is done does nothing at all. */
	lwkt_abortmsg(&tm.tm_msg);
	T_EQ(ronly_calls, 1);
	T_EQ(tm.tm_msg.ms_error, 0);
	tserver_stop(&ts);
}
DEFINE_TEST(msg_abort_after_done, "a finished message is not cancelled by abort", test_msg_abort_after_done);

/* ---- drop --------------------------------------------------------------- */

static void
test_msg_drop(void)
{
	struct lwkt_port rport, sport;
	struct tmsg tm;

	ronly_calls = 0;
	lwkt_initport_replyonly(&rport, ronly_fn);
	lwkt_initport_spin(&sport);
	lwkt_initmsg(&tm.tm_msg, &rport, MSGF_DROPABLE);
	lwkt_sendmsg(&sport, &tm.tm_msg);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_QUEUED);
	/* Dropped: off the queue, back to us, and no reply at all. */
	T_EQ(lwkt_dropmsg(&tm.tm_msg), 0);
	T_EQ(tm.tm_msg.ms_flags & MSGF_QUEUED, 0);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_DONE);
	T_ASSERT(TAILQ_EMPTY(&sport.mp_msgq));
	T_EQ(ronly_calls, 0);
	T_EQ(lwkt_dropmsg(&tm.tm_msg), ENOENT);
	/* It can be sent again; once a receiver holds it, drop fails and
	 * the receiver's reply is the one reply. */
	lwkt_sendmsg(&sport, &tm.tm_msg);
	T_EQ(lwkt_getport(&sport), &tm.tm_msg);
	T_EQ(lwkt_dropmsg(&tm.tm_msg), ENOENT);
	lwkt_replymsg(&tm.tm_msg, 0);
	T_EQ(ronly_calls, 1);
}
DEFINE_TEST(msg_drop, "lwkt_dropmsg takes back a queued message without a reply", test_msg_drop);

/* ---- ping-pong --------------------------------------------------------- */

static void
test_msg_pingpong(void)
{
	struct tserver ts;
	struct tmsg tm;
	uint64_t sw0 = mycpu->gd_cnt_switch;
	int i, v = 0;

	tserver_start(&ts, TDPRI_KERN, "t-pong");
	tmsg_init(&tm, MYPORT, TCMD_ECHO, 0);
	for (i = 0; i < 1000; i++) {
		tm.tm_arg = v;
		if (lwkt_domsg(ts.ts_port, &tm.tm_msg, 0) != 0)
			break;
		v = tm.tm_msg.ms_result;
	}
	T_EQ(i, 1000);
	T_EQ(v, 1000);
	T_EQ(ts.ts_served, 1000);
	/* Each round trip is two switches: to the server and back. */
	T_GE(mycpu->gd_cnt_switch - sw0, 2000);
	T_LE(mycpu->gd_cnt_switch - sw0, 2010);
	tserver_stop(&ts);
}
DEFINE_TEST(msg_pingpong, "1000 round trips between two threads over ports", test_msg_pingpong);

static void
test_msg_abort_unsent(void)
{
	struct tmsg tm;

	/* Aborting or dropping a message that was never sent is harmless. */
	tmsg_init(&tm, MYPORT, TCMD_ECHO, 0);
	lwkt_abortmsg(&tm.tm_msg);
	T_ASSERT(tm.tm_msg.ms_flags & MSGF_DONE);
	T_EQ(tm.tm_msg.ms_flags & MSGF_ABORTED, 0);
	tm.tm_msg.ms_flags |= MSGF_DROPABLE;
	T_EQ(lwkt_dropmsg(&tm.tm_msg), ENOENT);
}
DEFINE_TEST(msg_abort_unsent, "abort and drop of a message never sent do nothing", test_msg_abort_unsent);
