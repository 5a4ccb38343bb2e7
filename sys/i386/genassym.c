/*
 * genassym.c - structure offsets for assembly.
 *
 * Compiled to assembly only (never linked); the build greps the "->NAME
 * value" markers out of the output into obj/.../assym.h.  Assembly files
 * include assym.h instead of typing offsets by hand.
 */
#include <sys/types.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/frame.h>

#define ASSYM(name, value)						\
	__asm__ __volatile__("\n->" #name " %c0" : : "n"(value))

void genassym(void);

void
genassym(void)
{
	ASSYM(TD_SP, offsetof(struct thread, td_sp));
	ASSYM(GD_CURTHREAD, offsetof(struct globaldata, gd_curthread));
	ASSYM(TF_EIP, offsetof(struct trapframe, tf_eip));
	ASSYM(TF_SIZE, sizeof(struct trapframe));
}
