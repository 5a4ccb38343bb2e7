/*
 * kern_agentping.c - the port agent's heartbeat: a user driver that
 * stops answering is found out and killed, so its supervisor starts a
 * successor (sys/sys/agent.h, THE HEARTBEAT, is the contract).
 *
 * A crash ends a driver process and the agent sees it at once
 * (agent_proc_exit); a driver that is alive but will never answer
 * again (stopped, or blocked in its own loop) shows nothing.  The
 * watchdog (agent_watch, at the end of this file; armed by kern_agent.c's
 * putport) catches one that leaves messages queued for
 * a whole reply deadline; the heartbeat catches one that holds what it
 * took and says nothing, and does so before the held messages' reply
 * deadline, so that a hung driver's held reads are re-sent to its
 * successor rather than failed.
 *
 * Each service that asked for it (a device served with DSF_PING) has a
 * struct agent_ping, in its struct agent_svc, and a callout,
 * agent_heartbeat().  Its states:
 *
 *   quiet    ap_calls counts the driver's gate calls on the service
 *            (recvsys, replysys, replyrecvsys: agent_ping_heard, one
 *            increment, the only cost a call pays).  The callout looks
 *            every kern.agent_ping_ms: a count that moved since its
 *            last look (ap_seen) means the driver spoke, and ap_heard
 *            becomes that look's tick; a driver not heard of for
 *            kern.agent_ping_ms since then is pinged (so between one
 *            and two intervals after its last call).
 *   queued   silent long enough: the ping is queued (ap_queued: not a
 *            message on a port, only a flag), the driver woken; its
 *            next recvsys gets UDEV_PING before anything else, with an
 *            id of slot AGENT_PINGSLOT and generation ap_gen
 *            (agent_ping_take).
 *   out      given (or still queued), not answered: ap_out.  replysys
 *            with that id answers it (agent_ping_reply: 0, then
 *            EALREADY; ENOENT for one never given) and the service is
 *            quiet again.  kern.agent_ping_wait_ms after it was queued,
 *            an unanswered ping kills the driver
 *            (kern.agent_unanswered), and the callout stops: the death
 *            closes the service (agent_ping_stop).
 *
 * A working driver is never pinged; an idle one costs a wakeup per
 * interval of silence.  The knobs are read at each look, so a test that
 * shortens them is heard within one old interval.
 *
 * Concurrency: one CPU.  The fields change in critical sections or in
 * the callout; the caller of agent_ping_take/reply holds one.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/callout.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/agent.h>
#include <sys/agentvar.h>

static int agent_ping_ms = 2000;	/* silence before a ping */
static int agent_ping_wait_ms = 5000;	/* a ping's answer deadline */
static int agent_pings;			/* pings queued */
static int agent_unanswered;		/* drivers killed by the heartbeat */
/* A knob of at least min ms: EINVAL below it (a negative time is no
 * time, and a driver is never given less than a millisecond). */
static int
agent_ping_knob(int *knob, int min, int *val, bool write)
{
	if (!write) {
		*val = *knob;
		return (0);
	}
	if (*val < min)
		return (EINVAL);
	*knob = *val;
	return (0);
}

static int
sysctl_ping_ms(int *val, bool write)
{
	return (agent_ping_knob(&agent_ping_ms, 0, val, write));
}
SYSCTL_PROC(kern_agent_ping_ms, "kern.agent_ping_ms", sysctl_ping_ms,
    CTLFLAG_RW | CTLFLAG_DRV,
    "ms a user driver may be silent before the agent pings it (0: no "
    "heartbeat; EINVAL below 0)");

static int
sysctl_ping_wait_ms(int *val, bool write)
{
	return (agent_ping_knob(&agent_ping_wait_ms, 1, val, write));
}
SYSCTL_PROC(kern_agent_ping_wait_ms, "kern.agent_ping_wait_ms",
    sysctl_ping_wait_ms, CTLFLAG_RW | CTLFLAG_DRV,
    "ms a user driver has to answer a ping before it is killed (at "
    "least 1)");
SYSCTL_INT(kern_agent_pings, "kern.agent_pings", &agent_pings, CTLFLAG_RD,
    "heartbeat messages sent to user drivers");
SYSCTL_INT(kern_agent_unanswered, "kern.agent_unanswered",
    &agent_unanswered, CTLFLAG_RD,
    "user drivers killed for not answering a heartbeat in time");

/* ms milliseconds in ticks, at least one; 0 for ms <= 0. */
static int
agent_ms_ticks(int ms)
{
	if (ms <= 0)
		return (0);
	return ((int)MAX(((int64_t)ms * hz + 999) / 1000, 1));
}

/*
 * The heartbeat's callout (the states above): ping a silent driver,
 * kill one that does not answer.  Re-arms itself until it kills.
 */
static void
agent_heartbeat(void *arg)
{
	struct agent_ping *ap = arg;
	int every = agent_ms_ticks(agent_ping_ms);
	int wait = MAX(agent_ms_ticks(agent_ping_wait_ms), 1);
	uint64_t now = ticks;

	if (ap->ap_out) {
		if (now - ap->ap_sent >= (uint64_t)wait) {
			agent_unanswered++;
			kprintf("agent: pid %d did not answer its heartbeat in "
			    "%d ticks: killed\n", ap->ap_proc->p_pid, wait);
			sig_kill_nowait(ap->ap_proc);
			return;
		}
		callout_reset(&ap->ap_callout,
		    (int)(ap->ap_sent + (uint64_t)wait - now),
		    agent_heartbeat, ap);
		return;
	}
	if (every == 0) {			/* off: look again later */
		callout_reset(&ap->ap_callout, hz, agent_heartbeat, ap);
		return;
	}
	if (ap->ap_calls != ap->ap_seen) {
		ap->ap_seen = ap->ap_calls;
		ap->ap_heard = now;
	}
	if (now - ap->ap_heard < (uint64_t)every) {
		callout_reset(&ap->ap_callout,
		    (int)(ap->ap_heard + (uint64_t)every - now),
		    agent_heartbeat, ap);
		return;
	}
	ap->ap_queued = ap->ap_out = true;
	ap->ap_sent = now;
	if (++ap->ap_gen >= (1u << 24))
		ap->ap_gen = 1;
	agent_pings++;
	agent_svc_wakeup(ap->ap_svc);
	callout_reset(&ap->ap_callout, wait, agent_heartbeat, ap);
}

/* A new service's heartbeat, off, for process p serving as.  Never
 * blocks. */
void
agent_ping_init(struct agent_ping *ap, struct proc *p, struct agent_svc *as)
{
	memset(ap, 0, sizeof(*ap));
	ap->ap_proc = p;
	ap->ap_svc = as;
	callout_init(&ap->ap_callout);
}

/* DSF_PING: start the heartbeat (once).  [c] */
void
agent_ping_start(struct agent_ping *ap)
{
	if (ap->ap_on)
		return;
	ap->ap_on = true;
	ap->ap_seen = ap->ap_calls;
	ap->ap_heard = ticks;
	callout_reset(&ap->ap_callout, hz, agent_heartbeat, ap);
}

/* The service closes: no more looks.  [c] */
void
agent_ping_stop(struct agent_ping *ap)
{
	callout_stop(&ap->ap_callout);
	ap->ap_on = ap->ap_queued = ap->ap_out = false;
}

/* recvsys: if a ping is queued, take it (it stays out) and its id into
 * *idp; true then.  [c] */
bool
agent_ping_take(struct agent_ping *ap, uint32_t *idp)
{
	if (!ap->ap_queued)
		return (false);
	ap->ap_queued = false;
	*idp = ap->ap_gen << 8 | AGENT_PINGSLOT;
	return (true);
}

/* recvsys could not give the taken ping (EFAULT): queue it again.  [c] */
void
agent_ping_untake(struct agent_ping *ap)
{
	if (ap->ap_out)
		ap->ap_queued = true;
}

/* replysys of a ping of generation gen: 0 the first time, EALREADY
 * after, ENOENT for one never given.  [c] */
int
agent_ping_reply(struct agent_ping *ap, uint32_t gen)
{
	if (gen == 0 || gen > ap->ap_gen || (gen == ap->ap_gen &&
	    ap->ap_queued))
		return (ENOENT);
	if (gen < ap->ap_gen || !ap->ap_out)
		return (EALREADY);
	ap->ap_out = false;
	return (0);
}

/* ---- the watchdog ---------------------------------------------------- */

int agent_hung;				/* drivers killed as hung */
SYSCTL_INT(kern_agent_hung, "kern.agent_hung", &agent_hung,
    CTLFLAG_RD, "user drivers killed for taking no message in time, or "
    "answering none");

static int agent_drained;		/* queues failed: agent_watch */
SYSCTL_INT(kern_agent_drained, "kern.agent_drained", &agent_drained,
    CTLFLAG_RD, "user drivers' queues failed because their killed or "
    "exiting driver still took nothing (it waited for them itself)");

/*
 * The watchdog: messages have waited on ad for a whole deadline and its
 * driver took none of them (a driver that holds AGENT_NHELD unreplied
 * counts: it takes none either).  The driver has stopped answering: it
 * is killed, so that what it held is sorted (agent_svc_release) and its
 * supervisor starts a successor, which gets the queue.
 *
 * A kill only works on a process that can get to its exit and through
 * it, and a driver may be waiting, uninterruptibly, for a message of
 * this very queue: its own device's open, read or close (a device's
 * message waits for its driver's reply without a signal's help: see
 * dev_domsg), sent by itself, or by one of its asynchronous calls,
 * which its exit waits for (async_rundown) before the exit closes its
 * services (agent_proc_exit): a finisher's close of its device after
 * the exit aborted the call that held the file.  Nothing but the
 * driver could ever take that message, and the driver waits for it.
 * So the watchdog looks again a deadline after its kill, and a driver
 * still serving, still taking nothing, and killed or exiting by then
 * has its queue failed (EIO, kern.agent_drained) instead: what waits
 * on it ends, and with it the driver.  A driver whose exit is not
 * waiting for its queue is gone by then (its watchdog stopped).
 */
void
agent_watch(void *arg)
{
	struct agent_dev *ad = arg;
	struct proc *p;

	if (ad->ad_state != AD_SERVED || TAILQ_EMPTY(&ad->ad_port.mp_msgq))
		return;
	if (ad->ad_nrecv != ad->ad_watched) {
		ad->ad_watched = ad->ad_nrecv;
		callout_reset(&ad->ad_watch, ad->ad_timo, agent_watch, ad);
		return;
	}
	p = ad->ad_svc->as_proc;
	if ((p->p_flags & P_WEXIT) || (p->p_siglist & sigmask(SIGKILL))) {
		agent_drained++;
		kprintf("agent: %s: pid %d, %s, took no message for %d ticks: "
		    "its queue fails\n", ad->ad_name, p->p_pid,
		    (p->p_flags & P_WEXIT) ? "exiting" : "killed", ad->ad_timo);
		agent_drain(ad, EIO);
		return;
	}
	agent_hung++;
	kprintf("agent: %s: pid %d took no message for %d ticks: killed\n",
	    ad->ad_name, p->p_pid, ad->ad_timo);
	sig_kill_nowait(p);
	callout_reset(&ad->ad_watch, ad->ad_timo, agent_watch, ad);
}
