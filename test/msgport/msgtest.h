/*
 * msgtest.h - a small message server shared by the message port tests
 * and benchmarks.
 *
 * tserver_start() creates a thread that waits on its own thread port and
 * serves struct tmsg requests until it receives TCMD_QUIT.
 */
#ifndef _TEST_MSGTEST_H_
#define _TEST_MSGTEST_H_

#include <sys/types.h>
#include <sys/msgport.h>
#include <sys/thread.h>

enum {
	TCMD_ECHO = 1,		/* result = arg + 1, error 0 */
	TCMD_ERR,		/* error = arg */
	TCMD_SLOW,		/* sleep up to arg ticks or until aborted */
	TCMD_FORWARD,		/* forward to fwd_port as a TCMD_ECHO */
	TCMD_HOLD,		/* keep the message until TCMD_RELEASE */
	TCMD_RELEASE,		/* reply to the held message with arg */
	TCMD_QUIT,		/* reply, then exit */
};

struct tmsg {
	struct lwkt_msg	tm_msg;
	int		tm_arg;
	lwkt_port_t	tm_fwd_port;
};

struct tserver {
	thread_t	ts_td;
	lwkt_port_t	ts_port;
	volatile int	ts_served;	/* requests taken off the port */
	volatile int	ts_aborts_seen;	/* TCMD_SLOW requests cut short */
	struct tmsg	*ts_held;
};

void	tserver_start(struct tserver *ts, int pri, const char *name);
void	tserver_stop(struct tserver *ts);
void	tmsg_init(struct tmsg *tm, lwkt_port_t rport, int cmd, int arg);

#endif
