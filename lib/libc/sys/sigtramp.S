/*
 * sigtramp.S - where signal handlers and upcalls return to.
 *
 * The kernel calls handler(arg) with this as the return address and the
 * saved context's address in the word above arg (sys/signal.h).  After
 * the handler's ret, esp points at arg, so the context is at 4(%esp):
 * exactly where the int 0x80 gate looks for sigreturn's argument.
 * sigreturn does not come back.
 */
#include <sys/syscall.h>

	.text
	.globl	__sigtramp
	.type	__sigtramp, @function
__sigtramp:
	movl	$SYS_sigreturn, %eax
	int	$0x80
	hlt				/* not reached: a fault if it were */
	.size	__sigtramp, . - __sigtramp

	.section .note.GNU-stack,"",@progbits
