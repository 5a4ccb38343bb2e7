/*
 * support.S - copying between the kernel and user space.
 *
 * Every user pointer the kernel follows goes through these.  Each checks
 * that the user range lies entirely below VM_MAX_USER_ADDRESS (without
 * wrapping) and sets curthread->td_onfault before touching user memory:
 * a page fault there makes trap() resume at the recovery label, which
 * returns EFAULT.  CR0.WP is set, so writing a read-only user page faults
 * too.
 *
 *   int copyin(const void *uaddr, void *kaddr, size_t len)
 *   int copyout(const void *kaddr, void *uaddr, size_t len)
 *   int copyinstr(const void *uaddr, char *kaddr, size_t max, size_t *done)
 *       copies up to and including the NUL; ENAMETOOLONG if none within
 *       max bytes; *done (if not NULL) counts the bytes copied.
 */
#include <sys/errno.h>
#include <machine/pmap.h>
#include "assym.h"

#define SET_ONFAULT(label)			\
	movl	%fs:GD_CURTHREAD, %edx;		\
	movl	$label, TD_ONFAULT(%edx)
#define CLEAR_ONFAULT				\
	movl	%fs:GD_CURTHREAD, %edx;		\
	movl	$0, TD_ONFAULT(%edx)

	.text
/* Move ecx bytes from esi to edi (words, then the tail). */
#define MOVE_BYTES				\
	movl	%ecx, %eax;			\
	shrl	$2, %ecx;			\
	rep movsl;				\
	movl	%eax, %ecx;			\
	andl	$3, %ecx;			\
	rep movsb

	.globl	copyin
	.type	copyin, @function
copyin:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %esi
	movl	16(%esp), %edi
	movl	20(%esp), %ecx
	movl	%esi, %eax
	addl	%ecx, %eax
	jc	copy_efault
	cmpl	$VM_MAX_USER_ADDRESS, %eax
	ja	copy_efault
	SET_ONFAULT(copy_fault)
	MOVE_BYTES
	CLEAR_ONFAULT
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
	.size	copyin, . - copyin

	.globl	copyout
	.type	copyout, @function
copyout:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %esi
	movl	16(%esp), %edi
	movl	20(%esp), %ecx
	movl	%edi, %eax
	addl	%ecx, %eax
	jc	copy_efault
	cmpl	$VM_MAX_USER_ADDRESS, %eax
	ja	copy_efault
	SET_ONFAULT(copy_fault)
	MOVE_BYTES
	CLEAR_ONFAULT
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
	.size	copyout, . - copyout

copy_fault:
	CLEAR_ONFAULT
copy_efault:
	movl	$EFAULT, %eax
	popl	%edi
	popl	%esi
	ret

	.globl	copyinstr
	.type	copyinstr, @function
copyinstr:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %esi		/* user source */
	movl	16(%esp), %edi		/* kernel destination */
	movl	20(%esp), %ecx		/* max */
	SET_ONFAULT(copyinstr_fault)
1:	testl	%ecx, %ecx
	jz	copyinstr_toolong
	cmpl	$VM_MAX_USER_ADDRESS, %esi
	jae	copyinstr_fault
	lodsb
	stosb
	decl	%ecx
	testb	%al, %al
	jnz	1b
	xorl	%eax, %eax
	jmp	copyinstr_done
copyinstr_toolong:
	movl	$ENAMETOOLONG, %eax
	jmp	copyinstr_done
copyinstr_fault:
	movl	$EFAULT, %eax
copyinstr_done:
	CLEAR_ONFAULT
	movl	24(%esp), %edx		/* done */
	testl	%edx, %edx
	jz	2f
	movl	20(%esp), %ecx
	subl	16(%esp), %edi
	movl	%edi, (%edx)
2:	popl	%edi
	popl	%esi
	ret
	.size	copyinstr, . - copyinstr

/*
 * int sysmsg_writeback(umsg, flags, error, result64): phase 3 of a
 * message system call, four stores into the user's header (sm_flags,
 * sm_error, sm_result) with fault recovery; 0 or EFAULT.
 */
	.globl	sysmsg_writeback
	.type	sysmsg_writeback, @function
sysmsg_writeback:
	movl	4(%esp), %ecx			/* umsg */
	cmpl	$(VM_MAX_USER_ADDRESS - 32), %ecx
	ja	1f
	movl	%fs:GD_CURTHREAD, %edx
	movl	$1f, TD_ONFAULT(%edx)
	movl	8(%esp), %eax
	movl	%eax, 4(%ecx)			/* sm_flags */
	movl	12(%esp), %eax
	movl	%eax, 8(%ecx)			/* sm_error */
	movl	16(%esp), %eax
	movl	%eax, 16(%ecx)			/* sm_result, low */
	movl	20(%esp), %eax
	movl	%eax, 20(%ecx)			/* sm_result, high */
	movl	$0, TD_ONFAULT(%edx)
	xorl	%eax, %eax
	ret
1:	movl	%fs:GD_CURTHREAD, %edx
	movl	$0, TD_ONFAULT(%edx)
	movl	$EFAULT, %eax
	ret
	.size	sysmsg_writeback, . - sysmsg_writeback

/* void cpu_enter_user(struct trapframe *tf): leave for ring 3 through
 * doreti with the given frame (which must be at the top of the stack). */
	.globl	cpu_enter_user
	.type	cpu_enter_user, @function
cpu_enter_user:
	movl	4(%esp), %esp
	jmp	doreti
	.size	cpu_enter_user, . - cpu_enter_user

	.section .note.GNU-stack,"",@progbits
