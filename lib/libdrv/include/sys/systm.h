/*
 * lib/libdrv/include/sys/systm.h - what a driver built as a user program
 * gets in place of the kernel's sys/systm.h: the assertion, MIN and MAX,
 * and the kernel's types the message formats use.  It comes first on
 * the include path of a driver's user build (the Makefile's DRV_UCFLAGS)
 * and only there; everything else a driver calls is sys/sys/drvif.h.
 */
#ifndef _SYS_SYSTM_H_
#define _SYS_SYSTM_H_

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t	vm_paddr_t;	/* as the kernel's sys/types.h */
typedef uint32_t	vm_pindex_t;
typedef uint32_t	vm_offset_t;

#ifndef PAGE_SIZE
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)
#endif
#ifndef MIN
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#endif
#ifndef __predict_true
#define __predict_true(e)	__builtin_expect(!!(e), 1)
#define __predict_false(e)	__builtin_expect(!!(e), 0)
#endif
#ifndef __unused
#define __unused	__attribute__((__unused__))
#endif
#define CTASSERT(x)	_Static_assert(x, #x)

void	drv_panic(const char *fmt, ...) __attribute__((__noreturn__,
	    __format__(__printf__, 1, 2)));

/* A broken assumption ends the driver process (its supervisor restarts
 * it), where in the kernel it is a panic. */
#define KASSERT(exp, msg) do {						\
	if (__predict_false(!(exp)))					\
		drv_panic msg;						\
} while (0)

#endif /* !_SYS_SYSTM_H_ */
