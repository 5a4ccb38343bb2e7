/*
 * sys/file.h - open files and descriptor tables.
 *
 * A struct file is an open object (a vnode or a pipe) with an operations
 * vector, a reference count, the access flags it was opened with and, for
 * vnodes, the offset.  A process's filedesc maps small integers to files
 * plus a close-on-exec flag each, and holds the current and root
 * directories (namecache entries).  fork copies the table and shares each
 * file (the offset is shared, as POSIX says); exit closes everything.
 *
 * The read and write operations take a uio (sys/uio.h).  With FOF_OFFSET
 * the uio's offset is used as given (pread/pwrite) and the file's offset
 * is left alone; otherwise the file's offset is used and advanced.
 */
#ifndef _SYS_FILE_H_
#define _SYS_FILE_H_

#include <sys/types.h>

struct file;
struct proc;
struct uio;
struct stat;
struct namecache;

struct fileops {
	int	(*fo_read)(struct file *fp, struct uio *uio, int flags);
	int	(*fo_write)(struct file *fp, struct uio *uio, int flags);
	int	(*fo_stat)(struct file *fp, struct stat *st);
	void	(*fo_close)(struct file *fp);
	int	(*fo_ioctl)(struct file *fp, u_long cmd, void *data); /* NULL:
					 * ENOTTY.  data: the kernel copy */
};
#define FOF_OFFSET	0x0001

enum dtype { DTYPE_VNODE = 1, DTYPE_PIPE };

struct file {
	const struct fileops *f_ops;	/* [I] */
	enum dtype	f_type;		/* [I] */
	int		f_count;	/* [T] references */
	int		f_flag;		/* [T] FREAD | FWRITE | FAPPEND ... */
	off_t		f_offset;	/* [T] vnodes: the file offset */
	void		*f_data;	/* [I] the vnode or pipe */
	struct namecache *f_ncp;	/* [I] vnodes: the name opened (ref) */
};

/* f_flag: the open flags kept (the access mode as FREAD/FWRITE). */
#define FREAD		0x0001
#define FWRITE		0x0002
#define FNONBLOCK	0x0004		/* O_NONBLOCK */
#define FAPPEND		0x0008		/* O_APPEND */

#define NOFILE		64		/* descriptors per process */

struct filedesc {
	struct file	*fd_ofiles[NOFILE];	/* [p] open files */
	uint8_t		fd_oflags[NOFILE];	/* [p] UF_* */
	struct namecache *fd_cdir;		/* [p] current directory (ref) */
	struct namecache *fd_rdir;		/* [p] root directory (ref) */
};
#define UF_EXCLOSE	0x01			/* close on exec */

#ifdef _KERNEL
struct filedesc *fdinit(void);
struct filedesc *fdcopy(struct filedesc *fdp);
void	fdfree(struct filedesc *fdp);
void	fdcloseexec(struct filedesc *fdp);
int	falloc(const struct fileops *ops, enum dtype type, int flag,
	    void *data, struct file **fpp);
void	fd_limits_init(void);
void	fhold(struct file *fp);
void	fdrop(struct file *fp);
int	fdalloc(struct proc *p, int minfd, int *fdp);
int	fdinstall(struct proc *p, struct file *fp, int flags, int *fdp);
int	kern_close(struct proc *p, int fd);
extern int nfiles;
extern int maxfiles;
#endif

#endif

#ifdef _KERNEL
#ifndef _SYS_FILE_H_FGET_
#define _SYS_FILE_H_FGET_
#include <sys/proc.h>
#include <sys/globaldata.h>

struct file *sysargs_fget(struct proc *p, int fd, int flag);	/* sysargs.h */

/*
 * The file open on descriptor fd of p with access flag, or NULL.  The one
 * lookup of a file by number: a worker running an asynchronous call
 * (td_sysargs set) is answered from the files its message took at send
 * (sysargs_fget, kern_sysargs.c), not from the table as it is now.
 * Inline: every descriptor call makes it, and the test of td_sysargs
 * costs less than the call it replaces.
 */
static __always_inline struct file *
fget(struct proc *p, int fd, int flag)
{
	struct file *fp;

	if (__predict_false(curthread->td_sysargs != NULL))
		return (sysargs_fget(p, fd, flag));
	if ((unsigned int)fd >= NOFILE)
		return (NULL);
	fp = p->p_fd->fd_ofiles[fd];
	if (fp == NULL || (fp->f_flag & flag) != flag)
		return (NULL);
	return (fp);
}
#endif
#endif
