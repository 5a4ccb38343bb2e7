/*
 * stdlib.h - memory allocation, process exit, number conversion, sorting,
 * the environment and pseudo-random numbers.
 */
#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <sys/types.h>

#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1
#define RAND_MAX	0x7fffffff
#define ATEXIT_MAX	32

void	*malloc(size_t size);
void	*calloc(size_t nmemb, size_t size);
void	*realloc(void *p, size_t size);
void	free(void *p);

void	exit(int status) __dead2;
int	atexit(void (*fn)(void));
void	abort(void) __dead2;

long	strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int	atoi(const char *s);
long	atol(const char *s);
long long atoll(const char *s);

int	abs(int n);
long	labs(long n);
long long llabs(long long n);

void	qsort(void *base, size_t nmemb, size_t size,
	    int (*cmp)(const void *, const void *));

char	*getenv(const char *name);

int	rand(void);
void	srand(unsigned int seed);

#endif
