/*
 * gate.c - which entry libc's message gate uses.
 *
 * Every message system call of libc (the generated stubs, __sendsys,
 * __waitsys, __flushsys) enters the kernel through __sysmsg_gate
 * (sendsys.S), which starts as int 0x81.  crt0 calls __sysmsg_select()
 * before anything else: if the kernel set the sysenter entry up
 * (hw.sysenter is 1: the CPU has the instructions), the gate becomes
 * sysenter, the cheaper instruction on real hardware.  The two give the
 * same results (sys/sysmsg.h); a program may set __sysmsg_gate to either
 * routine itself (test/proc/sys_gates.c runs its calls through both).
 */
#include <sys/types.h>
#include <sys/sysmsg.h>
#include <sys/sysctl.h>

void
__sysmsg_select(void)
{
	int on = 0;
	size_t len = sizeof(on);

	if (sysctl("hw.sysenter", &on, &len, NULL, 0) == 0 &&
	    len == sizeof(on) && on == 1)
		__sysmsg_gate = __sysmsg_sysenter;
}
