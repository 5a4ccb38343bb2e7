/*
 * machine/frame.h - the trap frame.
 *
 * Built on the kernel stack by the generated vector stubs (vectors.S) and
 * the common entry code (exception.S), lowest address first.  The last
 * two words exist only for traps from ring 3.  exception.S relies on this
 * layout through assym.h.
 */
#ifndef _MACHINE_FRAME_H_
#define _MACHINE_FRAME_H_

#include <sys/types.h>

struct trapframe {
	uint32_t tf_edi;	/* pushal */
	uint32_t tf_esi;
	uint32_t tf_ebp;
	uint32_t tf_isp;	/* esp at pushal time, unused */
	uint32_t tf_ebx;
	uint32_t tf_edx;
	uint32_t tf_ecx;
	uint32_t tf_eax;
	uint32_t tf_gs;		/* segment registers, saved by exception.S */
	uint32_t tf_fs;
	uint32_t tf_es;
	uint32_t tf_ds;
	uint32_t tf_trapno;	/* vector, pushed by the stub */
	uint32_t tf_err;	/* error code (CPU or stub-pushed zero) */
	uint32_t tf_eip;	/* pushed by the CPU */
	uint32_t tf_cs;
	uint32_t tf_eflags;
	uint32_t tf_esp;	/* only for traps from ring 3 */
	uint32_t tf_ss;
};
_Static_assert(sizeof(struct trapframe) == 19 * 4, "trapframe layout");

#define TRAPF_USERMODE(tf)	(((tf)->tf_cs & 3) == 3)

#endif
