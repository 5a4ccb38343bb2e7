/*
 * kern_shutdown.c - panic.
 *
 * panic() prints its message and a backtrace and stops the machine.  In a
 * test or benchmark boot it also leaves QEMU with a failure status so the
 * harness does not wait for its timeout.  A panic while panicking only
 * prints the second message.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>

const char *panicstr;

#define EXIT_PANIC	0x7f		/* QEMU exits with 255 */

void
panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	cpu_disable_intr();
	va_start(ap, fmt);
	if (panicstr != NULL) {
		kprintf("\npanic (nested): ");
		kvprintf(fmt, ap);
		kprintf("\n");
		va_end(ap);
		cpu_exit_emulator(EXIT_PANIC);
		cpu_halt_forever();
	}
	kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	panicstr = buf;
	kprintf("\npanic: %s\n", buf);
	if (cpu_globaldata[0].gd_curthread != NULL)
		kprintf("thread: %s\n", curthread->td_comm);
	db_backtrace(read_ebp(), 0);
	if (boot_has_flag("tests") || boot_has_flag("bench") ||
	    boot_getenv("bench") != NULL || boot_getenv("tests") != NULL || boot_getenv("crashtest") != NULL)
		cpu_exit_emulator(EXIT_PANIC);
	kprintf("System halted.\n");
	cpu_halt_forever();
}
