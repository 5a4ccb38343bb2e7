/*
 * pwd - print the current directory's path (getcwd).
 */
#include <sys/types.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

int
main(int argc, char **argv)
{
	char buf[1024];

	if (getcwd(buf, sizeof(buf)) == NULL) {
		fprintf(stderr, "pwd: %s\n", strerror(errno));
		return (1);
	}
	printf("%s\n", buf);
	return (0);
}
