/*
 * init_main.c - machine-independent startup.
 *
 * init386() (sys/i386/machdep.c) has set up segments, the console, page
 * tables and the page allocator, and calls mi_startup() on the boot stack.
 * Each line below starts one subsystem, in dependency order.  The boot
 * context then becomes this CPU's idle thread and the first real thread,
 * "main", decides what this boot is for (see main_thread()).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/boot.h>
#include <sys/malloc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/test.h>
#include <vm/vm_page.h>
#include <machine/md_var.h>

static void main_thread(void *arg);
void	crashtest_run(const char *what);

void
mi_startup(void)
{
	kprintf("Damselfly/i386: every system call is a message.\n");
	kprintf("boot: loader \"%s\", command line \"%s\", %d module(s)\n",
	    bootinfo.bi_loader, bootinfo.bi_cmdline, bootinfo.bi_nmodules);

	kmalloc_init();			/* kernel memory allocator */
	sleep_init();			/* tsleep/wakeup queues */
	lwkt_init();			/* boot context becomes the idle thread */
	cpu_initclocks();		/* the clock interrupt, hz ticks */
	lwkt_create(main_thread, NULL, TDPRI_KERN, "main");

	lwkt_idle_loop();		/* interrupts on; never returns */
}

/*
 * The first thread.  The command line says what to do:
 *   tests[=NAME]     run the kernel tests (or one) and leave QEMU
 *   bench            run the benchmarks and leave QEMU
 *   crashtest=WHAT   provoke a fatal fault to show it is reported
 * Otherwise report readiness and idle: user processes arrive with the
 * system call layer.
 */
static void
main_thread(void *arg __unused)
{
	const char *only = boot_getenv("tests");
	const char *crash = boot_getenv("crashtest");
	int failed;

	kprintf("boot: %u KB free memory, hz %d\n",
	    (unsigned)(vm_page_free_count() * (PAGE_SIZE / 1024)), hz);
	if (boot_has_flag("tests") || only != NULL) {
		failed = ktest_run_all(only);
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (boot_has_flag("bench")) {
		failed = kbench_run_all();
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (crash != NULL) {
		crashtest_run(crash);
	} else {
		kprintf("Damselfly is up. No user programs yet; boot with "
		    "\"tests\" to run the kernel tests.\n");
	}
}
