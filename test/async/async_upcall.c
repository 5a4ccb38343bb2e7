/*
 * async_upcall - ports and upcalls: SYSPORT_QUEUE, SYSPORT_UPCALL and
 * SYSPORT_UPCALL_CRIT ports; upcalls once per returned message, in the
 * order the messages came back, on the port's stack, with the interrupted
 * registers intact afterwards; user critical sections (held upcalls,
 * uc_pending, flushsys); waitsys on upcall ports; portcreate/portclose
 * errors; an unusable upcall stack kills the process with SIGSEGV.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sysasync.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define NREC	16
#define KADDR	0xc0100000u		/* somewhere in kernel space */

static char ustack[16384] __attribute__((aligned(16)));
static char ustack2[16384] __attribute__((aligned(16)));

/* What each upcall saw, in the order they ran. */
static struct sysmsg_hdr *volatile rec[NREC];
static volatile int rec_count[NREC];	/* __ucrit.uc_count */
static volatile int rec_done[NREC];	/* SMF_DONE when it ran */
static volatile int rec_err[NREC];	/* sm_error when it ran */
static volatile uint32_t rec_esp[NREC];	/* esp at fn's first instruction */
static volatile uint32_t rec_efl[NREC];	/* eflags there */
static volatile uint32_t rec_ret[NREC];	/* return address there */
static volatile int nrec;

/* Set by up_asm, read by upfn. */
volatile uint32_t up_esp, up_efl;

static void
rec_reset(void)
{
	int i;

	for (i = 0; i < NREC; i++) {
		rec[i] = NULL;
		rec_count[i] = rec_done[i] = rec_err[i] = -1;
		rec_esp[i] = rec_efl[i] = rec_ret[i] = 0;
	}
	nrec = 0;
	spin_flag = 0;
}

/* The upcall in C: called (by a jump) from up_asm, so it returns to the
 * trampoline the kernel pushed. */
void upfn(struct sysmsg_hdr *m);
void
upfn(struct sysmsg_hdr *m)
{
	int i = nrec;

	if (i < NREC) {
		rec[i] = m;
		rec_count[i] = __ucrit.uc_count;
		rec_done[i] = async_done(m);
		rec_err[i] = m->sm_error;
		rec_esp[i] = up_esp;
		rec_efl[i] = up_efl;
		rec_ret[i] = *(volatile uint32_t *)up_esp;
	}
	nrec = i + 1;
	spin_flag = 1;
}

/*
 * The port's function: note esp and eflags as the kernel set them, wreck
 * every general register (the kernel's sigreturn must restore them all),
 * then become upfn(msg).
 */
void up_asm(struct sysmsg_hdr *m);
__asm__(
	".text\n"
	".globl up_asm\n"
	"up_asm:\n"
	"	movl %esp, up_esp\n"
	"	pushfl\n"
	"	popl up_efl\n"
	"	movl $0xdead0001, %eax\n"
	"	movl $0xdead0002, %ebx\n"
	"	movl $0xdead0003, %ecx\n"
	"	movl $0xdead0004, %edx\n"
	"	movl $0xdead0005, %esi\n"
	"	movl $0xdead0006, %edi\n"
	"	movl $0xdead0007, %ebp\n"
	"	jmp upfn\n");

typedef SYSMSG(nanosleep) sleepmsg_t;

static struct timespec ts_ms[8];

/* Send an asynchronous nanosleep of ms milliseconds to port. */
static int
send_sleep(int port, sleepmsg_t *m, int ms)
{
	static int n;
	struct timespec *ts = &ts_ms[n++ % 8];

	ts->tv_sec = ms / 1000;
	ts->tv_nsec = (long)(ms % 1000) * 1000000;
	sysmsg_init(m, nanosleep);
	m->a.rqtp = ts;
	m->a.rmtp = NULL;
	return (async_send(port, &m->h, sizeof(*m), 0));
}

/*
 * Sleep a tick at a time until *n reaches want, at most tries times.
 * While this process sleeps, the kernel finishes whatever is due and
 * the upcalls run on the way back: a bound on attempts, not on time.
 */
static void
wait_count(volatile int *n, int want, int tries)
{
	int i;

	for (i = 0; *n < want && i < tries; i++)
		ut_sleep_ms(10);
}

static int
in_stack(uint32_t esp, const char *stack, size_t size)
{
	return (esp >= (uint32_t)stack && esp < (uint32_t)stack + size);
}

/* Queue ports: no upcalls at all; the handle is the reply port. */
static void
test_queue_port(void)
{
	sleepmsg_t m;
	int q;

	rec_reset();
	q = port_create(SYSPORT_QUEUE, NULL, NULL, 0);
	UT_TRUE(q >= 1 && q <= SYSPORT_MAX);
	UT_EQ(send_sleep(q, &m, 20), 1);
	/* In flight on q, not on 0. */
	UT_EQ(async_wait(0, &m.h), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(async_abort(0, &m.h), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(async_wait(q, &m.h), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_error, 0);
	UT_EQ(async_waitany(q), 0);		/* came back since */
	UT_EQ(async_waitany(q), -1);		/* nothing more */
	UT_EQ(errno, EINVAL);
	ut_sleep_ms(20);
	UT_EQ(nrec, 0);
	UT_EQ(port_close(q), 0);
}

/* Upcalls: once per message, in completion order, on the port's stack,
 * called like a C function with the trampoline as return address. */
static void
test_upcall_order(void)
{
	sleepmsg_t a, b, c;
	int p, i;

	rec_reset();
	p = port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack));
	UT_TRUE(p >= 1 && p <= SYSPORT_MAX);
	UT_EQ(send_sleep(p, &a, 60), 1);
	UT_EQ(send_sleep(p, &b, 20), 1);
	UT_EQ(send_sleep(p, &c, 40), 1);
	UT_EQ(nrec, 0);
	wait_count(&nrec, 3, 100);
	ut_sleep_ms(30);			/* nothing more may come */
	UT_EQ(nrec, 3);
	UT_TRUE(rec[0] == &b.h);
	UT_TRUE(rec[1] == &c.h);
	UT_TRUE(rec[2] == &a.h);
	for (i = 0; i < 3; i++) {
		UT_EQ(rec_done[i], 1);		/* SMF_DONE before the upcall */
		UT_EQ(rec_err[i], 0);
		UT_TRUE(in_stack(rec_esp[i], ustack, sizeof(ustack)));
		UT_EQ((rec_esp[i] + 4) & 15, 0);	/* as if called */
		UT_EQ(rec_ret[i], (uint32_t)__sigtramp);
		UT_EQ(rec_efl[i] & 0x400, 0);	/* DF clear for C code */
	}
	/* Done and not in flight: waitsys returns at once. */
	UT_EQ(async_wait(p, &a.h), 0);
	UT_EQ(async_waitany(p), 0);
	UT_EQ(async_waitany(p), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(nrec, 3);
	UT_EQ(port_close(p), 0);
}

/* An upcall interrupts user code (no system call) and the interrupted
 * code goes on with all its registers and flags. */
static void
test_upcall_regs(void)
{
	sleepmsg_t m;
	int p;

	rec_reset();
	p = port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack));
	UT_TRUE(p >= 1);
	UT_EQ(send_sleep(p, &m, 20), 1);
	spin_left = 0x7fffffff;
	regs_spin();
	UT_TRUE(spin_left != 0);	/* the upcall ended the spin */
	UT_EQ(spin_bad, 0);
	UT_EQ(nrec, 1);
	UT_TRUE(rec[0] == &m.h);
	UT_EQ(rec_efl[0] & 0x400, 0);	/* DF cleared for the upcall */
	UT_EQ(port_close(p), 0);
}

/* An upcall never interrupts a system call: a blocking sleep runs to
 * its end, and the upcall comes on its way back to user mode. */
static void
test_upcall_syscall(void)
{
	struct timespec ts = { 0, 80 * 1000 * 1000 };
	sleepmsg_t m;
	int p;

	rec_reset();
	p = port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack));
	UT_TRUE(p >= 1);
	UT_EQ(send_sleep(p, &m, 20), 1);
	UT_EQ(nanosleep(&ts, NULL), 0);		/* not EINTR */
	UT_EQ(nrec, 1);				/* ran on the way out */
	UT_TRUE(rec[0] == &m.h);
	UT_EQ(port_close(p), 0);
}

/* Repeating messages: one upcall per return. */
static void
test_upcall_timer(void)
{
	struct timespec pd = { 0, 20 * 1000 * 1000 };
	timermsg_t t;
	int p, i, n;

	rec_reset();
	p = port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack));
	UT_TRUE(p >= 1);
	UT_EQ(timermsg_start(&t, p, &pd), 1);
	wait_count(&nrec, 5, 100);
	UT_TRUE(nrec >= 5);
	UT_EQ(async_abort(p, &t.h), 0);
	ut_sleep_ms(60);
	n = nrec;
	ut_sleep_ms(60);
	/* The final return (ECANCELED) was the last upcall. */
	UT_EQ(nrec, n);
	UT_TRUE(n >= 6 && n <= NREC);
	for (i = 0; i < n && i < NREC; i++)
		UT_TRUE(rec[i] == &t.h);
	for (i = 0; i < n - 2 && i < NREC; i++)
		UT_EQ(rec_err[i], 0);		/* regular returns */
	if (n >= 1 && n <= NREC)
		UT_EQ(rec_err[n - 1], ECANCELED);
	UT_EQ(t.h.sm_error, ECANCELED);
	UT_EQ(port_close(p), 0);
}

/* User critical sections and flushsys. */
static void
test_crit(void)
{
	sleepmsg_t a, b, c, d;
	int pc, pc2, p, i;

	/* No ucrit registered yet: flushsys is a no-op. */
	UT_EQ(__flushsys(), 0);
	UT_EQ(upcall_crit((struct ucrit *)((char *)&__ucrit + 1)), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(upcall_crit((struct ucrit *)KADDR), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(crit_register(), 0);
	UT_EQ(__ucrit.uc_count, 0);
	UT_EQ(__flushsys(), 0);

	rec_reset();
	pc = port_create(SYSPORT_UPCALL_CRIT, up_asm, ustack2,
	    sizeof(ustack2));
	UT_TRUE(pc >= 1);
	crit_enter();
	UT_EQ(send_sleep(pc, &a, 60), 1);
	UT_EQ(send_sleep(pc, &b, 20), 1);
	UT_EQ(send_sleep(pc, &c, 40), 1);
	for (i = 0; !(async_done(&a.h) && async_done(&b.h) &&
	    async_done(&c.h)) && i < 100; i++)
		ut_sleep_ms(10);
	UT_TRUE(async_done(&a.h) && async_done(&b.h) && async_done(&c.h));
	(void)getpid();			/* one more return to user mode */
	UT_EQ(nrec, 0);
	UT_EQ(__ucrit.uc_pending, 1);
	UT_EQ(__flushsys(), EBUSY);	/* still inside */
	UT_EQ(nrec, 0);
	UT_EQ(__ucrit.uc_pending, 1);
	/* Nested: the inner exit keeps them held. */
	crit_enter();
	crit_exit();
	UT_EQ(__ucrit.uc_count, 1);
	UT_EQ(nrec, 0);
	/* The last exit delivers all of them before it returns. */
	crit_exit();
	UT_EQ(nrec, 3);
	UT_EQ(__ucrit.uc_pending, 0);
	UT_TRUE(rec[0] == &b.h);
	UT_TRUE(rec[1] == &c.h);
	UT_TRUE(rec[2] == &a.h);
	for (i = 0; i < 3; i++) {
		UT_EQ(rec_count[i], 0);
		UT_EQ(rec_done[i], 1);
		UT_TRUE(in_stack(rec_esp[i], ustack2, sizeof(ustack2)));
	}
	ut_sleep_ms(20);
	UT_EQ(nrec, 3);

	/* Outside a critical section a crit port's upcalls just run. */
	rec_reset();
	UT_EQ(send_sleep(pc, &a, 20), 1);
	wait_count(&nrec, 1, 100);
	UT_EQ(nrec, 1);
	UT_EQ(rec_count[0], 0);
	UT_EQ(__ucrit.uc_pending, 0);

	/* SYSPORT_UPCALL upcalls are never held, and pass held ones. */
	rec_reset();
	p = port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack));
	UT_TRUE(p >= 1 && p != pc);
	crit_enter();
	UT_EQ(send_sleep(pc, &a, 20), 1);
	UT_EQ(send_sleep(p, &b, 40), 1);
	wait_count(&nrec, 1, 100);
	UT_EQ(nrec, 1);
	UT_TRUE(rec[0] == &b.h);
	UT_EQ(rec_count[0], 1);		/* ran inside the section */
	UT_TRUE(async_done(&a.h));
	UT_EQ(__ucrit.uc_pending, 1);
	crit_exit();
	UT_EQ(nrec, 2);
	UT_TRUE(rec[1] == &a.h);
	UT_EQ(rec_count[1], 0);

	/* waitsys on a crit port inside a section: wakes, upcall held. */
	rec_reset();
	crit_enter();
	UT_EQ(send_sleep(pc, &c, 20), 1);
	UT_EQ(async_wait(pc, &c.h), 0);
	UT_TRUE(async_done(&c.h));
	UT_EQ(nrec, 0);
	UT_EQ(__ucrit.uc_pending, 1);
	crit_exit();
	UT_EQ(nrec, 1);
	UT_TRUE(rec[0] == &c.h);

	/* Closing a port drops its undelivered upcalls, and only its own:
	 * held ones of two ports, interleaved (d and b of pc, a of pc2),
	 * pc closed; the last exit delivers a alone. */
	rec_reset();
	pc2 = port_create(SYSPORT_UPCALL_CRIT, up_asm, ustack2,
	    sizeof(ustack2));
	UT_TRUE(pc2 >= 1 && pc2 != pc && pc2 != p);
	crit_enter();
	UT_EQ(send_sleep(pc, &d, 20), 1);
	UT_EQ(async_wait(pc, &d.h), 0);
	UT_EQ(send_sleep(pc2, &a, 20), 1);
	UT_EQ(async_wait(pc2, &a.h), 0);
	UT_EQ(send_sleep(pc, &b, 20), 1);
	UT_EQ(async_wait(pc, &b.h), 0);
	UT_EQ(nrec, 0);
	UT_EQ(port_close(pc), 0);
	crit_exit();
	UT_EQ(nrec, 1);
	UT_TRUE(rec[0] == &a.h);
	ut_sleep_ms(10);
	UT_EQ(nrec, 1);
	UT_EQ(port_close(pc2), 0);

	/* Unregistered: sections hold nothing any more. */
	UT_EQ(upcall_crit(NULL), 0);
	UT_EQ(port_close(p), 0);
}

/* waitsys on an upcall port: the upcall runs before waitsys returns
 * to the program. */
static void
test_waitsys_upcall(void)
{
	sleepmsg_t a, b;
	int p, q;

	rec_reset();
	p = port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack));
	q = port_create(SYSPORT_QUEUE, NULL, NULL, 0);
	UT_TRUE(p >= 1 && q >= 1 && p != q);
	UT_EQ(send_sleep(p, &a, 20), 1);
	UT_EQ(async_wait(q, &a.h), -1);		/* wrong port */
	UT_EQ(errno, EINVAL);
	UT_EQ(async_wait(p, &a.h), 0);
	UT_EQ(nrec, 1);
	UT_TRUE(rec[0] == &a.h);
	UT_EQ(async_wait(p, &a.h), 0);		/* done: at once */
	UT_EQ(nrec, 1);
	UT_EQ(async_waitany(p), 0);		/* a came back since */
	UT_EQ(send_sleep(p, &b, 20), 1);
	UT_EQ(async_waitany(p), 0);
	UT_EQ(nrec, 2);
	UT_TRUE(rec[1] == &b.h);
	UT_EQ(async_waitany(p), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_close(q), 0);
	UT_EQ(port_close(p), 0);
}

/* portcreate and portclose refusals, the handle space, EBADF. */
static void
test_port_errors(void)
{
	int ports[SYSPORT_MAX + 1];
	sleepmsg_t m;
	int i, p, n;

	UT_EQ(port_create(3, up_asm, ustack, sizeof(ustack)), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(-1, up_asm, ustack, sizeof(ustack)), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL, NULL, ustack, sizeof(ustack)), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL_CRIT, NULL, ustack, sizeof(ustack)),
	    -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL, up_asm, ustack, 16), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL, up_asm, ustack, 0), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL, up_asm, (void *)KADDR, 16384), -1);
	UT_EQ(errno, EINVAL);
	/* Starts in user space, ends in the kernel's. */
	UT_EQ(port_create(SYSPORT_UPCALL, up_asm, (void *)(0xc0000000u - 4096),
	    16384), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL, up_asm, ustack, 0xffffffffu), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(port_create(SYSPORT_UPCALL, (void (*)(struct sysmsg_hdr *))KADDR,
	    ustack, sizeof(ustack)), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(portcreate(SYSPORT_UPCALL, (void *)up_asm, ustack,
	    sizeof(ustack), NULL), -1);		/* no trampoline */
	UT_EQ(errno, EINVAL);

	/* Handles are 1..SYSPORT_MAX, lowest free first. */
	n = 0;
	for (i = 0; i <= SYSPORT_MAX; i++) {
		p = port_create(SYSPORT_QUEUE, NULL, NULL, 0);
		if (p < 0)
			break;
		ports[n++] = p;
	}
	UT_EQ(n, SYSPORT_MAX);
	UT_EQ(p, -1);
	UT_EQ(errno, EMFILE);
	for (i = 0; i < n; i++)
		UT_EQ(ports[i], i + 1);
	UT_EQ(port_close(7), 0);
	UT_EQ(port_create(SYSPORT_UPCALL, up_asm, ustack, sizeof(ustack)), 7);
	UT_EQ(port_create(SYSPORT_QUEUE, NULL, NULL, 0), -1);
	UT_EQ(errno, EMFILE);
	for (i = 0; i < n; i++)
		UT_EQ(port_close(ports[i]), 0);

	/* portclose: EBADF for 0, unknown and closed handles. */
	UT_EQ(port_close(0), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(port_close(-1), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(port_close(SYSPORT_MAX + 1), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(port_close(99), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(port_close(3), -1);		/* closed above */
	UT_EQ(errno, EBADF);

	/* EBUSY while a message is in flight to it. */
	p = port_create(SYSPORT_QUEUE, NULL, NULL, 0);
	UT_EQ(p, 1);
	UT_EQ(send_sleep(p, &m, 10000), 1);
	UT_EQ(port_close(p), -1);
	UT_EQ(errno, EBUSY);
	UT_EQ(async_abort(p, &m.h), 0);
	UT_EQ(async_wait(p, &m.h), 0);
	UT_EQ(m.h.sm_error, ECANCELED);
	UT_EQ(port_close(p), 0);
	/* A closed port: sending, waiting, aborting are EBADF. */
	UT_EQ(send_sleep(p, &m, 10), -1);
	UT_EQ(errno, EBADF);
	UT_TRUE(!async_done(&m.h));		/* the gate left it alone */
	UT_EQ(async_wait(p, &m.h), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(async_waitany(p), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(async_abort(p, &m.h), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(send_sleep(SYSPORT_MAX + 1, &m, 10), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(send_sleep(-1, &m, 10), -1);
	UT_EQ(errno, EBADF);
}

/* Ports belong to one process: a forked child starts with port 0 only. */
static void
child_ports(void)
{
	SYSMSG(noop) m;
	int p;

	sysmsg_init(&m, noop);
	if (async_send(1, &m.h, sizeof(m), 0) != -1 || errno != EBADF)
		_exit(1);
	p = port_create(SYSPORT_QUEUE, NULL, NULL, 0);
	if (p != 1)
		_exit(2);
	_exit(0);
}

static void child_unmapped(void);
static void child_readonly(void);

/* An upcall whose stack is gone: the process is killed with SIGSEGV. */
static void
child_unusable(void *stack)
{
	sleepmsg_t m;
	int p;

	p = port_create(SYSPORT_UPCALL, up_asm, stack, 16384);
	if (p < 1)
		_exit(10);
	if (send_sleep(p, &m, 10) != 1)
		_exit(11);
	async_wait(p, &m.h);		/* the upcall comes on the way out */
	_exit(12);
}

static void
child_unmapped(void)
{
	char *s = mmap(NULL, 16384, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);

	if (s == MAP_FAILED)
		_exit(20);
	s[0] = 1;
	if (munmap(s, 16384) != 0)
		_exit(21);
	child_unusable(s);
}

static void
child_readonly(void)
{
	char *s = mmap(NULL, 16384, PROT_READ, MAP_ANON | MAP_PRIVATE, -1, 0);

	if (s == MAP_FAILED)
		_exit(30);
	child_unusable(s);
}

/* Spin in user mode: the upcall must interrupt it. */
static void
child_unmapped_spin(void)
{
	char *s = mmap(NULL, 16384, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	sleepmsg_t m;
	int p;

	if (s == MAP_FAILED || munmap(s, 16384) != 0)
		_exit(40);
	p = port_create(SYSPORT_UPCALL, up_asm, s, 16384);
	if (p < 1 || send_sleep(p, &m, 10) != 1)
		_exit(41);
	spin_flag = 0;
	spin_left = 0x7fffffff;
	regs_spin();
	_exit(42);
}

static void
test_children(void)
{
	int status, inflight0 = ut_sysctl_int("kern.async_inflight");

	UT_EQ(ut_in_child(child_ports), 0);
	status = ut_in_child(child_unmapped);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGSEGV);
	status = ut_in_child(child_readonly);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGSEGV);
	status = ut_in_child(child_unmapped_spin);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGSEGV);
	/* The parent goes on, and nothing of the children is in flight. */
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight0);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
}

int
main(void)
{
	test_queue_port();
	test_upcall_order();
	test_upcall_regs();
	test_upcall_syscall();
	test_upcall_timer();
	test_waitsys_upcall();
	test_port_errors();
	test_crit();
	test_children();
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_DONE("async_upcall");
}
