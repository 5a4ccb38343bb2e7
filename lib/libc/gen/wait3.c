/* wait3.c - wait3 (BSD) is waitpid(-1, ...); the kernel reports no
 * resource usage for the child, so *rusage is zeroed. */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

pid_t	wait3(int *status, int options, struct rusage *rusage);

pid_t
wait3(int *status, int options, struct rusage *rusage)
{
	pid_t pid = waitpid(-1, status, options);

	if (pid > 0 && rusage != NULL)
		memset(rusage, 0, sizeof(*rusage));
	return (pid);
}
