/*
 * sys/dirent.h - directory entries as getdents() returns them.
 *
 * getdents(fd, buf, n) fills buf with whole records, each d_reclen bytes
 * (a multiple of 4) holding a NUL-terminated name of d_namlen bytes.  It
 * returns the bytes filled, 0 at the end of the directory, EINVAL if not
 * even one record fits.  The descriptor's offset is an entry index, not a
 * byte offset: "." is 0, ".." is 1.
 */
#ifndef _SYS_DIRENT_H_
#define _SYS_DIRENT_H_

#include <sys/types.h>

#define MAXNAMLEN	255

struct dirent {
	uint32_t	d_ino;
	uint16_t	d_reclen;	/* this record's size */
	uint8_t		d_type;		/* DT_* */
	uint8_t		d_namlen;	/* strlen(d_name) */
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

#endif /* !_SYS_DIRENT_H_ */
