/*
 * async.c - the C side of asynchronous system calls (sysasync.h).
 */
#include <sys/types.h>
#include <sys/time.h>
#include <sysasync.h>
#include <signal.h>
#include <errno.h>

struct ucrit __ucrit;

int
async_send(int port, struct sysmsg_hdr *h, size_t size, int flags)
{
	int error;

	h->sm_flags = SMF_ASYNC | (flags & SMF_NOBLOCK);
	h->sm_error = 0;
	error = __sendsys(port, h, size);
	if (error == EASYNC)
		return (1);
	if (async_done(h))
		return (0);		/* completed at once; error in sm_error */
	errno = error;
	return (-1);
}

long long
async_result(const struct sysmsg_hdr *h)
{
	if (h->sm_error != 0) {
		errno = h->sm_error;
		return (-1);
	}
	return (h->sm_result);
}

int
async_wait(int port, struct sysmsg_hdr *h)
{
	int error;

	if (h == NULL) {
		errno = EINVAL;
		return (-1);
	}
	error = __waitsys(port, h);
	if (error != 0) {
		errno = error;
		return (-1);
	}
	return (0);
}

int
async_waitany(int port)
{
	int error = __waitsys(port, SYSMSG_ANY);

	if (error != 0) {
		errno = error;
		return (-1);
	}
	return (0);
}

int
async_abort(int port, struct sysmsg_hdr *h)
{
	return (abortmsg(port, h));
}

int
port_create(int mode, void (*fn)(struct sysmsg_hdr *), void *stack,
    size_t size)
{
	return (portcreate(mode, (void *)fn, stack, size, (void *)__sigtramp));
}

int
port_close(int port)
{
	return (portclose(port));
}

int
crit_register(void)
{
	return (upcall_crit(&__ucrit));
}

int
sigmsg_start(sigmsg_t *m, int port, uint32_t sigset)
{
	sysmsg_init(m, sigmsg);
	m->a.sigset = sigset;
	return (async_send(port, &m->h, sizeof(*m), 0));
}

int
timermsg_start(timermsg_t *m, int port, const struct timespec *period)
{
	sysmsg_init(m, timermsg);
	m->a.period = period;
	return (async_send(port, &m->h, sizeof(*m), 0));
}
