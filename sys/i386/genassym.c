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
#include <sys/sysent.h>
#include <sys/agent.h>
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
	ASSYM(SYSMSG_OPFIRST, SYSMSG_OPFIRST);	/* a service's operations */
	ASSYM(SYS_MAXSYSCALL, SYS_MAXSYSCALL);
	ASSYM(USER_LIMIT, VM_MAX_USER_ADDRESS);	/* user space ends */
	ASSYM(SYSENTER_OWED, SYSENTER_OWED);	/* kern_sendsys_lean() */
	ASSYM(SYSENTER_RESTART, SYSENTER_RESTART);
	/* The sysenter entry's common case: the message on its stack, the
	 * table, the user's header, the way out. */
	ASSYM(TD_AST, offsetof(struct thread, td_ast));
	ASSYM(EFAULT, EFAULT);
	ASSYM(SM_SIZE, (sizeof(struct sysmsg) + 3) & ~3);
	ASSYM(SM_CMD, offsetof(struct sysmsg, sm_lmsg.ms_cmd));
	ASSYM(SM_RETVAL, offsetof(struct sysmsg, sm_lmsg.ms_result64));
	ASSYM(SM_FRAME, offsetof(struct sysmsg, sm_frame));
	ASSYM(SM_UMSG, offsetof(struct sysmsg, sm_umsg));
	ASSYM(SM_ARGS, offsetof(struct sysmsg, sm_args));
	/* the arguments' copy starts at sm_cookie's high word (kern_syscall.c) */
	ASSYM(SM_COPY, offsetof(struct sysmsg, sm_hdr) +
	    offsetof(struct sysmsg_hdr, sm_cookie) + 4);
	ASSYM(SMH_COPY, offsetof(struct sysmsg_hdr, sm_cookie) + 4);
	ASSYM(SMH_FLAGS, offsetof(struct sysmsg_hdr, sm_flags));
	ASSYM(SMH_ERROR, offsetof(struct sysmsg_hdr, sm_error));
	ASSYM(SMH_RESULT, offsetof(struct sysmsg_hdr, sm_result));
	ASSYM(SMF_DONE, SMF_DONE);
	ASSYM(SYSMSG_MAXSIZE, SYSMSG_MAXSIZE);
	ASSYM(SL_SIZE, offsetof(struct sysent_lean, sl_size));
	ASSYM(SL_CALL, offsetof(struct sysent_lean, sl_call));
}
