/*
 * kern_descrip.c - open files and descriptor tables (see sys/file.h),
 * and the descriptor system calls: close, dup, dup2, fcntl, fstat.
 *
 * Limits.  A process has NOFILE descriptors (EMFILE past them); the
 * whole system has kern.maxfiles open files (ENFILE past it), counting
 * both ends of every pipe.  The default is scaled to memory: a pipe end
 * costs about half its 16 KB ring, so maxfiles ends of pipes pin at most
 * a quarter of the memory kmalloc can have (kmalloc_capacity() / 32 KB
 * files, at least 256).  Only init or the boot command line may change
 * it (sys/sysctl.h).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/file.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/proc.h>
#include <sys/namecache.h>
#include <sys/sysmsg.h>
#include <sys/sysctl.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_FILE, "file", "open files and descriptor tables");

int nfiles;				/* [T] open files */
int maxfiles;				/* [T] kern.maxfiles */
SYSCTL_INT(nfiles, "kern.openfiles", &nfiles, CTLFLAG_RD, "open files");

static int
sysctl_maxfiles(int *val, bool write)
{
	if (!write) {
		*val = maxfiles;
		return (0);
	}
	if (*val < 16 || *val > 1000000)
		return (EINVAL);
	maxfiles = *val;
	return (0);
}
SYSCTL_PROC(maxfiles, "kern.maxfiles", sysctl_maxfiles,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "open files, whole system (set by init or at boot)");

/* kern.maxfiles from the size of memory (see above).  At boot. */
void
fd_limits_init(void)
{
	maxfiles = (int)MAX(kmalloc_capacity() / (32 * 1024), 256);
}

/*
 * A new open file with one reference in *fpp.  ENFILE at kern.maxfiles,
 * ENOMEM without memory.  Never blocks.
 */
int
falloc(const struct fileops *ops, enum dtype type, int flag, void *data,
    struct file **fpp)
{
	struct file *fp;

	if (nfiles >= maxfiles)
		return (ENFILE);
	fp = kmalloc(sizeof(*fp), M_FILE, M_NOWAIT | M_ZERO);
	if (fp == NULL)
		return (ENOMEM);
	fp->f_ops = ops;
	fp->f_type = type;
	fp->f_count = 1;
	fp->f_flag = flag;
	fp->f_data = data;
	nfiles++;
	*fpp = fp;
	return (0);
}

void
fhold(struct file *fp)
{
	fp->f_count++;
}

/* Drop a reference; the last one closes the object and frees the file. */
void
fdrop(struct file *fp)
{
	KASSERT(fp->f_count > 0, ("fdrop: file %p has no references", fp));
	if (--fp->f_count > 0)
		return;
	if (fp->f_ops->fo_close != NULL)
		fp->f_ops->fo_close(fp);
	if (fp->f_ncp != NULL)
		cache_drop(fp->f_ncp);
	nfiles--;
	kfree(fp, M_FILE);
}

/* An empty table whose root and current directory are the root. */
struct filedesc *
fdinit(void)
{
	struct filedesc *fdp = kmalloc(sizeof(*fdp), M_FILE, M_WAITOK | M_ZERO);

	fdp->fd_cdir = rootncp;
	fdp->fd_rdir = rootncp;
	cache_hold(rootncp);
	cache_hold(rootncp);
	return (fdp);
}

/* A copy of fdp sharing its open files (fork), or NULL if there is no
 * memory for it.  Never blocks. */
struct filedesc *
fdcopy(struct filedesc *fdp)
{
	struct filedesc *nfdp = kmalloc(sizeof(*nfdp), M_FILE, M_NOWAIT | M_ZERO);
	int i;

	if (nfdp == NULL)
		return (NULL);
	for (i = 0; i < NOFILE; i++) {
		nfdp->fd_ofiles[i] = fdp->fd_ofiles[i];
		nfdp->fd_oflags[i] = fdp->fd_oflags[i];
		if (nfdp->fd_ofiles[i] != NULL)
			fhold(nfdp->fd_ofiles[i]);
	}
	nfdp->fd_cdir = fdp->fd_cdir;
	nfdp->fd_rdir = fdp->fd_rdir;
	cache_hold(nfdp->fd_cdir);
	cache_hold(nfdp->fd_rdir);
	return (nfdp);
}

/* Close every descriptor and free the table (exit). */
void
fdfree(struct filedesc *fdp)
{
	int i;

	for (i = 0; i < NOFILE; i++) {
		if (fdp->fd_ofiles[i] != NULL)
			fdrop(fdp->fd_ofiles[i]);
	}
	cache_drop(fdp->fd_cdir);
	cache_drop(fdp->fd_rdir);
	kfree(fdp, M_FILE);
}

/* Close the descriptors marked close-on-exec (a successful execve). */
void
fdcloseexec(struct filedesc *fdp)
{
	struct file *fp;
	int i;

	for (i = 0; i < NOFILE; i++) {
		if ((fdp->fd_oflags[i] & UF_EXCLOSE) && fdp->fd_ofiles[i]) {
			fp = fdp->fd_ofiles[i];
			fdp->fd_ofiles[i] = NULL;
			fdp->fd_oflags[i] = 0;
			fdrop(fp);
		}
	}
}

/* The lowest free descriptor >= minfd, or EMFILE. */
int
fdalloc(struct proc *p, int minfd, int *fdp)
{
	int i;

	for (i = minfd; i < NOFILE; i++) {
		if (p->p_fd->fd_ofiles[i] == NULL) {
			*fdp = i;
			return (0);
		}
	}
	return (EMFILE);
}

/* Put fp on the lowest free descriptor; the table takes over the
 * caller's reference.  flags: UF_EXCLOSE or 0. */
int
fdinstall(struct proc *p, struct file *fp, int flags, int *fdp)
{
	int error, fd;

	error = fdalloc(p, 0, &fd);
	if (error)
		return (error);
	p->p_fd->fd_ofiles[fd] = fp;
	p->p_fd->fd_oflags[fd] = (uint8_t)flags;
	*fdp = fd;
	return (0);
}

/* Close descriptor fd of p: EBADF unless it holds the file fget gives
 * (which, for a call in flight, is the file it held at send: a number
 * closed and opened again since is not closed). */
int
kern_close(struct proc *p, int fd)
{
	struct file *fp = fget(p, fd, 0);

	if (fp == NULL || p->p_fd->fd_ofiles[fd] != fp)
		return (EBADF);
	p->p_fd->fd_ofiles[fd] = NULL;
	p->p_fd->fd_oflags[fd] = 0;
	fdrop(fp);
	return (0);
}

int
sys_close(struct sysmsg *sysmsg, const struct close_args *uap)
{
	return (kern_close(curproc, uap->fd));
}

/* Make descriptor new refer to old's file (new is closed first unless
 * it is old).  The copy is never close-on-exec. */
static int
kern_dupto(struct proc *p, int old, int new)
{
	struct filedesc *fdp = p->p_fd;
	struct file *fp = fget(p, old, 0), *ofp;

	if (fp == NULL || new < 0 || new >= NOFILE)
		return (EBADF);
	if (old == new)
		return (0);
	ofp = fdp->fd_ofiles[new];
	fhold(fp);
	fdp->fd_ofiles[new] = fp;
	fdp->fd_oflags[new] = 0;
	if (ofp != NULL)
		fdrop(ofp);
	return (0);
}

static int
kern_dup(struct proc *p, int old, int minfd, int *newp)
{
	int error;

	if (fget(p, old, 0) == NULL)
		return (EBADF);
	if (minfd < 0 || minfd >= NOFILE)
		return (EINVAL);
	error = fdalloc(p, minfd, newp);
	if (error == 0)
		error = kern_dupto(p, old, *newp);
	return (error);
}

int
sys_dup(struct sysmsg *sysmsg, const struct dup_args *uap)
{
	int error, fd;

	error = kern_dup(curproc, uap->fd, 0, &fd);
	if (error == 0)
		sysmsg->sm_retval = fd;
	return (error);
}

int
sys_dup2(struct sysmsg *sysmsg, const struct dup2_args *uap)
{
	int error;

	error = kern_dupto(curproc, uap->from, uap->to);
	if (error == 0)
		sysmsg->sm_retval = uap->to;
	return (error);
}

int
sys_fcntl(struct sysmsg *sysmsg, const struct fcntl_args *uap)
{
	struct proc *p = curproc;
	struct file *fp = fget(p, uap->fd, 0);
	int error, fd, fl;

	if (fp == NULL)
		return (EBADF);
	switch (uap->cmd) {
	case F_DUPFD:
		error = kern_dup(p, uap->fd, (int)uap->arg, &fd);
		if (error == 0)
			sysmsg->sm_retval = fd;
		return (error);
	case F_GETFD:
		sysmsg->sm_retval =
		    (p->p_fd->fd_oflags[uap->fd] & UF_EXCLOSE) ? FD_CLOEXEC : 0;
		return (0);
	case F_SETFD:
		if (uap->arg & FD_CLOEXEC)
			p->p_fd->fd_oflags[uap->fd] |= UF_EXCLOSE;
		else
			p->p_fd->fd_oflags[uap->fd] &= ~UF_EXCLOSE;
		return (0);
	case F_GETFL:
		fl = 0;
		if ((fp->f_flag & (FREAD | FWRITE)) == (FREAD | FWRITE))
			fl = O_RDWR;
		else if (fp->f_flag & FWRITE)
			fl = O_WRONLY;
		if (fp->f_flag & FAPPEND)
			fl |= O_APPEND;
		if (fp->f_flag & FNONBLOCK)
			fl |= O_NONBLOCK;
		sysmsg->sm_retval = fl;
		return (0);
	case F_SETFL:
		fp->f_flag &= ~(FAPPEND | FNONBLOCK);
		if (uap->arg & O_APPEND)
			fp->f_flag |= FAPPEND;
		if (uap->arg & O_NONBLOCK)
			fp->f_flag |= FNONBLOCK;
		return (0);
	default:
		return (EINVAL);
	}
}

int
sys_fstat(struct sysmsg *sysmsg, const struct fstat_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, 0);
	struct stat st;
	int error;

	if (fp == NULL)
		return (EBADF);
	error = fp->f_ops->fo_stat(fp, &st);	/* fills all of st */
	if (error == 0)
		error = copyout(&st, uap->sb, sizeof(st));
	return (error);
}
