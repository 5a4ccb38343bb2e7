/*
 * agent_pingfull - the heartbeat reaches a full service (sys/agent.h,
 * THE HEARTBEAT: the ping "recvsys gives before anything else and even
 * when the service holds AGENT_NHELD messages").  Without that a driver
 * busy with AGENT_NHELD slow requests could not answer and would be
 * killed for it.  agent_gate checks the ping on an idle service only.
 *
 * A driver of /dev/uecho1 (DSF_PING, no interrupt) holds AGENT_NHELD
 * reads of the test's children, one more waiting queued (recvsys_nb:
 * ENOBUFS), and keeps silent (no gate call) until kern.agent_pings
 * grows (kern.agent_ping_ms shortened for the test, restored after).
 * Then recvsys_nb gives UDEV_PING, its reply is taken, and the service
 * is full again (ENOBUFS); the next ping through replyrecvsys (RR_NB,
 * no replies) likewise, answered by a replyrecvsys with RR_NORECV.
 * Then every read is answered and each child gets its byte; the driver
 * lived throughout (kern.agent_unanswered did not move).
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define NREAD		(AGENT_NHELD + 1)
#define CHECKS		3000
#define PING_MS		100

#define CHECK(e, code) do { if (!(e)) { printf("agent_pingfull: %s:%d: " \
	"%s (errno %d)\n", __FILE__, __LINE__, #e, errno); \
	_exit(code); } } while (0)

static char dbuf[256];

/* One receive into dbuf, no wait: 0, or its error (EAGAIN: none). */
#define recv_nb(svc, m)	ut_svc_poll((svc), (m), dbuf, sizeof(dbuf), 1)

/* Silent (no gate call) until the agent has sent another ping. */
static void
await_ping(void)
{
	int p0 = ut_sysctl_int("kern.agent_pings"), i;

	for (i = 0; i < CHECKS && ut_sysctl_int("kern.agent_pings") == p0;
	    i++)
		ut_nap();
	CHECK(i < CHECKS, 30);
}

static void
driver(int readyfd)
{
	static uint32_t held[AGENT_NHELD];
	struct devserve ds;
	struct udevmsg m;
	struct udevrr rr;
	struct udevreply pr;
	int svc, n = 0, i;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_PING;
	ds.ds_timeout = 60000;
	svc = devserve(&ds);
	CHECK(svc > 0, 2);
	CHECK(write(readyfd, "r", 1) == 1, 3);
	while (n < AGENT_NHELD) {
		CHECK(ut_svc_poll(svc, &m, dbuf, sizeof(dbuf), CHECKS) == 0, 4);
		if (m.ud_cmd == UDEV_PING) {
			CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 5);
			continue;
		}
		if (m.ud_cmd == UDEV_OPEN) {
			CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 6);
			continue;
		}
		CHECK(m.ud_cmd == UDEV_READ, 7);
		held[n++] = m.ud_id;
	}
	/* The last read queued: full (a ping may come first). */
	for (i = 0; i < CHECKS; i++) {
		int e = recv_nb(svc, &m);

		if (e == ENOBUFS)
			break;
		CHECK(e == EAGAIN || (e == 0 && m.ud_cmd == UDEV_PING), 8);
		if (e == 0)
			CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 9);
		ut_nap();
	}
	CHECK(i < CHECKS, 10);

	/* Full, silent: the ping still comes through recvsys. */
	await_ping();
	CHECK(recv_nb(svc, &m) == 0 && m.ud_cmd == UDEV_PING, 11);
	CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 12);
	CHECK(recv_nb(svc, &m) == ENOBUFS, 13);

	/* And through replyrecvsys. */
	await_ping();
	memset(&rr, 0, sizeof(rr));
	rr.rr_msg.ud_data = dbuf;
	rr.rr_msg.ud_datamax = sizeof(dbuf);
	rr.rr_flags = RR_NB;
	CHECK(__replyrecvsys(svc, &rr) == 0 &&
	    rr.rr_msg.ud_cmd == UDEV_PING, 14);
	memset(&pr, 0, sizeof(pr));
	pr.ur_id = rr.rr_msg.ud_id;
	memset(&rr, 0, sizeof(rr));
	rr.rr_reply = &pr;
	rr.rr_nreply = 1;
	rr.rr_flags = RR_NORECV;
	CHECK(__replyrecvsys(svc, &rr) == 0, 15);
	CHECK(recv_nb(svc, &m) == ENOBUFS, 16);

	/* Answer them all, then the one queued; each reader closes. */
	for (i = 0; i < n; i++)
		CHECK(ut_svc_reply(svc, held[i], 1, "x") == 0, 17);
	for (i = 0; i < NREAD; ) {
		CHECK(ut_svc_poll(svc, &m, dbuf, sizeof(dbuf), CHECKS) == 0, 18);
		if (m.ud_cmd == UDEV_READ) {
			CHECK(ut_svc_reply(svc, m.ud_id, 1, "x") == 0, 19);
			continue;
		}
		CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 20);
		if (m.ud_cmd == UDEV_CLOSE)
			i++;
	}
	_exit(0);
}

int
main(void)
{
	pid_t drv, kids[NREAD];
	int p[2], fd, i, st, ok = 0, ping0, wait0, unans;
	char c;

	ping0 = ut_sysctl_int("kern.agent_ping_ms");
	wait0 = ut_sysctl_int("kern.agent_ping_wait_ms");
	unans = ut_sysctl_int("kern.agent_unanswered");
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", PING_MS), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", 20000), 0);
	UT_EQ(pipe(p), 0);
	drv = fork();
	if (drv == 0)
		driver(p[1]);
	close(p[1]);
	UT_EQ(read(p[0], &c, 1), 1);
	for (i = 0; i < NREAD; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			fd = open("/dev/uecho1", O_RDONLY);
			_exit(fd >= 0 && read(fd, &c, 1) == 1 && c == 'x' &&
			    close(fd) == 0 ? 0 : 1);
		}
	}
	for (i = 0; i < NREAD; i++) {
		st = ut_watch(kids[i], CHECKS);
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	UT_EQ(ok, NREAD);
	st = ut_watch(drv, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_unanswered"), unans);
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", ping0), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", wait0), 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	close(p[0]);
	UT_DONE("agent_pingfull");
}
