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

void	_exit(int status) __attribute__((__noreturn__));
pid_t	fork(void);
pid_t	getpid(void);
pid_t	getppid(void);
ssize_t	read(int fd, void *buf, size_t nbyte);
ssize_t	write(int fd, const void *buf, size_t nbyte);
int	execve(const char *path, char *const argv[], char *const envp[]);
int	brk(void *addr);
void	*sbrk(intptr_t incr);

extern char **environ;

#endif
