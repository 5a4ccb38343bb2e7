/*
 * sendsys.S - the three int 0x81 entry points (see sys/sys/sysmsg.h).
 *
 *   int __sendsys(int port, struct sysmsg_hdr *msg, size_t size)
 *   int __waitsys(int port, struct sysmsg_hdr *msg)
 *   int __flushsys(void)
 *
 * Registers in: eax = port, ecx = msg, edx = size (0 for waitsys, all 0
 * for flushsys).  Out: eax = errno.  Every other register is preserved.
 */
	.text
	.globl	__sendsys
	.type	__sendsys, @function
__sendsys:
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	movl	12(%esp), %edx
	int	$0x81
	ret
	.size	__sendsys, . - __sendsys

	.globl	__waitsys
	.type	__waitsys, @function
__waitsys:
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	xorl	%edx, %edx
	int	$0x81
	ret
	.size	__waitsys, . - __waitsys

	.globl	__flushsys
	.type	__flushsys, @function
__flushsys:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	int	$0x81
	ret
	.size	__flushsys, . - __flushsys

	.section .note.GNU-stack,"",@progbits
