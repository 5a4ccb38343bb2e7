/*
 * sys/types.h - basic fixed-size and kernel types.
 *
 * Damselfly is built freestanding (-nostdinc): this header, not the host's,
 * defines the integer types every other header uses.
 */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

typedef signed char		int8_t;
typedef unsigned char		uint8_t;
typedef short			int16_t;
typedef unsigned short		uint16_t;
typedef int			int32_t;
typedef unsigned int		uint32_t;
typedef long long		int64_t;
typedef unsigned long long	uint64_t;

typedef unsigned long		uintptr_t;
typedef long			intptr_t;
typedef unsigned int		size_t;
typedef int			ssize_t;
typedef long long		off_t;
typedef int			pid_t;
typedef unsigned long		u_long;
typedef uint32_t		mode_t;		/* file type and permission bits */
typedef uint32_t		uid_t;		/* a user id (always 0 today) */
typedef uint32_t		gid_t;		/* a group id (always 0 today) */
typedef unsigned long		clock_t;	/* CPU time, 1/CLK_TCK seconds */

typedef uint32_t		vm_offset_t;	/* a virtual address */
typedef uint32_t		vm_size_t;
typedef uint32_t		vm_paddr_t;	/* a physical address */
typedef uint32_t		vm_pindex_t;	/* a page index */

typedef _Bool			bool;
#define true	1
#define false	0

#ifndef NULL
#define NULL	((void *)0)
#endif

#define offsetof(type, field)	__builtin_offsetof(type, field)
#define nitems(a)		(sizeof(a) / sizeof((a)[0]))

#define __unused	__attribute__((__unused__))
#define __packed	__attribute__((__packed__))
#define __aligned(n)	__attribute__((__aligned__(n)))
#define __section(s)	__attribute__((__section__(s)))
#define __dead2		__attribute__((__noreturn__))
#define __printflike(f, a) __attribute__((__format__(__printf__, f, a)))
#define __used		__attribute__((__used__))
#define __always_inline	inline __attribute__((__always_inline__))

#define roundup2(x, y)	(((x) + ((y) - 1)) & ~((y) - 1))
#define rounddown2(x, y) ((x) & ~((y) - 1))
#define howmany(x, y)	(((x) + ((y) - 1)) / (y))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

#endif /* !_SYS_TYPES_H_ */
