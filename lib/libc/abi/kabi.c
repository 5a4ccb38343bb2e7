/*
 * kabi.c - the kernel's view of the user ABI, as constants.
 *
 * Compiled as the kernel is (with its headers, sys/sys), to assembly only:
 * every KABI(name, value) becomes a line "->name value" that the Makefile
 * turns into obj/user/include/kabi.h (#define KABI_name (value)), in the
 * way sys/i386/genassym.c makes assym.h.  abicheck.c, compiled as a user
 * program against newlib's headers and ours (lib/libc/include), asserts
 * that each of its definitions equals the kernel's.  Add a line here and
 * one there for every definition the two must share.
 */
#include <sys/types.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/signal.h>
#include <sys/wait.h>
#include <sys/dirent.h>
#include <sys/resource.h>
#include <sys/nlookup.h>
#include <sys/times.h>

#define KABI(name, value)						\
	__asm__ __volatile__("\n->" #name " %c0" : : "n"(value))
#define KOFF(s, f)	KABI(s##_##f##_off, offsetof(struct s, f));	\
			KABI(s##_##f##_size, sizeof(((struct s *)0)->f))
/* A macro by its own name (stringized here, before it is expanded). */
#define KE(name)	__asm__ __volatile__("\n->" #name " %c0" : : "n"(name))

void kabi(void);

void
kabi(void)
{
	/* errno values */
	KE(EPERM); KE(ENOENT); KE(ESRCH); KE(EINTR); KE(EIO); KE(ENXIO);
	KE(E2BIG); KE(ENOEXEC); KE(EBADF); KE(ECHILD); KE(EDEADLK);
	KE(ENOMEM); KE(EACCES); KE(EFAULT); KE(EBUSY); KE(EEXIST);
	KE(EXDEV); KE(ENODEV); KE(ENOTDIR); KE(EISDIR); KE(EINVAL);
	KE(ENFILE); KE(EMFILE); KE(ENOTTY); KE(ETXTBSY); KE(EFBIG);
	KE(ENOSPC); KE(ESPIPE); KE(EROFS); KE(EMLINK); KE(EPIPE); KE(EDOM);
	KE(ERANGE); KE(EAGAIN); KE(EWOULDBLOCK); KE(EINPROGRESS);
	KE(EALREADY); KE(EMSGSIZE); KE(ENOBUFS); KE(ENOTSUP); KE(EOPNOTSUPP); KE(ELOOP);
	KE(ENAMETOOLONG); KE(ENOTEMPTY); KE(ENOSYS); KE(EOVERFLOW);
	KE(ECANCELED); KE(EASYNC); KE(ELAST);

	/* open flags, fcntl, access, lseek */
	KE(O_RDONLY); KE(O_WRONLY); KE(O_RDWR); KE(O_ACCMODE);
	KE(O_NONBLOCK); KE(O_APPEND); KE(O_CREAT); KE(O_TRUNC); KE(O_EXCL);
	KE(O_DIRECTORY); KE(O_CLOEXEC); KE(O_NOFOLLOW); KE(O_NOCTTY);
	KE(F_DUPFD); KE(F_GETFD); KE(F_SETFD); KE(F_GETFL); KE(F_SETFL);
	KE(FD_CLOEXEC); KE(F_OK); KE(X_OK); KE(W_OK); KE(R_OK);
	KE(SEEK_SET); KE(SEEK_CUR); KE(SEEK_END);
	KE(AT_FDCWD); KE(AT_SYMLINK_NOFOLLOW); KE(AT_REMOVEDIR);

	/* struct stat and the mode bits */
	KABI(stat_size, sizeof(struct stat));
	KOFF(stat, st_dev); KOFF(stat, st_ino); KOFF(stat, st_mode);
	KOFF(stat, st_nlink); KOFF(stat, st_uid); KOFF(stat, st_gid);
	KOFF(stat, st_rdev); KOFF(stat, st_blksize); KOFF(stat, st_size);
	KOFF(stat, st_blocks); KOFF(stat, st_atim); KOFF(stat, st_mtim);
	KOFF(stat, st_ctim);
	KE(S_IFMT); KE(S_IFIFO); KE(S_IFCHR); KE(S_IFDIR); KE(S_IFREG);
	KE(S_IFLNK); KE(ALLPERMS); KE(S_ISUID); KE(S_ISGID); KE(S_ISVTX);
	KE(S_IRWXU); KE(S_IRWXG); KE(S_IRWXO); KE(UTIME_NOW); KE(UTIME_OMIT);
	KABI(mode_t_size, sizeof(mode_t)); KABI(uid_t_size, sizeof(uid_t));
	KABI(gid_t_size, sizeof(gid_t));

	/* time */
	KABI(time_t_size, sizeof(time_t));
	KABI(off_t_size, sizeof(off_t));
	KABI(timespec_size, sizeof(struct timespec));
	KOFF(timespec, tv_sec); KOFF(timespec, tv_nsec);
	KABI(timeval_size, sizeof(struct timeval));
	KOFF(timeval, tv_sec); KOFF(timeval, tv_usec);
	KE(CLOCK_REALTIME); KE(CLOCK_MONOTONIC); KE(CLOCK_PROCESS_CPUTIME_ID);
	KABI(clock_t_size, sizeof(clock_t)); KE(CLK_TCK);
	KABI(tms_size, sizeof(struct tms));
	KOFF(tms, tms_utime); KOFF(tms, tms_stime); KOFF(tms, tms_cutime);
	KOFF(tms, tms_cstime);

	/* signals */
	KE(SIGHUP); KE(SIGINT); KE(SIGQUIT); KE(SIGILL); KE(SIGTRAP);
	KE(SIGABRT); KE(SIGFPE); KE(SIGKILL); KE(SIGBUS); KE(SIGSEGV);
	KE(SIGPIPE); KE(SIGALRM); KE(SIGTERM); KE(SIGCHLD); KE(SIGUSR1);
	KE(SIGUSR2); KE(NSIG);
	KE(SIGURG); KE(SIGSTOP); KE(SIGTSTP); KE(SIGCONT); KE(SIGTTIN);
	KE(SIGTTOU); KE(SIGIO); KE(SIGXCPU); KE(SIGXFSZ); KE(SIGVTALRM);
	KE(SIGPROF); KE(SIGWINCH); KE(SIGSYS); KE(SIGEMT);
	KE(SA_RESTART); KE(SA_RESETHAND); KE(SA_NOCLDSTOP); KE(SA_NODEFER);
	KE(SA_SIGINFO); KE(SIG_SETMASK); KE(SIG_BLOCK); KE(SIG_UNBLOCK);
	KE(SI_USER); KE(SI_KERNEL); KE(CLD_EXITED); KE(CLD_KILLED);
	KE(CLD_STOPPED); KE(CLD_CONTINUED);
	KABI(siginfo_size, sizeof(struct __siginfo));
	KOFF(__siginfo, si_signo); KOFF(__siginfo, si_errno);
	KOFF(__siginfo, si_code); KOFF(__siginfo, si_pid);
	KOFF(__siginfo, si_uid); KOFF(__siginfo, si_status);
	KOFF(__siginfo, si_addr); KOFF(__siginfo, si_value);
	KABI(SIG_DFL, (int)SIG_DFL); KABI(SIG_IGN, (int)SIG_IGN);
	KABI(sigaction_size, sizeof(struct sigaction));
	KOFF(sigaction, sa_handler); KOFF(sigaction, sa_flags);
	KOFF(sigaction, sa_restorer); KOFF(sigaction, sa_mask);

	/* wait status */
	KABI(WEXIT3, W_EXITCODE(3, 0)); KABI(WSIG9, W_EXITCODE(0, 9));
	KE(WNOHANG); KE(WUNTRACED); KE(WCONTINUED);
	KABI(WSTOP17, W_STOPCODE(17)); KABI(WCONT, W_CONTINUED); KABI(DIRENT_RECLEN_5, DIRENT_RECLEN(5));
	KE(ASYNC_LIMIT_DEFAULT); KE(STACK_LIMIT_DEFAULT);

	/* directories */
	KABI(dirent_size, sizeof(struct dirent));
	KOFF(dirent, d_ino); KOFF(dirent, d_reclen); KOFF(dirent, d_type);
	KOFF(dirent, d_namlen); KOFF(dirent, d_name);
	KE(MAXNAMLEN); KE(DT_UNKNOWN); KE(DT_FIFO); KE(DT_CHR); KE(DT_DIR);
	KE(DT_REG); KE(DT_LNK);

	/* limits */
	KABI(rlim_t_size, sizeof(rlim_t));
	KABI(rlimit_size, sizeof(struct rlimit));
	KOFF(rlimit, rlim_cur); KOFF(rlimit, rlim_max);
	KE(RLIMIT_DATA); KE(RLIMIT_STACK); KE(RLIMIT_NPROC); KE(RLIMIT_NOFILE); KE(RLIMIT_ASYNC); KE(RLIM_NLIMITS);
	KABI(RLIM_INFINITY, (int)RLIM_INFINITY);
	KE(PATH_MAX); KE(NAME_MAX);
	KABI(rusage_size, sizeof(struct rusage));
	KOFF(rusage, ru_utime); KOFF(rusage, ru_stime); KOFF(rusage, ru_maxrss);
	KOFF(rusage, ru_nivcsw); KE(RUSAGE_SELF); KE(RUSAGE_CHILDREN);
}
