/*
 * machdep.c - i386 machine setup: from locore to mi_startup().
 *
 * init386() is the first C code.  It runs on the boot stack with the
 * early 4MB-page mapping, interrupts off, and does in order:
 *
 *   globaldata and GDT (so %fs reaches per-CPU data and curthread works),
 *   the serial console (so everything after can print),
 *   the Multiboot information (command line, modules, memory map),
 *   the kernel page tables (pmap_bootstrap),
 *   the physical page allocator (vm_page_startup),
 *   IDT, the sysenter entry, FPU, interrupt controller,
 * and then hands over to the machine-independent mi_startup().
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/boot.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include <machine/multiboot.h>
#include <machine/pmap.h>
#include <machine/extable.h>
#include <machine/md_var.h>
#include <machine/fpu.h>
#include <sys/devgrant.h>

struct boot_info bootinfo;
struct globaldata cpu_globaldata[MAXCPU];
int ncpus = 1;

static struct segment_descriptor gdt[NGDT];
static uint8_t dblfault_stack[PAGE_SIZE] __aligned(16);

extern char _end[], kernel_text[];

/* Physical ranges the memory map says are usable, and ranges in use. */
static struct phys_range avail[32];
static int navail;

/* ---- GDT ------------------------------------------------------------ */

static void
gdt_set(int slot, uint32_t base, uint32_t limit, int type, int dpl,
    int gran4k)
{
	struct segment_descriptor *sd = &gdt[slot];

	if (gran4k)
		limit >>= 12;
	sd->sd_lo = (limit & 0xffff) | ((base & 0xffff) << 16);
	sd->sd_hi = ((base >> 16) & 0xff) | (type << 8) | (dpl << 13) |
	    (1 << 15) /* present */ | (limit & 0xf0000) |
	    (gran4k ? (1 << 23) : 0) |
	    ((type & 0x10) ? (1 << 22) : 0) /* 32-bit code/data */ |
	    (base & 0xff000000);
}

/*
 * Build the GDT and the TSSes of CPU 0 and load the segment registers.
 * After this %fs:0 is gd_self.  There is no LDT: the LDT register is
 * loaded with the null selector, because the processor starts with one
 * of base 0 and limit 0xffff, through which a selector with TI set (a
 * user's "mov $7, %gs", or a call gate it built) would read a
 * descriptor from the current address space's first 64 KB.  With a null
 * LDTR, loading such a selector is a general protection fault.
 */
void
gdt_init(void)
{
	struct globaldata *gd = &cpu_globaldata[0];
	struct region_descriptor rd;

	gdt_set(GCODE_SLOT, 0, 0xffffffff, 0x1a, SEL_KPL, 1);	/* code, r/x */
	gdt_set(GDATA_SLOT, 0, 0xffffffff, 0x12, SEL_KPL, 1);	/* data, r/w */
	gdt_set(GUCODE_SLOT, 0, 0xffffffff, 0x1a, SEL_UPL, 1);
	gdt_set(GUDATA_SLOT, 0, 0xffffffff, 0x12, SEL_UPL, 1);
	gdt_set(GPRIV_SLOT, (uint32_t)gd, sizeof(*gd) - 1, 0x12, SEL_KPL, 0);
	/* The TSS and, after it, the I/O permission bitmap (iomap.c). */
	gdt_set(GPROC0_SLOT, (uint32_t)&gd->gd_tss,
	    offsetof(struct globaldata, gd_iomap) + sizeof(gd->gd_iomap) -
	    offsetof(struct globaldata, gd_tss) - 1, SDT_SYS386TSS, SEL_KPL, 0);
	gdt_set(GDBLF_SLOT, (uint32_t)&gd->gd_dftss, sizeof(gd->gd_dftss) - 1,
	    SDT_SYS386TSS, SEL_KPL, 0);

	rd.rd_limit = sizeof(gdt) - 1;
	rd.rd_base = (uint32_t)gdt;
	lgdt(&rd);
	load_segments(GCODE_SEL, GDATA_SEL, GPRIV_SEL);
	lldt(0);				/* no LDT */

	gd->gd_tss.tss_ss0 = GDATA_SEL;
	gd->gd_tss.tss_esp0 = (uint32_t)boot_stack_top;
	gd->gd_sysenter_esp0 = (uint32_t)boot_stack_top;
	cpu_iomap_init();			/* every port denied */
	ltr(GPROC0_SEL);
}

/* The double fault task: a clean stack and the kernel page directory. */
static void
dblfault_tss_init(void)
{
	struct i386tss *t = &cpu_globaldata[0].gd_dftss;

	t->tss_eip = (uint32_t)dblfault_handler;
	t->tss_esp = t->tss_esp0 = (uint32_t)&dblfault_stack[sizeof(dblfault_stack) - 16];
	t->tss_ss = t->tss_ss0 = GDATA_SEL;
	t->tss_ds = t->tss_es = t->tss_gs = GDATA_SEL;
	t->tss_fs = GPRIV_SEL;
	t->tss_cs = GCODE_SEL;
	t->tss_eflags = 0x2;				/* interrupts off */
	t->tss_cr3 = kernel_pd_phys;
	t->tss_iomap = sizeof(*t);
}


/* ---- Multiboot ------------------------------------------------------ */

static void *
early_p2v(vm_paddr_t pa)
{
	return ((void *)PHYS_TO_DMAP(pa));
}

static void
copy_cstring(char *dst, size_t size, vm_paddr_t pa)
{
	strlcpy(dst, early_p2v(pa), size);
}

/*
 * Copy what we need out of the Multiboot information into bootinfo and
 * avail[]: after this nothing refers to the loader's structures, whose
 * memory becomes ordinary free memory.  Module contents stay where the
 * loader put them and are reserved.
 */
static void
multiboot_parse(uint32_t magic, vm_paddr_t mbi_pa)
{
	struct multiboot_info *mbi = early_p2v(mbi_pa);
	uint32_t i;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("init386: not loaded by a Multiboot loader (eax=0x%x)",
		    magic);
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		copy_cstring(bootinfo.bi_cmdline, sizeof(bootinfo.bi_cmdline),
		    mbi->cmdline);
	if (mbi->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		copy_cstring(bootinfo.bi_loader, sizeof(bootinfo.bi_loader),
		    mbi->boot_loader_name);

	if (mbi->flags & MULTIBOOT_INFO_MODS) {
		struct multiboot_mod *mod = early_p2v(mbi->mods_addr);

		for (i = 0; i < mbi->mods_count; i++) {
			struct boot_module *bm;

			if (bootinfo.bi_nmodules == BOOT_MAXMODULES) {
				kprintf("boot: more than %d modules, ignoring "
				    "the rest\n", BOOT_MAXMODULES);
				break;
			}
			bm = &bootinfo.bi_modules[bootinfo.bi_nmodules++];
			bm->bm_start = mod[i].mod_start;
			bm->bm_end = mod[i].mod_end;
			if (mod[i].cmdline != 0)
				copy_cstring(bm->bm_name, sizeof(bm->bm_name),
				    mod[i].cmdline);
		}
	}

	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		vm_offset_t p = (vm_offset_t)early_p2v(mbi->mmap_addr);
		vm_offset_t end = p + mbi->mmap_length;

		while (p < end && navail < (int)nitems(avail)) {
			struct multiboot_mmap *mm = (void *)p;
			uint64_t lo = mm->addr, hi = mm->addr + mm->len;

			p += mm->size + sizeof(mm->size);
			if (mm->type != MULTIBOOT_MEMORY_AVAILABLE)
				continue;
			if (hi > 0xfffff000ULL)
				hi = 0xfffff000ULL;	/* no PAE; no wrap */
			if (lo >= hi || lo > 0xffffe000ULL)
				continue;
			avail[navail].pr_start = round_page((vm_paddr_t)lo);
			avail[navail].pr_end = trunc_page((vm_paddr_t)(hi - 1) + 1);
			if (avail[navail].pr_start < avail[navail].pr_end)
				navail++;
		}
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		avail[navail].pr_start = 0x100000;
		avail[navail].pr_end = 0x100000 + mbi->mem_upper * 1024;
		navail++;
	}
	if (navail == 0)
		panic("init386: the boot loader gave no memory map");
	for (i = 0; i < (uint32_t)navail; i++) {
		bootinfo.bi_ram_bytes += avail[i].pr_end - avail[i].pr_start;
		if (avail[i].pr_end > bootinfo.bi_ram_top)
			bootinfo.bi_ram_top = avail[i].pr_end;
	}
}

/* ---- init386 -------------------------------------------------------- */

void
init386(uint32_t magic, vm_paddr_t mbi_pa)
{
	struct phys_range used[BOOT_MAXMODULES + 2];
	vm_paddr_t first_free;
	int nused = 0, i;

	globaldata_init(&cpu_globaldata[0], 0);
	gdt_init();				/* segments, %fs, TSS */
	com_cninit();				/* serial console */
	multiboot_parse(magic, mbi_pa);		/* bootinfo, memory map */

	/* Reserve: the first megabyte, the kernel image, the modules. */
	first_free = round_page(DMAP_TO_PHYS((vm_offset_t)_end));
	used[nused].pr_start = 0;
	used[nused++].pr_end = 0x100000;
	used[nused].pr_start = KERNLOAD;
	used[nused++].pr_end = first_free;
	for (i = 0; i < bootinfo.bi_nmodules; i++) {
		used[nused].pr_start = trunc_page(bootinfo.bi_modules[i].bm_start);
		used[nused].pr_end = round_page(bootinfo.bi_modules[i].bm_end);
		if (used[nused].pr_end > first_free)
			first_free = used[nused].pr_end;
		nused++;
	}

	pmap_bootstrap(first_free, bootinfo.bi_ram_top);  /* kernel page tables */
	dblfault_tss_init();			/* needs kernel_pd_phys */
	vm_page_startup(avail, navail, used, nused, first_free); /* free pages */
	idt_init();				/* trap and interrupt gates */
	extable_init();				/* user-access fault fixups */
	sysenter_init(&cpu_globaldata[0]);	/* the sysenter entry, if any */
	fpu_init();				/* FXSAVE, SSE, #MF and #XM */
	icu_init();				/* 8259 PICs, all lines masked */

	mi_startup();
}

/* ---- leaving ------------------------------------------------------- */

/*
 * Leave the emulator with a status: QEMU's isa-debug-exit device at port
 * 0xf4 exits with (status << 1) | 1.  On real hardware (or without the
 * device) the write does nothing and we halt.
 */
void
cpu_exit_emulator(int status)
{
	outl(0xf4, (uint32_t)status);
}

void
cpu_halt_forever(void)
{
	for (;;) {
		cpu_disable_intr();
		cpu_hlt();
	}
}
