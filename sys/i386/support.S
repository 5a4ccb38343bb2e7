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
 * took at send (td_sysargs set: a worker) has no user address space:
 * the kernel's page directory maps nothing below VM_MAX_USER_ADDRESS,
 * so its first access to a user address faults, before a byte has
 * moved, and trap() resumes at the recovery label.  There, and only
 * there, td_sysargs is looked at: set, the call goes, arguments as they
 * came, to the C function that answers from the message's arguments
 * (sysargs_copyin and the others, kern_sysargs.c).  The path that does
 * not fault costs not one instruction more.
 */
#include <sys/errno.h>
#include <machine/pmap.h>
#include <machine/extable.h>
#include "assym.h"

	.text
/* Move ecx bytes from esi to edi (words, then the tail); a fault in
 * either move goes to fixup. */
#define MOVE_BYTES(fixup)			\
	movl	%ecx, %eax;			\
	shrl	$2, %ecx;			\
98:	rep movsl;				\
	movl	%eax, %ecx;			\
	andl	$3, %ecx;			\
99:	rep movsb;				\
	EXTABLE(98b, fixup);			\
	EXTABLE(99b, fixup)

/* label: the recovery label of function fn: EFAULT, unless the thread runs a
 * call on its message's arguments (td_sysargs): then, with esi and edi
 * restored and the arguments untouched, sysargs_<fn>() answers. */
#define SYSARGS_FAULT(label, fn, efault)	\
label:						\
	movl	%fs:GD_CURTHREAD, %eax;		\
	cmpl	$0, TD_SYSARGS(%eax);		\
	je	efault;				\
	popl	%edi;				\
	popl	%esi;				\
	jmp	sysargs_##fn

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
	MOVE_BYTES(copyin_fault)
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
	MOVE_BYTES(copyout_fault)
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
	.size	copyout, . - copyout

SYSARGS_FAULT(copyin_fault, copyin, copy_efault)
SYSARGS_FAULT(copyout_fault, copyout, copy_efault)
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
	EXTABLE(2b, copyinstr_sa_fault)
SYSARGS_FAULT(copyinstr_sa_fault, copyinstr, copyinstr_fault)
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
