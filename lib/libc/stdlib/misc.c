/*
 * abs, labs, llabs, getenv, rand and srand.
 */
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int
abs(int n)
{
	return (n < 0 ? -n : n);
}

long
labs(long n)
{
	return (n < 0 ? -n : n);
}

long long
llabs(long long n)
{
	return (n < 0 ? -n : n);
}

/* Look name up in environ ("NAME=value" strings); NULL when absent. */
char *
getenv(const char *name)
{
	size_t len = strlen(name);
	char **ep;

	if (environ == NULL || len == 0 || strchr(name, '=') != NULL)
		return (NULL);
	for (ep = environ; *ep != NULL; ep++) {
		if (strncmp(*ep, name, len) == 0 && (*ep)[len] == '=')
			return (*ep + len + 1);
	}
	return (NULL);
}

/* A 64-bit linear congruential generator (Knuth's MMIX constants). */
static uint64_t rand_state = 1;

void
srand(unsigned int seed)
{
	rand_state = seed;
}

/* The top 31 bits of the state: the low bits of an LCG are poor. */
int
rand(void)
{
	rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((int)(rand_state >> 33));
}
