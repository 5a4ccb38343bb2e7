/*
 * kern_syscall.c - system calls are messages.
 *
 * Both gates end here.  Whichever way a call arrives, the kernel builds a
 * struct sysmsg on the caller's kernel stack and sends it with
 * lwkt_domsg() to the process's system port.  That port is a direct
 * dispatch port: its putport is syscall_dispatch(), which runs
 * sys_<name>() in the caller's thread, so a call that completes at once is a function call (the LWKT
 * fast path).  A message with SMF_ASYNC goes to async_send()
 * (kern_async.c) instead, which runs the same sys_<name>() at once, on a
 * worker thread or as a continuation, as the call's asynchronous class
 * in syscalls.master says.  sys_sendv() sends a vector of messages in
 * one trap, each as sendsys would.
 *
 *   kern_sendsys()   int 0x81: phase 1 reads the header's input word
 *                    (sm_cmd, sm_flags) and copies the arguments in, and checks them; phase 2
 *                    is the message; phase 3 writes flags, error and
 *                    result back into the user's header.
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
#include <sys/globaldata.h>
#include <machine/extable.h>

/* The system port's handler: phase 2 of every call. */
int
syscall_dispatch(lwkt_port_t port, lwkt_msg_t msg)
{
	struct sysmsg *sm = (struct sysmsg *)msg;

	return (sysent[msg->ms_cmd].sy_call(sm, &sm->sm_args));
}

/* Send a prepared sysmsg to the current process's system port: run it. */
static inline int
syscall_run_inline(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
    vm_offset_t umsg)
{
	thread_t td = curthread;

	sm->sm_lmsg.ms_flags = MSGF_SYNC;	/* as lwkt_domsg() sends it */
	sm->sm_lmsg.ms_reply_port = &td->td_msgport;
	sm->sm_lmsg.ms_abortfn = NULL;
	sm->sm_lmsg.ms_cmd = (int)cmd;
	sm->sm_lmsg.ms_error = 0;
	sm->sm_retval = 0;
	sm->sm_frame = tf;
	sm->sm_umsg = umsg;
	/* A fresh message: lwkt_domsg() without its in-flight check, and
	 * its flags already set, inline. */
	return (lwkt_sendsync_inline(&td->td_proc->p_sysport, &sm->sm_lmsg,
	    0));
}

int
syscall_run(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
    vm_offset_t umsg)
{
	return (syscall_run_inline(sm, cmd, tf, umsg));
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

/* Phases 2 and 3 of a synchronous message whose phase 1 is done.  If
 * restart, an interrupted call may come back ERESTART, nothing written
 * back (a gate's own message; never one of a sendv batch). */
static inline int
sendsys_sync(struct sysmsg *sm, uint32_t cmd, uint16_t flags,
    vm_offset_t umsg, struct trapframe *tf, bool restart)
{
	int error;

	error = syscall_run_inline(sm, cmd, tf, umsg);
	if (__predict_false(error == EINTR) && restart)
		error = syscall_interrupted(cmd);
	if (error == EJUSTRETURN || error == ERESTART)
		return (error);
	if (sysmsg_writeback(umsg, flags | SMF_DONE, error,
	    sm->sm_retval) != 0)
		return (EFAULT);
	return (error);
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
	    sysent[cmd].sy_async != SYSASYNC_NOBLOCK) {
		bool gate;

		return (async_send(port, umsg, &sm, size, tf, &gate));
	}
	/* A NOBLOCK call runs now, asynchronous or not (async_send would do
	 * the same, one call further down). */
	/* Only asynchronous: a gate error (sys/sysmsg.h), header untouched. */
	if (sysent[cmd].sy_syncsize == 0)
		return (EINVAL);
	return (sendsys_sync(&sm, cmd, flags, umsg, tf, true));
}

/*
 * sendsys(port, umsg, size) from the int 0x81 gate.  Returns the errno
 * for eax, EASYNC for an asynchronous call in flight, EJUSTRETURN if
 * the call replaced the caller's registers (execve, sigreturn), or
 * ERESTART if it is to run again (the gate backs up).
 *
 * This is the common case only, checked in the cheapest order; anything
 * else, a fault included, goes to sendsys_other(), which starts over
 * (only the port, the first check in the documented order, is done here
 * for both).
 * Phase 1 reads what the kernel uses and nothing more: the header's
 * first word, which is sm_cmd with sm_flags above it, so that one
 * compare bounds the command and finds the flags 0 (any flag makes the
 * word at least 0x10000); the command's table entry gives the one size
 * accepted here (sy_syncsize, header plus arguments; 0 for a call that
 * is only asynchronous or does not exist); then the arguments.  Their
 * copy starts at the high word of sm_cookie (unused), so that it proves
 * the whole header mapped even when there are none.
 */
int __gatecall
kern_sendsys(int port, vm_offset_t umsg, size_t size, struct trapframe *tf)
{
	struct sysmsg sm;
	vm_offset_t from = umsg + offsetof(struct sysmsg_hdr, sm_cookie) + 4;
	void *to = (char *)&sm.sm_hdr.sm_cookie + 4;
	size_t nwords;
	uint32_t cmd;		/* sm_cmd | sm_flags << 16 */

	if (__predict_false(port != 0)) {
		if (size >= SYSMSG_OPFIRST)	/* recvsys, replysys: a service */
			return (kern_svcgate(size, port, umsg));
		if ((unsigned)port > SYSPORT_MAX ||
		    !curproc->p_ports[port].sp_open)
			return (EBADF);
		goto other;
	}
	if (__predict_false(umsg > VM_MAX_USER_ADDRESS - SYSMSG_MAXSIZE))
		goto other;
	__asm__ __volatile__ goto(
	    "1:	movl (%[p]), %[cmd]\n\t"
	    EXTABLE_STR("1b", "%l[other]")
	    : [cmd] "=r"(cmd)
	    : [p] "r"(umsg)
	    :
	    : other);
	if (__predict_false(cmd >= SYS_MAXSYSCALL ||
	    size != sysent[cmd].sy_syncsize))
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
other:
	return (sendsys_other(port, umsg, size, tf));
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
 * are sendsys_other()'s, in its order, on one copy of the message.
 */
static void
sendv_one(int port, vm_offset_t umsg, struct trapframe *tf)
{
	struct sysmsg sm;
	uint32_t word, cmd;		/* sm_cmd | sm_flags << 16 */
	uint16_t flags;
	size_t size;
	bool gate = true;
	int error;

	if (umsg > VM_MAX_USER_ADDRESS - SYSMSG_MAXSIZE ||
	    copyin_words(umsg, &word, sizeof(word)) != 0)
		return;
	cmd = word & 0xffff;
	flags = (uint16_t)(word >> 16) & ~SMF_DONE;
	if ((flags & ~SMF_INMASK) || flags == SMF_NOBLOCK) {
		error = EINVAL;
		goto out;
	}
	if (cmd >= SYS_MAXSYSCALL || sysent[cmd].sy_call == NULL) {
		error = ENOSYS;
		goto out;
	}
	if (sysent[cmd].sy_async == SYSASYNC_NOASYNC) {
		error = EOPNOTSUPP;
		goto out;
	}
	size = sizeof(sm.sm_hdr) + sysent[cmd].sy_argsize;
	if (copyin_words(umsg, &sm.sm_hdr, size) != 0)
		return;
	sm.sm_hdr.sm_flags = flags;
	if (sysent[cmd].sy_async == SYSASYNC_NOBLOCK &&
	    sysent[cmd].sy_syncsize != 0) {
		/* Asynchronous or not, it runs now (async_send would do the
		 * same, one call further down). */
		(void)sendsys_sync(&sm, cmd, flags, umsg, tf, false);
		return;
	}
	if (flags & SMF_ASYNC) {
		error = async_send(port, umsg, &sm, size, tf, &gate);
	} else if (sysent[cmd].sy_syncsize == 0) {
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
 * sendv(port, msgs, count): send count messages, msgs[0] first, in one
 * trap; see sys/sysmsg.h.  Returns 0 with the count sent as the result;
 * EBADF (bad port), EINVAL (count outside 0..SENDV_MAX) or EFAULT (the
 * vector unreadable: the result says how many were sent before) for the
 * batch itself.
 */
int
sys_sendv(struct sysmsg *sysmsg, const struct sendv_args *uap)
{
	vm_offset_t ptrs[SENDV_CHUNK];
	int done = 0, n, i;

	if ((unsigned)uap->port > SYSPORT_MAX ||
	    !curproc->p_ports[uap->port].sp_open)
		return (EBADF);
	if (uap->count < 0 || uap->count > SENDV_MAX)
		return (EINVAL);
	while (done < uap->count) {
		n = MIN(uap->count - done, SENDV_CHUNK);
		if (copyin_words((vm_offset_t)(uap->msgs + done), ptrs,
		    n * sizeof(ptrs[0])) != 0) {
			sysmsg->sm_retval = done;
			return (EFAULT);
		}
		for (i = 0; i < n; i++)
			sendv_one(uap->port, ptrs[i], sysmsg->sm_frame);
		done += n;
	}
	sysmsg->sm_retval = done;
	return (0);
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
