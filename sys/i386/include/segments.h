/*
 * machine/segments.h - the GDT, IDT and TSS layouts.
 *
 * GDT slots (selector = slot * 8 | RPL):
 *
 *   1 GCODE_SEL   kernel code, ring 0, flat
 *   2 GDATA_SEL   kernel data and stack, ring 0, flat
 *   3 GUCODE_SEL  user code, ring 3, flat (user space is bounded by paging)
 *   4 GUDATA_SEL  user data, ring 3, flat
 *   5 GPRIV_SEL   per-CPU data: %fs in the kernel, base = this CPU's
 *                 globaldata, so mycpu is one load (%fs:0 == gd_self)
 *   6 GPROC0_SEL  the CPU's TSS: esp0/ss0 for ring 3 -> ring 0 entry
 *   7 GDBLF_SEL   the double fault TSS: a task gate switches to a known-good
 *                 stack so a kernel stack overflow is reported, not a
 *                 triple fault
 *
 * There is no LDT (the LDT register holds the null selector, gdt_init):
 * a selector with TI set names nothing, and loading one is a #GP.
 */
#ifndef _MACHINE_SEGMENTS_H_
#define _MACHINE_SEGMENTS_H_

#define SEL_KPL		0
#define SEL_UPL		3
#define GSEL(slot, rpl)	(((slot) << 3) | (rpl))

#define GCODE_SLOT	1
#define GDATA_SLOT	2
#define GUCODE_SLOT	3
#define GUDATA_SLOT	4
#define GPRIV_SLOT	5
#define GPROC0_SLOT	6
#define GDBLF_SLOT	7
#define NGDT		8

#define GCODE_SEL	GSEL(GCODE_SLOT, SEL_KPL)
#define GDATA_SEL	GSEL(GDATA_SLOT, SEL_KPL)
#define GUCODE_SEL	GSEL(GUCODE_SLOT, SEL_UPL)
#define GUDATA_SEL	GSEL(GUDATA_SLOT, SEL_UPL)
#define GPRIV_SEL	GSEL(GPRIV_SLOT, SEL_KPL)
#define GPROC0_SEL	GSEL(GPROC0_SLOT, SEL_KPL)
#define GDBLF_SEL	GSEL(GDBLF_SLOT, SEL_KPL)

/* Vector numbers. */
#define IDT_DE		0	/* divide error */
#define IDT_DB		1
#define IDT_NMI		2
#define IDT_BP		3
#define IDT_OF		4
#define IDT_BR		5
#define IDT_UD		6	/* invalid opcode */
#define IDT_NM		7
#define IDT_DF		8	/* double fault */
#define IDT_TS		10
#define IDT_NP		11
#define IDT_SS		12
#define IDT_GP		13	/* general protection */
#define IDT_PF		14	/* page fault */
#define IDT_MF		16
#define IDT_AC		17
#define IDT_MC		18
#define IDT_XF		19
#define NRSVIDT		32	/* vectors reserved for exceptions */
#define IDT_IRQ0	32	/* ISA IRQs 0..15 are vectors 32..47 */
#define NIRQ		16
#define IDT_SYSCALL	0x80	/* classic system call gate */
#define IDT_SYSMSG	0x81	/* sendsys/waitsys/flushsys gate */
#define NIDT		256

#ifndef __ASSEMBLER__
#include <sys/types.h>

/* A segment or system descriptor, 8 bytes. */
struct segment_descriptor {
	uint32_t sd_lo;
	uint32_t sd_hi;
};

/* An interrupt, trap or task gate, 8 bytes. */
struct gate_descriptor {
	uint16_t gd_looffset;
	uint16_t gd_selector;
	uint8_t  gd_zero;
	uint8_t  gd_type;		/* P | DPL | type */
	uint16_t gd_hioffset;
};

#define SDT_SYS386TSS	9	/* available 32-bit TSS */
#define SDT_SYSTASKGT	5	/* task gate */
#define SDT_SYS386IGT	14	/* interrupt gate: IF cleared on entry */
#define SDT_SYS386TGT	15	/* trap gate: IF unchanged */

/* The 32-bit task state segment. */
struct i386tss {
	uint32_t tss_link;
	uint32_t tss_esp0;
	uint32_t tss_ss0;
	uint32_t tss_esp1;
	uint32_t tss_ss1;
	uint32_t tss_esp2;
	uint32_t tss_ss2;
	uint32_t tss_cr3;
	uint32_t tss_eip;
	uint32_t tss_eflags;
	uint32_t tss_eax, tss_ecx, tss_edx, tss_ebx;
	uint32_t tss_esp, tss_ebp, tss_esi, tss_edi;
	uint32_t tss_es, tss_cs, tss_ss, tss_ds, tss_fs, tss_gs;
	uint32_t tss_ldt;
	uint16_t tss_trap;
	uint16_t tss_iomap;
};
_Static_assert(sizeof(struct i386tss) == 104, "i386tss layout");

/*
 * The I/O permission bitmap that follows each CPU's TSS (gd_iomap): bit
 * n set denies port n to ring 3 (IOPL is 0), one byte of all ones ends
 * it.  sys/i386/iomap.c opens the ranges granted to the running process.
 */
#define IOPB_PORTS	65536
#define IOPB_BYTES	(IOPB_PORTS / 8)

/* The TSS's I/O map base (tss_iomap): the bitmap, just past the TSS in
 * struct globaldata (checked in iomap.c), or none (past the TSS's
 * limit: every port faults in ring 3). */
#define IOMAP_BASE	((uint16_t)sizeof(struct i386tss))
#define IOMAP_NONE	((uint16_t)0xffff)
_Static_assert(sizeof(struct gate_descriptor) == 8, "gate layout");

void	gdt_init(void);
void	idt_init(void);
void	idt_setgate(int vec, void (*fn)(void), int type, int dpl);
#endif

#endif /* !_MACHINE_SEGMENTS_H_ */
