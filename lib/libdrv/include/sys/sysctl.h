/*
 * lib/libdrv/include/sys/sysctl.h - a driver's sysctls in its user
 * build: the kernel's names (hw.ata.*) are the kernel build's; a user
 * driver keeps its counters and publishes none (the handlers stay
 * referenced so the one source compiles without warnings).
 */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#define CTLFLAG_RD	0x0001
#define CTLFLAG_RW	0x0003

#define SYSCTL_INT(id, name, ptr, flags, descr)				\
	static void *const __sysctl_##id __attribute__((__used__)) = (ptr)
#define SYSCTL_PROC(id, name, fn, flags, descr)				\
	static void *const __sysctl_##id __attribute__((__used__)) = (void *)(fn)
#define SYSCTL_STRPROC(id, name, fn, descr)				\
	static void *const __sysctl_##id __attribute__((__used__)) = (void *)(fn)

#endif /* !_SYS_SYSCTL_H_ */
