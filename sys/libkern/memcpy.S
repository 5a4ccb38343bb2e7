/*
 * memcpy and memset for i386, shared by libc and the kernel.
 *
 * Both move 32-bit words with a string instruction and finish the tail
 * bytewise.  They are the copy floor the benchmarks compare against.
 */
	.text

/* void *memcpy(void *dst, const void *src, size_t n) */
	.globl	memcpy
	.type	memcpy, @function
memcpy:
	pushl	%edi
	pushl	%esi
	movl	12(%esp), %edi
	movl	16(%esp), %esi
	movl	20(%esp), %ecx
	movl	%edi, %eax		/* return dst */
	movl	%ecx, %edx
	shrl	$2, %ecx
	rep movsl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep movsb
	popl	%esi
	popl	%edi
	ret
	.size	memcpy, . - memcpy

/* void *memset(void *dst, int c, size_t n) */
	.globl	memset
	.type	memset, @function
memset:
	pushl	%edi
	movl	8(%esp), %edi
	movzbl	12(%esp), %eax
	movl	16(%esp), %ecx
	imull	$0x01010101, %eax, %eax
	movl	%ecx, %edx
	shrl	$2, %ecx
	rep stosl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep stosb
	movl	8(%esp), %eax		/* return dst */
	popl	%edi
	ret
	.size	memset, . - memset

	.section .note.GNU-stack,"",@progbits
