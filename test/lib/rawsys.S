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
	.section .note.GNU-stack,"",@progbits
