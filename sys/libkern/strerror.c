/*
 * strerror: the message for an errno value (sys/errno.h).
 * The kernel's (user programs use newlib's).
 */
#include <sys/types.h>
#include <sys/errno.h>
#include <string.h>

static const char *const messages[] = {
	[0] =		"No error",
	[EPERM] =	"Operation not permitted",
	[ENOENT] =	"No such file or directory",
	[ESRCH] =	"No such process",
	[EINTR] =	"Interrupted system call",
	[EIO] =		"Input/output error",
	[ENXIO] =	"Device not configured",
	[E2BIG] =	"Argument list too long",
	[ENOEXEC] =	"Exec format error",
	[EBADF] =	"Bad file descriptor",
	[ECHILD] =	"No child processes",
	[EDEADLK] =	"Resource deadlock avoided",
	[ENOMEM] =	"Cannot allocate memory",
	[EACCES] =	"Permission denied",
	[EFAULT] =	"Bad address",
	[EBUSY] =	"Device busy",
	[EEXIST] =	"File exists",
	[EXDEV] =	"Cross-device link",
	[ENODEV] =	"Operation not supported by device",
	[ENOTDIR] =	"Not a directory",
	[EISDIR] =	"Is a directory",
	[EINVAL] =	"Invalid argument",
	[ENFILE] =	"Too many open files in system",
	[EMFILE] =	"Too many open files",
	[ENOTTY] =	"Inappropriate ioctl for device",
	[ETXTBSY] =	"Text file busy",
	[EFBIG] =	"File too large",
	[ENOSPC] =	"No space left on device",
	[ESPIPE] =	"Illegal seek",
	[EROFS] =	"Read-only file system",
	[EMLINK] =	"Too many links",
	[EPIPE] =	"Broken pipe",
	[EDOM] =	"Numerical argument out of domain",
	[ERANGE] =	"Result too large",
	[EAGAIN] =	"Resource temporarily unavailable",
	[EINPROGRESS] =	"Operation now in progress",
	[EALREADY] =	"Operation already in progress",
	[EMSGSIZE] =	"Message too long",
	[ENOTSUP] =	"Operation not supported",
	[ENOBUFS] =	"No buffer space available",
	[ELOOP] =	"Too many levels of symbolic links",
	[ENAMETOOLONG] = "File name too long",
	[ENOTEMPTY] =	"Directory not empty",
	[ENOSYS] =	"Function not implemented",
	[EOVERFLOW] =	"Value too large to be stored in data type",
	[ECANCELED] =	"Operation canceled",
	[EASYNC] =	"Call in flight (asynchronous)",
};

char *
strerror(int errnum)
{
	if (errnum < 0 || errnum >= (int)nitems(messages) ||
	    messages[errnum] == NULL)
		return ((char *)"Unknown error");
	return ((char *)messages[errnum]);
}
