/*
 * sysasync.h - asynchronous system calls from C (the kernel's side is in
 * sys/sys/sysmsg.h, which defines every rule used here).
 *
 * Build a message for any call, send it, and collect it:
 *
 *	SYSMSG(read) m;
 *
 *	sysmsg_init(&m, read);
 *	m.a.fd = fd; m.a.buf = buf; m.a.nbyte = sizeof(buf);
 *	if (async_send(0, &m.h, sizeof(m), 0) < 0)
 *		err(...);			   refused: errno says why
 *	... compute ...
 *	async_wait(0, &m.h);			   or poll async_done(&m.h)
 *	n = async_result(&m.h);			   -1 with errno if it failed
 *
 * The message must stay in place (and should stay untouched) until
 * async_done() is true.  Ports: 0 is the default, port_create() makes
 * more (with upcalls), port_close() removes one.  User critical sections
 * (crit_enter/crit_exit) hold back SYSPORT_UPCALL_CRIT upcalls.
 */
#ifndef _SYSASYNC_H_
#define _SYSASYNC_H_

#include <sys/types.h>
#include <sys/sysmsg.h>
#include <sys/resource.h>
#include <string.h>

/* The kernel's signal set bit for sig (sigmsg's argument). */
#ifndef sigmask
#define sigmask(sig)	(1u << ((sig) - 1))
#endif

/* libc's return trampoline for handlers and upcalls (sigtramp.S): it
 * calls sigreturn.  sigaction() and port_create() install it. */
void	__sigtramp(void);

/* A message for call `name`: the header, then its arguments in .a. */
#define SYSMSG(name)	struct { struct sysmsg_hdr h; struct name##_args a; }
#define sysmsg_init(m, name) do {					\
	memset((m), 0, sizeof(*(m)));					\
	(m)->h.sm_cmd = SYS_##name;					\
} while (0)

/* Send asynchronously (flags: 0 or SMF_NOBLOCK).  Returns 1 if the call
 * is in flight, 0 if it completed at once (result in the header), -1
 * with errno if the gate refused it. */
int	async_send(int port, struct sysmsg_hdr *h, size_t size, int flags);

/*
 * Send count messages in one trap (sys/sysmsg.h, BATCHES): each is sent
 * as async_send(port, msgs[i], its size, 0) would send it, and reports
 * its own outcome in its header (an error of the gate in sm_error with
 * SMF_DONE; SMF_DONE clear while in flight).  Set SMF_ASYNC in a
 * message's sm_flags to make it asynchronous.  Returns count, or -1 with
 * errno (EBADF, EINVAL, EFAULT) for the batch itself.
 */
int	sendv(int port, struct sysmsg_hdr *const *msgs, int count);

/* Has the kernel finished with h? */
static __inline int
async_done(const struct sysmsg_hdr *h)
{
	return ((((const volatile struct sysmsg_hdr *)h)->sm_flags &
	    SMF_DONE) != 0);
}

/* A finished message's result: sm_result, or -1 with errno = sm_error. */
long long async_result(const struct sysmsg_hdr *h);

/* Sleep until h is done (0), or -1 with errno (EINTR, EINVAL...). */
int	async_wait(int port, struct sysmsg_hdr *h);
/* Sleep until some message of port comes back (0), or -1 with errno. */
int	async_waitany(int port);
/* Ask for h to be stopped: it still comes back exactly once. */
int	async_abort(int port, struct sysmsg_hdr *h);

/* Ports: mode SYSPORT_QUEUE, SYSPORT_UPCALL or SYSPORT_UPCALL_CRIT; for
 * upcalls fn(msg) runs on [stack, stack + size).  Returns the handle. */
int	port_create(int mode, void (*fn)(struct sysmsg_hdr *), void *stack,
	    size_t size);
int	port_close(int port);

/* User critical sections: crit_enter/crit_exit nest; the last crit_exit
 * calls flushsys() when the kernel held upcalls back meanwhile. */
extern struct ucrit __ucrit;
int	crit_register(void);		/* tell the kernel about __ucrit */

static __inline void
crit_enter(void)
{
	__ucrit.uc_count++;
	__asm__ __volatile__("" ::: "memory");
}

static __inline void
crit_exit(void)
{
	__asm__ __volatile__("" ::: "memory");
	if (--__ucrit.uc_count == 0 && __ucrit.uc_pending)
		__flushsys();
}

/* Signal and timer messages (repeating: returned until aborted). */
typedef SYSMSG(sigmsg) sigmsg_t;
typedef SYSMSG(timermsg) timermsg_t;
int	sigmsg_start(sigmsg_t *m, int port, uint32_t sigset);
int	timermsg_start(timermsg_t *m, int port, const struct timespec *period);

/* The raw system calls (generated stubs). */
int	abortmsg(int port, struct sysmsg_hdr *msg);
int	portcreate(int mode, void *fn, void *stack, size_t stacksize,
	    void *tramp);
int	portclose(int port);
int	upcall_crit(struct ucrit *uc);
int	noop(int value);

#endif
