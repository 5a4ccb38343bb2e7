/*
 * crt0.S - where every user program starts.
 *
 * execve leaves on the stack: argc, argv[0..argc-1], NULL, envp[], NULL.
 * _start sets environ and calls exit(main(argc, argv, envp)).
 */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp			/* end of backtraces */
	movl	(%esp), %eax			/* argc */
	leal	4(%esp), %ebx			/* argv */
	leal	8(%esp, %eax, 4), %ecx		/* envp = argv + argc + 1 */
	movl	%ecx, environ
	andl	$-16, %esp
	subl	$4, %esp
	pushl	%ecx
	pushl	%ebx
	pushl	%eax
	call	main
	movl	%eax, (%esp)
	call	exit
1:	hlt					/* not reached */
	jmp	1b

	.data
	.globl	environ
environ:
	.long	0
	.section .note.GNU-stack,"",@progbits
