/*
 * unistd.h - POSIX system call wrappers.
 *
 * Each wrapper is generated from sys/kern/syscalls.master: it builds a
 * system call message on the stack and sends it with sendsys (int 0x81),
 * or uses the classic int 0x80 gate when libc is built that way.  On
 * failure it sets errno and returns -1.
 */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

#ifndef SEEK_SET
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#endif
#define F_OK		0
#define X_OK		0x01
#define W_OK		0x02
#define R_OK		0x04

void	_exit(int status) __attribute__((__noreturn__));
pid_t	fork(void);
pid_t	getpid(void);
pid_t	getppid(void);
ssize_t	read(int fd, void *buf, size_t nbyte);
ssize_t	write(int fd, const void *buf, size_t nbyte);
int	execve(const char *path, char *const argv[], char *const envp[]);
int	brk(void *addr);
int	close(int fd);
int	dup(int fd);
int	dup2(int from, int to);
int	pipe(int fildes[2]);
off_t	lseek(int fd, off_t offset, int whence);
ssize_t	pread(int fd, void *buf, size_t nbyte, off_t offset);
ssize_t	pwrite(int fd, const void *buf, size_t nbyte, off_t offset);
int	ftruncate(int fd, off_t length);
int	link(const char *path, const char *link);
int	unlink(const char *path);
int	symlink(const char *path, const char *link);
ssize_t	readlink(const char *path, char *buf, size_t bufsize);
int	rmdir(const char *path);
int	chdir(const char *path);
int	fchdir(int fd);
char	*getcwd(char *buf, size_t size);
int	access(const char *path, int amode);
int	isatty(int fd);
int	fsync(int fd);
uid_t	getuid(void);
uid_t	geteuid(void);
gid_t	getgid(void);
gid_t	getegid(void);
int	unlinkat(int dirfd, const char *path, int flag);
int	renameat(int fromfd, const char *from, int tofd, const char *to);
ssize_t	readlinkat(int dirfd, const char *path, char *buf, size_t bufsize);
void	*sbrk(intptr_t incr);

extern char **environ;

#endif
