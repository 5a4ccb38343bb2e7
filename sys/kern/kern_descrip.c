/*
 * kern_descrip.c - descriptor tables (see sys/file.h).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/globaldata.h>

MALLOC_DEFINE(M_FILE, "file", "open files and descriptor tables");

static struct file *
falloc(const struct fileops *ops, int flag, void *data)
{
	struct file *fp = kmalloc(sizeof(*fp), M_FILE, M_WAITOK | M_ZERO);

	fp->f_ops = ops;
	fp->f_count = 1;
	fp->f_flag = flag;
	fp->f_data = data;
	return (fp);
}

static void
fdrop(struct file *fp)
{
	KASSERT(fp->f_count > 0, ("fdrop: file %p has no references", fp));
	if (--fp->f_count == 0) {
		if (fp->f_ops->fo_close != NULL)
			fp->f_ops->fo_close(fp);
		kfree(fp, M_FILE);
	}
}

/* A table with descriptors 0, 1 and 2 open on the console (for init). */
struct filedesc *
fdinit_console(void)
{
	struct filedesc *fdp = kmalloc(sizeof(*fdp), M_FILE, M_WAITOK | M_ZERO);
	struct file *fp = falloc(&cons_fileops, FREAD | FWRITE, NULL);

	fdp->fd_ofiles[0] = fp;
	fdp->fd_ofiles[1] = fp;
	fdp->fd_ofiles[2] = fp;
	fp->f_count = 3;
	return (fdp);
}

/* A copy of fdp sharing its open files (fork). */
struct filedesc *
fdcopy(struct filedesc *fdp)
{
	struct filedesc *nfdp = kmalloc(sizeof(*nfdp), M_FILE, M_WAITOK | M_ZERO);
	int i;

	for (i = 0; i < NOFILE; i++) {
		nfdp->fd_ofiles[i] = fdp->fd_ofiles[i];
		if (nfdp->fd_ofiles[i] != NULL)
			nfdp->fd_ofiles[i]->f_count++;
	}
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
	kfree(fdp, M_FILE);
}

/* The file open on descriptor fd of p with access flag, or NULL. */
struct file *
fget(struct proc *p, int fd, int flag)
{
	struct file *fp;

	if (fd < 0 || fd >= NOFILE)
		return (NULL);
	fp = p->p_fd->fd_ofiles[fd];
	if (fp == NULL || (fp->f_flag & flag) != flag)
		return (NULL);
	return (fp);
}
