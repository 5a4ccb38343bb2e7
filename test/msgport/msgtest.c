/*
 * msgtest.c - the message server used by the port tests (msgtest.h).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/msgport.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include "msgtest.h"

/* Abort hook: wake the server sleeping on this message. */
static void
tmsg_abort(lwkt_msg_t msg)
{
	wakeup(msg);
}

void
tmsg_init(struct tmsg *tm, lwkt_port_t rport, int cmd, int arg)
{
	lwkt_initmsg_abortable(&tm->tm_msg, rport, 0, tmsg_abort);
	tm->tm_msg.ms_cmd = cmd;
	tm->tm_arg = arg;
	tm->tm_fwd_port = NULL;
}

static void
tserver_thread(void *arg)
{
	struct tserver *ts = arg;
	lwkt_msg_t msg;
	struct tmsg *tm;
	uint64_t deadline;

	for (;;) {
		msg = lwkt_waitport(ts->ts_port, 0);
		tm = (struct tmsg *)msg;
		ts->ts_served++;
		switch (msg->ms_cmd) {
		case TCMD_ECHO:
			msg->ms_result = tm->tm_arg + 1;
			lwkt_replymsg(msg, 0);
			break;
		case TCMD_ERR:
			lwkt_replymsg(msg, tm->tm_arg);
			break;
		case TCMD_SLOW:
			/* A safe point: sleep, and check for an abort. */
			deadline = ticks + (uint64_t)tm->tm_arg;
			crit_enter();
			while ((msg->ms_flags & MSGF_ABORTED) == 0 &&
			    ticks < deadline)
				tsleep(msg, 0, "tslow", (int)(deadline - ticks));
			crit_exit();
			if (msg->ms_flags & MSGF_ABORTED) {
				ts->ts_aborts_seen++;
				lwkt_replymsg(msg, ECANCELED);
			} else {
				msg->ms_result = tm->tm_arg;
				lwkt_replymsg(msg, 0);
			}
			break;
		case TCMD_FORWARD:
			msg->ms_cmd = TCMD_ECHO;
			lwkt_forwardmsg(tm->tm_fwd_port, msg);
			break;
		case TCMD_HOLD:
			ts->ts_held = tm;
			break;
		case TCMD_RELEASE:
			if (ts->ts_held != NULL) {
				ts->ts_held->tm_msg.ms_result = tm->tm_arg;
				lwkt_replymsg(&ts->ts_held->tm_msg, 0);
				ts->ts_held = NULL;
			}
			lwkt_replymsg(msg, 0);
			break;
		case TCMD_QUIT:
			lwkt_replymsg(msg, 0);
			return;
		default:
			lwkt_replymsg(msg, EINVAL);
			break;
		}
	}
}

void
tserver_start(struct tserver *ts, int pri, const char *name)
{
	memset(ts, 0, sizeof(*ts));
	ts->ts_td = lwkt_create(tserver_thread, ts, pri, name);
	ts->ts_port = &ts->ts_td->td_msgport;
}

/* Ask the server to quit and wait until it has. */
void
tserver_stop(struct tserver *ts)
{
	struct tmsg tm;

	tmsg_init(&tm, &curthread->td_msgport, TCMD_QUIT, 0);
	lwkt_domsg(ts->ts_port, &tm.tm_msg, 0);
	lwkt_yield();		/* let it exit and be reaped */
}
