/*
 * machine/md_var.h - the seam between sys/i386 and the rest of the
 * kernel, in both directions: what the machine layer provides to the
 * machine-independent code (cpu_*: entering user mode, system call
 * results; the interrupt controller and the console and serial hooks;
 * the thread-switch hook is inline in machine/cpu_switch.h), what its files share among themselves
 * (traps, the boot stack), and the machine-independent entry points
 * the i386 boot code calls (vm_page_startup with the physical memory
 * ranges it found, then mi_startup).
 */
#ifndef _MACHINE_MD_VAR_H_
#define _MACHINE_MD_VAR_H_

#include <sys/types.h>

struct trapframe;
struct thread;

struct phys_range {
	vm_paddr_t pr_start;
	vm_paddr_t pr_end;		/* exclusive */
};

extern char boot_stack[], boot_stack_top[];

void	init386(uint32_t magic, vm_paddr_t mbi_pa);
void	mi_startup(void) __attribute__((__noreturn__));
void	com_cninit(void);
void	icu_init(void);
void	icu_mask(int irq);
void	icu_unmask(int irq);
void	icu_eoi(int irq);
bool	icu_spurious(int irq);
void	intr_handle(struct trapframe *tf, int irq);
void	intr_register(int irq, void (*fn)(void *), void *arg,
	    const char *name);
void	intr_replay_pending(void);
const char *trap_name(unsigned vec);
void	trap(struct trapframe *tf);
struct globaldata;
void	syscall80(struct trapframe *tf);
bool	syscall81(struct trapframe *tf)	/* tf in eax */
	    __attribute__((__regparm__(1)));
void	sysenter_owed(struct trapframe *tf)	/* tf in eax */
	    __attribute__((__regparm__(1)));
void	Xsyscall80(void), Xsyscall81(void), Xsysenter(void), Xdebug(void);
void	sysenter_init(struct globaldata *gd);
extern int cpu_sysenter;
void	cpu_enter_user(struct trapframe *tf) __attribute__((__noreturn__));
void	cpu_set_syscall_result(struct trapframe *tf, int error, int64_t result);
void	cpu_set_user_frame(struct trapframe *tf, vm_offset_t eip, vm_offset_t esp);
void	dblfault_handler(void);
void	cpu_initclocks(void);
void	vm_page_startup(struct phys_range *avail, int navail,
	    struct phys_range *used, int nused, vm_paddr_t first_free);

#endif
