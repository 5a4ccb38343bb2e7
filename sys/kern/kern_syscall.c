/*
 * kern_syscall.c - system calls are messages.
 *
 * Every entry ends here.  Whichever way a call arrives, the kernel builds
 * a struct sysmsg on the caller's kernel stack and sends it to the
 * process's system port.  That port is a direct dispatch port: its
 * putport is syscall_dispatch(), which runs sys_<name>() in the caller's
 * thread and completes the message before it returns, so sending is a
 * function call (the LWKT fast path, made here directly) and the message
 * never needs the LWKT fields of a queued one (syscall_run_inline() says
 * which).  A message with SMF_ASYNC whose class is NOBLOCK runs the same
 * way; one of class TRY is tried here at once, without sleeping, when
 * nothing of the process is in flight (the common case: cached data);
 * any other goes to async_send() (kern_async.c), which runs the same
 * sys_<name>() on a worker thread or as a continuation, as the call's
 * class in syscalls.master says.  sys_sendv() sends a vector of messages
 * in one trap, each as sendsys would, runs of NOBLOCK ones and of quick
 * TRY ones each in a loop of its own (sendv_noblock, sendv_try).
 *
 *   kern_sendsys()   int 0x81 (and sysenter's full path): phase 1 reads
 *                    the header's input word (sm_cmd, sm_flags), checks
 *                    it and copies the arguments in; phase 2 is the
 *                    message; phase 3 writes flags, error and result
 *                    back into the user's header (sysmsg_result_write,
 *                    the one write-back, sys/sysmsg.h).
 *   kern_sendsys_lean()  sysenter's lean path: the same for port 0, and
 *                    waitsys on port 0, with no trap frame (no call that
 *                    acts on the trap itself); it says whether userret()
 *                    has work.  The entry runs the common synchronous
 *                    message itself, in assembly (exception.S), and
 *                    calls kern_sendsys_lean_error() for a call that
 *                    failed, kern_sendsys_lean() for the rest.
 *   kern_syscall80() int 0x80: the arguments are copied from the user
 *                    stack into the same argument struct; the result goes
 *                    back in registers (machine code does that).
 *
 * sys_<name>() copies in and checks every argument before changing
 * anything, then calls kern_<name>() or does the work on kernel data.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/agent.h>
#include <sys/sysent.h>
#include <sys/asyncmsg.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/extable.h>

/* The system port's handler: phase 2 of every call. */
int
syscall_dispatch(lwkt_port_t port, lwkt_msg_t msg)
{
	struct sysmsg *sm = (struct sysmsg *)msg;

	return (sysent[msg->ms_cmd].sy_call(sm, &sm->sm_args));
}

/*
 * Send a prepared sysmsg to the current process's system port: run it.
 * The system port is a direct port (kern_proc.c) whose function,
 * syscall_dispatch(), is fixed when the process is made ([I]) and
 * completes every message before it returns: no sys_<name>() keeps,
 * forwards or replies its message (none returns EASYNC; a call in flight
 * is a separate struct asyncmsg with its own LWKT message, kern_async.c).
 * So this message is never queued, waited for, replied or aborted, and
 * sending it is the call of the port's function, which is made here
 * directly (the port's function is known: no indirect call through
 * mp_putport); the LWKT fields only those steps read (flags, reply port,
 * abort function, target port, error) are not written, and what the
 * handler and the call read is: the command, the result, the caller's
 * frame and header.  tf is NULL on the sysenter entry's lean path
 * (kern_sendsys_lean), which sends no call that reads it.
 */
/* The fields of sm that the call and its handler read, but the frame
 * (a batch sets that once for all its messages, sendv_noblock) and the
 * arguments. */
static __always_inline void
syscall_prepare(struct sysmsg *sm, uint32_t cmd, vm_offset_t umsg)
{
	sm->sm_lmsg.ms_cmd = (int)cmd;
	sm->sm_retval = 0;
	sm->sm_umsg = umsg;
}

static __always_inline int
syscall_run_inline(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
    vm_offset_t umsg)
{
	sm->sm_frame = tf;
	syscall_prepare(sm, cmd, umsg);
	return (sysent[cmd].sy_call(sm, &sm->sm_args));
}

int
syscall_run(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
    vm_offset_t umsg)
{
	return (syscall_run_inline(sm, cmd, tf, umsg));
}

/*
 * A call of class TRY tried in the sender (sys/sysmsg.h, kern_async.c):
 * run with interruptible sleeps refused (TDF_NOSLEEP; tsleep_refused()).
 * Returns false if a refused sleep stopped it with an error: nothing
 * happened, and it must go in flight.  Else true, with *errorp its error
 * and sm_retval its result, not yet written back: it completed (a short
 * count, if a refused sleep came after some progress: uio_partial_error).
 */
static __always_inline bool
syscall_try_inline(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
    vm_offset_t umsg, int *errorp)
{
	thread_t td = curthread;
	bool refused;
	int error;

	td->td_flags = (td->td_flags & ~TDF_WOULDSLEEP) | TDF_NOSLEEP;
	error = syscall_run_inline(sm, cmd, tf, umsg);
	refused = (td->td_flags & TDF_WOULDSLEEP) != 0;
	td->td_flags &= ~(TDF_NOSLEEP | TDF_WOULDSLEEP);
	if (refused && error != 0)
		return (false);
	*errorp = error;
	return (true);
}

bool
syscall_try(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
    vm_offset_t umsg, int *errorp)
{
	return (syscall_try_inline(sm, cmd, tf, umsg, errorp));
}

/*
 * A synchronous call a signal interrupted (EINTR): ERESTART if it is to
 * run again once the handler returns (SA_RESTART, kern_sig.c), with
 * nothing written back, so that the gate's instruction simply runs
 * again; else EINTR.
 */
static int __noinline
syscall_interrupted(uint32_t cmd)
{
	if (syscall_restartable(cmd) && sig_restart_ok(curthread->td_lwp))
		return (ERESTART);
	return (EINTR);
}

/* sendsys_sync()'s phase 3 for a call that failed (or replaced the
 * caller's registers, or was interrupted): out of the common path. */
static int __noinline
sendsys_sync_error(struct sysmsg *sm, uint32_t cmd, uint16_t flags,
    vm_offset_t umsg, int error, bool restart)
{
	if (error == EINTR && restart)
		error = syscall_interrupted(cmd);
	if (error == EJUSTRETURN || error == ERESTART)
		return (error);
	return (sysmsg_complete(umsg, flags, error, sm->sm_retval));
}

/* Phases 2 and 3 of a synchronous message whose phase 1 is done.  If
 * restart, an interrupted call may come back ERESTART, nothing written
 * back (a gate's own message; never one of a sendv batch). */
static __always_inline int
sendsys_sync(struct sysmsg *sm, uint32_t cmd, uint16_t flags,
    vm_offset_t umsg, struct trapframe *tf, bool restart)
{
	int error;

	error = syscall_run_inline(sm, cmd, tf, umsg);
	if (__predict_false(error != 0))
		return (sendsys_sync_error(sm, cmd, flags, umsg, error,
		    restart));
	return (sysmsg_complete(umsg, flags, 0, sm->sm_retval));
}

/* A checked message with SMF_ASYNC whose class is not NOBLOCK. */
static int __noinline
sendsys_async(int port, vm_offset_t umsg, struct sysmsg *sm, size_t size,
    struct trapframe *tf)
{
	bool gate;

	return (async_send(port, umsg, sm, size, tf, &gate));
}

/*
 * Phase 1's copy of a message at umsg whose first word was read and whose
 * range (umsg + SYSMSG_MAXSIZE below the user limit) was checked: its
 * arguments (argsize bytes) into sm_args, starting at the high word of
 * sm_cookie (unused), so that the whole header is proven readable before
 * the call runs, with or without arguments.  0 or EFAULT.
 */
static __always_inline int
sysmsg_copyin_args(vm_offset_t umsg, struct sysmsg *sm, size_t argsize)
{
	const size_t skip = offsetof(struct sysmsg_hdr, sm_cookie) + 4;

	return (copyin_words_bounded(umsg + skip, (char *)&sm->sm_hdr + skip,
	    sizeof(sm->sm_hdr) - skip + argsize));
}

/*
 * An asynchronous message, checked, its arguments in sm (the header not
 * yet), that completes at once without async_send(): class NOBLOCK, or
 * class TRY tried as async_send() would try it, without its calls, when
 * nothing of the process is in flight (so the header cannot be: no
 * EBUSY) and it needs no sleep (cached data; a disk transfer is refused
 * at its start, dofileio).  Returns true with *errorp the gate's errno,
 * the header written back; false if async_send() must send it (a
 * refused attempt changed nothing; async_send tries it once more).
 */
static __always_inline bool
sendsys_async_now(struct sysmsg *sm, uint32_t cmd, uint16_t flags,
    vm_offset_t umsg, struct trapframe *tf, int *errorp)
{
	int error;

	if (sysent[cmd].sy_async == SYSASYNC_NOBLOCK) {
		*errorp = sendsys_sync(sm, cmd, flags, umsg, tf, false);
		return (true);
	}
	if (sysent[cmd].sy_async == SYSASYNC_TRY &&
	    curproc->p_async_count == 0 &&
	    syscall_try_inline(sm, cmd, tf, umsg, &error)) {
		*errorp = sysmsg_complete(umsg, flags, error, sm->sm_retval);
		return (true);
	}
	return (false);
}

/*
 * Every message that is not the common case (port 0, no flags, exactly
 * the size of its command's synchronous message), read again from the
 * start (but the port, which kern_sendsys checked): find out which error
 * it is, checking in the documented order, or send it asynchronously, or
 * run it synchronously on another port.
 */
static int __noinline
sendsys_other(int port, vm_offset_t umsg, size_t size, struct trapframe *tf)
{
	struct sysmsg sm;
	uint32_t cmd, flags;

	if (size >= SYSMSG_OPFIRST)		/* a service operation, svc 0 */
		return (kern_svcgate(size, port, umsg));
	if (size - sizeof(sm.sm_hdr) > sizeof(sm.sm_args))
		return (EINVAL);
	if (copyin_words(umsg, &sm.sm_hdr, size) != 0)
		return (EFAULT);
	cmd = sm.sm_hdr.sm_cmd;
	flags = sm.sm_hdr.sm_flags & ~SMF_DONE;	/* ignored on input */
	if ((flags & ~SMF_INMASK) || flags == SMF_NOBLOCK)
		return (EINVAL);
	sm.sm_hdr.sm_flags = flags;
	if (cmd >= SYS_MAXSYSCALL || sysent[cmd].sy_call == NULL)
		return (ENOSYS);
	if (size != sizeof(sm.sm_hdr) + sysent[cmd].sy_argsize)
		return (EINVAL);
	if ((flags & SMF_ASYNC) &&
	    sysent[cmd].sy_async != SYSASYNC_NOBLOCK)
		return (sendsys_async(port, umsg, &sm, size, tf));
	/* A NOBLOCK call runs now, asynchronous or not (async_send would do
	 * the same, one call further down). */
	/* Only asynchronous: a gate error (sys/sysmsg.h), header untouched. */
	if (sysent[cmd].sy_syncsize == 0)
		return (EINVAL);
	return (sendsys_sync(&sm, cmd, flags, umsg, tf, true));
}

/*
 * sendsys(0, umsg, size), the common case only, checked in the cheapest
 * order, and its asynchronous twin (the word is the command with exactly
 * SMF_ASYNC above it; the header is read whole only for async_send);
 * anything else, a fault included, goes to sendsys_other(), which starts
 * over, or with tf NULL (the lean path: no trap frame) returns
 * SYSENTER_FULL, nothing done, so that the entry builds its frame and
 * starts over.
 * Phase 1 reads what the kernel uses and nothing more: the header's
 * first word, which is sm_cmd with sm_flags above it, so that one
 * compare bounds the command and finds the flags 0 (any flag makes the
 * word at least 0x10000); the command's table entry gives the one size
 * accepted here (sy_syncsize, header plus arguments; 0 for a call that
 * is only asynchronous or does not exist, and size is never 0 here);
 * then the arguments.  Their copy starts at the high word of sm_cookie
 * (unused), so that it proves the whole header mapped even when there
 * are none.  The lean path takes no call of class NOASYNC but sendv:
 * those are the calls that act on the trap itself (its frame: fork,
 * execve, sigreturn; the thread: exit, the signal mask calls); a batch
 * only passes the frame on to its messages, none of which reads it
 * (NOASYNC calls are refused in a batch).
 */
static __always_inline int
sendsys_port0(vm_offset_t umsg, size_t size, struct trapframe *tf)
{
	struct sysmsg sm;
	vm_offset_t from = umsg + offsetof(struct sysmsg_hdr, sm_cookie) + 4;
	void *to = (char *)&sm.sm_hdr.sm_cookie + 4;
	size_t nwords;
	uint32_t cmd;		/* sm_cmd | sm_flags << 16 */
	int error;

	if (__predict_false(umsg > VM_MAX_USER_ADDRESS - SYSMSG_MAXSIZE))
		goto other;
	__asm__ __volatile__ goto(
	    "1:	movl (%[p]), %[cmd]\n\t"
	    EXTABLE_STR("1b", "%l[other]")
	    : [cmd] "=r"(cmd)
	    : [p] "r"(umsg)
	    :
	    : other);
	if (__predict_false(cmd >= SYS_MAXSYSCALL))
		goto async;
	if (__predict_false(size != sysent[cmd].sy_syncsize))
		goto other;
	if (tf == NULL && sysent[cmd].sy_async == SYSASYNC_NOASYNC &&
	    cmd != SYS_sendv)
		goto other;
	nwords = (umsg + size - from) / 4;
	__asm__ __volatile__ goto(
	    "1:	rep movsl\n\t"
	    EXTABLE_STR("1b", "%l[other]")
	    : "+S"(from), "+D"(to), "+c"(nwords)
	    :
	    : "memory"
	    : other);
	return (sendsys_sync(&sm, cmd, 0, umsg, tf, true));
async:
	/*
	 * The common asynchronous case: exactly SMF_ASYNC, a call that also
	 * exists synchronously, its size; the arguments are copied, and
	 * the header too if it goes to async_send (which keeps it), and it
	 * is sent as sendsys_other() would send it after its checks, which
	 * these conditions pass.
	 */
	if ((cmd >> 16) != SMF_ASYNC)
		goto other;
	cmd &= 0xffff;
	if (cmd >= SYS_MAXSYSCALL || size != sysent[cmd].sy_syncsize)
		goto other;
	if (sysmsg_copyin_args(umsg, &sm, size - sizeof(sm.sm_hdr)) != 0)
		goto other;		/* size: the table's */
	if (sendsys_async_now(&sm, cmd, SMF_ASYNC, umsg, tf, &error))
		return (error);
	/* async_send keeps the whole header: read it now (the command as
	 * checked). */
	if (copyin_words(umsg, &sm.sm_hdr, sizeof(sm.sm_hdr)) != 0)
		goto other;
	sm.sm_hdr.sm_cmd = cmd;
	sm.sm_hdr.sm_flags = SMF_ASYNC;
	return (sendsys_async(0, umsg, &sm, size, tf));
other:
	if (tf == NULL)
		return (SYSENTER_FULL);
	return (sendsys_other(0, umsg, size, tf));
}

/*
 * sendsys(port, umsg, size) from the int 0x81 gate (and the sysenter
 * entry when its lean path does not take the message).  Returns the
 * errno for eax, EASYNC for an asynchronous call in flight, EJUSTRETURN
 * if the call replaced the caller's registers (execve, sigreturn), or
 * ERESTART if it is to run again (the gate backs up).  Port 0 is
 * sendsys_port0(); only the port, the first check in the documented
 * order, is done here for the others.
 */
int __gatecall
kern_sendsys(int port, vm_offset_t umsg, size_t size, struct trapframe *tf)
{
	if (__predict_false(port != 0)) {
		if (size >= SYSMSG_OPFIRST)	/* recvsys, replysys: a service */
			return (kern_svcgate(size, port, umsg));
		if ((unsigned)port > SYSPORT_MAX ||
		    !curproc->p_ports[port].sp_open)
			return (EBADF);
		return (sendsys_other(port, umsg, size, tf));
	}
	return (sendsys_port0(umsg, size, tf));
}

/* What the sysenter entry does next once its lean path ran a call whose
 * gate answer is error (sys/sysmsg.h, SYSENTER_*). */
static inline int
sendsys_lean_answer(int error)
{
	if (__predict_false(error < 0)) {
		KASSERT(error == SYSENTER_FULL || error == ERESTART,
		    ("%s: a call returned %d", __func__, error));
		return (error == ERESTART ? SYSENTER_RESTART : SYSENTER_FULL);
	}
	if (__predict_false(userret_pending(curthread)))
		error |= SYSENTER_OWED;
	return (error);
}

/*
 * The sysenter entry's lean path (exception.S: Xsysenter), before any
 * trap frame is built, for what its common case in assembly does not
 * take: sendsys(0, umsg, size) for a message sendsys_port0() takes
 * without a frame, or waitsys(0, umsg) (size 0).  (A service's
 * operations, which never need a frame either, go from the entry
 * straight to kern_svcgate_lean(): a trap frame built and taken apart was
 * about 30 instructions a call, this function's frame about 20 more.)
 * Returns what the entry does next (sys/sysmsg.h, SYSENTER_*): the
 * errno for eax, the call done and
 * nothing owed (sysexit); that errno | SYSENTER_OWED, done, but
 * userret() has work (a signal, an upcall, the time slice: the entry
 * builds the frame and calls sysenter_owed()); SYSENTER_RESTART, the
 * call interrupted by a signal that restarts it (nothing written back);
 * SYSENTER_FULL, nothing done (the full path starts over).
 */
int __gatecall
kern_sendsys_lean(int port, size_t size, vm_offset_t umsg)
{
	int error;

	KASSERT(port == 0, ("%s: port %d", __func__, port));
	if (__predict_false(size == 0)) {
		/* waitsys(0, umsg); flushsys() runs upcalls: the frame. */
		if (umsg == 0)
			return (SYSENTER_FULL);
		error = kern_waitsys(0, umsg);
	} else {
		error = sendsys_port0(umsg, size, NULL);
	}
	return (sendsys_lean_answer(error));
}

/*
 * The common case of the sysenter entry (exception.S) ran a call, sm on
 * its stack as syscall_run_framed() fills it, and the call returned an
 * error other than 0: finish as sendsys_sync() does (the write-back, or
 * ERESTART for a call to run again).  Returns what kern_sendsys_lean()
 * returns.
 */
int __gatecall
kern_sendsys_lean_error(int error, struct sysmsg *sm)
{
	error = sendsys_sync_error(sm, (uint32_t)sm->sm_lmsg.ms_cmd, 0,
	    sm->sm_umsg, error, true);
	return (sendsys_lean_answer(error));
}

/*
 * One message of a batch (sys_sendv): sent exactly as sendsys(port, umsg,
 * size) would send it, size being the one its command accepts, and its
 * outcome left in the message: the call's own write-back, EASYNC's clear
 * SMF_DONE, or, for an error of the gate (which leaves a message sent
 * alone untouched and says it in eax), that error in sm_error with
 * SMF_DONE.  Calls of class NOASYNC are refused (EOPNOTSUPP): they act
 * on the trap itself (fork, execve, sigreturn, exit, a nested batch).  A
 * message whose header cannot be read or written hears nothing; one
 * still in flight (EBUSY) is left to the call that owns it.  The checks
 * are sendsys_other()'s, in its order, each part of the message read
 * once.
 */
static void __noinline
sendv_one(int port, vm_offset_t umsg, struct trapframe *tf)
{
	struct sysmsg sm;
	const struct sysent *se;
	uint32_t word, cmd;
	uint16_t flags;
	bool gate = true;
	int error;

	/* The first word (sm_cmd, sm_flags) decides; the arguments are
	 * copied once the command is known, the rest of the header only
	 * for a call that goes to async_send (which keeps it). */
	if (umsg > VM_MAX_USER_ADDRESS - SYSMSG_MAXSIZE ||
	    copyin_words(umsg, &word, sizeof(word)) != 0)
		return;
	cmd = word & 0xffff;
	flags = (word >> 16) & ~SMF_DONE;	/* SMF_DONE ignored on input */
	if ((flags & ~SMF_INMASK) || flags == SMF_NOBLOCK) {
		error = EINVAL;
		goto out;
	}
	if (cmd >= SYS_MAXSYSCALL || (se = &sysent[cmd])->sy_call == NULL) {
		error = ENOSYS;
		goto out;
	}
	if (se->sy_async == SYSASYNC_NOASYNC) {
		error = EOPNOTSUPP;
		goto out;
	}
	if (sysmsg_copyin_args(umsg, &sm, se->sy_argsize) != 0)
		return;
	if (se->sy_async == SYSASYNC_NOBLOCK && se->sy_syncsize != 0) {
		/* Asynchronous or not, it runs now (async_send would do the
		 * same, one call further down). */
		(void)sendsys_sync(&sm, cmd, flags, umsg, tf, false);
		return;
	}
	if (flags & SMF_ASYNC) {
		if (sendsys_async_now(&sm, cmd, flags, umsg, tf, &error))
			return;
		if (copyin_words(umsg, &sm.sm_hdr, sizeof(sm.sm_hdr)) != 0)
			return;
		sm.sm_hdr.sm_cmd = cmd;		/* as checked */
		sm.sm_hdr.sm_flags = flags;
		error = async_send(port, umsg, &sm,
		    sizeof(sm.sm_hdr) + se->sy_argsize, tf, &gate);
	} else if (se->sy_syncsize == 0) {
		error = EINVAL;		/* only asynchronous */
	} else {
		(void)sendsys_sync(&sm, cmd, flags, umsg, tf, false);
		return;
	}
out:
	if (gate && error != EBUSY)
		(void)sysmsg_writeback(umsg, flags | SMF_DONE, error, 0);
}

/*
 * sendv's loop for its most common messages, calls of class NOBLOCK with
 * flags 0 or SMF_ASYNC, which run now either way: msgs[i], msgs[i + 1],
 * ... up to msgs[n - 1] of the user's vector at vec (below the user
 * limit: sys_sendv bounds n), each pointer read when its message is
 * reached, each message done as sendv_one() would do it.  Returns the
 * index of the first message it did not take (n if it took all): any
 * other message, or one that cannot be read (or whose pointer cannot),
 * which it leaves untouched for sendv_try() or sendv_one() to start
 * over.
 * Shaped for its cost per message, which is a batch's figure: one
 * message structure, bm, for every call of the loop, its frame set once;
 * the first word of the user's header read once and kept whole in bm's
 * own first word (the write-back's flags are its upper half: no flags
 * kept in a register across the call); the header's address kept in
 * sm_umsg, which the call sets for its handler and no handler changes.
 * The arguments are copied as sendsys_port0() copies them, from the high
 * word of sm_cookie on, so the whole header is proven readable before
 * the call; umsg + SYSMSG_MAXSIZE is below the user limit, and no call's
 * arguments make a message larger.  A call of class NOBLOCK exists
 * synchronously (gen_syscalls.sh refuses NOBLOCK with ASYNC), so its
 * size is header plus arguments.
 */
static int __noinline
sendv_noblock(vm_offset_t vec, int i, int n, struct trapframe *tf)
{
	struct sysmsg bm;
	uint32_t *bword = (uint32_t *)&bm.sm_hdr;	/* sm_cmd, sm_flags */
	vm_offset_t p, end = vec + n * sizeof(vm_offset_t);
	const struct sysent *se;
	sy_call_t *call;
	vm_offset_t umsg;
	uint32_t word, cmd;
	int error;

	bm.sm_frame = tf;
	for (p = vec + i * sizeof(vm_offset_t); p < end;
	    p += sizeof(vm_offset_t)) {
		if (copyin_word32_bounded(p, &umsg) != 0 ||
		    umsg > VM_MAX_USER_ADDRESS - SYSMSG_MAXSIZE ||
		    copyin_word32_bounded(umsg, &word) != 0)
			break;
		*bword = word;
		/* Flags but SMF_ASYNC and SMF_DONE (ignored on input). */
		cmd = word & 0xffff;
		if ((word & ~((uint32_t)(SMF_ASYNC | SMF_DONE) << 16 |
		    0xffff)) != 0 || cmd >= SYS_MAXSYSCALL)
			break;
		se = &sysent[cmd];
		if (se->sy_async != SYSASYNC_NOBLOCK)
			break;
		/* Before the copy, which needs the registers. */
		call = se->sy_call;
		syscall_prepare(&bm, cmd, umsg);
		if (sysmsg_copyin_args(umsg, &bm, se->sy_argsize) != 0)
			break;
		error = call(&bm, &bm.sm_args);
		(void)sysmsg_result_store(bm.sm_umsg, bm.sm_hdr.sm_flags,
		    error, bm.sm_retval);
	}
	return ((p - vec) / sizeof(vm_offset_t));
}

/*
 * sendv's loop for asynchronous calls of class TRY that complete at once
 * (sendsys_async_now's conditions), each done as sendv_one() would do
 * it: msgs[i] ... msgs[n - 1], read as sendv_noblock() reads them.
 * Returns the index of the first message it did not take (n if it took
 * all), any other message or one that cannot be read, which sendv_one()
 * starts over (a refused attempt changed nothing).
 */
static int __noinline
sendv_try(vm_offset_t vec, int i, int n, struct trapframe *tf)
{
	struct sysmsg sm;
	const struct sysent *se;
	vm_offset_t umsg;
	uint32_t word, cmd;
	int error;

	for (; i < n; i++) {
		if (copyin_word32_bounded(vec + i * sizeof(vm_offset_t),
		    &umsg) != 0 ||
		    umsg > VM_MAX_USER_ADDRESS - SYSMSG_MAXSIZE ||
		    copyin_word32_bounded(umsg, &word) != 0)
			break;
		cmd = word & 0xffff;
		/* Exactly SMF_ASYNC (SMF_DONE ignored on input). */
		if (((word >> 16) & ~SMF_DONE) != SMF_ASYNC ||
		    cmd >= SYS_MAXSYSCALL)
			break;
		se = &sysent[cmd];
		if (se->sy_async != SYSASYNC_TRY ||
		    curproc->p_async_count != 0 ||
		    sysmsg_copyin_args(umsg, &sm, se->sy_argsize) != 0 ||
		    !syscall_try_inline(&sm, cmd, tf, umsg, &error))
			break;
		(void)sysmsg_complete(umsg, SMF_ASYNC, error, sm.sm_retval);
	}
	return (i);
}

/*
 * sendv(port, msgs, count): send count messages, msgs[0] first, in one
 * trap; see sys/sysmsg.h.  Returns 0 with the count sent as the result;
 * EBADF (bad port), EINVAL (count outside 0..SENDV_MAX) or EFAULT (the
 * vector unreadable: the result says how many were sent before) for the
 * batch itself.
 */
int
sys_sendv(struct sysmsg *sysmsg, const struct sendv_args *uap)
{
	struct trapframe *tf = sysmsg->sm_frame;
	vm_offset_t vec = (vm_offset_t)uap->msgs, umsg;
	int n, i, j;

	if ((unsigned)uap->port > SYSPORT_MAX ||
	    !curproc->p_ports[uap->port].sp_open)
		return (EBADF);
	if (uap->count < 0 || uap->count > SENDV_MAX)
		return (EINVAL);
	/* n: the pointers that lie below the user limit (count is small:
	 * no overflow), each read as its message is reached. */
	n = uap->count;
	if (vec > VM_MAX_USER_ADDRESS - n * sizeof(vm_offset_t))
		n = vec > VM_MAX_USER_ADDRESS ? 0 :
		    (VM_MAX_USER_ADDRESS - vec) / sizeof(vm_offset_t);
	/* Runs of messages each loop takes whole, in order; one neither
	 * takes goes to sendv_one(), or ends the batch if its pointer
	 * cannot be read. */
	for (i = 0; i < n; i = j) {
		j = sendv_noblock(vec, i, n, tf);
		j = sendv_try(vec, j, n, tf);
		if (j == i) {
			if (copyin_word32_bounded(vec + j * sizeof(vm_offset_t),
			    &umsg) != 0)
				break;
			sendv_one(uap->port, umsg, tf);
			j++;
		}
	}
	sysmsg->sm_retval = i;
	return (i < uap->count ? EFAULT : 0);
}

/*
 * A classic int 0x80 call: code from eax, arguments at uargs on the user
 * stack.  The result is left in *resultp for the machine code.
 */
int __gatecall
kern_syscall80(uint32_t code, vm_offset_t uargs, struct trapframe *tf,
    int64_t *resultp)
{
	struct sysmsg sm;
	int error;

	if (code >= SYS_MAXSYSCALL || sysent[code].sy_call == NULL)
		return (ENOSYS);
	if (copyin_words(uargs, &sm.sm_args, sysent[code].sy_argsize))
		return (EFAULT);
	error = syscall_run_inline(&sm, code, tf, 0);
	if (__predict_false(error == EINTR))
		error = syscall_interrupted(code);
	*resultp = sm.sm_retval;
	return (error);
}
