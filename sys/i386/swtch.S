/*
 * swtch.S - cpu_lwkt_switch(ntd): the one place a CPU changes threads.
 *
 * Called by lwkt_switch() inside a critical section.  Saves the callee-
 * saved registers and eflags of the current thread on its own stack,
 * records the stack pointer in td_sp, makes ntd current and resumes it
 * from its saved stack.  eflags travels with each thread, so a thread
 * switched out from an interrupt (IF clear) and one switched out from
 * thread context (IF set) each get their own state back.
 *
 * A new thread's stack is prepared by cpu_thread_init_stack() to look as
 * if it had called cpu_lwkt_switch() from its trampoline.
 */
#include "assym.h"

	.text
	.globl	cpu_lwkt_switch
	.type	cpu_lwkt_switch, @function
cpu_lwkt_switch:
	movl	4(%esp), %eax			/* ntd */
	pushfl
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%fs:GD_CURTHREAD, %ecx		/* old thread */
	movl	%esp, TD_SP(%ecx)
	movl	%eax, %fs:GD_CURTHREAD
	movl	TD_SP(%eax), %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	popfl
	ret
	.size	cpu_lwkt_switch, . - cpu_lwkt_switch

	.section .note.GNU-stack,"",@progbits
