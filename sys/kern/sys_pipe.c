/*
 * sys_pipe.c - pipes: a one-way byte stream between two descriptors.
 *
 * pipe() makes one struct pipe and two files on it, a read end (FREAD)
 * and a write end (FWRITE).  The pipe counts the files open on each end
 * (pp_readers, pp_writers); fork and dup share those files, so the counts
 * only change when an end's last descriptor goes (fo_close), and the pipe
 * is freed when both reach zero.
 *
 * The data is a PIPE_SIZE ring: pp_count bytes from pp_head on.
 *
 *   read    returns what is buffered, up to the count asked for, as soon
 *           as there is anything.  Empty with a writer: wait (a signal
 *           gives EINTR, O_NONBLOCK gives EAGAIN).  Empty with no
 *           writer: end of file, 0.
 *   write   copies what fits, wakes the readers, waits for room for the
 *           rest.  No reader (now, or any more while waiting): EPIPE and
 *           SIGPIPE for the writer.  A write of at most PIPE_BUF bytes is
 *           atomic: it waits until all of it fits, and goes in in one
 *           piece.  Interrupted (EINTR) or O_NONBLOCK (EAGAIN) after part
 *           of a write went in, it returns that part.  Tried without
 *           sleeping (TRY, kern_async.c), a write that does not fit at
 *           once writes nothing and goes in flight whole.
 *
 * Readers sleep on &pp_count (waiting for bytes), writers on &pp_head
 * (waiting for room); each side wakes the other when it moves data, and
 * closing an end wakes both.
 *
 * A token per pipe (pp_token) serializes the two ends between blocking
 * points; tsleep() releases it while asleep, so testing a condition and
 * sleeping on it is atomic with respect to the thread that changes it.
 * uiomove() into or out of the ring does not block here (a bad user
 * address is an immediate EFAULT: there is no demand paging), so each
 * copy is atomic with the update of pp_head and pp_count that follows it.
 * An atomic write is also staged on the stack first, so nothing is put in
 * the ring before all of it has been copied in.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/signal.h>
#include <sys/sysmsg.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_PIPE, "pipe", "pipes and their buffers");

#define PIPE_SIZE	(16 * 1024)	/* the ring */
#define PIPE_BUF	512		/* writes up to this size are atomic */

/* [t] pp_token, [I] immutable */
struct pipe {
	struct lwkt_token pp_token;
	char		*pp_buf;	/* [I] PIPE_SIZE bytes */
	size_t		pp_head;	/* [t] the next byte to read */
	size_t		pp_count;	/* [t] bytes buffered */
	int		pp_readers;	/* [t] files open on the read end */
	int		pp_writers;	/* [t] files open on the write end */
	uint32_t	pp_ino;		/* [I] for fstat: both ends share it */
	struct timespec	pp_time;	/* [I] creation: fstat's times */
};

static uint32_t pipe_nextino = 1;	/* on one CPU, without blocking */

/* Copy n bytes (n <= the free space) into the ring after its data. */
static void
pipe_put(struct pipe *pp, const char *src, size_t n)
{
	size_t tail = (pp->pp_head + pp->pp_count) % PIPE_SIZE;
	size_t first = MIN(n, PIPE_SIZE - tail);

	memcpy(pp->pp_buf + tail, src, first);
	memcpy(pp->pp_buf, src + first, n - first);
	pp->pp_count += n;
}

static int
pipe_read(struct file *fp, struct uio *uio, int flags)
{
	struct pipe *pp = fp->f_data;
	size_t n;
	int error = 0;

	if (uio->uio_resid == 0)
		return (0);
	lwkt_gettoken(&pp->pp_token);
	while (pp->pp_count == 0) {
		if (pp->pp_writers == 0)
			goto out;			/* end of file */
		if (fp->f_flag & FNONBLOCK) {
			error = EAGAIN;
			goto out;
		}
		error = tsleep(&pp->pp_count, PCATCH, "piperd", 0);
		if (error)
			goto out;
	}
	/* At most two pieces: up to the end of the ring, then from its start. */
	while (pp->pp_count > 0 && uio->uio_resid > 0) {
		n = MIN(pp->pp_count, PIPE_SIZE - pp->pp_head);
		n = MIN(n, uio->uio_resid);
		error = uiomove(pp->pp_buf + pp->pp_head, n, uio);
		if (error)
			break;
		pp->pp_head = (pp->pp_head + n) % PIPE_SIZE;
		pp->pp_count -= n;
	}
	wakeup(&pp->pp_head);
out:
	lwkt_reltoken(&pp->pp_token);
	return (error);
}

/*
 * Write up to PIPE_BUF bytes in one piece: copy them in before touching
 * the pipe, wait for room for all of them, then put them in.
 */
static int
pipe_write_atomic(struct pipe *pp, struct file *fp, struct uio *uio)
{
	char buf[PIPE_BUF];
	size_t n = uio->uio_resid;
	int error;

	error = uiomove(buf, n, uio);
	if (error)
		return (error);
	for (;;) {
		if (pp->pp_readers == 0) {
			error = EPIPE;
			break;
		}
		if (PIPE_SIZE - pp->pp_count >= n) {
			pipe_put(pp, buf, n);
			wakeup(&pp->pp_count);
			return (0);
		}
		if (fp->f_flag & FNONBLOCK) {
			error = EAGAIN;
			break;
		}
		error = tsleep(&pp->pp_head, PCATCH, "pipewr", 0);
		if (error)
			break;
	}
	/* Nothing went in: give the bytes back to the uio's count. */
	uio->uio_buf -= n;
	uio->uio_resid += n;
	uio->uio_offset -= (off_t)n;
	return (error);
}

/* Write more than PIPE_BUF bytes: what fits each time there is room. */
static int
pipe_write_stream(struct pipe *pp, struct file *fp, struct uio *uio)
{
	size_t tail, n, moved = 0;
	int error = 0;

	/* Tried without sleeping (an asynchronous write, class TRY): all of
	 * it now, or nothing, so that the refused sleep leaves the pipe as
	 * it was and the write goes in flight whole, never twice. */
	if (tsleep_refused(curthread) && !(fp->f_flag & FNONBLOCK) &&
	    PIPE_SIZE - pp->pp_count < uio->uio_resid) {
		error = tsleep(&pp->pp_head, PCATCH, "pipewr", 0);
		return (error != 0 ? error : EWOULDBLOCK);
	}
	while (uio->uio_resid > 0) {
		if (pp->pp_readers == 0) {
			error = EPIPE;
			break;
		}
		if (pp->pp_count == PIPE_SIZE) {
			if (fp->f_flag & FNONBLOCK) {
				error = EAGAIN;
				break;
			}
			error = tsleep(&pp->pp_head, PCATCH, "pipewr", 0);
			if (error)
				break;
			continue;
		}
		tail = (pp->pp_head + pp->pp_count) % PIPE_SIZE;
		n = MIN(PIPE_SIZE - pp->pp_count, PIPE_SIZE - tail);
		n = MIN(n, uio->uio_resid);
		error = uiomove(pp->pp_buf + tail, n, uio);
		if (error)
			break;
		pp->pp_count += n;
		moved += n;
		wakeup(&pp->pp_count);
	}
	/* A partial write is a success, except for a broken pipe or a bad
	 * buffer, which the caller must hear about. */
	if (moved > 0 && (error == EINTR || error == EAGAIN))
		error = 0;
	return (error);
}

static int
pipe_write(struct file *fp, struct uio *uio, int flags)
{
	struct pipe *pp = fp->f_data;
	struct proc *p;
	int error;

	if (uio->uio_resid == 0)
		return (0);
	lwkt_gettoken(&pp->pp_token);
	if (pp->pp_readers == 0)
		error = EPIPE;
	else if (uio->uio_resid <= PIPE_BUF)
		error = pipe_write_atomic(pp, fp, uio);
	else
		error = pipe_write_stream(pp, fp, uio);
	lwkt_reltoken(&pp->pp_token);

	if (error == EPIPE && (p = curproc) != NULL) {
		lwkt_gettoken(&proc_token);
		kern_kill(p, SIGPIPE);
		lwkt_reltoken(&proc_token);
	}
	return (error);
}

static int
pipe_stat(struct file *fp, struct stat *st)
{
	struct pipe *pp = fp->f_data;

	memset(st, 0, sizeof(*st));
	st->st_ino = pp->pp_ino;
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = PAGE_SIZE;
	lwkt_gettoken(&pp->pp_token);
	st->st_size = (off_t)pp->pp_count;
	lwkt_reltoken(&pp->pp_token);
	st->st_atim = pp->pp_time;
	st->st_mtim = pp->pp_time;
	st->st_ctim = pp->pp_time;
	return (0);
}

/* The last reference to one end's file went: that end is closed. */
static void
pipe_close(struct file *fp)
{
	struct pipe *pp = fp->f_data;
	bool last;

	lwkt_gettoken(&pp->pp_token);
	if (fp->f_flag & FREAD)
		pp->pp_readers--;
	else
		pp->pp_writers--;
	KASSERT(pp->pp_readers >= 0 && pp->pp_writers >= 0,
	    ("%s: pipe %p: %d readers, %d writers", __func__, pp,
	    pp->pp_readers, pp->pp_writers));
	/* Readers see the end of file, writers the broken pipe. */
	wakeup(&pp->pp_count);
	wakeup(&pp->pp_head);
	last = pp->pp_readers == 0 && pp->pp_writers == 0;
	lwkt_reltoken(&pp->pp_token);
	if (last) {
		kfree(pp->pp_buf, M_PIPE);
		kfree(pp, M_PIPE);
	}
}

static const struct fileops pipe_fileops = {
	.fo_read	= pipe_read,
	.fo_write	= pipe_write,
	.fo_stat	= pipe_stat,
	.fo_close	= pipe_close,
};

/*
 * Make a pipe in p's descriptor table: fds[0] its read end, fds[1] its
 * write end, the two lowest free descriptors.  EMFILE without two free
 * descriptors, ENFILE at kern.maxfiles (two files), ENOMEM without
 * memory; nothing is left behind.  Never waits for memory.
 */
static int
pipe_create(struct proc *p, int fds[2])
{
	struct pipe *pp;
	struct file *rf, *wf;
	int error;

	if (nfiles + 2 > maxfiles)
		return (ENFILE);
	pp = kmalloc(sizeof(*pp), M_PIPE, M_NOWAIT | M_ZERO);
	if (pp == NULL)
		return (ENOMEM);
	pp->pp_buf = kmalloc(PIPE_SIZE, M_PIPE, M_NOWAIT);
	if (pp->pp_buf == NULL) {
		kfree(pp, M_PIPE);
		return (ENOMEM);
	}
	lwkt_token_init(&pp->pp_token, "pipe");
	pp->pp_ino = pipe_nextino++;
	getnanotime(&pp->pp_time);
	/* Counted now so that dropping either file below undoes its end. */
	pp->pp_readers = 1;
	pp->pp_writers = 1;
	error = falloc(&pipe_fileops, DTYPE_PIPE, FREAD, pp, &rf);
	if (error) {
		kfree(pp->pp_buf, M_PIPE);
		kfree(pp, M_PIPE);
		return (error);
	}
	error = falloc(&pipe_fileops, DTYPE_PIPE, FWRITE, pp, &wf);
	if (error) {
		pp->pp_writers = 0;
		fdrop(rf);		/* the last end: frees the pipe */
		return (error);
	}

	error = fdinstall(p, rf, 0, &fds[0]);
	if (error)
		goto drop_both;
	error = fdinstall(p, wf, 0, &fds[1]);
	if (error)
		goto close_read;
	return (0);

close_read:
	kern_close(p, fds[0]);		/* drops rf */
	fdrop(wf);
	return (error);
drop_both:
	fdrop(rf);
	fdrop(wf);			/* the last: frees the pipe */
	return (error);
}

/*
 * pipe(fildes): a new pipe, its read end in fildes[0] and its write end
 * in fildes[1].  EMFILE without two free descriptors; EFAULT (both
 * closed again) if fildes is not writable.
 */
int
sys_pipe(struct sysmsg *sysmsg, const struct pipe_args *uap)
{
	struct proc *p = curproc;
	int fds[2], error;

	error = pipe_create(p, fds);
	if (error)
		return (error);
	error = copyout(fds, uap->fildes, sizeof(fds));
	if (error) {
		kern_close(p, fds[0]);
		kern_close(p, fds[1]);
	}
	return (error);
}
