/*
 * machine/cpufunc.h - every piece of inline assembly in the kernel.
 *
 * C files never contain asm statements; they call these small inlines.
 * Keeping them in one place makes the machine dependence visible and easy
 * to audit.
 */
#ifndef _MACHINE_CPUFUNC_H_
#define _MACHINE_CPUFUNC_H_

#include <sys/types.h>

#define PSL_C		0x00000001	/* eflags: carry */
#define PSL_I		0x00000200	/* eflags: interrupts enabled */
#define PSL_T		0x00000100	/* eflags: trap after each instruction */
#define PSL_D		0x00000400	/* eflags: direction (string ops down) */
#define PSL_NT		0x00004000	/* eflags: nested task (iret switches) */

/* Model-specific registers: the sysenter entry (trap.c: sysenter_init). */
#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

static inline void
outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return (v);
}

static inline void
outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t
inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return (v);
}

static inline uint32_t
inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return (v);
}

/*
 * String I/O: count 16-bit (insw/outsw) or 32-bit (insl/outsl) transfers
 * between one port and memory at addr, with rep ins/outs (a disk
 * sector by PIO is one of these).  The direction flag is clear in the
 * kernel.
 */
static inline void
insw(uint16_t port, void *addr, size_t count)
{
	__asm__ __volatile__("rep insw"
	    : "+D"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void
outsw(uint16_t port, const void *addr, size_t count)
{
	__asm__ __volatile__("rep outsw"
	    : "+S"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void
insl(uint16_t port, void *addr, size_t count)
{
	__asm__ __volatile__("rep insl"
	    : "+D"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void
outsl(uint16_t port, const void *addr, size_t count)
{
	__asm__ __volatile__("rep outsl"
	    : "+S"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void
cpu_disable_intr(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void
cpu_enable_intr(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

/* Enable interrupts and halt, atomically: sti's shadow covers the hlt. */
static inline void
cpu_sti_hlt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

/*
 * The idle loop's counted wait, for benchmarks (kern.idle_spin): enable
 * interrupts and add one to *count per iteration until *a or *b is not
 * zero (an interrupt made a thread runnable or deferred work).  Every
 * iteration is exactly CPU_IDLE_SPIN_INSNS instructions (addl, cmpl,
 * jne, cmpl, je), so under QEMU's -icount the instructions spent
 * waiting are the count times that.
 */
#define CPU_IDLE_SPIN_INSNS	5
static inline void
cpu_sti_spin(volatile uint32_t *count, const volatile uint32_t *a,
    const volatile uint32_t *b)
{
	__asm__ __volatile__(
	    "sti\n"
	    "1:\taddl $1, (%0)\n"
	    "\tcmpl $0, (%1)\n"
	    "\tjne 2f\n"
	    "\tcmpl $0, (%2)\n"
	    "\tje 1b\n"
	    "2:"
	    : : "r"(count), "r"(a), "r"(b) : "memory", "cc");
}

static inline void
cpu_hlt(void)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

static inline void
cpu_pause(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

static inline uint32_t
read_eflags(void)
{
	uint32_t ef;

	__asm__ __volatile__("pushfl; popl %0" : "=r"(ef));
	return (ef);
}

static inline void
write_eflags(uint32_t ef)
{
	__asm__ __volatile__("pushl %0; popfl" : : "r"(ef) : "memory", "cc");
}

/* Disable interrupts, returning the old eflags for intr_restore(). */
static inline uint32_t
intr_disable(void)
{
	uint32_t ef = read_eflags();

	cpu_disable_intr();
	return (ef);
}

static inline void
intr_restore(uint32_t ef)
{
	write_eflags(ef);
}

static inline uint32_t
rcr0(void)
{
	uint32_t v;

	__asm__ __volatile__("movl %%cr0, %0" : "=r"(v));
	return (v);
}

static inline void
lcr0(uint32_t v)
{
	__asm__ __volatile__("movl %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint32_t
rcr2(void)
{
	uint32_t v;

	__asm__ __volatile__("movl %%cr2, %0" : "=r"(v));
	return (v);
}

static inline uint32_t
rcr3(void)
{
	uint32_t v;

	__asm__ __volatile__("movl %%cr3, %0" : "=r"(v));
	return (v);
}

static inline void
lcr3(uint32_t v)
{
	__asm__ __volatile__("movl %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint32_t
rcr4(void)
{
	uint32_t v;

	__asm__ __volatile__("movl %%cr4, %0" : "=r"(v));
	return (v);
}

static inline void
lcr4(uint32_t v)
{
	__asm__ __volatile__("movl %0, %%cr4" : : "r"(v) : "memory");
}

static inline void
invlpg(uintptr_t va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

/*
 * memcpy() without the call: the per-page copy of VM-object I/O
 * (machine/tmpmap.h), where the call and its argument shuffling would be
 * a tenth of the work beside a 4K copy.  Words, then the tail bytewise,
 * as memcpy.S does; the direction flag is clear in the kernel.
 */
static inline void
cpu_memcpy(void *dst, const void *src, size_t n)
{
	size_t cnt = n >> 2;

	__asm__ __volatile__("rep movsl"
	    : "+D"(dst), "+S"(src), "+c"(cnt) : : "memory");
	cnt = n & 3;
	__asm__ __volatile__("rep movsb"
	    : "+D"(dst), "+S"(src), "+c"(cnt) : : "memory");
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
	    : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (((uint64_t)hi << 32) | lo);
}

static inline void
cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
	    : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf));
}

/* ---- the FPU (sys/i386/fpu.c) ---------------------------------------
 * The kernel itself never computes with floating point (it is built with
 * -mgeneral-regs-only); these only move a user thread's state between
 * the FPU and its 512-byte, 16-byte aligned save area.  FXSAVE and
 * FXRSTOR never raise a pending x87 exception; FXRSTOR faults (#GP) on
 * an MXCSR with reserved bits set, so the area must have been checked. */
static inline void
fxsave(void *area)
{
	__asm__ __volatile__("fxsave %0" : "=m"(*(uint8_t (*)[512])area));
}

static inline void
fxrstor(const void *area)
{
	__asm__ __volatile__("fxrstor %0"
	    : : "m"(*(const uint8_t (*)[512])area));
}

static inline void
fninit(void)
{
	__asm__ __volatile__("fninit");
}

struct region_descriptor {
	uint16_t rd_limit;
	uint32_t rd_base;
} __packed;

static inline void
lgdt(struct region_descriptor *rd)
{
	__asm__ __volatile__("lgdt (%0)" : : "r"(rd) : "memory");
}

static inline void
lidt(struct region_descriptor *rd)
{
	__asm__ __volatile__("lidt (%0)" : : "r"(rd) : "memory");
}

static inline void
ltr(uint16_t sel)
{
	__asm__ __volatile__("ltr %0" : : "r"(sel));
}

/* Load the LDT register (0: no LDT; every LDT selector is invalid). */
static inline void
lldt(uint16_t sel)
{
	__asm__ __volatile__("lldt %0" : : "r"(sel));
}

/* Load the data segment registers and reload %cs with a far return. */
static inline void
load_segments(uint16_t csel, uint16_t dsel, uint16_t fsel)
{
	__asm__ __volatile__(
	    "movw %1, %%ax\n\t"
	    "movw %%ax, %%ds\n\t"
	    "movw %%ax, %%es\n\t"
	    "movw %%ax, %%ss\n\t"
	    "movw %%ax, %%gs\n\t"
	    "movw %2, %%ax\n\t"
	    "movw %%ax, %%fs\n\t"
	    "pushl %0\n\t"
	    "pushl $1f\n\t"
	    "lret\n"
	    "1:"
	    : : "g"((uint32_t)csel), "g"(dsel), "g"(fsel) : "eax", "memory");
}

static inline uint32_t
read_ebp(void)
{
	uint32_t v;

	__asm__ __volatile__("movl %%ebp, %0" : "=r"(v));
	return (v);
}

static inline uint32_t
read_esp(void)
{
	uint32_t v;

	__asm__ __volatile__("movl %%esp, %0" : "=r"(v));
	return (v);
}

/* Per-CPU data: %fs points at this CPU's globaldata; its first word is
 * gd_self. */
struct globaldata;
static inline struct globaldata *
_get_mycpu(void)
{
	struct globaldata *gd;

	__asm__ ("movl %%fs:0, %0" : "=r"(gd));
	return (gd);
}

/* The 32-bit word at byte off of this CPU's globaldata (off a constant). */
#define _get_gdword(off) __extension__ ({				\
	uint32_t __w;							\
	__asm__ ("movl %%fs:%c1, %0" : "=r"(__w) : "i"(off));		\
	__w;								\
})

/* ---- atomic operations (lock prefix: correct on SMP too) ------------ */
static inline uint32_t
atomic_swap_int(volatile uint32_t *p, uint32_t v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return (v);
}

static inline int
atomic_cmpset_int(volatile uint32_t *p, uint32_t expect, uint32_t v)
{
	uint8_t ok;

	__asm__ __volatile__("lock; cmpxchgl %3, %1; sete %0"
	    : "=q"(ok), "+m"(*p), "+a"(expect) : "r"(v) : "memory", "cc");
	return (ok);
}

/* Set or clear bits with one locked instruction: safe against an
 * interrupt (or another CPU) changing other bits of the same word. */
static inline void
atomic_set_int(volatile uint32_t *p, uint32_t v)
{
	__asm__ __volatile__("lock; orl %1, %0" : "+m"(*p) : "ir"(v) : "memory", "cc");
}

static inline void
atomic_clear_int(volatile uint32_t *p, uint32_t v)
{
	__asm__ __volatile__("lock; andl %1, %0" : "+m"(*p) : "ir"(~v) : "memory", "cc");
}

static inline void
atomic_add_int(volatile uint32_t *p, uint32_t v)
{
	__asm__ __volatile__("lock; addl %1, %0" : "+m"(*p) : "ir"(v) : "memory", "cc");
}

static inline uint32_t
atomic_fetchadd_int(volatile uint32_t *p, uint32_t v)
{
	__asm__ __volatile__("lock; xaddl %0, %1" : "+r"(v), "+m"(*p) : : "memory", "cc");
	return (v);
}

static inline void
cpu_ccfence(void)
{
	__asm__ __volatile__("" : : : "memory");
}

/*
 * A full memory barrier: no load after it is performed before a store
 * before it is visible (x86 orders everything else already, so
 * cpu_ccfence() suffices between stores, or between loads).  Shared
 * memory with a device needs it where the driver stores and then loads
 * what the device may have changed meanwhile (a virtqueue's published
 * index, then the device's "do not notify" flag).  A locked add to the
 * stack works on every i386, mfence only from SSE2 on.
 */
static inline void
cpu_mfence(void)
{
	__asm__ __volatile__("lock; addl $0, 0(%%esp)" : : : "memory", "cc");
}

#endif /* !_MACHINE_CPUFUNC_H_ */
