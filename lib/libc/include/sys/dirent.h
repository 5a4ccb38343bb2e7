/*
 * sys/dirent.h - directory entries as getdents() returns them, and the
 * DIR stream over them (lib/libc/gen/dirent.c).  newlib has no generic
 * version (its own stops the build with #error): this one is ours.
 *
 * struct dirent and the DT_* values are the kernel's (sys/sys/dirent.h);
 * lib/libc/abi/abicheck.c checks at compile time that they agree.
 */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>
#include <stddef.h>

#define MAXNAMLEN	255

struct dirent {
	__uint32_t	d_ino;
	__uint16_t	d_reclen;	/* this record's size */
	__uint8_t	d_type;		/* DT_* */
	__uint8_t	d_namlen;	/* strlen(d_name) */
	char		d_name[MAXNAMLEN + 1];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_REG		8
#define DT_LNK		10

/* The size of a record for a name of namlen bytes. */
#define DIRENT_RECLEN(namlen)	\
	((offsetof(struct dirent, d_name) + (namlen) + 1 + 3) & ~3)

typedef struct _dirdesc {
	int	dd_fd;
	int	dd_loc;		/* next record in dd_buf */
	int	dd_size;	/* bytes in dd_buf */
	char	dd_buf[2048];
} DIR;

DIR	*opendir(const char *path);
DIR	*fdopendir(int fd);
struct dirent *readdir(DIR *dirp);
int	closedir(DIR *dirp);
void	rewinddir(DIR *dirp);
int	dirfd(DIR *dirp);
int	getdents(int fd, char *buf, size_t count);

#endif
