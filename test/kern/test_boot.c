/*
 * Tests of what the boot loader handed over: memory map, command line,
 * modules, and the machine state init386 set up.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/boot.h>
#include <sys/globaldata.h>
#include <sys/test.h>
#include <vm/vm_page.h>
#include <machine/pmap.h>
#include <machine/cpufunc.h>
#include <machine/extable.h>

static void
test_boot_info(void)
{
	const struct boot_module *bm;
	const char *expect = "Damselfly boot module check\n";
	vm_paddr_t mods_end = 0;
	uint64_t ram = bootinfo.bi_ram_bytes;
	int i;

	/*
	 * Whatever the memory size (README: 12 MB and up): the memory map
	 * gave some, the allocator manages no more than that, and no less
	 * than all of it but the kernel and the modules (below the end of
	 * the highest one), the first megabyte, and the page array (36
	 * bytes a page: less than 1/64 of the memory).
	 */
	for (i = 0; i < bootinfo.bi_nmodules; i++)
		mods_end = MAX(mods_end, bootinfo.bi_modules[i].bm_end);
	T_GT(ram, 4u << 20);
	T_GE(bootinfo.bi_ram_top, ram);
	T_LE(ptoa((uint64_t)vm_page_total()), ram);
	T_GE(ptoa((uint64_t)vm_page_total()) + mods_end + (1u << 20) +
	    ram / 64, ram);
	T_ASSERT(boot_has_flag("tests") || boot_getenv("tests") != NULL);
	T_ASSERT(!boot_has_flag("no-such-flag"));
	/* Each value boot_getenv() returns stays its own: the tests-kernel
	 * boot adds "bootword=two" after its tests= word (a second lookup
	 * once overwrote the first's value: bench=udrv with a later
	 * NAME=VALUE word fell through to a shell). */
	if (boot_getenv("bootword") != NULL) {
		const char *t = boot_getenv("tests");
		const char *b = boot_getenv("bootword");

		T_ASSERT(t != NULL && b != NULL);
		T_EQ(strcmp(t, "boot_multiboot_info"), 0);
		T_EQ(strcmp(b, "two"), 0);
		T_ASSERT(boot_getenv("no-such-word") == NULL);
		T_EQ(strcmp(t, "boot_multiboot_info"), 0);
	}
	/* The harness loads bootcheck.txt (and the boot archive, usually)
	 * on both boot paths. */
	T_GE(bootinfo.bi_nmodules, 1);
	bm = boot_module_find("bootcheck.txt");
	T_ASSERT(bm != NULL);
	T_EQ(bm->bm_end - bm->bm_start, strlen(expect));
	T_EQ(memcmp(boot_module_data(bm), expect, strlen(expect)), 0);
	/* The module's pages are reserved, not free. */
	T_ASSERT((PHYS_TO_VM_PAGE(bm->bm_start)->flags & PGF_FREE) == 0);
}
DEFINE_TEST(boot_multiboot_info, "memory map, command line and module from the loader", test_boot_info);

static void
test_boot_paging(void)
{
	extern char kernel_text[];
	vm_paddr_t pa;

	/* The kernel runs high, with the direct map in place. */
	T_GE((uintptr_t)&test_boot_paging, KERNBASE);
	T_EQ(pmap_kextract((vm_offset_t)kernel_text),
	    DMAP_TO_PHYS((vm_offset_t)kernel_text));
	/* Nothing is mapped below KERNBASE in the kernel's page directory. */
	T_EQ(kernel_pd[0], 0);
	T_ASSERT(!pmap_kmapped(0));
	/* %fs reaches this CPU's globaldata. */
	T_EQ(mycpu, &cpu_globaldata[0]);
	T_EQ(mycpu->gd_self, mycpu);
	/* A temporary mapping outside the DMAP works and goes away. */
	{
		vm_page_t m = vm_page_alloc(VM_ALLOC_DMAP | VM_ALLOC_ZERO);
		vm_offset_t va = KVA_BASE;

		T_ASSERT(m != NULL);
		pa = VM_PAGE_TO_PHYS(m);
		pmap_kenter(va, pa);
		T_EQ(pmap_kextract(va + 12), pa + 12);
		*(volatile uint32_t *)(va + 12) = 0xfeedface;
		T_EQ(*(uint32_t *)((char *)vm_page_dmap(m) + 12), 0xfeedface);
		pmap_kremove(va);
		T_ASSERT(!pmap_kmapped(va));
		vm_page_free(m);
	}
}
DEFINE_TEST(boot_paging, "kernel mapped high, direct map and kernel mappings", test_boot_paging);

/*
 * The exception table (machine/extable.h) is sorted at boot
 * (extable_init) for extable_fixup's binary search: in order, every
 * entry found with its own fixup, and an address that is none not found.
 */
extern struct extable_entry __start_ex_table[], __stop_ex_table[];

static void
test_boot_extable(void)
{
	const struct extable_entry *e;

	T_GT(__stop_ex_table - __start_ex_table, 10);
	for (e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e > __start_ex_table)
			T_GT(e->ex_insn, e[-1].ex_insn);
		T_EQ(extable_fixup(e->ex_insn), e->ex_fixup);
		if (e + 1 == __stop_ex_table || e[1].ex_insn != e->ex_insn + 1)
			T_EQ(extable_fixup(e->ex_insn + 1), 0);
	}
	T_EQ(extable_fixup(0), 0);
	T_EQ(extable_fixup(0xffffffffu), 0);
	T_EQ(extable_fixup((uint32_t)(uintptr_t)test_boot_extable), 0);
}
DEFINE_TEST(boot_extable, "the exception table sorted, each entry found", test_boot_extable);

static void
selftest_must_fail(void)
{
	T_EQ(1 + 1, 3);
}
DEFINE_TEST_MANUAL(selftest_must_fail, "a failing test (the harness must report it)", selftest_must_fail);
