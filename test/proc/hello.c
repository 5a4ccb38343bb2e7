/*
 * hello - the smallest user program: prints its arguments, exits 0.
 */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int i;

	printf("hello from pid %d:", getpid());
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return (0);
}
