/*
 * sys/errno.h - errno values for user programs: replaces newlib's generic
 * list (whose numbers are not the kernel's: its EAGAIN is 11, ours 35).
 *
 * The values the kernel returns are the kernel's (sys/sys/errno.h, BSD
 * numbering); lib/libc/abi/abicheck.c checks each one at compile time.
 * The other POSIX names, which no system call returns yet, take FreeBSD's
 * numbers where those are free (86 is the kernel's EASYNC).  errno itself
 * is newlib's per-reentrancy-structure value; the system-call stubs set
 * it through __sys_seterrno (lib/libc/sys/errno.c).
 */
#ifndef _SYS_ERRNO_H_
#define _SYS_ERRNO_H_
#ifdef __cplusplus
extern "C" {
#endif

#include <sys/reent.h>

#ifndef _REENT_ONLY
#define errno (*__errno())
extern int *__errno (void);
#endif

extern __IMPORT const char * const _sys_errlist[];
extern __IMPORT int _sys_nerr;

#define __errno_r(ptr) ((ptr)->_errno)

/* The kernel's values (sys/sys/errno.h). */
#define EPERM		1	/* Operation not permitted */
#define ENOENT		2	/* No such file or directory */
#define ESRCH		3	/* No such process */
#define EINTR		4	/* Interrupted system call */
#define EIO		5	/* Input/output error */
#define ENXIO		6	/* Device not configured */
#define E2BIG		7	/* Argument list too long */
#define ENOEXEC		8	/* Exec format error */
#define EBADF		9	/* Bad file descriptor */
#define ECHILD		10	/* No child processes */
#define EDEADLK		11	/* Resource deadlock avoided */
#define ENOMEM		12	/* Cannot allocate memory */
#define EACCES		13	/* Permission denied */
#define EFAULT		14	/* Bad address */
#define EBUSY		16	/* Device busy */
#define EEXIST		17	/* File exists */
#define EXDEV		18	/* Cross-device link */
#define ENODEV		19	/* Operation not supported by device */
#define ENOTDIR		20	/* Not a directory */
#define EISDIR		21	/* Is a directory */
#define EINVAL		22	/* Invalid argument */
#define ENFILE		23	/* Too many open files in system */
#define EMFILE		24	/* Too many open files */
#define ENOTTY		25	/* Inappropriate ioctl for device */
#define ETXTBSY		26	/* Text file busy */
#define EFBIG		27	/* File too large */
#define ENOSPC		28	/* No space left on device */
#define ESPIPE		29	/* Illegal seek */
#define EROFS		30	/* Read-only file system */
#define EMLINK		31	/* Too many links */
#define EPIPE		32	/* Broken pipe */
#define EDOM		33	/* Numerical argument out of domain */
#define ERANGE		34	/* Result too large */
#define EAGAIN		35	/* Resource temporarily unavailable */
#define EWOULDBLOCK	EAGAIN
#define EINPROGRESS	36	/* Operation now in progress */
#define EALREADY	37	/* Operation already in progress */
#define ENOTSUP		45	/* Operation not supported */
#define EOPNOTSUPP	ENOTSUP
#define ELOOP		62	/* Too many levels of symbolic links */
#define ENAMETOOLONG	63	/* File name too long */
#define ENOTEMPTY	66	/* Directory not empty */
#define ENOSYS		78	/* Function not implemented */
#define EOVERFLOW	84	/* Value too large to be stored in data type */
#define ECANCELED	85	/* Operation canceled */
#define EASYNC		86	/* (the kernel's: a message still in flight) */

/* Names no system call returns yet (FreeBSD's numbers). */
#define ENOTBLK		15
#define ENOTSOCK	38
#define EDESTADDRREQ	39
#define EMSGSIZE	40
#define EPROTOTYPE	41
#define ENOPROTOOPT	42
#define EPROTONOSUPPORT	43
#define ESOCKTNOSUPPORT	44
#define EPFNOSUPPORT	46
#define EAFNOSUPPORT	47
#define EADDRINUSE	48
#define EADDRNOTAVAIL	49
#define ENETDOWN	50
#define ENETUNREACH	51
#define ENETRESET	52
#define ECONNABORTED	53
#define ECONNRESET	54
#define ENOBUFS		55
#define EISCONN		56
#define ENOTCONN	57
#define ESHUTDOWN	58
#define ETOOMANYREFS	59
#define ETIMEDOUT	60
#define ECONNREFUSED	61
#define EHOSTDOWN	64
#define EHOSTUNREACH	65
#define EPROCLIM	67
#define EUSERS		68
#define EDQUOT		69
#define ESTALE		70
#define EREMOTE		71
#define ENOLCK		77
#define EFTYPE		79
#define EIDRM		82
#define ENOMSG		83
#define EILSEQ		87	/* FreeBSD's 86 is EASYNC here */
#define EBADMSG		89
#define EMULTIHOP	90
#define ENOLINK		91
#define EPROTO		92
#define ENOTRECOVERABLE	95
#define EOWNERDEAD	96
#define ENODATA		97
#define ENOSR		98
#define ENOSTR		99
#define ETIME		100
#define __ELASTERROR	2000	/* newlib: users may add errors above */

#ifdef __cplusplus
}
#endif
#endif /* !_SYS_ERRNO_H_ */
