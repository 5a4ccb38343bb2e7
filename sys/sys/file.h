/*
 * sys/file.h - open files and descriptor tables.
 *
 * A struct file is an open object with an operations vector; a process's
 * filedesc maps small integers to files.  fork shares each file (the
 * count goes up), exit drops them.  The VFS will add vnode-backed files;
 * today the only kind is the console.
 *
 * The read and write operations take user buffers and copy with
 * copyin/copyout themselves; *done is set to the bytes transferred even
 * when an error stops the transfer part way.
 */
#ifndef _SYS_FILE_H_
#define _SYS_FILE_H_

#include <sys/types.h>

struct file;
struct proc;

struct fileops {
	int	(*fo_read)(struct file *fp, void *ubuf, size_t len, size_t *done);
	int	(*fo_write)(struct file *fp, const void *ubuf, size_t len,
		    size_t *done);
	void	(*fo_close)(struct file *fp);
};

struct file {
	const struct fileops *f_ops;	/* [I] */
	int		f_count;	/* [T] references */
	int		f_flag;		/* [I] FREAD | FWRITE */
	void		*f_data;	/* [I] the object */
};

#define FREAD		0x0001
#define FWRITE		0x0002

#define NOFILE		64		/* descriptors per process */

struct filedesc {
	struct file	*fd_ofiles[NOFILE];	/* [p] open files */
};

#ifdef _KERNEL
struct filedesc *fdinit_console(void);
struct filedesc *fdcopy(struct filedesc *fdp);
void	fdfree(struct filedesc *fdp);
struct file *fget(struct proc *p, int fd, int flag);
extern const struct fileops cons_fileops;
#endif

#endif
