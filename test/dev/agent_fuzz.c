/*
 * agent_fuzz - the driver side of the port agent probed as a hostile
 * outsider would (sys/agent.h, sys/devgrant.h): every operation a
 * process can make as a driver, with arguments chosen to break it, each
 * checked for the errno the contract names.  The runner checks for
 * leaks and stray processes afterwards, as for every test.
 *
 *   gate     every gate operation code (the five of sys/agent.h and the
 *            eleven above them), every kind of handle (negative, 0, not
 *            made, above SYSPORT_MAX, ours), through int 0x81 and
 *            sysenter, with pointers NULL, low and unmapped, read-only,
 *            PROT_NONE, misaligned, cut by an unmapped page, across the
 *            end of user space, in the kernel: first a list of cases, then
 *            NRAND calls drawn at random and judged by an oracle that
 *            reads the same memory the kernel reads
 *   traffic  two clients open, write, read, ioctl and close /dev/uecho0
 *            while this process serves it with random receive buffers
 *            and random replies (good, an error that is no errno, a
 *            count above the length, data unmapped or in the kernel,
 *            twice, a stale id, an id never given, none at all: the
 *            deadline's), one by one and in replyrecvsys batches; the
 *            clients check every count and byte they get
 *   sysctls  the agent's variables read with odd buffers; the settings
 *            over drivers refused to a process that gave up the
 *            launcher's right
 *   after    a read of a real disk gives the bytes it gave before
 * Registration (devserve) and the grants (devgrant, dmaalloc, barmap,
 * pciconf, grantinfo, a driver that exits or execs in the middle) are
 * agent_fuzzhw's.
 *
 * THE SEED.  Every random choice comes from one xorshift generator
 * seeded with SEED (or argv[1]): a failure prints the seed and the step,
 * and `agent_fuzz SEED` replays it.  Nothing is judged by time: the
 * waits are bounded by counts of 10 ms naps.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/pciio.h>
#include <sys/sysmsg.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

int	raw81(int eax, int ecx, int edx);

#define SEED		0x5eed0a9e
#define NRAND		4000		/* random gate calls */
#define NCLIENT_OPS	60		/* rounds per traffic client */
#define PG		4096
#define E1000		"pci:8086:100e"
#define UTOP		0xc0000000u	/* the end of user space */
#define ZIOC		_IOWR('z', 7, int[4])	/* the traffic's ioctl */

static uint32_t rs;
static uint32_t seed0;		/* the run's seed, for a replay */
static uint32_t
rnd(void)
{
	return (ut_xorshift(&rs));
}
#define RN(n)	(rnd() % (uint32_t)(n))

/* An exit status that names the failed check (a child's). */
#define CHILD_CHECK(e, code) do { if (!(e)) { printf("agent_fuzz: " \
	"child %d: %s:%d: %s\n", (int)getpid(), __FILE__, __LINE__, #e); \
	_exit(code); } } while (0)

/* ---- the arena: memory of every kind a pointer can name ----------- */

static char *gbuf;	/* 2 read-write pages, then an unmapped one */
static char *ropg;	/* a read-only page of 0xff */
static char *rndpg;	/* a read-only page of random bytes */
static char *nonepg;	/* a page mapped PROT_NONE */

struct ptr {
	uintptr_t	p_addr;
	uint32_t	p_read;		/* bytes readable from it */
	bool		p_write;	/* writable for p_read bytes */
	bool		p_mine;		/* in gbuf: its contents are set
					 * before a call */
};
static struct ptr pool[16];
static int npool;

static void
add_ptr(uintptr_t a, uint32_t r, bool w, bool mine)
{
	pool[npool].p_addr = a;
	pool[npool].p_read = r;
	pool[npool].p_write = w;
	pool[npool].p_mine = mine;
	npool++;
}

static void
arena(void)
{
	int i;

	gbuf = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	ropg = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(gbuf != MAP_FAILED && ropg != MAP_FAILED);
	UT_EQ(munmap(gbuf + 2 * PG, PG), 0);
	rndpg = ropg + PG;
	memset(ropg, 0xff, PG);
	for (i = 0; i < PG; i++)
		rndpg[i] = (char)rnd();
	UT_EQ(mprotect(ropg, 2 * PG, PROT_READ), 0);
	add_ptr((uintptr_t)gbuf, 2 * PG, true, true);
	add_ptr((uintptr_t)gbuf + 1, 2 * PG - 1, true, true);
	add_ptr((uintptr_t)gbuf + 4094, 2 * PG - 4094, true, true);
	add_ptr((uintptr_t)gbuf + 2 * PG - 20, 20, true, true); /* cut */
	add_ptr((uintptr_t)gbuf + 2 * PG - 12, 12, true, true);
	add_ptr((uintptr_t)ropg, PG, false, false);
	add_ptr((uintptr_t)rndpg + 3, PG - 3, false, false);
	add_ptr(0, 0, false, false);
	add_ptr(1, 0, false, false);
	add_ptr(PG, 0, false, false);
	add_ptr(UTOP - 8, 0, false, false);	/* straddles the end */
	add_ptr(UTOP, 0, false, false);
	add_ptr(0xc0100000u, 0, false, false);
	add_ptr(0xfffffff0u, 0, false, false);
	nonepg = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(nonepg != MAP_FAILED);
	add_ptr((uintptr_t)nonepg + 8, 0, false, false);	/* PROT_NONE */
}

/* ---- the gate, and its oracle -------------------------------------- */

static int svc0;		/* our service: uecho0, nothing queued */

static int
gate(int via, uint32_t op, int svc, uintptr_t addr)
{
	if (via)
		return (rawenter(svc, (int)addr, (int)op));
	return (raw81(svc, (int)addr, (int)op));
}

#define EITHER	(-2)	/* ENOENT or EALREADY: an id of an old generation
			 * or a newer one, which the oracle cannot tell */

/* ENOENT, or EITHER, for a reply id to a service holding nothing. */
static int
id_errno(uint32_t id)
{
	uint32_t slot = id & 0xff, gen = id >> 8;

	if (slot == AGENT_PINGSLOT || slot > AGENT_NHELD || gen == 0)
		return (ENOENT);
	return (EITHER);
}

static bool
err_ok(int got, int want)
{
	if (want == EITHER)
		return (got == ENOENT || got == EALREADY);
	return (got == want);
}

/*
 * What gate(op, svc, p) must return with nothing queued or held on
 * svc0; -1 if the call could block (not made).  p's memory is read as
 * the kernel will read it.
 */
static int
oracle(uint32_t op, int svc, const struct ptr *p)
{
	const struct udevrr *rr;
	const struct udevreply *ur;
	const struct ptr *q;
	uint32_t n, i;

	if ((uint32_t)svc > SYSPORT_MAX)
		return (EBADF);
	if (op > SYSMSG_OPLAST)
		return (EINVAL);
	if (svc != svc0)
		return (EBADF);
	switch (op) {
	case SYSMSG_RECV:
	case SYSMSG_RECV_WAIT:
	case SYSMSG_RECV_INTR:
		if (p->p_read < sizeof(struct udevmsg))
			return (EFAULT);
		if (op != SYSMSG_RECV && p->p_mine &&
		    ((struct udevmsg *)p->p_addr)->ud_wait != 0)
			return (EAGAIN);
		return (-1);
	case SYSMSG_RECV_NB:
		return (p->p_read < sizeof(struct udevmsg) ? EFAULT : EAGAIN);
	case SYSMSG_REPLY:
		if (p->p_read < sizeof(struct udevreply))
			return (EFAULT);
		return (id_errno(((struct udevreply *)p->p_addr)->ur_id));
	default:			/* SYSMSG_REPLYRECV */
		if (p->p_read < sizeof(struct udevrr))
			return (EFAULT);
		rr = (const struct udevrr *)p->p_addr;
		n = rr->rr_nreply;
		if (n > AGENT_RRMAX || (rr->rr_flags & ~(RR_NB | RR_NORECV)))
			return (EINVAL);
		if (n > 0) {
			for (i = 0, q = NULL; i < (uint32_t)npool; i++) {
				if (pool[i].p_addr == (uintptr_t)rr->rr_reply)
					q = &pool[i];
			}
			if (q == NULL || q->p_read < n * sizeof(*ur))
				return (q == NULL ? -1 : EFAULT);
			ur = rr->rr_reply;
			return (id_errno(ur[0].ur_id));
		}
		if (rr->rr_flags & RR_NORECV)
			return (0);
		if (rr->rr_flags & RR_NB)
			return (EAGAIN);
		return (p->p_mine && rr->rr_msg.ud_wait != 0 ? EAGAIN : -1);
	}
}

/* Random words for a structure in gbuf at p: ids, counts, flags. */
static uint32_t
rword(void)
{
	static const uint32_t w[] = { 0, 1, 2, 0xff, 0x100, 0x1ff, 0x7fff01,
	    0xffffff00, 0xffffffff, 0x80000000, AGENT_RRMAX,
	    AGENT_RRMAX + 1, RR_NB, RR_NORECV, RR_NB | RR_NORECV, 4 };

	return (RN(3) == 0 ? rnd() : w[RN(nitems(w))]);
}

static void
fill_mine(const struct ptr *p)
{
	uint32_t *w = (uint32_t *)p->p_addr;
	uint32_t i;

	for (i = 0; i < p->p_read / 4 && i < 32; i++)
		w[i] = rword();
	if (p->p_read >= sizeof(struct udevrr)) {
		struct udevrr *rr = (struct udevrr *)p->p_addr;

		rr->rr_msg.ud_wait = 1 + RN(2);
		if (RN(2))
			rr->rr_reply = (const void *)pool[RN(npool)].p_addr;
		if (RN(2))
			rr->rr_nreply = RN(AGENT_RRMAX + 2);
		if (RN(2))
			rr->rr_flags &= RR_NB | RR_NORECV;
	} else if (p->p_read >= sizeof(struct udevmsg))
		((struct udevmsg *)p->p_addr)->ud_wait = 1 + RN(2);
}

/* The replies a REPLYRECV in gbuf points at lie in gbuf too: give
 * them ids the oracle can judge (fill_mine wrote them first). */

static void
test_gate_cases(void)
{
	static const uint32_t ops[] = { SYSMSG_RECV, SYSMSG_RECV_NB,
	    SYSMSG_REPLY, SYSMSG_RECV_WAIT, SYSMSG_REPLYRECV,
	    SYSMSG_RECV_INTR };
	struct udevrr *rr = (struct udevrr *)gbuf;
	struct udevreply *ur = (struct udevreply *)(gbuf + PG);
	uint32_t op;
	int via, i;

	for (via = 0; via < 2; via++) {
		/* Codes above the last operation: EINVAL, whatever the
		 * handle (a message size, as it always was). */
		for (op = SYSMSG_OPLAST + 1; op != 0; op++) {
			UT_EQ(gate(via, op, svc0, (uintptr_t)gbuf), EINVAL);
			UT_EQ(gate(via, op, 0, (uintptr_t)gbuf), EINVAL);
			UT_EQ(gate(via, op, svc0 + 1, 0), EINVAL);
		}
		/* Handles that are not ours, for every operation. */
		for (i = 0; i < (int)nitems(ops); i++) {
			UT_EQ(gate(via, ops[i], 0, (uintptr_t)gbuf), EBADF);
			UT_EQ(gate(via, ops[i], -1, (uintptr_t)gbuf), EBADF);
			UT_EQ(gate(via, ops[i], SVC_MAX, (uintptr_t)gbuf),
			    EBADF);
			UT_EQ(gate(via, ops[i], SVC_MAX + 1, 0), EBADF);
			UT_EQ(gate(via, ops[i], SYSPORT_MAX + 1, 0), EBADF);
			UT_EQ(gate(via, ops[i], 0x7fffffff, 0), EBADF);
		}
		/* Pointers: cut by an unmapped page, across the end of
		 * user space, in the kernel; read-only is enough to read. */
		UT_EQ(gate(via, SYSMSG_RECV_NB, svc0, UTOP - 8), EFAULT);
		UT_EQ(gate(via, SYSMSG_RECV_NB, svc0,
		    (uintptr_t)gbuf + 2 * PG - 40), EFAULT);
		UT_EQ(gate(via, SYSMSG_RECV_NB, svc0, (uintptr_t)ropg), EAGAIN);
		UT_EQ(gate(via, SYSMSG_RECV, svc0, 0xfffffff0u), EFAULT);
		UT_EQ(gate(via, SYSMSG_REPLY, svc0,
		    (uintptr_t)gbuf + 2 * PG - 12), EFAULT);
		UT_EQ(gate(via, SYSMSG_REPLY, svc0, (uintptr_t)ropg), ENOENT);
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, (uintptr_t)ropg),
		    EINVAL);
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, UTOP - 40), EFAULT);
		UT_EQ(gate(via, SYSMSG_RECV_INTR, svc0, UTOP - 8), EFAULT);
		UT_EQ(gate(via, SYSMSG_RECV_INTR, svc0,
		    (uintptr_t)gbuf + 2 * PG - 40), EFAULT);
		UT_EQ(gate(via, SYSMSG_RECV_INTR, svc0, 0xfffffff0u), EFAULT);
		memset(rr, 0, sizeof(*rr));
		rr->rr_nreply = 2;
		rr->rr_reply = (void *)(UTOP - 16);	/* the second cut */
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, (uintptr_t)rr), EFAULT);
		rr->rr_reply = (void *)(gbuf + 2 * PG - 20);
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, (uintptr_t)rr), EFAULT);
		/* A full batch of ids never given: the first one stops it. */
		for (i = 0; i < AGENT_RRMAX; i++) {
			ur[i].ur_id = (uint32_t)(i + 1) << 8 | (uint32_t)i;
			ur[i].ur_error = 0;
			ur[i].ur_count = 0;
			ur[i].ur_data = NULL;
		}
		ur[0].ur_id = 0x12345600 | AGENT_PINGSLOT;
		rr->rr_reply = ur;
		rr->rr_nreply = AGENT_RRMAX;
		rr->rr_nreplied = 77;
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, (uintptr_t)rr), ENOENT);
		UT_EQ(rr->rr_nreplied, 0);
		/* rr_intrdone of lines we were never given: nothing. */
		rr->rr_nreply = 0;
		rr->rr_intrdone = 0xffffffff;
		rr->rr_flags = RR_NORECV;
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, (uintptr_t)rr), 0);
		rr->rr_flags = RR_NB;
		UT_EQ(gate(via, SYSMSG_REPLYRECV, svc0, (uintptr_t)rr), EAGAIN);
	}
}

static void
test_gate_random(void)
{
	static const int svcs[] = { -1, 0, 1, 2, 5, SVC_MAX, SVC_MAX + 1,
	    SYSPORT_MAX, SYSPORT_MAX + 1, 0x7fffffff, (int)0x80000000 };
	const struct ptr *p;
	uint32_t op;
	int i, svc, want, got, via;

	for (i = 0; i < NRAND; i++) {
		op = RN(4) == 0 ? 0xfffffff0u + RN(16) :
		    SYSMSG_OPFIRST + RN(SYSMSG_OPLAST - SYSMSG_OPFIRST + 1);
		svc = RN(3) != 0 ? svc0 : svcs[RN(nitems(svcs))];
		p = &pool[RN(npool)];
		via = (int)RN(2);
		if (p->p_mine)
			fill_mine(p);
		if (p->p_mine && p->p_read >= sizeof(struct udevrr) &&
		    (uintptr_t)((struct udevrr *)p->p_addr)->rr_reply ==
		    (uintptr_t)gbuf) {
			((struct udevrr *)p->p_addr)->rr_reply =
			    (const void *)(gbuf + PG);
		}
		want = oracle(op, svc, p);
		if (want == -1)
			continue;	/* it would wait for a message */
		got = gate(via, op, svc, p->p_addr);
		if (!err_ok(got, want)) {
			UT_FAIL("seed %#x step %d: op %#x svc %d addr %#lx "
			    "via %d: got %d, want %d", (unsigned)seed0, i,
			    (unsigned)op, svc, (unsigned long)p->p_addr, via,
			    got, want);
			if (ut_failures > 10)
				return;
		}
	}
}

/* ---- traffic: random receives and replies under real clients ------- */

static unsigned char pat[512];		/* what reads and ioctls return */
static unsigned char wpat[512];		/* what the clients write */

static void
client(int who)
{
	unsigned char rbuf[300];
	int arg[4], fd, k, len;
	ssize_t n;

	rs = seed0 * 7 + (uint32_t)who + 1;
	for (k = 0; k < NCLIENT_OPS; k++) {
		fd = open("/dev/uecho0", O_RDWR);
		if (fd < 0)
			continue;		/* any errno is a driver's */
		len = 1 + (int)RN(256);
		n = write(fd, wpat, (size_t)len);
		CHILD_CHECK(n <= len, 30);
		len = 1 + (int)RN(256);
		memset(rbuf, 0xee, sizeof(rbuf));
		n = pread(fd, rbuf, (size_t)len, 0);
		CHILD_CHECK(n <= len, 31);
		CHILD_CHECK(n < 0 || memcmp(rbuf, pat, (size_t)n) == 0, 32);
		CHILD_CHECK(n < 0 || rbuf[n] == 0xee, 33);
		memset(arg, 0x11, sizeof(arg));
		if (ioctl(fd, ZIOC, arg) == 0)
			CHILD_CHECK(memcmp(arg, pat, sizeof(arg)) == 0, 34);
		(void)close(fd);
	}
	_exit(0);
}

struct held {
	uint32_t	h_id;
	uint16_t	h_cmd;
	uint32_t	h_len;
};

static struct held held[AGENT_NHELD + 2];
static int nheld;
static uint32_t done_ids[64];		/* replied: EALREADY from now on */
static int ndone;
static int late;			/* EALREADY where a reply was due */

static void
drop_held(int k)
{
	held[k] = held[--nheld];
}

static void
note_done(uint32_t id)
{
	done_ids[ndone++ % (int)nitems(done_ids)] = id;
}

/* A reply to held[k] that is good (an errno the driver may give, a
 * count it may give, our pattern as data); the reply's fields. */
static struct udevreply
good_reply(const struct held *h)
{
	static const int errs[] = { EIO, ENXIO, EPERM, ENOTTY, EINVAL };
	struct udevreply r;

	r.ur_id = h->h_id;
	r.ur_error = RN(5) == 0 ? errs[RN(nitems(errs))] : 0;
	r.ur_count = h->h_len == 0 ? 0 : RN(h->h_len + 1);
	r.ur_data = pat;
	return (r);
}

/* Check a received message (into dbuf) of the traffic. */
static void
check_msg(const struct udevmsg *m, const char *dbuf)
{
	UT_TRUE(m->ud_id != 0);
	UT_RANGE(m->ud_cmd, UDEV_OPEN, UDEV_IOCTL);
	if (m->ud_cmd == UDEV_WRITE) {
		UT_TRUE(m->ud_len >= 1 && m->ud_len <= 256 &&
		    m->ud_len <= m->ud_datamax);
		UT_TRUE(memcmp(dbuf, wpat, m->ud_len) == 0);
	}
	if (m->ud_cmd == UDEV_READ)
		UT_RANGE(m->ud_len, 1, 256);
	if (m->ud_cmd == UDEV_IOCTL) {
		UT_EQ(m->ud_ioctl, ZIOC);
		UT_EQ(m->ud_len, 16);
		UT_TRUE(ut_all_are(dbuf, 16, 0x11));
	}
}

/* One receive with a random buffer: 0, EAGAIN, EFAULT or EMSGSIZE. */
static void
traffic_recv(void)
{
	static const uint32_t maxes[] = { 0, 1, 4, 15, 16, 64, 255, 256,
	    4096, 8192, 0xffffffff };
	struct udevmsg m, *mp = &m;
	const struct ptr *d;
	int error;

	d = RN(3) != 0 ? &pool[RN(3)] : &pool[RN(npool)];
	memset(&m, 0, sizeof(m));
	m.ud_data = (void *)d->p_addr;
	m.ud_datamax = maxes[RN(nitems(maxes))];
	if (RN(16) == 0)
		mp = (struct udevmsg *)pool[7 + RN(npool - 7)].p_addr;
	m.ud_wait = nheld == 0 ? 20 : 0;
	error = nheld == 0 && mp == &m ? __recvsys_wait(svc0, mp) :
	    __recvsys_nb(svc0, mp);
	if (mp != &m) {
		UT_EQ(error, EFAULT);		/* nothing taken */
		return;
	}
	if (error == 0) {
		check_msg(&m, (const char *)d->p_addr);
		held[nheld].h_id = m.ud_id;
		held[nheld].h_cmd = m.ud_cmd;
		held[nheld].h_len = m.ud_len;
		nheld++;
		return;
	}
	if (error == EMSGSIZE) {
		UT_EQ(m.ud_id, 0);
		UT_TRUE(m.ud_cmd == UDEV_WRITE || m.ud_cmd == UDEV_IOCTL);
		return;
	}
	if (error == EFAULT) {
		UT_TRUE(!d->p_write || d->p_read < 256);
		return;
	}
	UT_EQ(error, EAGAIN);
}

/* Judge a reply's result against what it should have been; a message
 * whose deadline passed first answers EALREADY (counted, checked against
 * kern.agent_timeouts at the end). */
static void
judge(int got, int want, const char *what)
{
	if (got == EALREADY && want != EALREADY) {
		late++;
		return;
	}
	if (got != want)
		UT_FAIL("seed %#x: %s: got %d, want %d", (unsigned)seed0, what,
		    got, want);
}

static int forgets;
static bool forget_ok = true;

/* One random reply to a held message (or to none). */
static void
traffic_reply(void)
{
	static const int bad_errs[] = { -1, EASYNC, 0x7fffffff,
	    (int)0x80000000, 9999, -EIO };
	static const uintptr_t bad_ptrs[] = { 0, 1, PG, UTOP - 8, UTOP,
	    0xc0100000u, 0xfffffff0u };
	struct udevreply r, rv[AGENT_RRMAX];
	struct udevrr rr;
	struct held h;
	int k = (int)RN(nheld), mode = (int)RN(16), error, i, n;

	h = held[k];
	r = good_reply(&h);
	switch (mode) {
	case 9:				/* an error that is no errno */
		r.ur_error = bad_errs[RN(nitems(bad_errs))];
		judge(__replysys(svc0, &r), EINVAL, "bad error");
		break;
	case 10:			/* more than was asked */
		r.ur_count = h.h_len + 1 + RN(1000);
		judge(__replysys(svc0, &r), EINVAL, "bad count");
		break;
	case 11:			/* data that is none of ours */
		r.ur_error = 0;
		r.ur_data = (void *)bad_ptrs[RN(nitems(bad_ptrs))];
		if (h.h_cmd == UDEV_READ && r.ur_count == 0)
			r.ur_count = 1;
		judge(__replysys(svc0, &r), h.h_cmd == UDEV_READ ||
		    h.h_cmd == UDEV_IOCTL ? EFAULT : 0, "bad data");
		break;
	case 12:			/* every held one, in one batch */
		n = nheld;
		for (i = 0; i < n; i++)
			rv[i] = good_reply(&held[i]);
		memset(&rr, 0, sizeof(rr));
		rr.rr_reply = rv;
		rr.rr_nreply = (uint32_t)n;
		rr.rr_flags = RN(2) ? RR_NORECV : RR_NB;
		rr.rr_msg.ud_data = gbuf;
		rr.rr_msg.ud_datamax = 2 * PG;
		error = __replyrecvsys(svc0, &rr);
		if (error == EALREADY) {
			late++;
			n = (int)rr.rr_nreplied + 1;	/* up to the late one */
		} else if (error != 0)
			UT_TRUE(error == EAGAIN && rr.rr_flags == RR_NB);
		for (i = 0; i < n; i++)
			note_done(rv[i].ur_id);
		for (i = n - 1; i >= 0; i--)
			drop_held(i);
		if (error == 0 && rr.rr_flags == RR_NB) {
			check_msg(&rr.rr_msg, gbuf);
			held[nheld].h_id = rr.rr_msg.ud_id;
			held[nheld].h_cmd = rr.rr_msg.ud_cmd;
			held[nheld].h_len = rr.rr_msg.ud_len;
			nheld++;
		}
		forget_ok = true;
		return;
	case 13:			/* none: the deadline answers */
		if (!forget_ok || forgets >= 3)
			goto good;
		forgets++;
		forget_ok = false;
		drop_held(k);
		return;
	case 14:			/* an id never given */
		r.ur_id = rnd();
		for (i = 0; i < nheld; i++)
			if (held[i].h_id == r.ur_id)
				return;
		error = __replysys(svc0, &r);
		UT_TRUE(error == ENOENT || error == EALREADY);
		if (id_errno(r.ur_id) == ENOENT)
			UT_EQ(error, ENOENT);
		return;
	case 15:			/* one replied already */
		if (ndone == 0)
			return;
		r.ur_id = done_ids[RN(MIN(ndone, (int)nitems(done_ids)))];
		UT_EQ(__replysys(svc0, &r), EALREADY);
		return;
	default:
	good:
		judge(__replysys(svc0, &r), 0, "good reply");
		forget_ok = true;
		if (RN(4) == 0)		/* twice */
			UT_EQ(__replysys(svc0, &r), EALREADY);
		break;
	}
	note_done(h.h_id);
	drop_held(k);
}

static void
test_traffic(void)
{
	int t0 = ut_sysctl_int("kern.agent_timeouts"), i, live = 2, st;
	pid_t c[2];

	for (i = 0; i < 2; i++) {
		c[i] = fork();
		if (c[i] == 0)
			client(i);
	}
	for (i = 0; i < 200000 && (live > 0 || nheld > 0); i++) {
		if (nheld == 0 || (nheld < AGENT_NHELD && RN(2)))
			traffic_recv();
		else
			traffic_reply();
		if ((i & 63) == 0) {
			for (st = 0; st < 2; st++) {
				if (c[st] > 0 && waitpid(c[st], &live, WNOHANG)
				    == c[st]) {
					UT_EQ(live, 0);	/* the client's checks */
					c[st] = 0;
				}
			}
			live = (c[0] > 0) + (c[1] > 0);
		}
	}
	UT_TRUE(live == 0 && nheld == 0);
	/* The forgotten ones fail at their deadline; nothing stays held. */
	for (i = 0; i < 500 && ut_sysctl_int("kern.agent_held") != 0; i++)
		ut_nap();
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_TRUE(late <= ut_sysctl_int("kern.agent_timeouts") - t0 - forgets);
}

/* A client of uecho1: open it; its exit says how the open went. */
static void
client_open1(void)
{
	int fd = open("/dev/uecho1", O_RDONLY);

	_exit(fd >= 0 ? 0 : errno);
}

/*
 * Two services of one process: an id received on one means nothing to
 * the other (ENOENT or EALREADY, by replysys or replyrecvsys), and the
 * message stays held by the one that received it.
 */
static void
test_two_services(void)
{
	struct udevreply r = { 0, 0, 0, NULL };
	struct udevrr rr;
	struct udevmsg m;
	struct devserve ds;
	pid_t c;
	int svc1, i, error;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	svc1 = devserve(&ds);
	UT_TRUE(svc1 > 0 && svc1 != svc0);
	c = fork();
	if (c == 0)
		client_open1();
	memset(&m, 0, sizeof(m));
	UT_EQ(__recvsys(svc1, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_OPEN);
	r.ur_id = m.ud_id;
	error = __replysys(svc0, &r);
	UT_TRUE(error == ENOENT || error == EALREADY);
	memset(&rr, 0, sizeof(rr));
	rr.rr_reply = &r;
	rr.rr_nreply = 1;
	rr.rr_flags = RR_NORECV;
	rr.rr_nreplied = 9;
	error = __replyrecvsys(svc0, &rr);
	UT_TRUE((error == ENOENT || error == EALREADY) && rr.rr_nreplied == 0);
	for (i = 0; i < 3; i++)			/* not another's either */
		UT_EQ(__replysys(svc1 + 1 + i, &r), EBADF);
	UT_EQ(__replysys(svc1, &r), 0);		/* still ours to answer */
	memset(&m, 0, sizeof(m));
	UT_EQ(__recvsys(svc1, &m), 0);		/* its close, at its exit */
	UT_EQ(m.ud_cmd, UDEV_CLOSE);
	r.ur_id = m.ud_id;
	UT_EQ(__replysys(svc1, &r), 0);
	UT_EQ(ut_status_of(c), 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
}

static int
reply(int svc, uint32_t id, int error, uint32_t count, const void *data)
{
	struct udevreply r = { id, error, count, data };

	return (__replysys(svc, &r));
}

/* A client that opens uecho0 and reads: it is killed meanwhile. */
static void
client_blocked(void)
{
	char buf[16];
	int fd = open("/dev/uecho0", O_RDONLY);

	if (fd >= 0)
		(void)read(fd, buf, sizeof(buf));
	_exit(0);
}

/*
 * The sender dies while its read is held by us, or still queued: we
 * answer whatever comes (the read, late or not, and the close its exit
 * sends) until it is gone; nothing stays held.
 */
static void
test_sender_killed(void)
{
	struct udevmsg m;
	pid_t c;
	int round, i, st = -1, error;

	for (round = 0; round < 2; round++) {
		c = fork();
		if (c == 0)
			client_blocked();
		memset(&m, 0, sizeof(m));
		UT_EQ(__recvsys(svc0, &m), 0);
		UT_EQ(m.ud_cmd, UDEV_OPEN);
		UT_EQ(reply(svc0, m.ud_id, 0, 0, NULL), 0);
		memset(&m, 0, sizeof(m));
		if (round == 0) {		/* held */
			UT_EQ(__recvsys(svc0, &m), 0);
			UT_EQ(m.ud_cmd, UDEV_READ);
		} else {			/* queued, most likely */
			for (i = 0; i < 5; i++)
				ut_nap();
		}
		UT_EQ(kill(c, SIGKILL), 0);
		if (round == 0) {
			error = reply(svc0, m.ud_id, 0, 5, pat);
			UT_TRUE(error == 0 || error == EALREADY);
		}
		for (i = 0; i < 300; i++) {
			if (waitpid(c, &st, WNOHANG) == c)
				break;
			memset(&m, 0, sizeof(m));
			m.ud_data = gbuf;
			m.ud_datamax = PG;
			m.ud_wait = 10;
			if (__recvsys_wait(svc0, &m) == 0)
				UT_EQ(reply(svc0, m.ud_id, 0,
				    m.ud_cmd == UDEV_READ ? 5 : 0, pat), 0);
		}
		UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	}
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
}

/* ---- sysctls --------------------------------------------------------- */

static const char *const agent_vars[] = { "kern.agent_devs",
    "kern.devgrants", "kern.agent_faultkinds", "kern.agent_faultdigest",
    "kern.agent_timeouts", "kern.agent_resent", "kern.agent_held",
    "kern.agent_hung", "kern.agent_badreplies", "kern.agent_physio",
    "kern.agent_physio_msgs", "kern.agent_ping_ms",
    "kern.agent_ping_wait_ms", "kern.agent_pings",
    "kern.agent_unanswered", "kern.agent_faults", "kern.agent_fault_seed",
    "kern.agent_fault_rate", "kern.agent_fault_goal",
    "kern.agent_fault_armed", "kern.agent_fault_timeout_ms",
    "kern.agent_fault_mine" };

/* The settings over drivers: a launcher's to write (CTLFLAG_DRV). */
static const char *const drv_vars[] = { "kern.agent_ping_ms",
    "kern.agent_ping_wait_ms", "kern.agent_physio",
    "kern.agent_fault_armed", "kern.agent_fault_timeout_ms" };

static void
sysctl_nolauncher(void)
{
	size_t i;
	int v = 1;

	CHILD_CHECK(devgrant(0, NULL) == 0, 150);
	for (i = 0; i < nitems(drv_vars); i++) {
		if (sysctl(drv_vars[i], NULL, NULL, &v, sizeof(v)) != -1 ||
		    errno != EPERM) {
			printf("agent_fuzz: %s written by a process that is "
			    "no launcher\n", drv_vars[i]);
			_exit(151);
		}
	}
	_exit(0);
}

static void
test_sysctls(void)
{
	static char buf[8192];
	size_t i, len;
	int r, v, v0[nitems(drv_vars)];

	for (i = 0; i < nitems(agent_vars); i++) {
		len = sizeof(buf);
		UT_EQ(sysctl(agent_vars[i], buf, &len, NULL, 0), 0);
		len = 0;
		r = sysctl(agent_vars[i], buf, &len, NULL, 0);
		UT_TRUE(r == 0 || errno == ENOMEM);
		len = 1;
		r = sysctl(agent_vars[i], buf, &len, NULL, 0);
		UT_TRUE(r == 0 || errno == ENOMEM);
		len = sizeof(buf);
		UT_ERR(sysctl(agent_vars[i], (void *)(UTOP - 2), &len, NULL,
		    0), EFAULT);
		len = sizeof(buf);
		UT_ERR(sysctl(agent_vars[i], ropg, &len, NULL, 0), EFAULT);
		UT_ERR(sysctl(agent_vars[i], buf, (size_t *)(UTOP - 2), NULL,
		    0), EFAULT);
		v = 0;
		r = sysctl(agent_vars[i], NULL, NULL, &v, 2);	/* short */
		UT_TRUE(r == -1 && (errno == EINVAL || errno == EPERM));
	}
	/* Counters are not written; the campaign's are refused outside a
	 * campaign (this boot has none). */
	v = 5;
	UT_ERR(sysctl("kern.agent_held", NULL, NULL, &v, sizeof(v)), EPERM);
	UT_ERR(sysctl("kern.agent_devs", NULL, NULL, &v, sizeof(v)), EPERM);
	UT_ERR(sysctl("kern.agent_faults", NULL, NULL, &v, sizeof(v)), EPERM);
	UT_ERR(sysctl("kern.agent_fault_armed", NULL, NULL, &v, sizeof(v)),
	    EPERM);
	for (i = 0; i < nitems(drv_vars); i++)
		v0[i] = ut_sysctl_int(drv_vars[i]);
	/* The heartbeat's times, even from a launcher: no negative time,
	 * no wait of 0 ms. */
	UT_ERR(ut_sysctl_set("kern.agent_ping_ms", -1), EINVAL);
	UT_ERR(ut_sysctl_set("kern.agent_ping_ms", INT32_MIN), EINVAL);
	UT_ERR(ut_sysctl_set("kern.agent_ping_wait_ms", 0), EINVAL);
	UT_ERR(ut_sysctl_set("kern.agent_ping_wait_ms", -5), EINVAL);
	UT_CHILD(sysctl_nolauncher, 0);
	for (i = 0; i < nitems(drv_vars); i++) {
		UT_EQ(ut_sysctl_int(drv_vars[i]), v0[i]);
		if (ut_sysctl_int(drv_vars[i]) != v0[i])
			(void)ut_sysctl_set(drv_vars[i], v0[i]);
	}
}

/* ---- a real disk, before and after ---------------------------------- */

static int
disk_sum(unsigned char *buf, size_t len)
{
	static const char *const disks[] = { "/dev/vtbd1", "/dev/ada0" };
	size_t i;
	int fd;

	for (i = 0; i < nitems(disks); i++) {
		fd = open(disks[i], O_RDONLY);
		if (fd < 0)
			continue;
		if (pread(fd, buf, len, 1024 * 1024 + 512) != (ssize_t)len) {
			close(fd);
			return (-1);
		}
		close(fd);
		return ((int)i);
	}
	return (-1);
}

int
main(int argc, char **argv)
{
	static unsigned char before[65536], after[65536];
	struct devserve ds;
	int i, which;

	rs = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : SEED;
	if (rs == 0)
		rs = SEED;
	seed0 = rs;
	printf("agent_fuzz: seed %#x\n", (unsigned)rs);
	for (i = 0; i < (int)sizeof(pat); i++) {
		pat[i] = (unsigned char)(i * 13 + 7);
		wpat[i] = (unsigned char)(i * 5 + 3);
	}
	which = disk_sum(before, sizeof(before));
	UT_TRUE(which >= 0);
	arena();
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho0");
	ds.ds_timeout = 1000;		/* far above any reply's time */
	svc0 = devserve(&ds);
	UT_RANGE(svc0, 1, SVC_MAX);
	test_gate_cases();
	test_gate_random();
	test_traffic();
	test_gate_random();		/* again, with generations moved on */
	test_two_services();
	test_sender_killed();
	test_sysctls();
	UT_EQ(disk_sum(after, sizeof(after)), which);
	UT_TRUE(memcmp(before, after, sizeof(before)) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_DONE("agent_fuzz");
}
