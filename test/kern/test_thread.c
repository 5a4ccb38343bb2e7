/*
 * Tests of LWKT threads: creation, switching, exit, sleep and wakeup,
 * critical sections, tokens and callouts.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/globaldata.h>
#include <sys/callout.h>
#include <sys/test.h>
#include <machine/cpufunc.h>

/* Wait (sleeping) until *counter reaches n. */
static void
wait_count(volatile int *counter, int n)
{
	crit_enter();
	while (*counter < n)
		tsleep((const void *)counter, 0, "wcount", 0);
	crit_exit();
}

static void
bump_count(volatile int *counter)
{
	crit_enter();
	(*counter)++;
	wakeup((const void *)counter);
	crit_exit();
}

/* ---- create, run, exit ----------------------------------------------- */

struct create_arg {
	volatile int	done;
	int		value;
	thread_t	self;
	vm_offset_t	sp;
};

static void
create_thread_fn(void *arg)
{
	struct create_arg *ca = arg;
	int local;

	ca->self = curthread;
	ca->sp = (vm_offset_t)&local;
	ca->value = 42;
	bump_count(&ca->done);
}

static void
test_thread_create_exit(void)
{
	struct create_arg ca = { 0, 0, NULL, 0 };
	int nthreads = lwkt_thread_count();
	thread_t td;

	td = lwkt_create(create_thread_fn, &ca, TDPRI_KERN, "t-create");
	T_EQ(lwkt_thread_count(), nthreads + 1);
	T_STREQ(td->td_comm, "t-create");
	wait_count(&ca.done, 1);
	T_EQ(ca.value, 42);
	T_EQ(ca.self, td);
	/* It ran on its own stack, not ours. */
	T_GE(ca.sp, td->td_kstack);
	T_LT(ca.sp, td->td_kstack + td->td_kstack_size);
	lwkt_yield();		/* let it finish exiting and be reaped */
	T_EQ(lwkt_thread_count(), nthreads);
}
DEFINE_TEST(thread_create_exit, "a thread runs on its own stack and is reaped", test_thread_create_exit);

/* ---- switching order ------------------------------------------------- */

static char switch_log[32];
static volatile int switch_pos;

static void
switch_fn(void *arg)
{
	char c = (char)(uintptr_t)arg;
	int i;

	for (i = 0; i < 3; i++) {
		switch_log[switch_pos++] = c;
		lwkt_yield();
	}
}

static void
test_thread_yield_roundrobin(void)
{
	uint64_t sw0 = mycpu->gd_cnt_switch;
	int i;

	switch_pos = 0;
	memset(switch_log, 0, sizeof(switch_log));
	lwkt_create(switch_fn, (void *)'a', TDPRI_KERN, "t-a");
	lwkt_create(switch_fn, (void *)'b', TDPRI_KERN, "t-b");
	/* Equal priority: nothing runs until we yield, then round robin. */
	T_EQ(switch_pos, 0);
	for (i = 0; i < 8 && switch_pos < 6; i++)
		lwkt_yield();
	T_STREQ(switch_log, "ababab");
	T_GE(mycpu->gd_cnt_switch - sw0, 6);
	lwkt_yield();
}
DEFINE_TEST(thread_roundrobin, "equal-priority threads take turns at lwkt_yield", test_thread_yield_roundrobin);

static volatile int preempt_ran;

static void
preempt_fn(void *arg)
{
	preempt_ran = 1;
}

static void
test_thread_preempt(void)
{
	preempt_ran = 0;
	/* A higher-priority thread runs as soon as we leave the critical
	 * section in which it was made runnable. */
	crit_enter();
	lwkt_create(preempt_fn, NULL, TDPRI_KERN + 2, "t-hi");
	T_EQ(preempt_ran, 0);
	crit_exit();
	T_EQ(preempt_ran, 1);
	/* A lower-priority one waits until we block. */
	preempt_ran = 0;
	lwkt_create(preempt_fn, NULL, TDPRI_KERN - 2, "t-lo");
	lwkt_yield();
	T_EQ(preempt_ran, 0);
	tsleep(&preempt_ran, 0, "lo", 2);
	T_EQ(preempt_ran, 1);
}
DEFINE_TEST(thread_preempt, "higher priority preempts, lower waits for a block", test_thread_preempt);

/* ---- many threads ----------------------------------------------------- */

static void
many_fn(void *arg)
{
	bump_count(arg);
}

static void
test_thread_many(void)
{
	static volatile int count;
	int i;

	count = 0;
	for (i = 0; i < 200; i++)
		lwkt_create(many_fn, (void *)&count, TDPRI_KERN, "t-many");
	wait_count(&count, 200);
	T_EQ(count, 200);
	lwkt_yield();
}
DEFINE_TEST(thread_many, "200 threads created and reaped without leaks", test_thread_many);

/* ---- sleep and wakeup ------------------------------------------------- */

static void
test_tsleep_timeout(void)
{
	struct callout *co = &curthread->td_sleepcallout;
	uint64_t t0;
	int error;

	/* t0 and the timeout's arming in the same tick. */
	crit_enter();
	t0 = ticks;
	error = tsleep(&t0, 0, "timo", 5);
	crit_exit();
	T_EQ(error, EWOULDBLOCK);
	T_GE(ticks - t0, 5);
	/* Not later either: the timeout was due 5 ticks on and is what
	 * ended the sleep (how soon this thread ran after is the host's
	 * business, not asserted). */
	T_EQ(co->c_time - t0, 5);
	T_ASSERT(!callout_pending(co));
}
DEFINE_TEST(tsleep_timeout, "tsleep times out after the given ticks", test_tsleep_timeout);

struct waker_arg {
	volatile int	go;
	int		delay;
};

static void
waker_fn(void *arg)
{
	struct waker_arg *wa = arg;

	tsleep(&wa->delay, 0, "delay", wa->delay);
	crit_enter();
	wa->go = 1;
	wakeup(wa);
	crit_exit();
}

static void
test_tsleep_wakeup(void)
{
	struct waker_arg wa = { 0, 3 };
	uint64_t t0 = ticks, t1;
	int error;

	lwkt_create(waker_fn, &wa, TDPRI_KERN, "t-waker");
	crit_enter();
	error = 0;
	while (!wa.go && error == 0)
		error = tsleep(&wa, 0, "wake", 10);
	crit_exit();
	T_EQ(error, 0);			/* woken, not timed out */
	T_EQ(wa.go, 1);
	T_GE(ticks - t0, 3);		/* not before the waker's delay */
	lwkt_yield();
	/* The old timeout (due about t0 + 10) may still be armed
	 * (kern_synch.c): it must not cut a later sleep short, with a
	 * timeout of its own or with none (a waker ends that one). */
	crit_enter();
	t1 = ticks;
	error = tsleep(&t1, 0, "again", 20);
	crit_exit();
	T_EQ(error, EWOULDBLOCK);
	T_GE(ticks - t1, 20);
	wa.go = 0;
	wa.delay = 15;
	t1 = ticks;
	lwkt_create(waker_fn, &wa, TDPRI_KERN, "t-waker2");
	crit_enter();
	callout_reset(&curthread->td_sleepcallout, 2,
	    curthread->td_sleepcallout.c_func, curthread);
	error = 0;
	while (!wa.go && error == 0)
		error = tsleep(&wa, 0, "none", 0);
	crit_exit();
	T_EQ(error, 0);			/* the stale callout did nothing */
	T_GE(ticks - t1, 15);
	lwkt_yield();
}
DEFINE_TEST(tsleep_wakeup, "wakeup ends a sleep before its timeout", test_tsleep_wakeup);

static volatile int wone_woken;

static void
wone_fn(void *arg)
{
	crit_enter();
	tsleep(&wone_woken, 0, "wone", 0);
	wone_woken++;
	crit_exit();
}

static void
test_wakeup_one(void)
{
	int i;

	wone_woken = 0;
	for (i = 0; i < 3; i++)
		lwkt_create(wone_fn, NULL, TDPRI_KERN, "t-wone");
	lwkt_yield();		/* all three go to sleep */
	wakeup_one(&wone_woken);
	tsleep(&i, 0, "settle", 2);
	T_EQ(wone_woken, 1);
	wakeup(&wone_woken);
	tsleep(&i, 0, "settle", 2);
	T_EQ(wone_woken, 3);
}
DEFINE_TEST(wakeup_one, "wakeup_one wakes one sleeper, wakeup all", test_wakeup_one);

static volatile int wthr_woken;
static int wthr_chan, wthr_other;

/* Sleep once on wthr_chan: on its queue, or (arg non-NULL) on none. */
static void
wthr_fn(void *arg)
{
	crit_enter();
	if (arg != NULL)
		tsleep_known(&wthr_chan, 0, "wthrk", 0);
	else
		tsleep(&wthr_chan, 0, "wthr", 0);
	wthr_woken++;
	crit_exit();
}

/* wakeup_thread(td, ident) wakes td only if it sleeps on ident, takes
 * it off ident's sleep queue (a later wakeup(ident) finds the others,
 * not it), and is false for a thread already woken; a tsleep_known
 * sleeper is on no queue: wakeup(ident) passes it by, wakeup_thread
 * wakes it. */
static void
test_wakeup_thread(void)
{
	thread_t a, k;
	bool w1, w2;
	int i;

	wthr_woken = 0;
	a = lwkt_create(wthr_fn, NULL, TDPRI_KERN, "t-wthr-a");
	(void)lwkt_create(wthr_fn, NULL, TDPRI_KERN, "t-wthr-b");
	k = lwkt_create(wthr_fn, &i, TDPRI_KERN, "t-wthr-k");
	lwkt_yield();		/* all three go to sleep on wthr_chan */
	crit_enter();
	T_ASSERT(!wakeup_thread(a, &wthr_other));	/* another channel */
	T_ASSERT(!wakeup_thread(k, &wthr_other));
	crit_exit();
	tsleep(&i, 0, "settle", 2);
	T_EQ(wthr_woken, 0);
	crit_enter();
	w1 = wakeup_thread(a, &wthr_chan);
	w2 = wakeup_thread(a, &wthr_chan);	/* woken, not run yet */
	crit_exit();
	T_ASSERT(w1);
	T_ASSERT(!w2);
	tsleep(&i, 0, "settle", 2);
	T_EQ(wthr_woken, 1);
	wakeup(&wthr_chan);	/* b is still queued there; k is on none */
	tsleep(&i, 0, "settle", 2);
	T_EQ(wthr_woken, 2);
	crit_enter();
	w1 = wakeup_thread(k, &wthr_chan);
	crit_exit();
	T_ASSERT(w1);
	tsleep(&i, 0, "settle", 2);
	T_EQ(wthr_woken, 3);
}
DEFINE_TEST(wakeup_thread, "wakeup_thread wakes its thread on its channel only; "
    "tsleep_known sleeps on no queue", test_wakeup_thread);

/* ---- critical sections ------------------------------------------------ */

static void
test_crit_defers_clock(void)
{
	globaldata_t gd = mycpu;
	uint64_t t0, spins = 0, deferred0 = gd->gd_cnt_intr_deferred;

	crit_enter();
	t0 = ticks;
	/* Spin until the clock interrupt arrives and is deferred. */
	while ((gd->gd_ipending & 1) == 0 && spins < 2000000000ULL)
		spins++;
	T_NE(gd->gd_ipending & 1, 0);
	T_NE(gd->gd_reqflags & RQF_INTPEND, 0);
	/* Its work (hardclock) has not run: ticks did not move. */
	T_EQ(ticks, t0);
	T_GT(gd->gd_cnt_intr_deferred, deferred0);
	crit_enter();		/* nesting: the inner exit replays nothing */
	crit_exit();
	T_EQ(ticks, t0);
	crit_exit();
	/* Leaving the outermost section replayed it. */
	T_GT(ticks, t0);
	T_EQ(gd->gd_ipending & 1, 0);
	T_EQ(curthread->td_critcount, 0);
}
DEFINE_TEST(crit_defers_clock, "a critical section defers the clock interrupt's work", test_crit_defers_clock);

/* ---- tokens --------------------------------------------------------- */

static struct lwkt_token test_tok = LWKT_TOKEN_INITIALIZER(test_tok);
static volatile int tok_shared;
static volatile int tok_other_saw;

static void
tok_other_fn(void *arg)
{
	/* Runs while the test thread sleeps holding test_tok. */
	lwkt_gettoken(&test_tok);
	tok_other_saw = tok_shared;
	tok_shared = 2;
	lwkt_reltoken(&test_tok);
	bump_count(arg);
}

static void
test_token_release_on_block(void)
{
	static volatile int done;

	done = 0;
	tok_shared = 0;
	lwkt_gettoken(&test_tok);
	T_ASSERT(lwkt_token_is_held(&test_tok));
	tok_shared = 1;
	/* A higher-priority thread preempts us; preemption keeps our token,
	 * so it waits for the token and we carry on. */
	crit_enter();
	lwkt_create(tok_other_fn, (void *)&done, TDPRI_KERN + 1, "t-tok");
	crit_exit();
	T_EQ(done, 0);
	T_ASSERT(lwkt_token_is_held(&test_tok));
	T_GT(test_tok.t_collisions, 0);
	/* Blocking releases our token: the other thread runs. */
	wait_count(&done, 1);
	T_EQ(tok_other_saw, 1);
	T_EQ(tok_shared, 2);
	/* We hold it again after the block. */
	T_ASSERT(lwkt_token_is_held(&test_tok));
	lwkt_reltoken(&test_tok);
	T_ASSERT(!lwkt_token_is_held(&test_tok));
	T_EQ(test_tok.t_ref, NULL);
	lwkt_yield();
}
DEFINE_TEST(token_block, "a token is released while its holder blocks", test_token_release_on_block);

static void
tok_try_fn(void *arg)
{
	volatile int *res = arg;

	res[0] = lwkt_trytoken(&test_tok);
	if (res[0])
		lwkt_reltoken(&test_tok);
	res[1] = 1;
}

static void
test_token_recursion(void)
{
	static volatile int res[2];

	lwkt_gettoken(&test_tok);
	lwkt_gettoken(&test_tok);		/* recursive */
	T_ASSERT(lwkt_token_is_held(&test_tok));
	lwkt_reltoken(&test_tok);
	T_ASSERT(lwkt_token_is_held(&test_tok));	/* still the outer one */
	/* Held tokens exclude others that are running. */
	res[0] = -1;
	res[1] = 0;
	crit_enter();
	lwkt_create(tok_try_fn, (void *)res, TDPRI_KERN + 1, "t-try");
	crit_exit();	/* it preempts us and finds the token taken */
	T_EQ(res[1], 1);
	T_EQ(res[0], 0);
	lwkt_reltoken(&test_tok);
	T_ASSERT(lwkt_trytoken(&test_tok));
	lwkt_reltoken(&test_tok);
	lwkt_yield();
}
DEFINE_TEST(token_recursion, "tokens nest and exclude other running holders", test_token_recursion);

/* ---- callouts -------------------------------------------------------- */

/* What one callout saw when it fired: the tick, and its place in line. */
struct co_rec {
	uint64_t	cr_at;		/* ticks when it ran */
	int		cr_rank;	/* 1 for the first to run, ... */
};

static volatile int callout_runs;

static void
callout_fn(void *arg)
{
	struct co_rec *cr = arg;

	cr->cr_at = ticks;
	cr->cr_rank = ++callout_runs;
}

/*
 * Armed in one tick (inside a critical section, the clock's work waits),
 * each runs in the tick it was due, in time order; a stopped one never
 * runs.  The sleep is longer than the last: a lower bound on time only.
 */
static void
test_callout_order(void)
{
	struct callout a, b, c;
	struct co_rec ra = { 0, 0 }, rb = { 0, 0 }, rc = { 0, 0 };
	uint64_t t0;

	callout_runs = 0;
	callout_init(&a);
	callout_init(&b);
	callout_init(&c);
	crit_enter();
	t0 = ticks;
	callout_reset(&a, 20, callout_fn, &ra);
	callout_reset(&b, 1, callout_fn, &rb);
	callout_reset(&c, 5, callout_fn, &rc);
	T_ASSERT(callout_stop(&c));		/* cancelled: never runs */
	T_ASSERT(!callout_stop(&c));
	crit_exit();
	tsleep(&a, 0, "co", 25);
	T_EQ(callout_runs, 2);
	T_EQ(rb.cr_rank, 1);
	T_EQ(ra.cr_rank, 2);
	T_EQ(rc.cr_rank, 0);
	T_EQ(rb.cr_at - t0, 1);
	T_EQ(ra.cr_at - t0, 20);
	T_ASSERT(!callout_pending(&a) && !callout_pending(&b));
}
DEFINE_TEST(callout_order, "callouts fire in time order and can be stopped", test_callout_order);

/* For callout_wheel: a callout that stops another due in the same tick,
 * and one that arms itself again once. */
static struct callout cw_victim, cw_again;
static struct co_rec cw_again_rec[2];
static int cw_again_n;
static bool cw_stopped;

static void
callout_stopper_fn(void *arg)
{
	callout_fn(arg);
	cw_stopped = callout_stop(&cw_victim);	/* due now, not yet run */
}

static void
callout_again_fn(void *arg __unused)
{
	callout_fn(&cw_again_rec[cw_again_n]);
	if (++cw_again_n == 1)
		callout_reset(&cw_again, 2, callout_again_fn, NULL);
}

/*
 * The wheel (kern_timeout.c): callouts due at one tick run in the order
 * they were armed; one may stop another due at the same tick, which
 * then never runs, or arm itself again; a callout a whole turn of the
 * wheel later shares a list with a near one and is passed over.
 */
static void
test_callout_wheel(void)
{
	struct callout a, b, far;
	struct co_rec ra = { 0, 0 }, rb = { 0, 0 }, rs = { 0, 0 };
	struct co_rec rv = { 0, 0 }, rfar = { 0, 0 };
	struct callout stopper;
	uint64_t t0;

	callout_runs = 0;
	cw_again_n = 0;
	cw_stopped = false;
	memset(cw_again_rec, 0, sizeof(cw_again_rec));
	callout_init(&a);
	callout_init(&b);
	callout_init(&far);
	callout_init(&stopper);
	callout_init(&cw_victim);
	callout_init(&cw_again);
	crit_enter();
	t0 = ticks;
	callout_reset(&b, 3, callout_fn, &rb);
	callout_reset(&stopper, 3, callout_stopper_fn, &rs);
	callout_reset(&cw_victim, 3, callout_fn, &rv);
	callout_reset(&a, 3, callout_fn, &ra);
	callout_reset(&far, 3 + CALLWHEEL_SIZE, callout_fn, &rfar);
	callout_reset(&cw_again, 1, callout_again_fn, NULL);
	crit_exit();
	tsleep(&a, 0, "cow", 8);
	T_EQ(cw_again_n, 2);
	T_EQ(cw_again_rec[0].cr_at - t0, 1);
	T_EQ(cw_again_rec[1].cr_at - t0, 3);
	T_EQ(rb.cr_at - t0, 3);
	T_EQ(ra.cr_at - t0, 3);
	T_EQ(rs.cr_at - t0, 3);
	T_EQ(cw_again_rec[0].cr_rank, 1);
	T_EQ(rb.cr_rank, 2);		/* then the order they were armed */
	T_EQ(rs.cr_rank, 3);
	T_EQ(ra.cr_rank, 4);
	T_EQ(cw_again_rec[1].cr_rank, 5); /* re-armed at tick 1: after a */
	T_ASSERT(cw_stopped);
	T_EQ(rv.cr_rank, 0);		/* stopped by the stopper */
	T_EQ(callout_runs, 5);
	T_EQ(rfar.cr_rank, 0);		/* a turn later: still pending */
	T_ASSERT(callout_pending(&far));
	T_ASSERT(callout_stop(&far));
	T_ASSERT(!callout_pending(&a) && !callout_pending(&cw_victim) &&
	    !callout_pending(&cw_again));
}
DEFINE_TEST(callout_wheel, "the callout wheel: one tick's callouts in arming order, stopped or re-armed by another, a turn later passed over", test_callout_wheel);
