/*
 * exception.S - the common path of every trap, fault and interrupt.
 *
 * A generated stub in vectors.S pushes an error code (a zero where the CPU
 * pushes none) and the vector number, then jumps to alltraps.  alltraps
 * completes the struct trapframe (machine/frame.h), switches to kernel
 * segments (%fs = this CPU's globaldata) and calls trap(frame).  On the
 * way out, doreti undoes exactly what alltraps did and irets.
 *
 * The system call gates (int 0x80, int 0x81) enter at Xsyscall80 and
 * Xsyscall81 instead, without a stub: the same frame, but straight to
 * syscall80(frame) or syscall81(frame) (trap.c), which need none of
 * trap()'s sorting.  A call that cannot be anything but refused (int 0x81
 * with a port number above SYSPORT_MAX: EBADF; int 0x80 with a number
 * past the table: ENOSYS) is answered here, before any frame is built:
 * the iret frame the CPU pushed is all it needs.  Nothing is owed to the
 * thread then that was not owed before the trap (signals, upcalls and the
 * time slice wait for the next entry or clock tick).
 *
 * Xsysenter is the third entry (sys/sysmsg.h has its registers).
 * sysenter loads cs, ss, esp and eip from the MSRs sysenter_init() set
 * (trap.c), clears IF and nothing else, and pushes nothing.  Its lean
 * path (below, at Xsysenter) runs the common message with no trap frame
 * at all; otherwise Xsysenter builds the frame int 0x81 would have built
 * (eip and esp from esi and edi, the user's eflags with IF, the user
 * segments), then runs the same syscall81().  Interrupts come back on
 * once the user's eflags are saved (an interrupt meanwhile is one from
 * ring 0).  It leaves with sysexit (eip = edx, esp = ecx) when nothing
 * is owed, the user's eflags have neither TF nor NT (iret restores
 * those as the gates do), and eip and esp are user addresses; else
 * through doreti's iret, which handles any frame.  sysexit's ring 3
 * segments are fixed; the frame's are those anyway (only execve and
 * sigreturn rewrite a frame and they leave through iret).
 *
 * sysenter keeps the user's TF: with it set, a step trap (#DB) follows
 * sysenter and each instruction until the popfl below clears it, in
 * ring 0, the first one on the tiny per-CPU stack MSR_SYSENTER_ESP
 * points at (gd_sysenter_stack).  Xdebug ignores those, before it
 * pushes anything more; every other debug trap goes on as vector 1.
 */
#include <machine/segments.h>
#include <machine/extable.h>
#include "assym.h"

/*
 * Complete the trapframe and load the kernel's segments.  %gs is saved
 * and restored but not loaded: the kernel never uses it (no TLS, no
 * stack protector), so the user's stays in it meanwhile.
 */
#define	TRAP_SAVE				\
	pushl	%ds;				\
	pushl	%es;				\
	pushl	%fs;				\
	pushl	%gs;				\
	pushal;					\
	movl	$GDATA_SEL, %eax;		\
	movw	%ax, %ds;			\
	movw	%ax, %es;			\
	movl	$GPRIV_SEL, %eax;		\
	movw	%ax, %fs
#define	TRAP_ENTER				\
	TRAP_SAVE;				\
	cld

	.text
	.globl	Xsyscall80
Xsyscall80:
	cmpl	$SYS_MAXSYSCALL, %eax	/* unsigned: past the table */
	jae	1f
	pushl	$0			/* no error code */
	pushl	$0x80			/* trapno */
	TRAP_ENTER
	pushl	%esp			/* struct trapframe * */
	call	syscall80
	addl	$4, %esp
	jmp	doreti
1:	movl	$ENOSYS, %eax		/* the int 0x80 error convention: */
	orl	$PSL_C, 8(%esp)		/* eax = errno, carry set */
	iret

	.globl	Xsyscall81
Xsyscall81:
	cmpl	$SYSPORT_MAX, %eax	/* unsigned: no process has this port */
	ja	1f
	testb	$3, 4(%esp)		/* cs: never from the kernel (trap() */
	jz	2f			/* makes that fatal) */
	pushl	$0
	pushl	$IDT_SYSMSG
	TRAP_ENTER
	movl	%esp, %eax		/* struct trapframe *, regparm */
	call	syscall81
	jmp	doreti
1:	movl	$EBADF, %eax
	iret
2:	pushl	$0
	pushl	$IDT_SYSMSG
	jmp	alltraps

/*
 * sysenter: eax, ecx, edx as for int 0x81; esi = the eip and edi = the
 * esp to return to.  Interrupts stay off until the user's eflags are
 * saved and TF is off.
 *
 * The lean path, for sendsys(0, msg, size) and waitsys(0, msg) from a
 * caller with neither TF nor NT and a user eip and esp: no trap frame.
 * A service's operations (eax the service, edx SYSMSG_RECV and above:
 * sys/agent.h) take it too, straight to kern_svcgate_lean()
 * (kern_agentgate.c; regparm: service, operation and msg in the registers
 * they came in), whose errno goes back by sysexit at once unless td_ast
 * says userret() has work (then with SYSENTER_OWED, as below): a user
 * driver makes two a disk read.
 * esi and edi stay in their registers (C preserves them), the user's
 * data segments are saved and the kernel's loaded.  (Leaving the user's
 * ds and es loaded, flat like the kernel's, was tried: it saved two
 * instructions here and cost 30 to 60 on every call that does more
 * than getpid.)
 *
 * Its common case is run here, with no C but the call's own: a message
 * of a call sysent_lean lists (sys/sysent.h: one that exists
 * synchronously and does not act on the trap), exactly its size, no
 * flags, at a user address.  Phase 1 as sendsys_port0() does it (the
 * first word read, checked against the table, then the rest of the
 * header's last word and the arguments copied, so the header is known
 * readable before the call runs) into a struct sysmsg on this stack;
 * phase 2, sl_call(sm, &sm->sm_args) with the fields syscall_run_framed()
 * sets (command, result 0, user header, no frame); phase 3, when the
 * call returns 0, the write-back sysmsg_result_write() does (error,
 * result, SMF_DONE; a fault there is EFAULT, as there).  A call that
 * fails goes to kern_sendsys_lean_error() (kern_syscall.c), which
 * finishes it as sendsys_sync() does; a copy that faults is EFAULT (the
 * full path would find the same).  Then one compare: td_ast, whether
 * userret() has work (sys/proc.h).
 *
 * Everything else on port 0 (waitsys, an asynchronous message, sendv,
 * a message the table does not take or whose first word faults) goes to
 * kern_sendsys_lean() (kern_syscall.c), which checks and runs it as
 * sendsys_port0() does, with no frame where it can.  Both answer what
 * next: an errno (0..0xffff), the call done and nothing owed: sysexit;
 * SYSENTER_FULL (-1), nothing done: build the frame and take the full
 * path from the start; SYSENTER_OWED | errno or SYSENTER_RESTART, the
 * call done (or to run again) and userret() has work: build the frame
 * with the registers the caller gave (eax = 0, ecx, edx) and let
 * sysenter_owed() (trap.c) finish as syscall81() would, then iret.
 *
 * The full path builds exactly the frame int 0x81 builds and runs
 * syscall81(): every case the lean path does not take.
 */
#define	SYSENTER_HWFRAME	/* (%esp) = the user's eflags */	\
	pushl	%edi;			/* tf_esp */			\
	pushl	4(%esp);		/* tf_eflags */			\
	movl	$GUDATA_SEL, 8(%esp);	/* tf_ss */			\
	orl	$PSL_I, (%esp);		/* ring 3 always runs with IF */ \
	pushl	$GUCODE_SEL;		/* tf_cs */			\
	pushl	%esi			/* tf_eip */

/* Where a field of the message is, from esp: above the call's two
 * arguments. */
#define	SM(field)	(8 + SM_##field)

	.globl	Xsysenter
Xsysenter:
	movl	(%esp), %esp		/* gd_sysenter_esp0: the kernel stack */
	pushfl				/* the user's eflags, IF aside */
	pushl	$(PSL_I | 0x2)
	popfl				/* TF, NT, AC, DF off; interrupts on */
sysenter_stepped:			/* the last step trap Xdebug ignores */
	testl	$(PSL_T | PSL_NT), (%esp)
	jnz	sysenter_full		/* iret restores those */
	cmpl	$USER_LIMIT, %esi
	jae	sysenter_full		/* never sysexit to a kernel eip */
	cmpl	$USER_LIMIT, %edi
	ja	sysenter_full
	testl	%eax, %eax
	jnz	4f			/* another port */
	pushl	%ds
	pushl	%es
	pushl	%fs
	movl	$GDATA_SEL, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movl	$GPRIV_SEL, %eax
	movw	%ax, %fs
	/* The common case; ecx = msg, edx = size. */
	testl	%edx, %edx
	jz	sysenter_c		/* waitsys, flushsys */
	cmpl	$(USER_LIMIT - SYSMSG_MAXSIZE), %ecx
	ja	sysenter_c
1:	movl	(%ecx), %eax		/* sm_cmd | sm_flags << 16 */
	cmpl	$SYS_MAXSYSCALL, %eax
	jae	sysenter_c		/* a flag, or past the table */
	cmpl	sysent_lean + SL_SIZE(,%eax,8), %edx
	jne	sysenter_c		/* not the size, or not taken here */
	subl	$(SM_SIZE + 8), %esp
	movl	%eax, SM(CMD)(%esp)
	movl	%ecx, SM(UMSG)(%esp)
	movl	$0, SM(FRAME)(%esp)
	movl	$0, SM(RETVAL)(%esp)
	movl	$0, SM(RETVAL) + 4(%esp)
	subl	$SMH_COPY, %edx		/* bytes from sm_cookie's high word on */
2:	movl	SMH_COPY - 4(%ecx,%edx), %eax	/* the last word first */
	movl	%eax, SM(COPY) - 4(%esp,%edx)
	subl	$4, %edx
	jnz	2b
	leal	8(%esp), %eax		/* sm */
	movl	%eax, (%esp)
	addl	$SM_ARGS, %eax
	movl	%eax, 4(%esp)		/* &sm->sm_args */
	movl	SM(CMD)(%esp), %eax
	call	*sysent_lean + SL_CALL(,%eax,8)
	testl	%eax, %eax
	jnz	8f			/* an error: C finishes it */
	movl	SM(UMSG)(%esp), %ecx		/* phase 3 */
	movl	SM(RETVAL)(%esp), %edx
3:	movl	%eax, SMH_ERROR(%ecx)
5:	movl	%edx, SMH_RESULT(%ecx)
	movl	SM(RETVAL) + 4(%esp), %edx
6:	movl	%edx, SMH_RESULT + 4(%ecx)
10:	movw	$SMF_DONE, SMH_FLAGS(%ecx)
sysenter_done:				/* eax = the errno */
	movl	%fs:GD_CURTHREAD, %ecx
	cmpl	$0, TD_AST(%ecx)
	jne	9f			/* userret() has work */
	addl	$(SM_SIZE + 8), %esp
	popl	%fs
	popl	%es
	popl	%ds
sysenter_exit:				/* (%esp) = the user's eflags */
	movl	%edi, %ecx		/* esp */
	movl	%esi, %edx		/* eip */
	popfl				/* IF stays off until... */
	sti				/* ...after the next instruction */
	sysexit
	EXTABLE(1b, sysenter_c)
	EXTABLE(2b, sysenter_fault)
	EXTABLE(3b, sysenter_fault)
	EXTABLE(5b, sysenter_fault)
	EXTABLE(6b, sysenter_fault)
	EXTABLE(10b, sysenter_fault)
sysenter_fault:				/* phase 1 or 3 could not reach msg */
	movl	$EFAULT, %eax
	jmp	sysenter_done
8:	leal	8(%esp), %edx		/* eax = the error, edx = sm */
	call	kern_sendsys_lean_error
	jmp	sysenter_unwind
9:	orl	$SYSENTER_OWED, %eax
sysenter_unwind:			/* the caller's ecx and edx again */
	movl	SM(CMD)(%esp), %ecx
	movl	sysent_lean + SL_SIZE(,%ecx,8), %edx
	movl	SM(UMSG)(%esp), %ecx
	addl	$(SM_SIZE + 8), %esp
	jmp	sysenter_answer
sysenter_c:				/* port 0, but not the common case */
	pushl	%ecx			/* msg and size, for the full path */
	pushl	%edx
	xorl	%eax, %eax		/* port 0; edx = size, ecx = msg */
	call	kern_sendsys_lean
	popl	%edx
	popl	%ecx
sysenter_answer:			/* eax = the answer, (%esp) = fs */
	popl	%fs
	popl	%es
	popl	%ds
	cmpl	$0xffff, %eax
	jbe	sysenter_exit		/* an errno, nothing owed */
	cmpl	$-1, %eax		/* SYSENTER_FULL: nothing done */
	jne	sysenter_owing
	xorl	%eax, %eax		/* port 0, and start over */
	jmp	sysenter_full
4:	cmpl	$SYSPORT_MAX, %eax	/* unsigned: no process has this port */
	ja	6f			/* (as int 0x81: EBADF whatever edx is) */
	cmpl	$SYSMSG_OPFIRST, %edx	/* unsigned: a service's operation */
	jb	sysenter_full
	pushl	%ds			/* a service's operation, lean */
	pushl	%es
	pushl	%fs
	pushl	%eax
	movl	$GDATA_SEL, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movl	$GPRIV_SEL, %eax
	movw	%ax, %fs
	popl	%eax			/* kern_svcgate_lean(svc, op, msg): */
	call	kern_svcgate_lean	/* regparm, eax, edx, ecx; an errno */
	movl	%fs:GD_CURTHREAD, %ecx
	cmpl	$0, TD_AST(%ecx)
	jne	7f
	popl	%fs
	popl	%es
	popl	%ds
	jmp	sysenter_exit		/* the errno, nothing owed */
7:	orl	$SYSENTER_OWED, %eax	/* userret() has work: the frame gets */
	movl	%edi, %ecx		/* ecx and edx as sysexit leaves them */
	movl	%esi, %edx		/* (no operation restarts) */
	jmp	sysenter_answer
6:	movl	$EBADF, %eax
	jmp	sysenter_exit
sysenter_full:
	SYSENTER_HWFRAME
	cmpl	$SYSPORT_MAX, %eax
	ja	2f			/* EBADF, as Xsyscall81 */
	pushl	$0
	pushl	$IDT_SYSMSG
	TRAP_SAVE			/* DF is clear already */
	movl	%esp, %eax		/* struct trapframe *, regparm */
	call	syscall81
	testl	%eax, %eax
	jz	doreti			/* changed, or something was owed */
	popal
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	addl	$8, %esp		/* trapno and error code */
	/* esp -> eip, cs, eflags, esp, ss: an iret frame to ring 3. */
	testl	$(PSL_T | PSL_NT), 8(%esp)
	jnz	3f
	cmpl	$USER_LIMIT, (%esp)
	jae	3f			/* never sysexit to a kernel eip */
	cmpl	$USER_LIMIT, 12(%esp)
	ja	3f
	movl	12(%esp), %ecx		/* esp */
	popl	%edx			/* eip */
	addl	$4, %esp		/* cs */
	popfl				/* the user's flags (IF on) */
	sysexit
2:	movl	$EBADF, %eax
3:	iret
sysenter_owing:				/* the call ran; eax = the answer */
	SYSENTER_HWFRAME
	pushl	$0
	pushl	$IDT_SYSMSG
	TRAP_SAVE
	movl	%esp, %eax		/* struct trapframe *, regparm */
	call	sysenter_owed
	jmp	doreti

/*
 * The debug trap: ignore the step traps of Xsysenter's first
 * instructions (above), taken from ring 0 on whatever stack sysenter left.
 */
	.globl	Xdebug
Xdebug:
	testb	$3, 4(%esp)		/* cs: from ring 3, the usual path */
	jnz	1f
	cmpl	$Xsysenter, (%esp)
	jb	1f
	cmpl	$sysenter_stepped, (%esp)
	ja	1f
	iret
1:	pushl	$0
	pushl	$IDT_DB
	jmp	alltraps

	.globl	alltraps
alltraps:
	TRAP_ENTER
	pushl	%esp			/* struct trapframe * */
	call	trap
	addl	$4, %esp

	.globl	doreti
doreti:
	popal
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	addl	$8, %esp		/* trapno and error code */
	iret

	.section .note.GNU-stack,"",@progbits
