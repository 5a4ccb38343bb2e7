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
 * esi and edi stay in their registers (C preserves them), the user's
 * eflags and data
 * segments are saved, the kernel's loaded, and kern_sendsys_lean()
 * (kern_syscall.c) checks and runs the message; its answer says what
 * next: an errno (0..0xffff), the call done and nothing owed: sysexit;
 * SYSENTER_FULL (-1), nothing done: build the frame and take the full
 * path from the start; SYSENTER_OWED | errno or SYSENTER_RESTART, the
 * call done (or to run again) and userret() has work: build the frame
 * and let sysenter_owed() (trap.c) finish as syscall81() would, then
 * iret.  The registers the caller gave (eax = 0, ecx, edx) are kept on
 * the stack for the last two.
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
	pushl	%ecx			/* msg and size, for the full path */
	pushl	%edx
	movl	$GDATA_SEL, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movl	$GPRIV_SEL, %eax
	movw	%ax, %fs
	xorl	%eax, %eax		/* port 0; edx = size, ecx = msg */
	call	kern_sendsys_lean
	cmpl	$0xffff, %eax
	ja	5f			/* not an errno: more to do */
	addl	$8, %esp
	popl	%fs
	popl	%es
	popl	%ds
sysenter_exit:				/* (%esp) = the user's eflags */
	movl	%edi, %ecx		/* esp */
	movl	%esi, %edx		/* eip */
	popfl				/* IF stays off until... */
	sti				/* ...after the next instruction */
	sysexit
4:	cmpl	$SYSPORT_MAX, %eax	/* unsigned: no process has this port */
	jbe	sysenter_full
	movl	$EBADF, %eax
	jmp	sysenter_exit
5:	popl	%edx			/* the caller's registers again */
	popl	%ecx
	popl	%fs
	popl	%es
	popl	%ds
	cmpl	$-1, %eax		/* SYSENTER_FULL: nothing done */
	jne	6f
	xorl	%eax, %eax		/* port 0, and start over */
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
6:	SYSENTER_HWFRAME		/* the call ran; eax = the answer */
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
