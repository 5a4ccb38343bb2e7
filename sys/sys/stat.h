/*
 * sys/stat.h - file status, shared by the kernel and libc.
 *
 * There are no users or permissions to enforce yet: st_uid and st_gid are
 * 0 and st_mode's permission bits are kept (chosen at creation less the
 * process's umask, changed by chmod) but never checked.
 *
 * utimensat and futimens take two timespecs, the access and the
 * modification time; a tv_nsec of UTIME_NOW stands for the current time,
 * UTIME_OMIT leaves that time as it is.  A NULL pointer sets both to now.
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
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_IRWXU		0000700
#define S_IRUSR		0000400
#define S_IWUSR		0000200
#define S_IXUSR		0000100
#define S_IRWXG		0000070
#define S_IRGRP		0000040
#define S_IWGRP		0000020
#define S_IXGRP		0000010
#define S_IRWXO		0000007
#define S_IROTH		0000004
#define S_IWOTH		0000002
#define S_IXOTH		0000001
#define ALLPERMS	07777

#define UTIME_NOW	-1L	/* utimensat: this time becomes now */
#define UTIME_OMIT	-2L	/* utimensat: this time stays */

#ifndef _KERNEL
int	stat(const char *path, struct stat *sb);
int	lstat(const char *path, struct stat *sb);
int	fstat(int fd, struct stat *sb);
int	mkdir(const char *path, int mode);
int	fstatat(int dirfd, const char *path, struct stat *sb, int flag);
int	mkdirat(int dirfd, const char *path, int mode);
int	chmod(const char *path, int mode);
int	fchmod(int fd, int mode);
int	fchmodat(int dirfd, const char *path, int mode, int flag);
mode_t	umask(mode_t mask);
int	utimensat(int dirfd, const char *path, const struct timespec times[2],
	    int flag);
int	futimens(int fd, const struct timespec times[2]);
#endif

#endif /* !_SYS_STAT_H_ */
