/*
 * abicheck.c - user programs' ABI definitions (newlib's headers, with
 * ours from lib/libc/include in front) equal the kernel's.
 *
 * kabi.h holds the kernel's values (kabi.c, compiled with the kernel's
 * headers); every _Static_assert below compares one of them with what a
 * user program sees.  The file is compiled into libc.a (it defines
 * nothing): a disagreement stops the build, naming the definition.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>
#include "kabi.h"

#define SAME(name)	_Static_assert((name) == KABI_##name, #name)
#define SAMEV(name, v)	_Static_assert((v) == KABI_##name, #name)
#define FIELD(s, f)							\
	_Static_assert(offsetof(struct s, f) == KABI_##s##_##f##_off,	\
	    "offset of " #s "." #f);					\
	_Static_assert(sizeof(((struct s *)0)->f) == KABI_##s##_##f##_size, \
	    "size of " #s "." #f)

SAME(EPERM); SAME(ENOENT); SAME(ESRCH); SAME(EINTR); SAME(EIO); SAME(ENXIO);
SAME(E2BIG); SAME(ENOEXEC); SAME(EBADF); SAME(ECHILD); SAME(EDEADLK);
SAME(ENOMEM); SAME(EACCES); SAME(EFAULT); SAME(EBUSY); SAME(EEXIST);
SAME(EXDEV); SAME(ENODEV); SAME(ENOTDIR); SAME(EISDIR); SAME(EINVAL);
SAME(ENFILE); SAME(EMFILE); SAME(ENOTTY); SAME(ETXTBSY); SAME(EFBIG);
SAME(ENOSPC); SAME(ESPIPE); SAME(EROFS); SAME(EMLINK); SAME(EPIPE);
SAME(EDOM); SAME(ERANGE); SAME(EAGAIN); SAME(EWOULDBLOCK);
SAME(EINPROGRESS); SAME(EALREADY); SAME(EMSGSIZE); SAME(ENOBUFS); SAME(ENOTSUP); SAME(EOPNOTSUPP);
SAME(ELOOP); SAME(ENAMETOOLONG); SAME(ENOTEMPTY); SAME(ENOSYS);
SAME(EOVERFLOW); SAME(ECANCELED); SAME(EASYNC);
/* The names only user space has must not collide with the kernel's. */
_Static_assert(EILSEQ > KABI_ELAST && ENOTSOCK != EASYNC, "user errnos");

SAME(O_RDONLY); SAME(O_WRONLY); SAME(O_RDWR); SAME(O_ACCMODE);
SAME(O_NONBLOCK); SAME(O_APPEND); SAME(O_CREAT); SAME(O_TRUNC);
SAME(O_EXCL); SAME(O_DIRECTORY); SAME(O_CLOEXEC); SAME(O_NOFOLLOW); SAME(O_NOCTTY);
SAME(F_DUPFD); SAME(F_GETFD); SAME(F_SETFD); SAME(F_GETFL); SAME(F_SETFL);
SAME(FD_CLOEXEC); SAME(F_OK); SAME(X_OK); SAME(W_OK); SAME(R_OK);
SAME(SEEK_SET); SAME(SEEK_CUR); SAME(SEEK_END);
SAME(AT_FDCWD); SAME(AT_SYMLINK_NOFOLLOW); SAME(AT_REMOVEDIR);

SAMEV(stat_size, sizeof(struct stat));
FIELD(stat, st_dev); FIELD(stat, st_ino); FIELD(stat, st_mode);
FIELD(stat, st_nlink); FIELD(stat, st_uid); FIELD(stat, st_gid);
FIELD(stat, st_rdev); FIELD(stat, st_blksize); FIELD(stat, st_size);
FIELD(stat, st_blocks); FIELD(stat, st_atim); FIELD(stat, st_mtim);
FIELD(stat, st_ctim);
SAME(S_IFMT); SAME(S_IFIFO); SAME(S_IFCHR); SAME(S_IFDIR); SAME(S_IFREG);
SAME(S_IFLNK); SAME(ALLPERMS); SAME(S_ISUID); SAME(S_ISGID); SAME(S_ISVTX);
SAME(S_IRWXU); SAME(S_IRWXG); SAME(S_IRWXO); SAME(UTIME_NOW);
SAME(UTIME_OMIT);
SAMEV(mode_t_size, sizeof(mode_t)); SAMEV(uid_t_size, sizeof(uid_t));
SAMEV(gid_t_size, sizeof(gid_t));

SAMEV(time_t_size, sizeof(time_t));
SAMEV(off_t_size, sizeof(off_t));
SAMEV(timespec_size, sizeof(struct timespec));
FIELD(timespec, tv_sec); FIELD(timespec, tv_nsec);
SAMEV(timeval_size, sizeof(struct timeval));
FIELD(timeval, tv_sec); FIELD(timeval, tv_usec);
SAMEV(CLOCK_REALTIME, (int)CLOCK_REALTIME);
SAMEV(CLOCK_MONOTONIC, (int)CLOCK_MONOTONIC);
SAMEV(CLOCK_PROCESS_CPUTIME_ID, (int)CLOCK_PROCESS_CPUTIME_ID);
SAMEV(clock_t_size, sizeof(clock_t));
SAMEV(CLK_TCK, CLOCKS_PER_SEC);		/* clock() is times()'s sum */
SAMEV(tms_size, sizeof(struct tms));
FIELD(tms, tms_utime); FIELD(tms, tms_stime); FIELD(tms, tms_cutime);
FIELD(tms, tms_cstime);

SAME(SIGHUP); SAME(SIGINT); SAME(SIGQUIT); SAME(SIGILL); SAME(SIGTRAP);
SAME(SIGABRT); SAME(SIGFPE); SAME(SIGKILL); SAME(SIGBUS); SAME(SIGSEGV);
SAME(SIGPIPE); SAME(SIGALRM); SAME(SIGTERM); SAME(SIGCHLD); SAME(SIGUSR1);
SAME(SIGUSR2); SAME(NSIG);
SAMEV(SIG_DFL, (int)SIG_DFL); SAMEV(SIG_IGN, (int)SIG_IGN);
SAME(SIGURG); SAME(SIGSTOP); SAME(SIGTSTP); SAME(SIGCONT); SAME(SIGTTIN);
SAME(SIGTTOU); SAME(SIGIO); SAME(SIGXCPU); SAME(SIGXFSZ); SAME(SIGVTALRM);
SAME(SIGPROF); SAME(SIGWINCH); SAME(SIGSYS); SAME(SIGEMT);
SAME(SA_RESTART); SAME(SA_RESETHAND); SAME(SA_NOCLDSTOP); SAME(SA_NODEFER);
SAME(SA_SIGINFO); SAME(SIG_SETMASK); SAME(SIG_BLOCK); SAME(SIG_UNBLOCK);
SAME(SI_USER); SAME(SI_KERNEL); SAME(CLD_EXITED); SAME(CLD_KILLED);
SAME(CLD_STOPPED); SAME(CLD_CONTINUED);
/* sigset_t is the kernel's 32-bit mask (bit n-1: signal n). */
_Static_assert(sizeof(sigset_t) == 4, "sigset_t");
/* siginfo_t is the kernel's struct __siginfo. */
SAMEV(siginfo_size, sizeof(siginfo_t));
#define SIFIELD(f)							\
	_Static_assert(offsetof(siginfo_t, f) == KABI___siginfo_##f##_off && \
	    sizeof(((siginfo_t *)0)->f) == KABI___siginfo_##f##_size, #f)
SIFIELD(si_signo); SIFIELD(si_errno); SIFIELD(si_code); SIFIELD(si_pid);
SIFIELD(si_uid); SIFIELD(si_status); SIFIELD(si_addr); SIFIELD(si_value);
/* The kernel's struct sigaction is lib/libc/sys/signal.c's
 * struct __ksigaction: four words, handler, flags, restorer, mask. */
SAMEV(sigaction_size, 16);
SAMEV(sigaction_sa_handler_off, 0); SAMEV(sigaction_sa_flags_off, 4);
SAMEV(sigaction_sa_restorer_off, 8); SAMEV(sigaction_sa_mask_off, 12);

_Static_assert(WIFEXITED(KABI_WEXIT3) && WEXITSTATUS(KABI_WEXIT3) == 3,
    "wait status: exit code");
_Static_assert(WIFSIGNALED(KABI_WSIG9) && WTERMSIG(KABI_WSIG9) == 9,
    "wait status: signal");
SAME(WNOHANG); SAME(WUNTRACED); SAME(WCONTINUED);
_Static_assert(WIFSTOPPED(KABI_WSTOP17) && WSTOPSIG(KABI_WSTOP17) == 17 &&
    !WIFSIGNALED(KABI_WSTOP17) && !WIFEXITED(KABI_WSTOP17),
    "wait status: stopped");
_Static_assert(WIFCONTINUED(KABI_WCONT) && !WIFSTOPPED(KABI_WCONT) &&
    !WIFSIGNALED(KABI_WCONT) && !WIFEXITED(KABI_WCONT),
    "wait status: continued");
SAMEV(DIRENT_RECLEN_5, DIRENT_RECLEN(5));
SAME(ASYNC_LIMIT_DEFAULT); SAME(STACK_LIMIT_DEFAULT);

SAMEV(dirent_size, sizeof(struct dirent));
FIELD(dirent, d_ino); FIELD(dirent, d_reclen); FIELD(dirent, d_type);
FIELD(dirent, d_namlen); FIELD(dirent, d_name);
SAME(MAXNAMLEN); SAME(DT_UNKNOWN); SAME(DT_FIFO); SAME(DT_CHR);
SAME(DT_DIR); SAME(DT_REG); SAME(DT_LNK);

SAMEV(rlim_t_size, sizeof(rlim_t));
SAMEV(rlimit_size, sizeof(struct rlimit));
FIELD(rlimit, rlim_cur); FIELD(rlimit, rlim_max);
SAME(RLIMIT_DATA); SAME(RLIMIT_STACK); SAME(RLIMIT_NPROC); SAME(RLIMIT_NOFILE); SAME(RLIMIT_ASYNC);
SAME(RLIM_NLIMITS); SAMEV(RLIM_INFINITY, (int)RLIM_INFINITY);
SAME(PATH_MAX); SAME(NAME_MAX);
SAMEV(rusage_size, sizeof(struct rusage));
FIELD(rusage, ru_utime); FIELD(rusage, ru_stime); FIELD(rusage, ru_maxrss);
FIELD(rusage, ru_nivcsw); SAME(RUSAGE_SELF); SAME(RUSAGE_CHILDREN);
