/*
 * trap.c - the IDT and the C side of every trap and interrupt.
 *
 * idt_init() installs the generated stubs (vectors.S) as interrupt gates,
 * so every entry starts with interrupts disabled, the two system call
 * entries as trap gates, and a task gate for the double fault.  trap() sorts what arrives:
 *
 *   IRQs (vectors 32..47)  -> intr_handle() (intr.c), which defers the
 *                             work if the thread is in a critical section;
 *   exceptions from ring 0 -> fatal: print the trap, registers and a
 *                             backtrace, then panic;
 *   a fault on user memory from an instruction with an exception-table
 *                             entry (copyin/copyout...) -> the page is
 *                             filled in, or the access returns EFAULT
 *                             (machine/extable.h);
 *   exceptions from ring 3 -> the process is killed with a message (a
 *                             page fault that finds memory out goes to
 *                             vm_oom.c instead: the rule there decides),
 *                             except that a divide error or an unmasked
 *                             x87 (#MF) or SSE (#XM) exception runs the
 *                             process's SIGFPE handler if it has one;
 *   int 0x80, int 0x81     -> the two system call gates (DPL 3), which
 *                             enter syscall80()/syscall81() directly;
 *   sysenter               -> no gate: the CPU jumps to Xsysenter through
 *                             the MSRs sysenter_init() sets, which runs
 *                             the common message with no frame (in
 *                             assembly, or kern_sendsys_lean), or builds
 *                             int 0x81's frame and calls syscall81() too,
 *                             or, when userret() has work after a lean
 *                             call, sysenter_owed(); it leaves with
 *                             sysexit when the frame allows (exception.S
 *                             says when).
 *
 * Every return to ring 3 passes through userret() (signals, time slice);
 * the lean sysenter path makes its test, td_ast (sys/proc.h), and builds
 * the frame for userret() only when it is set.
 *
 * On the way out of an interrupt, if a higher-priority thread became
 * runnable and the interrupted thread is not in a critical section, we
 * switch to it from here: the interrupted thread's frame stays on its own
 * stack until it runs again.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include <machine/frame.h>
#include <machine/extable.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>
#include <machine/fpu.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/errno.h>
#include <sys/sysctl.h>
#include <vm/vm_map.h>

static struct gate_descriptor idt[NIDT];

struct vector_entry {
	uint32_t ve_vec;
	void	(*ve_stub)(void);
};
extern struct vector_entry vectors[];
extern uint32_t nvectors;

static const char *const trap_names[NRSVIDT] = {
	[IDT_DE] = "divide error",
	[IDT_DB] = "debug",
	[IDT_NMI] = "non-maskable interrupt",
	[IDT_BP] = "breakpoint",
	[IDT_OF] = "overflow",
	[IDT_BR] = "bound range exceeded",
	[IDT_UD] = "invalid opcode",
	[IDT_NM] = "device not available",
	[IDT_DF] = "double fault",
	[9] = "coprocessor segment overrun",
	[IDT_TS] = "invalid TSS",
	[IDT_NP] = "segment not present",
	[IDT_SS] = "stack fault",
	[IDT_GP] = "general protection fault",
	[IDT_PF] = "page fault",
	[IDT_MF] = "floating point error",
	[IDT_AC] = "alignment check",
	[IDT_MC] = "machine check",
	[IDT_XF] = "SIMD floating point error",
};

const char *
trap_name(unsigned vec)
{
	if (vec < NRSVIDT && trap_names[vec] != NULL)
		return (trap_names[vec]);
	if (vec >= IDT_IRQ0 && vec < IDT_IRQ0 + NIRQ)
		return ("hardware interrupt");
	return ("unknown trap");
}

void
idt_setgate(int vec, void (*fn)(void), int type, int dpl)
{
	struct gate_descriptor *gd = &idt[vec];
	uint32_t off = (uint32_t)fn;

	gd->gd_looffset = off & 0xffff;
	gd->gd_selector = GCODE_SEL;
	gd->gd_zero = 0;
	gd->gd_type = 0x80 | (dpl << 5) | type;
	gd->gd_hioffset = off >> 16;
}

void
idt_init(void)
{
	struct region_descriptor rd;
	uint32_t i;

	for (i = 0; i < nvectors; i++)
		idt_setgate(vectors[i].ve_vec, vectors[i].ve_stub,
		    SDT_SYS386IGT, SEL_KPL);
	/* The system call gates: callable from ring 3, interrupts stay on. */
	idt_setgate(IDT_SYSCALL, Xsyscall80, SDT_SYS386TGT, SEL_UPL);
	idt_setgate(IDT_SYSMSG, Xsyscall81, SDT_SYS386TGT, SEL_UPL);
	/* Debug: ignores the step traps of the sysenter entry's first
	 * instructions (a user's TF survives sysenter), then as vector1. */
	idt_setgate(IDT_DB, Xdebug, SDT_SYS386IGT, SEL_KPL);
	/* Double fault: a task gate to the double fault TSS. */
	idt[IDT_DF].gd_looffset = 0;
	idt[IDT_DF].gd_selector = GDBLF_SEL;
	idt[IDT_DF].gd_zero = 0;
	idt[IDT_DF].gd_type = 0x80 | SDT_SYSTASKGT;
	idt[IDT_DF].gd_hioffset = 0;

	rd.rd_limit = sizeof(idt) - 1;
	rd.rd_base = (uint32_t)idt;
	lidt(&rd);
}

/* Does td run in its process's address space (a user thread), so that a
 * fault on a user address is that process's?  A kernel thread never
 * does: a worker running a call for a process reaches the call's
 * arguments through its message (sys/sysargs.h), never user memory. */
static inline bool
trap_in_user_space(thread_t td)
{
	struct proc *p = td->td_proc;

	return (td->td_lwp != NULL && p != NULL && p->p_vmspace != NULL);
}

static void
trap_print_regs(struct trapframe *tf)
{
	kprintf("eax=%08x ebx=%08x ecx=%08x edx=%08x\n",
	    tf->tf_eax, tf->tf_ebx, tf->tf_ecx, tf->tf_edx);
	kprintf("esi=%08x edi=%08x ebp=%08x esp=%08x\n",
	    tf->tf_esi, tf->tf_edi, tf->tf_ebp,
	    TRAPF_USERMODE(tf) ? tf->tf_esp :
	    (uint32_t)&tf->tf_esp);
	kprintf("eip=%08x cs=%04x ds=%04x es=%04x fs=%04x gs=%04x "
	    "eflags=%08x\n", tf->tf_eip, tf->tf_cs & 0xffff,
	    tf->tf_ds & 0xffff, tf->tf_es & 0xffff, tf->tf_fs & 0xffff,
	    tf->tf_gs & 0xffff, tf->tf_eflags);
}

/* An exception the kernel cannot recover from: report and panic. */
static void __dead2
trap_fatal(struct trapframe *tf, uint32_t cr2)
{
	uint32_t off;
	const char *sym = db_symbol(tf->tf_eip, &off);

	kprintf("\nfatal trap %u: %s while in %s mode\n", tf->tf_trapno,
	    trap_name(tf->tf_trapno),
	    TRAPF_USERMODE(tf) ? "user" : "kernel");
	kprintf("error code=0x%x", tf->tf_err);
	if (tf->tf_trapno == IDT_PF) {
		kprintf(" (%s, %s, %s) fault address=0x%08x",
		    (tf->tf_err & 1) ? "protection" : "not present",
		    (tf->tf_err & 2) ? "write" : "read",
		    (tf->tf_err & 4) ? "user" : "supervisor", cr2);
	}
	kprintf("\nat %s+0x%x\n", sym != NULL ? sym : "?", off);
	trap_print_regs(tf);
	kprintf("backtrace:\n");
	db_backtrace(tf->tf_ebp, tf->tf_eip);
	panic("%s at 0x%08x", trap_name(tf->tf_trapno), tf->tf_eip);
}

/*
 * The signal a user fault kills its process with; for a page fault,
 * error is what vm_fault() said (ENXIO: past the end of a mapped file).
 */
static int
trap_signal(unsigned vec, int error)
{
	switch (vec) {
	case IDT_DE:
	case IDT_MF:
	case IDT_XF:
		return (SIGFPE);
	case IDT_UD:
		return (SIGILL);
	case IDT_BP:
	case IDT_DB:
		return (SIGTRAP);
	case IDT_PF:
		if (error == ENXIO)
			return (SIGBUS);
		return (SIGSEGV);
	default:
		return (SIGSEGV);
	}
}

/* A user program faulted: say so and kill it.  The kernel runs on. */
static void __dead2
trap_user_fault(struct trapframe *tf, uint32_t cr2, int error)
{
	struct proc *p = curproc;

	if (tf->tf_trapno == IDT_PF && error == EFAULT &&
	    vm_map_stack_overflow(p->p_vmspace, cr2)) {
		kprintf("pid %d (%s): stack overflow at eip 0x%08x, address "
		    "0x%08x: the stack may not grow past %u bytes "
		    "(RLIMIT_STACK): killed by SIGSEGV\n", p->p_pid,
		    p->p_comm, tf->tf_eip, cr2,
		    (unsigned)MAX(p->p_vmspace->vm_stacklim, USRSTACK_SIZE));
		exit1(W_EXITCODE(0, SIGSEGV));
	}
	kprintf("pid %d (%s): %s at eip 0x%08x", p->p_pid, p->p_comm,
	    trap_name(tf->tf_trapno), tf->tf_eip);
	if (tf->tf_trapno == IDT_PF)
		kprintf(", %s address 0x%08x%s", (tf->tf_err & PGEX_W) ?
		    "writing" : "reading", cr2, error == ENXIO ?
		    " past the end of a mapped file" : "");
	kprintf(": killed\n");
	exit1(W_EXITCODE(0, trap_signal(tf->tf_trapno, error)));
}

/* Set the registers a system call returns in (int 0x80 convention:
 * eax/edx = result, carry clear; or eax = errno, carry set). */
void
cpu_set_syscall_result(struct trapframe *tf, int error, int64_t result)
{
	if (error) {
		tf->tf_eax = (uint32_t)error;
		tf->tf_eflags |= PSL_C;
	} else {
		tf->tf_eax = (uint32_t)result;
		tf->tf_edx = (uint32_t)((uint64_t)result >> 32);
		tf->tf_eflags &= ~PSL_C;
	}
}

/* A handler or upcall frame on the user stack (sys/signal.h). */
struct upcall_frame {
	uint32_t	uf_ret;		/* the trampoline */
	uint32_t	uf_arg;		/* signo or msg */
	uint32_t	uf_arg2;	/* &uf_sc, or &uf_info (SA_SIGINFO) */
	uint32_t	uf_ctx;		/* &uf_sc: the third argument, and the
					 * trampoline's sigreturn argument */
	struct __siginfo uf_info;	/* SA_SIGINFO: what the handler gets */
	uint32_t	uf_pad[3];
	struct sigcontext uf_sc;	/* the interrupted registers */
};
_Static_assert(offsetof(struct sigcontext, sc_fpformat) ==
    sizeof(uint32_t) + sizeof(struct trapframe), "sigcontext layout");
/* With the frame at 12 mod 16 (as a call leaves esp), sc_fpstate is
 * 16-byte aligned. */
_Static_assert((12 + offsetof(struct upcall_frame, uf_sc) +
    offsetof(struct sigcontext, sc_fpstate)) % 16 == 0,
    "sc_fpstate alignment");

/*
 * Make the user thread whose registers are *tf call fn(arg, arg2, ctx)
 * on the stack below sp, returning to ret, with the interrupted
 * registers, the floating-point ones included, and mask (the signal mask
 * sigreturn restores) saved above the arguments (sys/signal.h has the
 * frame); *info (if not NULL) is copied into the frame; arg2 is ctx, or
 * that copy if use_info.  fn starts with a new program's floating-point state.  EFAULT
 * if the stack cannot take the frame (nothing is changed then).  Runs
 * in the user thread itself.
 */
static int
cpu_sendframe(struct trapframe *tf, vm_offset_t fn, vm_offset_t sp,
    vm_offset_t ret, uint32_t arg, int kind, const struct __siginfo *info,
    bool use_info, uint32_t mask)
{
	struct upcall_frame fr;

	/* fn starts as if called: (esp + 4) is 16-byte aligned. */
	sp = ((sp - sizeof(fr)) & ~(vm_offset_t)15) - 4;
	if (sp >= VM_MAX_USER_ADDRESS || sp < PAGE_SIZE)
		return (EFAULT);
	memset(&fr, 0, offsetof(struct upcall_frame, uf_sc));
	fr.uf_ret = ret;
	fr.uf_arg = arg;
	fr.uf_ctx = sp + offsetof(struct upcall_frame, uf_sc);
	fr.uf_arg2 = fr.uf_ctx;
	if (info != NULL)
		fr.uf_info = *info;
	if (use_info)
		fr.uf_arg2 = sp + offsetof(struct upcall_frame, uf_info);
	fr.uf_sc.sc_kind = (uint32_t)kind;
	memcpy(&fr.uf_sc.sc_edi, tf, sizeof(*tf));
	fr.uf_sc.sc_fpformat = SC_FP_FXSAVE;
	fr.uf_sc.sc_mask = mask;
	fpu_save_context(&fr.uf_sc.sc_fpstate);
	if (copyout(&fr, (void *)sp, sizeof(fr)) != 0)
		return (EFAULT);
	fpu_handler_state();
	tf->tf_eip = fn;
	tf->tf_esp = sp;
	tf->tf_eflags &= ~PSL_D;	/* the C ABI: DF clear on entry */
	return (0);
}

/* An upcall: fn(arg, ctx, ctx); sigreturn restores the current mask. */
int
cpu_sendupcall(struct trapframe *tf, vm_offset_t fn, vm_offset_t sp,
    vm_offset_t ret, uint32_t arg, int kind)
{
	return (cpu_sendframe(tf, fn, sp, ret, arg, kind, NULL, false,
	    curthread->td_lwp->lwp_sigmask));
}

/* A signal handler: fn(signo, ctx, ctx), or fn(signo, &siginfo, ctx)
 * if use_info (SA_SIGINFO); sigreturn restores mask. */
int
cpu_sendsig(struct trapframe *tf, vm_offset_t fn, vm_offset_t sp,
    vm_offset_t ret, const struct __siginfo *info, bool use_info,
    uint32_t mask)
{
	return (cpu_sendframe(tf, fn, sp, ret, (uint32_t)info->si_signo,
	    SC_SIGNAL, info, use_info, mask));
}

/* An interrupted system call restarts: the gate's instruction (int
 * 0x80, int 0x81 or sysenter, two bytes each) runs again with the
 * registers it had, which the gates leave untouched for ERESTART (the
 * sysenter entry then leaves through iret, which restores ecx and edx,
 * and libc's esi and edi still say where sysexit is to return). */
void
cpu_syscall_restart(struct trapframe *tf)
{
	tf->tf_eip -= 2;
}

/* eflags bits a user context may set: the arithmetic flags and DF. */
#define PSL_USERCHANGE	0x00000cd5

/* Restore the user registers saved by cpu_sendupcall (sigreturn), the
 * floating-point ones included (MXCSR bits the CPU lacks are cleared).
 * The segments and the privileged flags stay the kernel's.  EINVAL, and
 * nothing restored, for an unknown floating-point format. */
int
cpu_sigreturn(struct trapframe *tf, const struct sigcontext *sc)
{
	if (sc->sc_fpformat != SC_FP_FXSAVE)
		return (EINVAL);
	fpu_load_context(&sc->sc_fpstate);
	tf->tf_edi = sc->sc_edi;
	tf->tf_esi = sc->sc_esi;
	tf->tf_ebp = sc->sc_ebp;
	tf->tf_ebx = sc->sc_ebx;
	tf->tf_edx = sc->sc_edx;
	tf->tf_ecx = sc->sc_ecx;
	tf->tf_eax = sc->sc_eax;
	tf->tf_eip = sc->sc_eip;
	tf->tf_esp = sc->sc_esp;
	tf->tf_eflags = (tf->tf_eflags & ~PSL_USERCHANGE) |
	    (sc->sc_eflags & PSL_USERCHANGE) | PSL_I;
	return (0);
}

/* A fresh ring-3 frame starting at eip with stack esp. */
void
cpu_set_user_frame(struct trapframe *tf, vm_offset_t eip, vm_offset_t esp)
{
	memset(tf, 0, sizeof(*tf));
	tf->tf_eip = eip;
	tf->tf_esp = esp;
	tf->tf_cs = GUCODE_SEL;
	tf->tf_ds = tf->tf_es = tf->tf_fs = tf->tf_gs = GUDATA_SEL;
	tf->tf_ss = GUDATA_SEL;
	tf->tf_eflags = PSL_I | 0x2;
}

/*
 * The system call entries, entered from their own entry code
 * (exception.S: Xsyscall80 and Xsyscall81, which the IDT points at
 * directly, and Xsysenter) with the frame complete.  The gates are trap
 * gates, so interrupts stay enabled as user mode had them; Xsysenter
 * enables them once its frame is built.  Only ring 3 reaches them (the
 * kernel never executes int 0x80/0x81 or sysenter; Xsyscall81 checks).
 */

/* int 0x80: number in eax, arguments on the user stack above the return
 * address (esp + 4), results in eax/edx with the carry flag for errors. */
void
syscall80(struct trapframe *tf)
{
	int64_t result = 0;
	int error;

	if (__predict_false(!TRAPF_USERMODE(tf)))
		trap_fatal(tf, 0);
	error = kern_syscall80(tf->tf_eax, tf->tf_esp + 4, tf, &result);
	if (error == ERESTART)
		cpu_syscall_restart(tf);
	else if (error != EJUSTRETURN)
		cpu_set_syscall_result(tf, error, result);
	userret(tf);
}

/*
 * int 0x81 and sysenter (sys/sysmsg.h): eax = port, ecx = message,
 * edx = size (0: waitsys; all zero: flushsys; SYSMSG_RECV and above:
 * the service operations of sys/agent.h, with eax the service, which
 * kern_sendsys passes on off its fast path).  eax returns the errno.
 * Returns true if nothing but tf_eax changed and nothing was owed to the
 * thread on its way out (userret() did nothing): the frame is then as
 * the entry built it, and Xsysenter may leave with sysexit.  Otherwise
 * (execve, sigreturn, a signal handler or an upcall to start, the time
 * slice used up) both entries leave through iret.
 */
bool __attribute__((__regparm__(1)))
syscall81(struct trapframe *tf)
{
	int error;

	if (__predict_true(tf->tf_edx != 0))
		error = kern_sendsys((int)tf->tf_eax, tf->tf_ecx, tf->tf_edx, tf);
	else if (tf->tf_eax == 0 && tf->tf_ecx == 0)
		error = kern_flushsys();
	else
		error = kern_waitsys((int)tf->tf_eax, tf->tf_ecx);
	if (__predict_false(error == EJUSTRETURN || error == ERESTART)) {
		if (error == ERESTART)
			cpu_syscall_restart(tf);
		userret(tf);
		return (false);
	}
	tf->tf_eax = (uint32_t)error;
	return (!userret(tf));
}

/*
 * The sysenter entry's lean path (exception.S: Xsysenter) ran a call and
 * userret() has work (kern_sendsys_lean() answered SYSENTER_OWED or
 * SYSENTER_RESTART): Xsysenter has built the frame int 0x81 would have
 * built, with tf_eax that answer and every other register as the caller
 * gave it.  Finish as syscall81() would; the entry leaves through iret.
 */
void __attribute__((__regparm__(1)))
sysenter_owed(struct trapframe *tf)
{
	if (tf->tf_eax & SYSENTER_RESTART) {
		tf->tf_eax = 0;		/* port 0: the call as it was sent */
		cpu_syscall_restart(tf);
	} else {
		tf->tf_eax &= ~SYSENTER_OWED;
	}
	userret(tf);
}

/*
 * The sysenter entry (exception.S: Xsysenter) on this CPU, if it has one
 * (CPUID SEP; the first Pentium Pro steppings report SEP without the
 * instructions): code and stack segments from GCODE_SEL and the slot
 * after it, the stack pointer from &gd->gd_sysenter_esp0 (the entry's
 * first instruction loads the thread's kernel stack from there), and
 * sysexit's ring 3 segments from the next two slots.  cpu_sysenter tells
 * libc (hw.sysenter) whether it may use the instruction.
 */
int cpu_sysenter;
SYSCTL_INT(hw_sysenter, "hw.sysenter", &cpu_sysenter, CTLFLAG_RD,
    "1: the sysenter entry is set up (libc's message gate uses it)");

_Static_assert(GDATA_SEL == GCODE_SEL + 8, "sysenter: kernel stack slot");
_Static_assert(GUCODE_SEL == ((GCODE_SEL + 16) | SEL_UPL), "sysexit: cs");
_Static_assert(GUDATA_SEL == ((GCODE_SEL + 24) | SEL_UPL), "sysexit: ss");

/* exception.S's sysexit test reads eflags and esp at 8 and 12 above eip;
 * a step trap taken on the sysenter stack has its 32 bytes below. */
_Static_assert(offsetof(struct trapframe, tf_eflags) ==
    offsetof(struct trapframe, tf_eip) + 8, "Xsysenter: tf_eflags");
_Static_assert(offsetof(struct trapframe, tf_esp) ==
    offsetof(struct trapframe, tf_eip) + 12, "Xsysenter: tf_esp");
_Static_assert(offsetof(struct globaldata, gd_sysenter_esp0) ==
    offsetof(struct globaldata, gd_sysenter_stack) +
    sizeof(((struct globaldata *)0)->gd_sysenter_stack),
    "the sysenter stack lies just below gd_sysenter_esp0");

#define CPUID_SEP	0x00000800	/* leaf 1, edx: sysenter/sysexit */

void
sysenter_init(struct globaldata *gd)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if ((d & CPUID_SEP) == 0 || (((a >> 8) & 0xf) == 6 &&
	    ((a >> 4) & 0xf) < 3 && (a & 0xf) < 3))
		return;
	wrmsr(MSR_SYSENTER_CS, GCODE_SEL);
	wrmsr(MSR_SYSENTER_ESP, (uint32_t)&gd->gd_sysenter_esp0);
	wrmsr(MSR_SYSENTER_EIP, (uint32_t)Xsysenter);
	cpu_sysenter = 1;
}

/*
 * The exception table (machine/extable.h), gathered by the linker in
 * link order (address order, as the text is laid out: extable_init
 * makes sure of it once at boot, in a pass when it is), so a fault's
 * lookup is a binary search.  Every inline user access adds an entry,
 * and a scan cost every kernel fault on user memory (a copyout's first
 * touch of a copy-on-write page) about four instructions an entry.
 */
extern struct extable_entry __start_ex_table[], __stop_ex_table[];

void
extable_init(void)
{
	struct extable_entry *a = __start_ex_table, t;
	size_t n = (size_t)(__stop_ex_table - __start_ex_table), i, j;

	for (i = 1; i < n; i++) {	/* insertion: ~100 entries, once */
		t = a[i];
		for (j = i; j > 0 && a[j - 1].ex_insn > t.ex_insn; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

uint32_t
extable_fixup(uint32_t eip)
{
	const struct extable_entry *e = __start_ex_table;
	size_t lo = 0, hi = (size_t)(__stop_ex_table - __start_ex_table), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (e[mid].ex_insn < eip)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (e + lo < __stop_ex_table && e[lo].ex_insn == eip)
		return (e[lo].ex_fixup);
	return (0);
}

void
trap(struct trapframe *tf)
{
	unsigned vec = tf->tf_trapno;
	thread_t td;
	uint32_t cr2, fixup;
	int error = 0;

	if (vec >= IDT_IRQ0 && vec < IDT_IRQ0 + NIRQ) {
		intr_handle(tf, (int)(vec - IDT_IRQ0));
		if (TRAPF_USERMODE(tf))
			userret(tf);
		return;
	}
	cr2 = vec == IDT_PF ? rcr2() : 0;
	td = curthread;
	if (TRAPF_USERMODE(tf)) {
		cpu_enable_intr();
		if (vec == IDT_PF) {
			error = vm_fault(curproc->p_vmspace, cr2,
			    (tf->tf_err & PGEX_W) ? VM_PROT_WRITE : VM_PROT_READ);
			/* Out of memory is not the program's fault: the
			 * rule in vm_oom.c says who dies; then retry. */
			if (error == ENOMEM || error == EAGAIN)
				error = vm_oom_fault(curproc, error);
			if (error == 0) {
				userret(tf);
				return;
			}
		}
		/* Arithmetic faults go to a SIGFPE handler if there is
		 * one; any other fault, or no handler, kills. */
		if (trap_signal(vec, error) == SIGFPE && sig_trap(tf, SIGFPE)) {
			userret(tf);
			return;
		}
		trap_user_fault(tf, cr2, error);
	}
	if (vec == IDT_PF && cr2 < VM_MAX_USER_ADDRESS &&
	    (fixup = extable_fixup(tf->tf_eip)) != 0) {
		/*
		 * copyin/copyout touching user memory: fill the page in, or
		 * make the copy return EFAULT.  The fault handler never
		 * blocks, so this is safe inside a critical section.  Only a
		 * user thread has user memory; a kernel thread (a worker
		 * running an asynchronous call included) gets EFAULT.
		 */
		if (trap_in_user_space(td) && vm_fault(curproc->p_vmspace, cr2,
		    (tf->tf_err & PGEX_W) ? VM_PROT_WRITE : VM_PROT_READ) == 0)
			return;
		tf->tf_eip = fixup;
		return;
	}
	trap_fatal(tf, cr2);
}

/*
 * The double fault task.  The CPU switched here through the task gate and
 * saved the faulting context in the main TSS; report it.  A fault address
 * in a stack guard page means a kernel stack overflow.
 */
void
dblfault_handler(void)
{
	struct i386tss *t = &cpu_globaldata[0].gd_tss;
	uint32_t cr2 = rcr2();
	uint32_t off;
	const char *sym = db_symbol(t->tss_eip, &off);

	kprintf("\nfatal trap 8: double fault\n");
	kprintf("eip=%08x <%s+0x%x> esp=%08x ebp=%08x cr2=%08x\n",
	    t->tss_eip, sym != NULL ? sym : "?", off, t->tss_esp,
	    t->tss_ebp, cr2);
	if (kstack_guard_hit(cr2) || kstack_guard_hit(t->tss_esp))
		kprintf("kernel stack overflow in thread %s\n",
		    curthread->td_comm);
	db_backtrace(t->tss_ebp, t->tss_eip);
	panic("double fault");
}
