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
#include <sys/diskmbr.h>
#include <sys/boot.h>
#include <sys/malloc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/test.h>
#include <sys/proc.h>
#include <sys/mount.h>
#include <sys/sysctl.h>
#include <sys/file.h>
#include <vm/vm_map.h>
#include <vm/vm_page.h>
#include <dev/pci/pcivar.h>
#include <machine/md_var.h>

static void main_thread(void *arg);
void	crashtest_run(const char *what);
void	time_init(void);

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
	time_init();			/* real time from the CMOS clock */
	lwkt_create(main_thread, NULL, TDPRI_KERN, "main");

	lwkt_idle_loop();		/* interrupts on; never returns */
}

/* Run /bin/init with arg; returns its wait status. */
static int
run_init(const char *arg)
{
	int status;

	proc_start_init("/bin/init", arg);
	status = initproc_wait();
	kprintf("init exited with status 0x%x\n", status);
	return (status);
}

/*
 * The first thread.  The command line says what to do:
 *   tests            run the kernel tests, then init runs the user tests;
 *                    leave QEMU with the result
 *   tests=NAME       run one kernel test and leave QEMU
 *   utest=NAME[,NAME...]  init's test runner runs those user programs alone
 *                    (the harness uses it to check the runner itself)
 *   bench            run the kernel and user benchmarks, leave QEMU
 *   bench=wall       run only the user I/O benchmark, for wall-clock
 *                    ratios (booted without -icount), leave QEMU
 *   bench=async      run only the asynchronous-call figures, leave QEMU
 *   bench=udrv       run only the disk benchmark, its figures named
 *                    _user (booted with the drivers in processes,
 *                    vtblk=user), leave QEMU
 *   crashtest=WHAT   provoke a fatal fault to show it is reported
 * Otherwise start init, which runs /bin/hello and idles.
 */
static void
main_thread(void *arg __unused)
{
	const char *only = boot_getenv("tests");
	const char *crash = boot_getenv("crashtest");
	const char *bench = boot_getenv("bench");
	const char *utest = boot_getenv("utest");
	char initarg[6 + 256];		/* "utest=" and boot_getenv's value */
	int failed;

	kprintf("boot: %u KB free memory, hz %d\n",
	    (unsigned)(vm_page_free_count() * (PAGE_SIZE / 1024)), hz);
	fd_limits_init();		/* kern.maxfiles */
	vm_map_limits_init();		/* vm.max_map_entries */
	mbr_init();			/* partitions of disks as they appear */
	pci_configure();		/* find PCI functions, attach drivers */
	vfs_mountroot();
	mbr_settle();			/* the boot disks' partitions made */
	async_init();			/* asynchronous-call workers */
	proc_maxproc_init();		/* kern.maxproc, from what is free */
	sysctl_boot_apply();		/* NAME=VALUE words: limits set at boot */
	if (only != NULL) {
		failed = ktest_run_all(only);
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (boot_has_flag("tests")) {
		failed = ktest_run_all(NULL);
		if (run_init("tests") != 0)
			failed = 1;
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (boot_has_flag("bench")) {
		failed = kbench_run_all();
		if (run_init("bench") != 0)
			failed = 1;
		kprintf("bench: done\n");
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (utest != NULL) {
		ksnprintf(initarg, sizeof(initarg), "utest=%s", utest);
		failed = run_init(initarg) != 0;
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (bench != NULL && strcmp(bench, "wall") == 0) {
		failed = run_init("benchwall") != 0;
		kprintf("bench: done\n");
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (bench != NULL && strncmp(bench, "blk:", 4) == 0) {
		/* make bench-vd: blk_bench's quick runs (bench=blk:kernel:quick,
		 * bench=blk:user:quick with drivers=user) */
		ksnprintf(initarg, sizeof(initarg), "benchblk=%s", bench + 4);
		failed = run_init(initarg) != 0;
		kprintf("bench: done\n");
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (bench != NULL && strcmp(bench, "async") == 0) {
		failed = run_init("benchasync") != 0;
		kprintf("bench: done\n");
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (bench != NULL && strcmp(bench, "udrv") == 0) {
		failed = run_init("benchudrv") != 0;
		kprintf("bench: done\n");
		cpu_exit_emulator(failed ? 1 : 0);
	} else if (crash != NULL) {
		crashtest_run(crash);
	} else {
		run_init(NULL);
	}
}
