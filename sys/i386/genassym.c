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
#include <sys/errno.h>
#include <sys/syscall.h>
#include <sys/sysmsg.h>
#include <machine/frame.h>
#include <machine/pmap.h>

#define ASSYM(name, value)						\
	__asm__ __volatile__("\n->" #name " %c0" : : "n"(value))

void genassym(void);

void
genassym(void)
{
	ASSYM(TD_SP, offsetof(struct thread, td_sp));
	ASSYM(TD_SYSARGS, offsetof(struct thread, td_sysargs));
	ASSYM(GD_CURTHREAD, offsetof(struct globaldata, gd_curthread));
	ASSYM(TF_EIP, offsetof(struct trapframe, tf_eip));
	ASSYM(TF_SIZE, sizeof(struct trapframe));
	ASSYM(TF_EFLAGS, offsetof(struct trapframe, tf_eflags));
	/* The system call entries' checks in assembly. */
	ASSYM(PSL_C, PSL_C);
	ASSYM(PSL_I, PSL_I);
	ASSYM(PSL_T, PSL_T);
	ASSYM(PSL_NT, PSL_NT);
	ASSYM(EBADF, EBADF);
	ASSYM(ENOSYS, ENOSYS);
	ASSYM(SYSPORT_MAX, SYSPORT_MAX);
	ASSYM(SYS_MAXSYSCALL, SYS_MAXSYSCALL);
	ASSYM(USER_LIMIT, VM_MAX_USER_ADDRESS);	/* user space ends */
	ASSYM(SYSENTER_OWED, SYSENTER_OWED);	/* kern_sendsys_lean() */
	ASSYM(SYSENTER_RESTART, SYSENTER_RESTART);
}
