/*
 * sys/stat.h - file status, shared by the kernel and libc.
 *
 * There are no users or permissions to enforce yet: st_uid and st_gid are
 * 0 and st_mode's permission bits are kept (chosen at creation, masked by
 * nothing) but never checked.
 */
#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/types.h>
#include <sys/time.h>

struct stat {
	uint32_t	st_dev;		/* the mount's number */
	uint32_t	st_ino;		/* the node's number within it */
	uint32_t	st_mode;	/* S_IF* type and permission bits */
	uint32_t	st_nlink;	/* hard links */
	uint32_t	st_uid;
	uint32_t	st_gid;
	uint32_t	st_rdev;	/* device number, for devices */
	uint32_t	st_blksize;	/* preferred I/O size */
	off_t		st_size;	/* bytes (symlink: target length) */
	int64_t		st_blocks;	/* 512-byte blocks held */
	struct timespec	st_atim;	/* last access */
	struct timespec	st_mtim;	/* last data change */
	struct timespec	st_ctim;	/* last status change */
};

/* The layout user programs (and newlib's headers) see: 84 bytes. */
_Static_assert(offsetof(struct stat, st_size) == 32 &&
    offsetof(struct stat, st_atim) == 48 &&
    offsetof(struct stat, st_mtim) == 60 &&
    offsetof(struct stat, st_ctim) == 72 && sizeof(struct stat) == 84,
    "struct stat layout");

#define S_IFMT		0170000
#define S_IFIFO		0010000
#define S_IFCHR		0020000
#define S_IFDIR		0040000
#define S_IFREG		0100000
#define S_IFLNK		0120000
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define ALLPERMS	07777

#ifndef _KERNEL
int	stat(const char *path, struct stat *sb);
int	lstat(const char *path, struct stat *sb);
int	fstat(int fd, struct stat *sb);
int	mkdir(const char *path, int mode);
#endif

#endif /* !_SYS_STAT_H_ */
