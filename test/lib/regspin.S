/*
 * regspin.S - regs_spin(), for the tests that an interruption (a signal
 * handler, an upcall) gives back every register it found.
 *
 * regs_spin loads a known value into every general register and sets
 * the direction flag, then spins until spin_flag is set (by the handler
 * it waits for) or spin_left counts down to 0.  On the way out it
 * compares each register with what it loaded: spin_bad gets bit 0-6 for
 * eax, ebx, ecx, edx, esi, edi, ebp changed, and bit 7 for DF cleared.
 * spin_left is 0 after a timeout.  Declared in test/include/utest.h.
 */
	.data
	.globl	spin_flag, spin_left, spin_bad
spin_flag:	.long	0
spin_left:	.long	0
spin_bad:	.long	0

	.text
/* check REG VALUE BIT: set BIT in spin_bad unless REG == VALUE */
.macro	check reg, value, bit
	cmpl	$\value, \reg
	je	1f
	orl	$\bit, spin_bad
1:
.endm

	.globl	regs_spin
regs_spin:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	$0x5a5a0001, %eax
	movl	$0x5a5a0002, %ebx
	movl	$0x5a5a0003, %ecx
	movl	$0x5a5a0004, %edx
	movl	$0x5a5a0005, %esi
	movl	$0x5a5a0006, %edi
	movl	$0x5a5a0007, %ebp
	std
1:	cmpl	$0, spin_flag
	jne	2f
	decl	spin_left
	jnz	1b
2:	movl	$0, spin_bad
	pushfl
	testl	$0x400, (%esp)		/* DF */
	jnz	3f
	orl	$0x80, spin_bad
3:	addl	$4, %esp
	cld
	check	%eax, 0x5a5a0001, 0x01
	check	%ebx, 0x5a5a0002, 0x02
	check	%ecx, 0x5a5a0003, 0x04
	check	%edx, 0x5a5a0004, 0x08
	check	%esi, 0x5a5a0005, 0x10
	check	%edi, 0x5a5a0006, 0x20
	check	%ebp, 0x5a5a0007, 0x40
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
	.section .note.GNU-stack,"",@progbits
