/*
 * locore.S - the first instructions.
 *
 * The boot loader (GRUB, or qemu -kernel) enters _start in 32-bit
 * protected mode with paging off, eax = the Multiboot magic and ebx = the
 * physical address of the Multiboot information.  We:
 *
 *   1. clear .bss (the loader should, but it costs little to be sure);
 *   2. build boot_pd, a page directory mapping the first EARLY_MAP 4MB
 *      pages twice, at 0 (so this code keeps running) and at KERNBASE;
 *   3. enable paging and jump to the high half;
 *   4. call init386(magic, mbi) on the boot stack.
 *
 * pmap_bootstrap() later replaces boot_pd with the real kernel page
 * directory, which has no low identity mapping.
 */
#include <machine/multiboot.h>
#include <machine/param.h>
#include <machine/pmap.h>

#define MB_FLAGS	(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)
#define EARLY_MAP	16			/* 4MB pages mapped at boot */
#define V2P(x)		((x) - KERNBASE)

	.section .multiboot, "a"
	.align	4
	.long	MULTIBOOT_HEADER_MAGIC
	.long	MB_FLAGS
	.long	-(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.globl	_start
_start:
	cli
	cld
	movl	%eax, %esi			/* magic */
	movl	%ebx, %ebp			/* multiboot info (physical) */

	/* 1. clear .bss */
	movl	$V2P(__bss_start), %edi
	movl	$V2P(_end), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	/* 2. boot_pd[i] = boot_pd[KERNBASE >> 22 + i] = 4MB page i */
	movl	$V2P(boot_pd), %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$PDRSHIFT, %eax
	orl	$(PG_V | PG_RW | PG_PS), %eax
	movl	%eax, (%edi, %ecx, 4)
	movl	%eax, (KERNBASE >> PDRSHIFT) * 4(%edi, %ecx, 4)
	incl	%ecx
	cmpl	$EARLY_MAP, %ecx
	jb	1b

	/* 3. paging on */
	movl	%cr4, %eax
	orl	$CR4_PSE, %eax
	movl	%eax, %cr4
	movl	%edi, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	movl	$high, %eax
	jmp	*%eax

	.text
high:
	/* 4. onto the boot stack, high addresses from here on */
	movl	$boot_stack_top, %esp
	pushl	%ebp				/* mbi */
	pushl	%esi				/* magic */
	xorl	%ebp, %ebp			/* end of backtraces */
	call	init386
2:	hlt
	jmp	2b

	.bss
	.align	4096
	.globl	boot_pd
boot_pd:
	.space	4096
	.globl	boot_stack, boot_stack_top
boot_stack:
	.space	4 * 4096
boot_stack_top:

	.section .note.GNU-stack,"",@progbits
