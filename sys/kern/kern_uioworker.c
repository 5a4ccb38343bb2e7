/*
 * kern_uioworker.c - a kernel thread that performs reads and writes on
 * VM-object iovec uios built by other threads: the proof that such a uio
 * needs nothing of the process that made it, and the test hook for I/O
 * in flight (sys/mman.h: uioworker_start, uioworker_wait).
 *
 * uioworker_start() checks the descriptor, resolves and holds the user
 * buffer in the caller's context (uio_hold_user), and parks the job on
 * the process's list; nothing moves yet.  uioworker_wait() sends the job
 * as an LWKT message to the worker's port and sleeps until it is
 * replied: the worker calls the file's read or write on the held pages,
 * in its own address space (the kernel's), while the caller sleeps.
 * Between the two calls the program can fork, unmap, reprotect or
 * truncate, and see what I/O in flight makes of it (sys/uio.h).
 *
 * A process may have UIOJOB_MAX jobs parked, of at most UIOJOB_MAXBYTES
 * each (EINVAL beyond); exit releases them unrun.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/msgport.h>
#include <sys/thread.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_UIOJOB, "uiojob", "uioworker jobs");

#define UIOJOB_MAX	16
#define UIOJOB_MAXBYTES	(1024 * 1024)	/* held per job */

struct uiojob {
	struct lwkt_msg	j_msg;		/* to the worker and back */
	LIST_ENTRY(uiojob) j_link;	/* [p] p_uiojobs */
	int		j_id;		/* [I] the user's handle */
	struct file	*j_fp;		/* [I] held */
	struct uio	j_uio;		/* [I] UIO_VMOBJECT, held */
	size_t		j_len;		/* [I] bytes held */
};

static struct lwkt_port *uioworker_port;

static void
uioworker_thread(void *arg)
{
	uioworker_port = &curthread->td_msgport;
	for (;;) {
		struct uiojob *j = (struct uiojob *)lwkt_waitport(
		    uioworker_port, 0);
		struct uio *uio = &j->j_uio;
		int error;

		if (uio->uio_rw == UIO_READ)
			error = j->j_fp->f_ops->fo_read(j->j_fp, uio,
			    FOF_OFFSET);
		else
			error = j->j_fp->f_ops->fo_write(j->j_fp, uio,
			    FOF_OFFSET);
		j->j_msg.ms_result64 = (int64_t)(j->j_len - uio->uio_resid);
		lwkt_replymsg(&j->j_msg, uio_partial_error(error,
		    j->j_len - uio->uio_resid));
	}
}

/* Start the worker (at boot, so that its stack is not charged to the
 * first program that uses it). */
void
uioworker_init(void)
{
	lwkt_create(uioworker_thread, NULL, TDPRI_KERN, "uioworker");
	while (uioworker_port == NULL)
		lwkt_yield();
}

static void
uiojob_free(struct uiojob *j)
{
	LIST_REMOVE(j, j_link);
	uio_release(&j->j_uio);
	fdrop(j->j_fp);
	kfree(j, M_UIOJOB);
}

int
sys_uioworker_start(struct sysmsg *sysmsg,
    const struct uioworker_start_args *uap)
{
	struct proc *p = curproc;
	struct uiojob *j, *o;
	struct file *fp;
	int n = 0, id = 1, error;

	fp = fget(p, uap->fd, uap->write ? FWRITE : FREAD);
	if (fp == NULL)
		return (EBADF);
	if (fp->f_type != DTYPE_VNODE || uap->offset < 0 ||
	    uap->nbyte > UIOJOB_MAXBYTES)
		return (EINVAL);
	LIST_FOREACH(o, &p->p_uiojobs, j_link) {
		n++;
		id = MAX(id, o->j_id + 1);
	}
	if (n >= UIOJOB_MAX)
		return (EAGAIN);
	j = kmalloc(sizeof(*j), M_UIOJOB, M_WAITOK | M_ZERO);
	error = uio_hold_user(&j->j_uio, p->p_vmspace, uap->buf, uap->nbyte,
	    uap->offset, uap->write ? UIO_WRITE : UIO_READ);
	if (error) {
		uio_release(&j->j_uio);
		kfree(j, M_UIOJOB);
		return (error);
	}
	fhold(fp);
	j->j_fp = fp;
	j->j_id = id;
	j->j_len = j->j_uio.uio_resid;
	LIST_INSERT_HEAD(&p->p_uiojobs, j, j_link);
	sysmsg->sm_retval = id;
	return (0);
}

int
sys_uioworker_wait(struct sysmsg *sysmsg,
    const struct uioworker_wait_args *uap)
{
	struct uiojob *j;
	int error;

	LIST_FOREACH(j, &curproc->p_uiojobs, j_link) {
		if (j->j_id == uap->id)
			break;
	}
	if (j == NULL)
		return (EINVAL);
	lwkt_initmsg(&j->j_msg, &curthread->td_msgport, 0);
	error = lwkt_domsg(uioworker_port, &j->j_msg, 0);
	sysmsg->sm_retval = j->j_msg.ms_result64;
	uiojob_free(j);
	return (error);
}

/* Exit: release the jobs never waited for, unrun. */
void
uioworker_exit(struct proc *p)
{
	struct uiojob *j;

	while ((j = LIST_FIRST(&p->p_uiojobs)) != NULL)
		uiojob_free(j);
}
