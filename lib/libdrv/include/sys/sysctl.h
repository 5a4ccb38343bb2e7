/*
 * lib/libdrv/include/sys/sysctl.h - a driver's sysctls in its user
 * build.  The driver files define their variables with the kernel's
 * macros (hw.ata.dma, hw.ata.cmds_dma ...); here each becomes an entry
 * of the "set_drvsysctl" linker set, which lib/libdrv answers when the
 * kernel asks (DRVIOC_SYSCTL, sys/agent.h): so sysctl(3) of hw.ata.* in
 * any process reads and writes the user driver's own variables, as it
 * does the kernel driver's when the driver runs in the kernel.  The
 * kernel's copy of the definition has checked the name, the permission
 * and the new value before the question comes.
 */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <sys/types.h>
#include <stdbool.h>

#define CTLFLAG_RD	0x0001
#define CTLFLAG_RW	0x0003

#define DRV_SYSCTL_INT		1
#define DRV_SYSCTL_PROC		2
#define DRV_SYSCTL_STRPROC	3

struct drv_sysctl_oid {
	const char	*dso_name;	/* "hw.ata.dma" */
	int		dso_type;	/* DRV_SYSCTL_* */
	int		*dso_int;	/* DRV_SYSCTL_INT: the variable */
	int		(*dso_handler)(int *val, bool write);
	int		(*dso_strhandler)(char *buf, size_t size,
			    size_t *lenp);
};

#define DRV_SYSCTL_OID(id, name, type, ip, fn, sfn)			\
	static const struct drv_sysctl_oid __sysctl_##id = {		\
	    .dso_name = name, .dso_type = type, .dso_int = ip,		\
	    .dso_handler = fn, .dso_strhandler = sfn };		\
	static const struct drv_sysctl_oid *__sysctlp_##id		\
	    __attribute__((__section__("set_drvsysctl"), __used__)) =	\
	    &__sysctl_##id
#define SYSCTL_INT(id, name, ptr, flags, descr)				\
	DRV_SYSCTL_OID(id, name, DRV_SYSCTL_INT, ptr, NULL, NULL)
#define SYSCTL_PROC(id, name, fn, flags, descr)				\
	DRV_SYSCTL_OID(id, name, DRV_SYSCTL_PROC, NULL, fn, NULL)
#define SYSCTL_STRPROC(id, name, fn, descr)				\
	DRV_SYSCTL_OID(id, name, DRV_SYSCTL_STRPROC, NULL, NULL, fn)

#endif /* !_SYS_SYSCTL_H_ */
