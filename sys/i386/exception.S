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
 * trap()'s sorting.
 */
#include <machine/segments.h>
#include "assym.h"

/* Complete the trapframe and load the kernel's segments. */
#define	TRAP_ENTER				\
	pushl	%ds;				\
	pushl	%es;				\
	pushl	%fs;				\
	pushl	%gs;				\
	pushal;					\
	movl	$GDATA_SEL, %eax;		\
	movw	%ax, %ds;			\
	movw	%ax, %es;			\
	movw	%ax, %gs;			\
	movl	$GPRIV_SEL, %eax;		\
	movw	%ax, %fs;			\
	cld

	.text
	.globl	Xsyscall80
Xsyscall80:
	pushl	$0			/* no error code */
	pushl	$0x80			/* trapno */
	TRAP_ENTER
	pushl	%esp			/* struct trapframe * */
	call	syscall80
	addl	$4, %esp
	jmp	doreti

	.globl	Xsyscall81
Xsyscall81:
	pushl	$0
	pushl	$0x81
	TRAP_ENTER
	pushl	%esp			/* struct trapframe * */
	call	syscall81
	addl	$4, %esp
	jmp	doreti

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
