/*
 * machine/_types.h - the sizes of the system types, where the kernel's
 * differ from newlib's defaults (newlib/libc/include/sys/_types.h takes a
 * type from here when __machine_<type>_t_defined is set).
 *
 * Offsets are 64 bits (the kernel's off_t, and lseek's result); device,
 * node, user and group numbers 32 bits (struct stat, sys/sys/stat.h).
 * time_t is 64 bits by newlib's default on i386.  lib/libc/abi/abicheck.c
 * checks the sizes against the kernel's at compile time.
 */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H
#include <machine/_default_types.h>

#define __machine_off_t_defined
typedef __int64_t _off_t;
#define __machine_fpos_t_defined
typedef __int64_t _fpos_t;
#define __machine_dev_t_defined
typedef __uint32_t __dev_t;
#define __machine_ino_t_defined
typedef __uint32_t __ino_t;
#define __machine_uid_t_defined
typedef __uint32_t __uid_t;
#define __machine_gid_t_defined
typedef __uint32_t __gid_t;
#define __machine_mode_t_defined
typedef __uint32_t __mode_t;
#define __machine_blkcnt_t_defined
typedef __int64_t __blkcnt_t;
#define __machine_blksize_t_defined
typedef __uint32_t __blksize_t;

#endif
