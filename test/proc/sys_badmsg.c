/*
 * sys_badmsg - bad input at both gates, from raw traps (no libc stub):
 * every case gets its errno, nothing panics, nothing leaks (init checks
 * kernel memory and free pages after this program).  The message cases
 * run twice, through int 0x81 and through sysenter, with the same
 * expected results.
 */
#include <sys/types.h>
#include <sys/sysmsg.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

int	raw81(int eax, int ecx, int edx);
int	raw80(int num, int *carry, int a1, int a2, int a3);
int	raw80_badstack(int num);

struct getpid_msg {
	struct sysmsg_hdr	h;
	struct getpid_args	a;
};

struct write_msg {
	struct sysmsg_hdr	h;
	struct write_args	a;
};

/* The entry the message cases go through: raw81 or rawenter. */
static int (*gate)(int eax, int ecx, int edx);

static const struct getpid_msg ro_getpid = { .h.sm_cmd = SYS_getpid };

static void
test_sendsys(void)
{
	struct write_msg wm;
	struct getpid_msg gm;
	char *brkp;
	int carry;

	memset(&gm, 0, sizeof(gm));
	gm.h.sm_cmd = SYS_getpid;
	gm.h.sm_cookie = 0x1122334455667788ULL;
	/* The good case, by hand: result and flags written back, the
	 * cookie left alone. */
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), 0);
	UT_EQ(gm.h.sm_result, getpid());
	UT_TRUE(gm.h.sm_flags & SMF_DONE);
	UT_EQ(gm.h.sm_error, 0);
	UT_TRUE(gm.h.sm_cookie == 0x1122334455667788ULL);
	/* waitsys on a done message returns at once; on one never sent,
	 * EINVAL; flushsys has nothing to flush. */
	UT_EQ(gate(0, (int)&gm, 0), 0);
	gm.h.sm_flags = 0;
	UT_EQ(gate(0, (int)&gm, 0), EINVAL);
	UT_EQ(gate(0, 0, 0), 0);
	UT_EQ(gate(3, (int)&gm, 0), EBADF);
	UT_EQ(gate(0, 0x10, 0), EFAULT);

	/* Bad ports. */
	UT_EQ(gate(1, (int)&gm, sizeof(gm)), EBADF);
	UT_EQ(gate(-1, (int)&gm, sizeof(gm)), EBADF);
	/* Bad message pointers: unmapped, kernel, NULL, wrapping. */
	UT_EQ(gate(0, 0, sizeof(gm)), EFAULT);
	UT_EQ(gate(0, 0x1000, sizeof(gm)), EFAULT);
	UT_EQ(gate(0, (int)0xc0100000, sizeof(gm)), EFAULT);
	UT_EQ(gate(0, (int)0xffffffe0, sizeof(gm)), EFAULT);
	UT_EQ(gate(0, (int)0xbfffffff, sizeof(gm)), EFAULT);
	/* A message running off the end of mapped memory. */
	brkp = sbrk(0);
	brkp = (char *)(((uintptr_t)brkp + 4095) & ~4095u);
	UT_EQ(gate(0, (int)(brkp - 16), sizeof(gm)), EFAULT);
	/* Bad sizes. */
	gm.h.sm_flags = 0;
	UT_EQ(gate(0, (int)&gm, 8), EINVAL);
	UT_EQ(gate(0, (int)&gm, sizeof(struct sysmsg_hdr) - 4), EINVAL);
	UT_EQ(gate(0, (int)&gm, 4096), EINVAL);
	UT_EQ(gate(0, (int)&gm, 0x7fffffff), EINVAL);
	UT_EQ(gate(0, (int)&gm, sizeof(gm) + 4), EINVAL); /* not getpid's */
	memset(&wm, 0, sizeof(wm));
	wm.h.sm_cmd = SYS_write;
	wm.a.fd = 1;
	wm.a.buf = "x";
	wm.a.nbyte = 1;
	UT_EQ(gate(0, (int)&wm, sizeof(wm) - 4), EINVAL);
	/* The largest message any call has, then one word more: the bound
	 * is checked before the copy, so a message ending just before an
	 * unmapped page is EINVAL at that size, not EFAULT. */
	{
		char *pg2 = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANON, -1, 0);
		struct sysmsg_hdr *bh;

		UT_TRUE(pg2 != MAP_FAILED);
		if (pg2 != MAP_FAILED) {
			UT_EQ(munmap(pg2 + 4096, 4096), 0);
			bh = (struct sysmsg_hdr *)(pg2 + 4096 - SYSMSG_MAXSIZE);
			memset(bh, 0, SYSMSG_MAXSIZE);
			bh->sm_cmd = SYS_getpid;
			UT_EQ(gate(0, (int)bh, SYSMSG_MAXSIZE), EINVAL);
			UT_EQ(gate(0, (int)bh, SYSMSG_MAXSIZE + 4), EINVAL);
			UT_EQ(gate(0, (int)bh, sizeof(*bh)), 0);
			UT_EQ(bh->sm_result, getpid());
			UT_EQ(munmap(pg2, 4096), 0);
		}
	}
	UT_EQ(gate(0, (int)&gm, sizeof(gm) + 1), EINVAL);	/* ragged */
	UT_EQ(gate(0, (int)&gm, sizeof(gm) + 3), EINVAL);
	/* A ragged tail is refused without being read, even when it lies
	 * in no page; a whole word beyond the end is a fault. */
	memcpy(brkp - sizeof(gm), &gm, sizeof(gm));
	UT_EQ(gate(0, (int)(brkp - sizeof(gm)), sizeof(gm)), 0);
	UT_EQ(gate(0, (int)(brkp - sizeof(gm)), sizeof(gm) + 1), EINVAL);
	UT_EQ(gate(0, (int)(brkp - sizeof(gm)), sizeof(gm) + 4), EFAULT);
	/* Calls that exist only as asynchronous messages: a synchronous
	 * sendsys is a gate error, the header untouched. */
	{
		struct {
			struct sysmsg_hdr	h;
			struct sigmsg_args	a;
		} sm;
		struct {
			struct sysmsg_hdr	h;
			struct timermsg_args	a;
		} tm;

		memset(&sm, 0, sizeof(sm));
		sm.h.sm_cmd = SYS_sigmsg;
		sm.a.sigset = 1u << 10;
		UT_EQ(gate(0, (int)&sm, sizeof(sm)), EINVAL);
		UT_EQ(sm.h.sm_flags, 0);
		UT_EQ(sm.h.sm_error, 0);
		memset(&tm, 0, sizeof(tm));
		tm.h.sm_cmd = SYS_timermsg;
		UT_EQ(gate(0, (int)&tm, sizeof(tm)), EINVAL);
		UT_EQ(tm.h.sm_flags, 0);
	}
	/* Unknown commands. */
	gm.h.sm_cmd = 9999;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), ENOSYS);
	gm.h.sm_cmd = 0;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), ENOSYS);
	gm.h.sm_cmd = 8;		/* a hole in the table */
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), ENOSYS);
	gm.h.sm_cmd = 0xffff;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), ENOSYS);
	/* Flags: reserved bits, SMF_NOBLOCK alone; SMF_DONE is ignored on
	 * input. */
	gm.h.sm_cmd = SYS_getpid;
	gm.h.sm_flags = 0x100;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), EINVAL);
	gm.h.sm_flags = 0x4000;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), EINVAL);
	gm.h.sm_flags = SMF_NOBLOCK;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), EINVAL);
	gm.h.sm_flags = SMF_DONE;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), 0);
	UT_EQ(gm.h.sm_result, getpid());
	/* SMF_ASYNC: getpid never blocks and completes at once; fork has no
	 * asynchronous form and is refused, not run. */
	gm.h.sm_flags = SMF_ASYNC;
	gm.h.sm_result = -5;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), 0);
	UT_EQ(gm.h.sm_result, getpid());
	UT_TRUE(gm.h.sm_flags & SMF_DONE);
	gm.h.sm_cmd = SYS_fork;
	gm.h.sm_flags = SMF_ASYNC;
	gm.h.sm_result = -5;
	UT_EQ(gate(0, (int)&gm, sizeof(gm)), EOPNOTSUPP);
	UT_EQ(gm.h.sm_result, -5);	/* refused, not run */
	UT_TRUE(!(gm.h.sm_flags & SMF_DONE));
	gm.h.sm_cmd = SYS_getpid;
	/* A message in read-only memory: the call runs, the write-back
	 * faults. */
	UT_EQ(gate(0, (int)&ro_getpid, sizeof(ro_getpid)), EFAULT);
	/* The call's own errors come back too. */
	wm.a.fd = 55;
	UT_EQ(gate(0, (int)&wm, sizeof(wm)), EBADF);
	UT_EQ(wm.h.sm_error, EBADF);
	/* A reply leaves SMF_DONE set; sending it again just works. */
	UT_TRUE(wm.h.sm_flags & SMF_DONE);
	UT_EQ(gate(0, (int)&wm, sizeof(wm)), EBADF);
	wm.h.sm_flags = 0;
	wm.a.fd = 1;
	wm.a.buf = (void *)0xc0000000;
	UT_EQ(gate(0, (int)&wm, sizeof(wm)), EFAULT);
	(void)carry;
}

/*
 * Good messages where the kernel's common-case path gives up and its
 * general path must run them: the last bytes below the kernel, and the
 * arguments starting on a page of their own.
 */
static void
test_edges(void)
{
	struct getpid_msg *gp;
	struct write_msg *wp;
	char *top, *pg;

	top = mmap((void *)(0xc0000000 - 4096), 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
	UT_TRUE(top == (char *)(0xc0000000 - 4096));
	if (top != MAP_FAILED) {
		gp = (struct getpid_msg *)(top + 4096 - sizeof(*gp));
		memset(gp, 0, sizeof(*gp));
		gp->h.sm_cmd = SYS_getpid;
		UT_EQ(gate(0, (int)gp, sizeof(*gp)), 0);
		UT_EQ(gp->h.sm_result, getpid());
		UT_TRUE(gp->h.sm_flags & SMF_DONE);
		wp = (struct write_msg *)(top + 4096 - sizeof(*wp));
		memset(wp, 0, sizeof(*wp));
		wp->h.sm_cmd = SYS_write;
		wp->a.fd = 1;
		wp->a.buf = "";
		UT_EQ(gate(0, (int)wp, sizeof(*wp)), 0);
		UT_EQ(wp->h.sm_result, 0);
		/* One word further would end in the kernel. */
		UT_EQ(gate(0, (int)wp + 4, sizeof(*wp)), EFAULT);
		UT_EQ(gate(0, (int)gp + 4, sizeof(*gp)), EFAULT);
		UT_EQ(munmap(top, 4096), 0);
	}
	/* The header at the end of one page, the arguments on an unmapped
	 * one: EFAULT, nothing run; then mapped: it runs. */
	pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(pg != MAP_FAILED);
	if (pg != MAP_FAILED) {
		UT_EQ(munmap(pg + 4096, 4096), 0);
		wp = (struct write_msg *)(pg + 4096 - sizeof(struct sysmsg_hdr));
		memset(wp, 0, sizeof(wp->h));
		wp->h.sm_cmd = SYS_write;
		UT_EQ(gate(0, (int)wp, sizeof(*wp)), EFAULT);
		UT_TRUE(!(wp->h.sm_flags & SMF_DONE));
		UT_TRUE(mmap(pg + 4096, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0) == pg + 4096);
		wp->a.fd = 1;
		wp->a.buf = "";
		wp->a.nbyte = 0;
		UT_EQ(gate(0, (int)wp, sizeof(*wp)), 0);
		UT_TRUE(wp->h.sm_flags & SMF_DONE);
		UT_EQ(munmap(pg, 8192), 0);
	}
}

static void
test_int80(void)
{
	int carry = -1, r;

	r = raw80(SYS_getpid, &carry, 0, 0, 0);
	UT_EQ(r, getpid());
	UT_EQ(carry, 0);
	r = raw80(9999, &carry, 0, 0, 0);
	UT_EQ(r, ENOSYS);
	UT_EQ(carry, 1);
	r = raw80(-1, &carry, 0, 0, 0);
	UT_EQ(r, ENOSYS);
	UT_EQ(carry, 1);
	r = raw80(SYS_write, &carry, 1, (int)"int80 raw\n", 10);
	UT_EQ(r, 10);
	UT_EQ(carry, 0);
	r = raw80(SYS_write, &carry, 1, 0x20, 10);
	UT_EQ(r, EFAULT);
	UT_EQ(carry, 1);
	/* Arguments that cannot be read from the stack: EFAULT. */
	UT_EQ(raw80_badstack(SYS_write), EFAULT);
}

int
main(int argc, char **argv)
{
	gate = raw81;
	test_sendsys();
	test_edges();
	gate = rawenter;
	test_sendsys();
	test_edges();
	test_int80();
	UT_DONE("sys_badmsg");
}
