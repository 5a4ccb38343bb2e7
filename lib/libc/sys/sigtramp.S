/*
 * sigtramp.S - where signal handlers and upcalls return to.
 *
 * The kernel calls handler(arg, arg2, ctx) with this as the return
 * address (sys/signal.h); ctx is the saved context.  After the
 * handler's ret, esp points at arg, so ctx is at 8(%esp); one word
 * popped puts it at 4(%esp): exactly where the int 0x80 gate looks for
 * sigreturn's argument.  sigreturn does not come back.
 */
#include <sys/syscall.h>

	.text
	.globl	__sigtramp
	.type	__sigtramp, @function
__sigtramp:
	addl	$4, %esp
	movl	$SYS_sigreturn, %eax
	int	$0x80
	hlt				/* not reached: a fault if it were */
	.size	__sigtramp, . - __sigtramp

	.section .note.GNU-stack,"",@progbits
