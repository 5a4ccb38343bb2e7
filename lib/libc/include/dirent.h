/*
 * dirent.h - reading directories.
 *
 * opendir() opens a directory and readdir() returns its entries one at a
 * time ("." and ".." included) from a buffer filled by getdents(); the
 * struct dirent returned stays valid until the next readdir or closedir.
 */
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>
#include <sys/dirent.h>

typedef struct _dirdesc {
	int	dd_fd;
	int	dd_loc;		/* next record in dd_buf */
	int	dd_size;	/* bytes in dd_buf */
	char	dd_buf[2048];
} DIR;

DIR	*opendir(const char *path);
struct dirent *readdir(DIR *dirp);
int	closedir(DIR *dirp);
void	rewinddir(DIR *dirp);
int	dirfd(DIR *dirp);
int	getdents(int fd, char *buf, size_t count);

#endif
