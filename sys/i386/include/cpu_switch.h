/*
 * machine/cpu_switch.h - what the machine must change when a CPU changes
 * threads, before cpu_lwkt_switch() (swtch.S) changes the stacks: for
 * lwkt_switch_int() (sys/kern/lwkt_thread.c) alone.
 */
#ifndef _MACHINE_CPU_SWITCH_H_
#define _MACHINE_CPU_SWITCH_H_

#include <sys/types.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <machine/iomap.h>

/*
 * Before switching to ntd: its address space (a kernel thread working for
 * a process has one too) and, for a user thread, its kernel stack for
 * ring-3 entries (the TSS's esp0 and the sysenter entry's), its ports
 * and its floating-point state (fpu.c).  A kernel thread is never
 * entered from ring 3, so the stack pointers, the I/O map and the FPU
 * stay as the last user thread left them: a switch from a user thread
 * to a kernel thread and back (to the idle thread while a driver waits
 * for its interrupt) sets them once.  Inline in the switch
 * (lwkt_switch_int): every switch pays it, two or four a user-driver
 * request.  In the switch's critical section.
 */
static inline void
cpu_switch_prepare(thread_t ntd)
{
	globaldata_t gd = mycpu;
	struct lwp *lp = ntd->td_lwp;
	vm_offset_t esp0;

	if (ntd->td_cr3 != 0 && ntd->td_cr3 != rcr3())
		lcr3(ntd->td_cr3);
	if (lp == NULL)
		return;
	esp0 = (vm_offset_t)fpu_area(ntd);
	gd->gd_tss.tss_esp0 = esp0;
	gd->gd_sysenter_esp0 = esp0;
	if (__predict_false(lp->lwp_proc->p_io.pio_serial != iomap_serial))
		iomap_switch(&lp->lwp_proc->p_io); /* machine/iomap.h */
	if (ntd != gd->gd_fpthread)
		fpu_switch(ntd);
}

#endif /* !_MACHINE_CPU_SWITCH_H_ */
