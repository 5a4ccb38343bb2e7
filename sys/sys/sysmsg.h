/*
 * sys/sysmsg.h - the system call message ABI.
 *
 * A user program makes a system call by building a message in its own
 * memory and handing it to the kernel through the int 0x81 gate (or the
 * sysenter entry, below):
 *
 *	struct {
 *		struct sysmsg_hdr h;		   24 bytes, below
 *		struct write_args a;		   from sys/sysproto.h
 *	} m = { { SYS_write, 0 }, { fd, buf, n } };
 *	error = __sendsys(0, &m.h, sizeof(m));   0 or an errno
 *	result = m.h.sm_result;
 *
 * The message is the header followed by the call's arguments, laid out
 * exactly as sys/sysproto.h's struct <name>_args (each argument takes 4
 * bytes, 8 for 64-bit types; no padding): the same bytes the classic
 * int 0x80 gate finds on the user stack.
 *
 * THE GATE: int 0x81, registers in, errno out (eax):
 *
 *   sendsys(port, msg, size)   eax = port, ecx = msg, edx = size (> 0)
 *   waitsys(port, msg)         eax = port, ecx = msg, edx = 0
 *   flushsys()                 eax = 0, ecx = 0, edx = 0
 *   recvsys(svc, m)            eax = svc, ecx = m, edx = SYSMSG_RECV
 *   recvsys_nb(svc, m)         eax = svc, ecx = m, edx = SYSMSG_RECV_NB
 *   replysys(svc, r)           eax = svc, ecx = r, edx = SYSMSG_REPLY
 *   recvsys_wait(svc, m)       eax = svc, ecx = m, edx = SYSMSG_RECV_WAIT
 *   replyrecvsys(svc, rr)      eax = svc, ecx = rr, edx = SYSMSG_REPLYRECV
 *   recvsys_intr(svc, m)       eax = svc, ecx = m, edx = SYSMSG_RECV_INTR
 *
 * The last six are the other direction: a process that serves a
 * device (devserve) receives the messages sent to it and replies to
 * them (replyrecvsys: replies, then a receive, in one call: L4's
 * reply-and-wait; recvsys_intr: a receive whose interrupt is the
 * answer); sys/agent.h describes them.  Their codes (0xfffffff0 ..
 * 0xfffffff5) are sizes no message has (sendsys would say EINVAL), so
 * the first three are unchanged; 0xfffffff6 and above stay EINVAL.
 *
 * THE SYSENTER ENTRY takes the same three calls, with the same
 * registers in and eax out, plus the two that sysexit needs (sysenter
 * saves no return address and no stack pointer; sysexit takes them from
 * edx and ecx, which the gate's protocol already uses):
 *
 *   esi = the eip to return to, edi = the esp to return with
 *
 * Out: eax = the errno; ebx, esi, edi, ebp, esp = edi, eflags and the
 * segment registers as they were; ecx and edx are not preserved (a
 * return by sysexit leaves the esp in ecx and the eip in edx; a return
 * through iret, taken when the kernel has more to do on the way out,
 * leaves them as they were).  From sysenter on, esi and edi are the
 * thread's eip and esp, as if it had been interrupted there: a signal
 * handler or an upcall delivered on the way out runs below that esp and
 * returns to that eip.  The kernel never sysexits to an eip or esp at or
 * above the user limit: it irets there and the thread faults in user mode
 * (SIGSEGV), as it would with any bad eip or esp of its own.  The user's
 * TF survives the call, but the step trap comes after the first
 * instruction at the return eip.  hw.sysenter is 1 when the entry is set
 * up (the CPU has the instructions); libc then uses it for every message
 * (lib/libc/sys/sendsys.S, gate.c), else int 0x81.  int 0x81 and
 * sysenter check and run a message with the same kernel code
 * (kern_syscall.c: sendsys_port0 for port 0) and give the same results
 * and errors, but for sysenter's common case (port 0, no flags, a call
 * that does not act on the trap itself, exactly its size), which the
 * entry checks, runs and writes back itself in the same order with no C
 * but the call's own (sys/i386/exception.S); sysenter builds no trap
 * frame for a message of port 0 of such a call unless something is owed
 * on the way out.
 *
 * PORTS are small per-process handles: 0 is the process's default port,
 * 1..SYSPORT_MAX are made by portcreate() and closed by portclose().  A
 * handle means nothing in another process and is never a kernel address;
 * an unknown one is EBADF.  A port decides what happens when one of its
 * asynchronous messages comes back (its mode, fixed at creation):
 *
 *   SYSPORT_QUEUE   nothing more: the program polls SMF_DONE in its own
 *                   memory or calls waitsys.  Port 0 is of this kind.
 *   SYSPORT_UPCALL  the kernel also calls the port's function on the
 *                   port's user stack, fn(msg), before the thread next
 *                   runs user code (one upcall at a time per process, in
 *                   the order the messages came back; a repeating message
 *                   keeps the place of its first undelivered return, and
 *                   the upcalls it owes run there, one per return, all
 *                   seeing its latest header).  The stack must be at
 *                   least 1024 bytes, of which the frame (the saved
 *                   registers, floating-point ones included) takes up
 *                   to 632; one that cannot take the frame kills the
 *                   process (SIGSEGV).
 *   SYSPORT_UPCALL_CRIT  the same, but while the thread is inside a user
 *                   critical section (struct ucrit, registered with
 *                   upcall_crit(); uc_count > 0) the upcall is held back
 *                   and uc_pending set; see flushsys.
 *
 * sendsys: the kernel reads the message once (phase 1: the header's
 * input word, sm_cmd and sm_flags, and the arguments), runs the call on
 * its own copy (phase 2), and writes sm_error, sm_result and sm_flags
 * (with SMF_DONE) back into the user's header
 * (phase 3).  It returns the call's error in eax.  Errors of the gate
 * itself leave the message untouched (SMF_DONE not set by them):
 *
 *   EBADF   bad port handle
 *   EFAULT  msg not entirely in mapped user memory.  (A message that
 *           can be read but not written is not refused: the call runs,
 *           and sendsys returns EFAULT because phase 3 cannot write
 *           back; the result is lost.)
 *   EINVAL  size smaller than the header, larger than any message, or
 *           not sizeof(header) + sizeof(struct <cmd>_args); reserved flag
 *           bits set; SMF_NOBLOCK without SMF_ASYNC; a
 *           call that exists only asynchronously (sigmsg, timermsg) sent
 *           without SMF_ASYNC
 *   ENOSYS  unknown command
 *   EOPNOTSUPP  SMF_ASYNC on a call of class SYSASYNC_NOASYNC (exit,
 *           fork, execve, sigreturn, sendv: see the classes below; the
 *           reason of each is in syscalls.master and SYSASYNC_INFO_INIT)
 *   EBUSY   SMF_ASYNC with msg the address of a message still in flight
 *   EAGAIN  SMF_ASYNC|SMF_NOBLOCK and a limit is reached (below)
 *   EINTR   a signal arrived while sendsys waited for a free slot
 *
 * They are checked in that order: the port, the size's bounds, the copy
 * (of whole words: every valid size is a multiple of 4, and the bytes of
 * a ragged tail are never read, so such a message is EINVAL or ENOSYS,
 * not EFAULT), the flags, the command, the exact size.
 *
 * ASYNCHRONOUS CALLS (SMF_ASYNC).  After phase 1, sendsys returns either
 *
 *   EASYNC  the call is in flight.  SMF_DONE is now clear in the user's
 *           header.  The call runs to completion in the kernel (on an
 *           asynchronous-call worker thread, or as a continuation: a
 *           callout, a signal, a disk transfer).  A worker runs the
 *           call's one implementation for the process, in its address
 *           space: the arguments are the message's (copied in by
 *           sendsys), and the memory they point to is read and written
 *           when the call runs, as the same synchronous call made then
 *           would (a buffer unmapped meanwhile is EFAULT).  The header is
 *           held by sendsys.  When the call completes, the kernel stores
 *           sm_error and sm_result and then sets SMF_DONE in the
 *           header, and returns the message to its port: waitsys
 *           wakes, an upcall is queued.
 *   anything else, with SMF_DONE set: the call finished without blocking
 *           (class NOBLOCK, or TRY that did not need to sleep); eax and
 *           sm_error are its error, as for a synchronous call.
 *
 * The port named in sendsys's eax is the message's reply port.  A
 * message is in flight from EASYNC until SMF_DONE is set in its header,
 * and at every moment either in flight or done, never neither: waitsys,
 * abortmsg, sendsys's EBUSY and portclose's EBUSY see it in flight until
 * its results and SMF_DONE are in the header (the kernel may still have
 * work left after the call itself, such as closing a device whose
 * driver must answer, and does it before that).  The
 * memory of an in-flight message belongs to the kernel until SMF_DONE:
 * the program may read it but should not change or reuse it.  If the
 * program unmaps it, the kernel still completes the call into the header
 * pages it held, which the program no longer sees.
 *
 * LIMITS.  At most kern.async_max messages are in flight in the whole
 * system, and at most RLIMIT_ASYNC (getrlimit/setrlimit; the soft limit,
 * settable up to kern.async_max) per process.  At a limit, sendsys
 * sleeps until a slot frees (EINTR if a signal comes first), or returns
 * EAGAIN at once if the message has SMF_NOBLOCK.  kern.async_inflight
 * and kern.async_kmem show the messages in flight and the kernel memory
 * (bytes) they pin; kern.async_self the caller's own count.
 *
 * ABORT.  abortmsg(port, msg) asks the kernel to stop an in-flight
 * message: a call not started yet is returned with ECANCELED at once; a
 * call in progress stops at its next safe point (a sleeping nanosleep,
 * a blocked pipe, console or wait4 sleep) and is returned with
 * ECANCELED; a call that finished first is returned with its own result.
 * Either way the message is returned exactly once.  abortmsg returns 0,
 * or ENOENT if msg is not in flight on port.
 *
 * REPEATING MESSAGES.  sigmsg(sigset) and timermsg(period) exist only
 * asynchronously and are returned again and again until aborted (each
 * return: sm_error 0, SMF_DONE set, the port notified; the final return
 * after abortmsg has sm_error ECANCELED and sm_result as below, with
 * signo 0).  A return already on its way when abortmsg is called may
 * still arrive just before the final one.  Bad arguments (an empty set,
 * a signal that does not exist or SIGKILL; a zero, negative, malformed
 * or longer than a day period; an unreadable period) complete the call
 * at once with that error.  The header shows the latest return: returns
 * that come faster than the program looks are merged (the count in
 * sm_result tells), and the same signal posted twice before its return
 * is returned once, as classic pending signals are.
 *   sigmsg     each time a signal in sigset (bit n-1 for signal n) is
 *              posted to the process; sm_result = signo | (returns << 32).
 *              PRECEDENCE: a signal watched by an armed signal message is
 *              consumed by it (the oldest armed one that watches it): no
 *              handler runs, no default action, no EINTR.  Otherwise the
 *              classic rules apply (ignored, handler, default action).
 *              The signal mask (sigprocmask) does not hold a watched
 *              signal back: the message is returned even while every
 *              thread blocks the signal, and it never shows in
 *              sigpending.  A signal blocked and pending before the
 *              message was armed stays pending for the classic rules.
 *              SIGCONT still continues a stopped process when a message
 *              takes it.  SIGKILL and SIGSTOP cannot be watched (EINVAL).
 *   timermsg   every period (rounded up to clock ticks); sm_result = the
 *              number of periods elapsed since it was sent (returns that
 *              came too close together are merged into one).
 *
 * waitsys(port, msg): sleep until msg, in flight on port, comes back, and
 * return 0; at once if it is already done (SMF_DONE in the header, not
 * in flight), or, for a repeating message, if it came back (once or more:
 * one wakeup) since the last waitsys on it.  EINVAL if msg is neither in flight on port nor
 * done; EFAULT if unreadable.
 * waitsys(port, NULL): sleep until some message of the port comes back
 * and return 0; at once if one came back since the previous such
 * waitsys on the port returned (waitsys on one message does not count).  (Registers eax = ecx = edx = 0 are
 * flushsys, so for port 0 this is spelled waitsys(0, SYSMSG_ANY);
 * SYSMSG_ANY works for every port.)  The program then looks at SMF_DONE in
 * its messages.  EINVAL if nothing is in flight on the port and nothing
 * came back (it would sleep forever).
 * Both sleep in the kernel (never spin through the gate) and return EINTR
 * if a signal arrives.
 *
 * flushsys(): the end of a user critical section.  A thread registers
 * struct ucrit (4-byte aligned, writable; NULL unregisters) with
 * upcall_crit(); while uc_count > 0, upcalls of
 * SYSPORT_UPCALL_CRIT ports are held back and the kernel sets uc_pending
 * to 1.  A program that brings uc_count back to 0 and finds uc_pending
 * set calls flushsys(): the kernel clears uc_pending and, before flushsys
 * returns 0 to the program, runs every held upcall, one after another in
 * the order their messages came back.  If uc_count is not 0, flushsys
 * delivers nothing and returns EBUSY.  Without a registered ucrit it
 * returns 0.  Upcalls of SYSPORT_UPCALL ports are never held.
 *
 * UPCALLS run on the port's stack as fn(msg): the kernel saves the
 * interrupted registers in a struct sigcontext at the top of that stack
 * and makes fn return to the trampoline given to portcreate, which calls
 * sigreturn(ctx) (the same path as a signal handler's return).  An
 * upcall never interrupts a system call; it runs when the thread next
 * returns to user mode.
 *
 * EXIT.  When a process exits or is killed, each of its in-flight
 * messages is aborted and reclaimed before its memory goes; nothing is
 * written into its address space any more.  Exit waits only for calls
 * to reach their next safe point.  exec does the same, and closes every
 * port but 0.  A forked child starts with port 0 only and nothing in
 * flight; it keeps its parent's limits and registered struct ucrit (the
 * same address in its copy of memory).  portclose(port) is EBUSY while
 * messages are in flight to the port and drops its undelivered upcalls.
 *
 * The header never contains a kernel pointer; sm_cookie is the caller's:
 * the kernel never writes it or acts on it.
 *
 * libc's stubs (generated: obj/gen/libc_msg.S) build the header in the
 * red zone below esp (sys/signal.h), right under the arguments the
 * caller pushed, which are already laid out as the message's: nothing
 * is copied and esp does not move.  The return address is then the high
 * word of sm_cookie.
 */
#ifndef _SYS_SYSMSG_H_
#define _SYS_SYSMSG_H_

#include <sys/types.h>
#include <sys/syscall.h>
#include <sys/sysproto.h>

/*
 * 24 bytes.  sm_cmd and sm_flags share the first word: a message with
 * no flags is that word = its command, one store to build and one
 * compare to check (any flag bit makes the word at least 0x10000, past
 * every command).
 */
struct sysmsg_hdr {
	uint16_t	sm_cmd;		/* in:  SYS_<name> */
	uint16_t	sm_flags;	/* in:  SMF_ASYNC; out: SMF_DONE */
	int32_t		sm_error;	/* out: 0 or an errno */
	int64_t		sm_result;	/* out: the call's return value */
	uint64_t	sm_cookie;	/* the caller's; the kernel ignores it */
};

/*
 * Header flags:
 *   SMF_ASYNC    (in)  asynchronous call: EASYNC while in flight
 *   SMF_NOBLOCK  (in)  with SMF_ASYNC: EAGAIN at a limit instead of
 *                      waiting for a slot
 *   SMF_DONE     (out) the kernel finished with the message (set last,
 *                      after sm_error and sm_result); ignored on input
 * Any other bit set on input is EINVAL.
 */
#define SMF_ASYNC	0x0001
#define SMF_NOBLOCK	0x0002
#define SMF_DONE	0x8000
#define SMF_INMASK	(SMF_ASYNC | SMF_NOBLOCK)

/*
 * What SMF_ASYNC does with each call: its class, declared once per call in
 * sys/kern/syscalls.master (column 5) and generated into the kernel's
 * table and into SYSASYNC_INFO_INIT (sys/sysproto.h), which also carries
 * the reason a call is refused.  Every class runs the call's one
 * implementation, sys_<name>().
 *   SYSASYNC_NOASYNC  refused: EOPNOTSUPP, header untouched.  The calls
 *                     that make no sense asynchronously: exit (nobody
 *                     left to reply to), fork (the child starts from the
 *                     trap's registers), execve (replaces the memory the
 *                     message lives in), sigreturn (a handler's own
 *                     return).
 *   SYSASYNC_NOBLOCK  completes inside sendsys, in the caller; returns
 *                     its error with SMF_DONE set (never EASYNC).
 *   SYSASYNC_TRY      tried inside sendsys with sleeping refused: if it
 *                     finished without sleeping, as NOBLOCK (a read or
 *                     write of cached file data, a pipe with data or
 *                     with room for all of the write, a stat); else
 *                     EASYNC and a worker runs it, from the start (the
 *                     attempt changed nothing: a pipe write that does
 *                     not fit writes nothing when tried).  It may still
 *                     wait inside sendsys for a lock, a regular file's
 *                     block from the disk, or a device's driver (not a
 *                     disk: those go in flight); never for a pipe, a
 *                     terminal's input or a child (kern_async.c says
 *                     exactly which waits).
 *   SYSASYNC_BLOCK    EASYNC: a worker thread runs it for the process
 *                     (link, mkdir, open, close, ioctl, ...).
 * A call that goes to a worker (TRY or BLOCK) takes its arguments when it
 * is sent: strings and structs it reads are copied then, structs and
 * buffers it fills are held then (their pages pinned, written when the
 * call finishes even if unmapped meanwhile), a buffer it reads (write's
 * data) is held then and read when the call runs.  Changing a path or a
 * struct after sending changes nothing; descriptors and the current
 * directory are the process's when the call runs.
 *   SYSASYNC_WAIT     EASYNC: waits as a continuation, no thread held
 *                     (nanosleep, sigmsg, timermsg).
 */
#define SYSASYNC_NOASYNC	0
#define SYSASYNC_NOBLOCK	1
#define SYSASYNC_TRY		2
#define SYSASYNC_BLOCK		3
#define SYSASYNC_WAIT		4

/*
 * BATCHES.  sendv(port, msgs, count) (an ordinary call, sent
 * synchronously) sends the count messages msgs[0..count-1] in one trap,
 * in order, each exactly as sendsys(port, msgs[i], size) would, size
 * being the one size its command accepts.  Each message reports its own
 * outcome, since there is no eax per message: a call that completed
 * writes its header as usual (SMF_DONE, sm_error, sm_result); one in
 * flight has SMF_DONE clear and comes back as any asynchronous message
 * does (collect them with one waitsys(port, SYSMSG_ANY) and look at
 * SMF_DONE); an error of the gate (ENOSYS, EINVAL, EAGAIN, ...) is
 * written into sm_error with SMF_DONE.  Calls of class SYSASYNC_NOASYNC
 * are refused in a batch (EOPNOTSUPP), even without SMF_ASYNC.  A message
 * whose header is unreadable or unwritable is skipped silently, and one
 * still in flight (EBUSY) is left untouched.  sendv returns 0 with
 * sm_result = count, EBADF for a bad port, EINVAL for count outside
 * 0..SENDV_MAX, or EFAULT at the first pointer of the vector that
 * cannot be read (each is read when its message is reached; sm_result:
 * the messages sent before it).
 */
#define SENDV_MAX	4096	/* messages in one batch */

/* waitsys's "any message of the port" (NULL is too, except on port 0). */
#define SYSMSG_ANY	((struct sysmsg_hdr *)0xffffffff)

/* Port modes (portcreate) and limits. */
#define SYSPORT_QUEUE		0
#define SYSPORT_UPCALL		1
#define SYSPORT_UPCALL_CRIT	2
#define SYSPORT_MAX		32	/* handles 1..SYSPORT_MAX */

/* A user critical section (upcall_crit, flushsys). */
struct ucrit {
	volatile int	uc_count;	/* the program's nesting depth */
	volatile int	uc_pending;	/* set by the kernel: upcalls held */
};

_Static_assert(sizeof(struct sysmsg_hdr) == 24, "sysmsg_hdr is 24 bytes");
_Static_assert(offsetof(struct sysmsg_hdr, sm_cmd) == 0, "sm_cmd");
_Static_assert(offsetof(struct sysmsg_hdr, sm_flags) == 2, "sm_flags");
_Static_assert(offsetof(struct sysmsg_hdr, sm_error) == 4, "sm_error");
_Static_assert(offsetof(struct sysmsg_hdr, sm_result) == 8, "sm_result");
_Static_assert(offsetof(struct sysmsg_hdr, sm_cookie) == 16, "sm_cookie");
_Static_assert(SYS_MAXSYSCALL <= 0x10000, "commands fit sm_cmd");
_Static_assert(sizeof(struct write_args) == 12, "args are 4 bytes each");

#define SYSMSG_MAXSIZE	(sizeof(struct sysmsg_hdr) + sizeof(union sysunion))

#ifndef _KERNEL
int	__sendsys(int port, struct sysmsg_hdr *msg, size_t size);
int	__waitsys(int port, struct sysmsg_hdr *msg);
int	__flushsys(void);
/* libc's way in (lib/libc/sys/sendsys.S, gate.c): the routine the stubs
 * call, one of the two below, which take the int 0x81 registers and are
 * not C functions. */
extern void (*__sysmsg_gate)(void);
void	__sysmsg_int81(void), __sysmsg_sysenter(void);
void	__sysmsg_select(void);

#else
#include <sys/msgport.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/systm.h>
#include <machine/extable.h>

struct trapframe;

/*
 * The kernel's message for one system call, whichever gate it came
 * through.  It lives on the caller's kernel stack; sm_lmsg is what is
 * sent to the process's system port.
 */
struct sysmsg {
	struct lwkt_msg	sm_lmsg;	/* the LWKT message (result in
					 * sm_lmsg.ms_result64) */
	struct trapframe *sm_frame;	/* the caller's registers */
	vm_offset_t	sm_umsg;	/* user header address (0: int 0x80) */
	struct sysmsg_hdr sm_hdr;	/* phase 1 copy of the user header... */
	union sysunion	sm_args;	/* ...and of the arguments, contiguous */
};
_Static_assert(offsetof(struct sysmsg, sm_args) ==
    offsetof(struct sysmsg, sm_hdr) + sizeof(struct sysmsg_hdr),
    "one copyin fills the header and the arguments");
#define sm_retval	sm_lmsg.ms_result64

#define EJUSTRETURN	(-3)		/* don't touch the caller's registers */

int	syscall_dispatch(lwkt_port_t port, lwkt_msg_t msg);
int	syscall_run(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
	    vm_offset_t umsg);
bool	syscall_try(struct sysmsg *sm, uint32_t cmd, struct trapframe *tf,
	    vm_offset_t umsg, int *errorp);
int	async_send(int port, vm_offset_t umsg, struct sysmsg *sm, size_t size,
	    struct trapframe *tf, bool *gatep);
/* The gates' entries into this file (trap.c), with their first three
 * arguments in registers: eax, edx, ecx. */
#define __gatecall	__attribute__((__regparm__(3)))
int	kern_sendsys(int port, vm_offset_t umsg, size_t size,
	    struct trapframe *tf) __gatecall;
/* kern_sendsys_lean()'s answers to the sysenter entry, beside an errno
 * (exception.S reads them through assym.h): */
#define SYSENTER_OWED	0x10000		/* | errno: done, userret() has work */
#define SYSENTER_RESTART 0x20000	/* interrupted, to run again (may
					 * come with SYSENTER_OWED) */
#define SYSENTER_FULL	(-1)		/* nothing done: build the frame */
int	kern_sendsys_lean(int port, size_t size, vm_offset_t umsg) __gatecall;
int	kern_sendsys_lean_error(int error, struct sysmsg *sm) __gatecall;
int	kern_waitsys(int port, vm_offset_t umsg);
int	kern_flushsys(void);
int	kern_syscall80(uint32_t code, vm_offset_t uargs, struct trapframe *tf,
	    int64_t *resultp) __gatecall;

/*
 * sysmsg_result_write()'s direct stores, for a header whose address the
 * caller has already bounded (umsg at most VM_MAX_USER_ADDRESS - the
 * header's size): the same four stores, flags | SMF_DONE last.
 */
static __always_inline int
sysmsg_result_store(vm_offset_t umsg, uint16_t flags, int error,
    int64_t result)
{
	flags |= SMF_DONE;
	__asm__ __volatile__ goto(
	    "1:	movl %[error], %c[oerr](%[p])\n"
	    "2:	movl %[lo], %c[ores](%[p])\n"
	    "3:	movl %[hi], 4+%c[ores](%[p])\n"
	    "4:	movw %w[flags], %c[oflg](%[p])\n\t"
	    EXTABLE_STR("1b", "%l[fault]") EXTABLE_STR("2b", "%l[fault]")
	    EXTABLE_STR("3b", "%l[fault]") EXTABLE_STR("4b", "%l[fault]")
	    :
	    : [p] "r"(umsg), [error] "ri"(error), [flags] "ri"(flags),
	      [lo] "r"((uint32_t)result), [hi] "r"((uint32_t)(result >> 32)),
	      [oerr] "i"(offsetof(struct sysmsg_hdr, sm_error)),
	      [ores] "i"(offsetof(struct sysmsg_hdr, sm_result)),
	      [oflg] "i"(offsetof(struct sysmsg_hdr, sm_flags))
	    : "memory"
	    : fault);
	return (0);
fault:
	return (EFAULT);
}

/*
 * Phase 3, the one write-back of every message's result, whichever way
 * the message completes: sm_error and sm_result, then, in a separate,
 * later store, sm_flags (flags | SMF_DONE), so that a program that sees
 * SMF_DONE sees the result.  Into the header at user address umsg, by
 * direct stores in the current address space (held NULL: the sender,
 * for a call done inside sendsys or a batch, or a fork's child), or
 * through held, the header's pages held by a message in flight, from
 * any thread (kern_async.c's async_complete()).  0, or EFAULT if a
 * direct store faults (which ends the write-back).  Inline: held is a
 * constant at every call, and the direct case is four stores.
 */
static __always_inline int
sysmsg_result_write(vm_offset_t umsg, struct uio *held, uint16_t flags,
    int error, int64_t result)
{
	flags |= SMF_DONE;
	if (held != NULL) {
		/* sm_error and sm_result are adjacent: one write for both. */
		char out[sizeof(int32_t) + sizeof(int64_t)];
		int32_t err = error;

		_Static_assert(offsetof(struct sysmsg_hdr, sm_result) ==
		    offsetof(struct sysmsg_hdr, sm_error) + sizeof(int32_t),
		    "sm_result follows sm_error");
		memcpy(out, &err, sizeof(err));
		memcpy(out + sizeof(err), &result, sizeof(result));
		uio_held_write(held, offsetof(struct sysmsg_hdr, sm_error),
		    out, sizeof(out));
		uio_held_write(held, offsetof(struct sysmsg_hdr, sm_flags),
		    &flags, sizeof(flags));
		return (0);
	}
	if (umsg > VM_MAX_USER_ADDRESS - sizeof(struct sysmsg_hdr))
		return (EFAULT);
	return (sysmsg_result_store(umsg, flags, error, result));
}

/* The write-back in the sender's own address space (flags may include
 * SMF_DONE already). */
static __always_inline int
sysmsg_writeback(vm_offset_t umsg, uint16_t flags, int error, int64_t result)
{
	return (sysmsg_result_write(umsg, NULL, flags, error, result));
}

/* A message done in the sender: the write-back, and the errno for the
 * gate (EFAULT if the header could not be written). */
static __always_inline int
sysmsg_complete(vm_offset_t umsg, uint16_t flags, int error, int64_t result)
{
	if (sysmsg_result_write(umsg, NULL, flags, error, result) != 0)
		return (EFAULT);
	return (error);
}
#endif

#endif /* !_SYS_SYSMSG_H_ */
