/*
 * sys/sysargs.h - a system call's user arguments taken at send time: the
 * argument space of an asynchronous message (kernel only; the model is
 * in sys/kern/kern_sysargs.c).
 *
 * syscalls.master says what each pointer argument of a call is (its
 * ARGUMENTS column: a const char * is a string, the others carry [IN],
 * [OUT], [IN len], [OUT len] or [IOCTL com]) and which int arguments are
 * descriptors ([FD]); gen_syscalls.sh turns that into sysargtab[], one
 * row of struct sysarg per pointer or descriptor argument of each call,
 * and marks the calls that resolve from the current directory (every
 * call with a string argument, and those with the CWD flag: getcwd).  A
 * call that may go in flight (class TRY or BLOCK) must describe every
 * pointer argument and mark every argument named fd or *fd: the
 * generator refuses the table otherwise, so no call can be forgotten.
 *
 * Phase 1, sysargs_take(), in the sender at send time: every string and
 * [IN] struct is copied into kernel memory the message owns; every [OUT]
 * struct and every buffer is held (VM-object iovec, uio_hold_user), a
 * buffer up to SYSARG_HOLD_MAX bytes; an [IOCTL com] argument is copied
 * if the command reads it and held if the command writes it.  Every [FD]
 * argument's open file is referenced (or, if the number had none, that
 * is recorded: the call's own lookup gets no file, its EBADF), and the
 * current directory of a path call is held.  Nothing is
 * checked beyond that and no error is returned: what phase 1 could not
 * take (a bad pointer, a string too long) is recorded in the entry, and
 * the call meets that error at the very access the synchronous call
 * would have met it, in its own order of checks.
 *
 * Phase 2 is the call's own sys_<name>(), run by a worker thread that
 * has no user address space at all, with td_sysargs pointing here: every
 * copyin, copyout, copyinstr and uio_hold_user of the call is answered
 * from this space (sysargs_copyin and the rest: the copy primitives
 * fault on the user address and their recovery path comes here;
 * uio_hold_user looks at td_sysargs) instead of from the process's
 * memory.  Likewise fget() answers a descriptor from the files taken
 * (sysargs_fget) and a lookup starts from the directory taken
 * (sysargs_cwd), not from the table or the directory of the moment:
 * a close and an open that reuse the number after the send do not
 * change the file the call works on.  An access outside every declared
 * argument is EFAULT, a descriptor not declared gets no file (EBADF);
 * kern.async_argfaults counts both.
 * Phase 3 for [OUT] structs and read buffers is the call's own copyout,
 * which lands in the held pages; the header is written by
 * async_complete().
 */
#ifndef _SYS_SYSARGS_H_
#define _SYS_SYSARGS_H_

#include <sys/types.h>
#include <sys/uio.h>

struct file;
struct namecache;
struct proc;

/*
 * Argument kinds (sa_kind):
 *   SA_STR     const char *: a NUL-terminated string, copied (PATH_MAX)
 *   SA_IN      a struct of sa_size bytes the call reads: copied
 *   SA_OUT     a struct of sa_size bytes the call writes (and may read):
 *              held for writing
 *   SA_INBUF   a buffer whose length is the argument at sa_lenoff, which
 *              the call reads (write's data): held for reading
 *   SA_OUTBUF  the same, written by the call (read's buffer): held for
 *              writing
 *   SA_IOCTL   ioctl's data: IOCPARM_LEN(command at sa_lenoff) bytes,
 *              copied if the command has IOC_IN, held if IOC_OUT
 *   SA_FD      an int descriptor (sa_off is the int's offset; an *at
 *              call's directory, AT_FDCWD included): its file referenced
 */
enum { SA_STR = 1, SA_IN, SA_OUT, SA_INBUF, SA_OUTBUF, SA_IOCTL, SA_FD };

struct sysarg {
	uint8_t		sa_kind;	/* SA_* */
	uint8_t		sa_off;		/* the pointer's offset in the args */
	uint8_t		sa_lenoff;	/* buffers: the length's; ioctl: com's */
	uint32_t	sa_size;	/* SA_IN, SA_OUT: bytes */
};

/* The pointer and descriptor arguments of one call (gen_syscalls.sh). */
struct sysargtab {
	int		st_count;	/* rows in st_args */
	const struct sysarg *st_args;
	int		st_cwd;		/* resolves from the current directory:
					 * it is held at send */
};

#ifdef _KERNEL
#define SYSARG_MAX	3		/* pointer arguments of any call */
#define SYSARG_FDMAX	2		/* descriptor arguments of any call */
/* A buffer's bytes held at send; a longer buffer's rest is held from the
 * process's map when the call reaches it (the synchronous path's own
 * window, sys_generic.c). */
#define SYSARG_HOLD_MAX	(256 * PAGE_SIZE)

extern const struct sysargtab sysargtab[];	/* init_sysent.c */

/* One argument taken at send ([I] once taken). */
struct sysarg_ent {
	vm_offset_t	se_uaddr;	/* where the call's pointer points */
	size_t		se_len;		/* bytes it covers (a string: the
					 * bytes copied, its NUL included) */
	int		se_error;	/* phase 1's error: what any access
					 * gets (0: none) */
	int		se_strerr;	/* SA_STR: copyinstr's own answer */
	bool		se_more;	/* a buffer longer than its hold */
	bool		se_rdonly;	/* an [OUT] struct in memory the call
					 * may read but not write: held for
					 * reading, copyout is EFAULT */
	uint8_t		se_kind;	/* SA_* */
	char		*se_copy;	/* the kernel copy, or NULL */
	struct uio	se_held;	/* the held pages (resid 0: none) */
};

/* One descriptor argument taken at send. */
struct sysarg_fd {
	int		sf_fd;		/* the number sent */
	struct file	*sf_fp;		/* its open file then, referenced;
					 * NULL: none (the call's EBADF) */
};

/* A message's argument space (kmalloc'd; one shared empty space for the
 * calls with no pointer or descriptor argument and no path). */
struct sysargs {
	struct proc	*sa_proc;	/* [I] whose memory the args were */
	int		sa_count;	/* [I] entries */
	int		sa_nfd;		/* [I] entries in sa_fds */
	int		sa_kmem;	/* [I] kernel bytes taken (copies,
					 * page lists) */
	struct namecache *sa_cdir;	/* [I] the current directory at send,
					 * held, or NULL (no path call) */
	struct sysarg_ent sa_ent[SYSARG_MAX];
	struct sysarg_fd sa_fds[SYSARG_FDMAX];
};

int	sysargs_take(uint32_t cmd, const void *args, struct sysargs **sap);
void	sysargs_free(struct sysargs *sa);
/* Called by the copy primitives (their fault path, support.S) when
 * curthread->td_sysargs is set; by uio_hold_user() likewise. */
int	sysargs_copyin(const void *uaddr, void *kaddr, size_t len);
int	sysargs_copyout(const void *kaddr, void *uaddr, size_t len);
int	sysargs_copyinstr(const void *uaddr, char *kaddr, size_t max,
	    size_t *done);
int	sysargs_hold(struct uio *uio, struct vmspace *vm, void *ubuf,
	    size_t len, off_t off, enum uio_rw rw);
/* Called by fget() and nlookup_cwd() when curthread->td_sysargs is set. */
struct file *sysargs_fget(struct proc *p, int fd, int flag);
struct namecache *sysargs_cwd(void);
#endif

#endif /* !_SYS_SYSARGS_H_ */
