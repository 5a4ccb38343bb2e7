/*
 * support.S - copying between the kernel and user space.
 *
 * Every user pointer the kernel follows goes through these (or through
 * the inline forms in machine/extable.h).  Each checks that the user
 * range lies entirely below VM_MAX_USER_ADDRESS (without wrapping); each
 * instruction that touches user memory has an exception-table entry
 * (machine/extable.h), so a page fault there that the VM cannot satisfy
 * makes trap() resume at the recovery label, which returns EFAULT.
 * CR0.WP is set, so writing a read-only user page faults too.
 *
 *   int copyin(const void *uaddr, void *kaddr, size_t len)
 *   int copyout(const void *kaddr, void *uaddr, size_t len)
 *   int copyinstr(const void *uaddr, char *kaddr, size_t max, size_t *done)
 *       copies up to and including the NUL; ENAMETOOLONG if none within
 *       max bytes; *done (if not NULL) counts the bytes copied.
 *
 * A thread running an asynchronous call on the arguments its message
 * took at send (td_sysargs set: a worker, which has no user address
 * space) is sent, arguments untouched, to the C functions that answer
 * from those (sysargs_copyin and the others, kern_sysargs.c).  Three
 * instructions for everyone else.
 */
#include <sys/errno.h>
#include <machine/pmap.h>
#include <machine/extable.h>
#include "assym.h"

	.text
/* Move ecx bytes from esi to edi (words, then the tail); a fault in
 * either move goes to copy_efault. */
#define MOVE_BYTES				\
	movl	%ecx, %eax;			\
	shrl	$2, %ecx;			\
98:	rep movsl;				\
	movl	%eax, %ecx;			\
	andl	$3, %ecx;			\
99:	rep movsb;				\
	EXTABLE(98b, copy_efault);		\
	EXTABLE(99b, copy_efault)

	.globl	copyin
	.type	copyin, @function
copyin:
	movl	%fs:GD_CURTHREAD, %eax
	cmpl	$0, TD_SYSARGS(%eax)
	jne	sysargs_copyin
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
	MOVE_BYTES
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
	.size	copyin, . - copyin

	.globl	copyout
	.type	copyout, @function
copyout:
	movl	%fs:GD_CURTHREAD, %eax
	cmpl	$0, TD_SYSARGS(%eax)
	jne	sysargs_copyout
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
	MOVE_BYTES
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
	.size	copyout, . - copyout

copy_efault:
	movl	$EFAULT, %eax
	popl	%edi
	popl	%esi
	ret

	.globl	copyinstr
	.type	copyinstr, @function
copyinstr:
	movl	%fs:GD_CURTHREAD, %eax
	cmpl	$0, TD_SYSARGS(%eax)
	jne	sysargs_copyinstr
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %esi		/* user source */
	movl	16(%esp), %edi		/* kernel destination */
	movl	20(%esp), %ecx		/* max */
1:	testl	%ecx, %ecx
	jz	copyinstr_toolong
	cmpl	$VM_MAX_USER_ADDRESS, %esi
	jae	copyinstr_fault
2:	lodsb
	stosb
	decl	%ecx
	testb	%al, %al
	jnz	1b
	xorl	%eax, %eax
	jmp	copyinstr_done
	EXTABLE(2b, copyinstr_fault)
copyinstr_toolong:
	movl	$ENAMETOOLONG, %eax
	jmp	copyinstr_done
copyinstr_fault:
	movl	$EFAULT, %eax
copyinstr_done:
	movl	24(%esp), %edx		/* done */
	testl	%edx, %edx
	jz	3f
	movl	20(%esp), %ecx
	subl	16(%esp), %edi
	movl	%edi, (%edx)
3:	popl	%edi
	popl	%esi
	ret
	.size	copyinstr, . - copyinstr

/* void cpu_enter_user(struct trapframe *tf): leave for ring 3 through
 * doreti with the given frame (which must be at the top of the stack). */
	.globl	cpu_enter_user
	.type	cpu_enter_user, @function
cpu_enter_user:
	movl	4(%esp), %esp
	jmp	doreti
	.size	cpu_enter_user, . - cpu_enter_user

	.section .note.GNU-stack,"",@progbits
