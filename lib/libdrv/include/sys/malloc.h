/*
 * lib/libdrv/include/sys/malloc.h - a driver's malloc types in its user
 * build: a name only (drv_malloc in lib/libdrv is the C library's
 * malloc; the kernel's per-type accounting is the kernel build's).
 */
#ifndef _SYS_MALLOC_H_
#define _SYS_MALLOC_H_

struct malloc_type {
	const char	*ks_shortdesc;
};

#define MALLOC_DEFINE(type, shortdesc, longdesc)			\
	struct malloc_type type[1] = { { shortdesc } }
#define MALLOC_DECLARE(type)	extern struct malloc_type type[1]

#endif /* !_SYS_MALLOC_H_ */
