/*
 * rawsys.S - the gates without libc, for tests of bad input.
 *
 *   int raw81(int eax, int ecx, int edx)           int 0x81, returns eax
 *   int raw80(int num, int *carry, a1, a2, a3)     int 0x80 with three
 *       arguments on the stack as a libc stub would leave them; returns
 *       eax and stores the carry flag in *carry
 *   int raw80v(int num, int *carry, const int *args)  the same with
 *       eight argument words from args (enough for any call)
 *   int raw80_badstack(int num)                   int 0x80 with esp
 *       pointing into the kernel, so the arguments cannot be read
 *   int rawenter(int eax, int ecx, int edx)       the same as raw81,
 *       through sysenter (esi, edi: return here with this esp)
 *   int rawenter_regs(int eax, int ecx, int edx, uint32_t out[7])
 *       rawenter with ebx = 0x5a5a0002, ebp = 0x5a5a0007 and DF set;
 *       out = ebx, ebp, esi, the esi passed, edi, the edi passed, and
 *       the eflags found after the call
 *   void rawenter_garbage(int eax, int eip, int esp)  sysenter with
 *       esi = eip, edi = esp as given (and ecx = 0, edx = 24: a
 *       sendsys of a message at address 0, EFAULT); it never returns
 *       here: the thread goes on at eip with esp
 *   int rawenter_tf(int eax, int ecx, int edx)    rawenter with TF set
 *       (single-stepping): a SIGTRAP follows the return
 */
	.text
	.globl	raw81
raw81:
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	movl	12(%esp), %edx
	int	$0x81
	ret

	.globl	raw80
raw80:
	pushl	%ebx
	movl	8(%esp), %eax		/* num */
	pushl	24(%esp)		/* a3 */
	pushl	24(%esp)		/* a2 */
	pushl	24(%esp)		/* a1 */
	call	1f			/* a return address, as for a stub */
	setc	%bl
	movzbl	%bl, %ebx
	addl	$12, %esp
	movl	12(%esp), %ecx		/* carry */
	movl	%ebx, (%ecx)
	popl	%ebx
	ret
1:	int	$0x80
	ret

	.globl	raw80v
raw80v:
	pushl	%ebx
	pushl	%esi
	movl	12(%esp), %eax		/* num */
	movl	20(%esp), %esi		/* args */
	movl	$7, %ecx
2:	pushl	(%esi,%ecx,4)		/* args[7] first: args[0] lowest */
	decl	%ecx
	jns	2b
	call	3f			/* a return address, as for a stub */
	setc	%bl
	movzbl	%bl, %ebx
	addl	$32, %esp
	movl	16(%esp), %ecx		/* carry */
	movl	%ebx, (%ecx)
	popl	%esi
	popl	%ebx
	ret
3:	int	$0x80
	ret

	.globl	raw80_badstack
raw80_badstack:
	pushl	%ebp
	movl	%esp, %ebp
	movl	8(%ebp), %eax
	movl	$0xbffffffc, %esp	/* args at 0xc0000000: kernel space */
	int	$0x80
	movl	%ebp, %esp
	popl	%ebp
	ret

	.globl	rawenter
rawenter:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %eax
	movl	16(%esp), %ecx
	movl	20(%esp), %edx
	movl	$1f, %esi
	movl	%esp, %edi
	sysenter
1:	popl	%edi
	popl	%esi
	ret

	.globl	rawenter_regs
rawenter_regs:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %eax
	movl	24(%esp), %ecx
	movl	28(%esp), %edx
	movl	$0x5a5a0002, %ebx
	movl	$0x5a5a0007, %ebp
	movl	$1f, %esi
	movl	%esp, %edi
	std
	sysenter
1:	pushfl
	cld
	pushl	%eax
	movl	40(%esp), %eax		/* out (8 above the four saves) */
	movl	%ebx, (%eax)
	movl	%ebp, 4(%eax)
	movl	%esi, 8(%eax)
	movl	$1b, 12(%eax)
	movl	%edi, 16(%eax)
	leal	8(%esp), %ebx		/* the esp passed */
	movl	%ebx, 20(%eax)
	movl	4(%esp), %ebx		/* eflags */
	movl	%ebx, 24(%eax)
	popl	%eax
	addl	$4, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.globl	rawenter_garbage
rawenter_garbage:
	movl	4(%esp), %eax
	movl	8(%esp), %esi
	movl	12(%esp), %edi
	xorl	%ecx, %ecx
	movl	$24, %edx
	sysenter
	ret

	.globl	rawenter_tf
rawenter_tf:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %eax
	movl	16(%esp), %ecx
	movl	20(%esp), %edx
	movl	$1f, %esi
	movl	%esp, %edi
	pushfl
	orl	$0x100, (%esp)
	popfl				/* TF: a step trap after the next */
	sysenter
1:	popl	%edi
	popl	%esi
	ret
	.section .note.GNU-stack,"",@progbits
