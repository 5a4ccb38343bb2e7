/*
 * dirent.c - opendir/readdir/closedir over getdents().
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

DIR *
opendir(const char *path)
{
	DIR *dirp;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return (NULL);
	dirp = malloc(sizeof(*dirp));
	if (dirp == NULL) {
		close(fd);
		errno = ENOMEM;
		return (NULL);
	}
	dirp->dd_fd = fd;
	dirp->dd_loc = 0;
	dirp->dd_size = 0;
	return (dirp);
}

struct dirent *
readdir(DIR *dirp)
{
	struct dirent *dp;

	if (dirp->dd_loc >= dirp->dd_size) {
		int n = getdents(dirp->dd_fd, dirp->dd_buf, sizeof(dirp->dd_buf));

		if (n <= 0)
			return (NULL);
		dirp->dd_size = n;
		dirp->dd_loc = 0;
	}
	dp = (struct dirent *)(dirp->dd_buf + dirp->dd_loc);
	dirp->dd_loc += dp->d_reclen;
	return (dp);
}

void
rewinddir(DIR *dirp)
{
	lseek(dirp->dd_fd, 0, SEEK_SET);
	dirp->dd_loc = 0;
	dirp->dd_size = 0;
}

int
dirfd(DIR *dirp)
{
	return (dirp->dd_fd);
}

int
closedir(DIR *dirp)
{
	int error = close(dirp->dd_fd);

	free(dirp);
	return (error);
}
