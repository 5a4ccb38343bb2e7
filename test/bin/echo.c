/*
 * echo - print the arguments.
 *
 *	echo [-n] [word ...]
 *
 * The words are printed separated by single spaces and followed by a
 * newline, which -n leaves out.
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int i = 1, newline = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++) {
		fputs(argv[i], stdout);
		if (i < argc - 1)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0)
		return (1);
	return (0);
}
