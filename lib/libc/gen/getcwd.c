/*
 * getcwd.c - the current directory's path, which the kernel builds from
 * the namecache (the __getcwd system call).
 */
#include <sys/types.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

int	__getcwd(char *buf, size_t size);

char *
getcwd(char *buf, size_t size)
{
	char *p = buf;

	if (buf == NULL) {
		size = 1024;
		if ((p = malloc(size)) == NULL) {
			errno = ENOMEM;
			return (NULL);
		}
	} else if (size == 0) {
		errno = EINVAL;
		return (NULL);
	}
	if (__getcwd(p, size) != 0) {
		if (buf == NULL)
			free(p);
		return (NULL);
	}
	return (p);
}
