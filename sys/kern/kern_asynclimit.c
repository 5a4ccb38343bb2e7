/*
 * kern_asynclimit.c - the limits on asynchronous messages in flight.
 *
 * Three bounds keep asynchronous messages from taking the machine: each
 * process's RLIMIT_ASYNC (p_async_limit, its soft limit; getrlimit and
 * setrlimit reach it through async_getrlimit/async_setrlimit), the whole
 * system's kern.async_max, and kern.async_kmem_max, the kernel memory
 * all messages in flight may pin (messages, page lists).  A message takes
 * a slot (async_slot) before it is made and gives it back when freed
 * (async_slot_free); a sender at a limit sleeps until a slot frees, or
 * gets EAGAIN with SMF_NOBLOCK.  Calls that complete inside sendsys
 * (classes NOBLOCK and TRY, sys/sysmsg.h) take no slot.
 *
 * LOCKING: one CPU; the counters ([c]) change in critical sections.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/sysmsg.h>
#include <sys/sysctl.h>
#include <sys/resource.h>
#include <sys/asyncmsg.h>

int async_max = 4096;			/* kern.async_max */
static int async_kmem_max;		/* kern.async_kmem_max (async_init) */
static int async_inflight;		/* [c] slots held, all processes */
static int async_kmem;			/* [c] kernel bytes they pin */

static int
sysctl_async_max(int *val, bool write)
{
	if (!write) {
		*val = async_max;
		return (0);
	}
	if (*val < 1 || *val > 1000000)
		return (EINVAL);
	async_max = *val;
	wakeup(&async_inflight);	/* slot waiters look again */
	return (0);
}
SYSCTL_PROC(kern_async_max, "kern.async_max", sysctl_async_max,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "asynchronous messages in flight, whole system (set by init or at boot)");

/*
 * kern.async_kmem_max: the kernel memory all messages in flight may pin
 * (the async_kmem count: messages, page lists, path buffers).  Default an
 * eighth of what kmalloc can ever have; at most half of it, whatever init
 * says, so that no setting lets messages take the kernel's memory.
 */
static int
sysctl_async_kmem_max(int *val, bool write)
{
	if (!write) {
		*val = async_kmem_max;
		return (0);
	}
	if (*val < 4096 || (size_t)*val > kmalloc_capacity() / 2)
		return (EINVAL);
	async_kmem_max = *val;
	wakeup(&async_inflight);
	return (0);
}
SYSCTL_PROC(kern_async_kmem_max, "kern.async_kmem_max", sysctl_async_kmem_max,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "kernel memory (bytes) messages in flight may pin (set by init or at boot)");
SYSCTL_INT(kern_async_inflight, "kern.async_inflight", &async_inflight,
    CTLFLAG_RD, "asynchronous messages in flight now");
SYSCTL_INT(kern_async_kmem, "kern.async_kmem", &async_kmem, CTLFLAG_RD,
    "kernel memory (bytes) pinned by messages in flight");

static int
sysctl_async_self(int *val, bool write)
{
	if (write)
		return (EPERM);
	*val = curproc != NULL ? curproc->p_async_count : 0;
	return (0);
}
SYSCTL_PROC(kern_async_self, "kern.async_self", sysctl_async_self,
    CTLFLAG_RD, "the caller's asynchronous messages in flight");

/*
 * Take a slot for p: wait at a limit (or EAGAIN with SMF_NOBLOCK).  The
 * limits are the process's RLIMIT_ASYNC, kern.async_max and
 * kern.async_kmem_max (a message is let in while the memory pinned is
 * below the bound, so the total passes it by one message at most).
 */
int
async_slot(struct proc *p, uint32_t flags)
{
	int error = 0;

	crit_enter();
	while (p->p_async_count >= p->p_async_limit ||
	    async_inflight >= async_max || async_kmem >= async_kmem_max) {
		/* Nothing of ours in flight to free a slot: never wait. */
		if ((flags & SMF_NOBLOCK) || (p->p_async_count == 0 &&
		    p->p_async_count >= p->p_async_limit)) {
			error = EAGAIN;
			break;
		}
		error = tsleep(&async_inflight, PCATCH, "asyncmax", 0);
		if (error)
			break;
	}
	if (error == 0) {
		p->p_async_count++;
		async_inflight++;
	}
	crit_exit();
	return (error);
}

/* Give back a slot async_slot() took, for a message never made. */
void
async_slot_free(struct proc *p)
{
	crit_enter();
	p->p_async_count--;
	async_inflight--;
	wakeup(&async_inflight);
	if (p->p_async_count == 0)
		wakeup(&p->p_async_count);	/* async_rundown() */
	crit_exit();
}

/* Count bytes of kernel memory am pins. */
void
async_kmem_add(struct asyncmsg *am, int bytes)
{
	am->am_kmem += bytes;
	crit_enter();
	async_kmem += bytes;
	crit_exit();
}

/* A message that pinned bytes is freed. */
void
async_kmem_sub(int bytes)
{
	crit_enter();
	async_kmem -= bytes;
	crit_exit();
}

/* At boot: the memory bound, an eighth of what kmalloc can ever have. */
void
async_limit_init(void)
{
	async_kmem_max = (int)(kmalloc_capacity() / 8);
}

/* A new process: its parent's limits, or the defaults for the first. */
void
async_limit_proc_init(struct proc *p, struct proc *parent)
{
	if (parent != NULL) {
		p->p_async_limit = parent->p_async_limit;
		p->p_async_hard = parent->p_async_hard;
	} else {
		p->p_async_limit = ASYNC_LIMIT_DEFAULT;
		p->p_async_hard = async_max;
	}
}

/* RLIMIT_ASYNC for getrlimit (kern_resource.c). */
void
async_getrlimit(struct proc *p, struct rlimit *rl)
{
	/* kern.async_max may have been lowered since: it bounds both. */
	rl->rlim_cur = (rlim_t)MIN(p->p_async_limit, async_max);
	rl->rlim_max = (rlim_t)MIN(p->p_async_hard, async_max);
}

/* RLIMIT_ASYNC for setrlimit (kern_resource.c): EINVAL for a soft limit
 * above the hard one, EPERM for a hard limit above kern.async_max. */
int
async_setrlimit(struct proc *p, const struct rlimit *rl)
{
	if (rl->rlim_cur > rl->rlim_max)
		return (EINVAL);
	if (rl->rlim_max > (rlim_t)async_max)
		return (EPERM);
	crit_enter();
	p->p_async_limit = (int)rl->rlim_cur;
	p->p_async_hard = (int)rl->rlim_max;
	wakeup(&async_inflight);
	crit_exit();
	return (0);
}
