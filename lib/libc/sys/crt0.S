/*
 * crt0.S - where every user program starts.
 *
 * execve leaves on the stack: argc, argv[0..argc-1], NULL, envp[], NULL.
 * _start picks the system call gate (gate.c), sets environ (newlib's variable), runs the constructors
 * (__libc_init_array, initfini.c: .preinit_array, .init_array), registers
 * the destructors (__libc_fini_array: .fini_array) with atexit so
 * that exit() runs them after the program's own atexit handlers, and
 * calls exit(main(argc, argv, envp)).  exit() also flushes and closes
 * every stdio stream before _exit.
 */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp			/* end of backtraces */
	call	__sysmsg_select			/* gate.c: sysenter or int 0x81 */
	movl	(%esp), %eax			/* argc */
	leal	4(%esp), %ebx			/* argv */
	leal	8(%esp, %eax, 4), %ecx		/* envp = argv + argc + 1 */
	movl	%ecx, environ
	andl	$-16, %esp			/* the i386 ABI's alignment */
	subl	$4, %esp
	pushl	%ecx
	pushl	%ebx
	pushl	%eax
	call	__libc_init_array		/* preserves ebx, esi, edi */
	subl	$12, %esp
	pushl	$__libc_fini_array
	call	atexit
	addl	$16, %esp
	call	main
	movl	%eax, (%esp)
	call	exit
1:	hlt					/* not reached */
	jmp	1b

	.section .note.GNU-stack,"",@progbits
