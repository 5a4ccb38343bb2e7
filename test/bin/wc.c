/*
 * wc - count lines, words and bytes.
 *
 *	wc [-l] [-w] [-c] [file ...]
 *
 * For each file ("-" or none: standard input) prints the counts asked
 * for, in the order lines, words, bytes (all three if none is asked
 * for), each right-aligned in 7 columns after a space, then the file's
 * name; with several files a last line "total".  A word is a maximal
 * run of characters that are not space, tab, newline, carriage return,
 * vertical tab or form feed.  A file that cannot be read is reported
 * and the status is then 1; a usage error: a message and status 2.
 */
#include <sys/types.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

#define WC_LINES	0x1
#define WC_WORDS	0x2
#define WC_BYTES	0x4

struct counts {
	unsigned long long	c_lines;
	unsigned long long	c_words;
	unsigned long long	c_bytes;
};

static char	buf[4096];

static int
usage(void)
{
	fprintf(stderr, "usage: wc [-l] [-w] [-c] [file ...]\n");
	return (2);
}

static int
is_space(char ch)
{
	return (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f');
}

/* Count fd into *c; 0, or -1 (errno). */
static int
count(int fd, struct counts *c)
{
	int inword = 0;
	ssize_t r, i;

	memset(c, 0, sizeof(*c));
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		c->c_bytes += r;
		for (i = 0; i < r; i++) {
			if (buf[i] == '\n')
				c->c_lines++;
			if (is_space(buf[i])) {
				inword = 0;
			} else if (!inword) {
				inword = 1;
				c->c_words++;
			}
		}
	}
	return (0);
}

static void
show(const struct counts *c, int what, const char *name)
{
	if (what & WC_LINES)
		printf(" %7llu", c->c_lines);
	if (what & WC_WORDS)
		printf(" %7llu", c->c_words);
	if (what & WC_BYTES)
		printf(" %7llu", c->c_bytes);
	if (name != NULL)
		printf(" %s", name);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct counts c, total;
	int what = 0, fd, i, j, first, status = 0;
	const char *name;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (j = 1; argv[i][j] != '\0'; j++) {
			if (argv[i][j] == 'l')
				what |= WC_LINES;
			else if (argv[i][j] == 'w')
				what |= WC_WORDS;
			else if (argv[i][j] == 'c')
				what |= WC_BYTES;
			else
				return (usage());
		}
	}
	if (what == 0)
		what = WC_LINES | WC_WORDS | WC_BYTES;
	memset(&total, 0, sizeof(total));
	first = i;
	do {
		name = i < argc ? argv[i] : NULL;
		fd = name == NULL || strcmp(name, "-") == 0 ? 0 :
		    open(name, O_RDONLY);
		if (fd < 0 || count(fd, &c) != 0) {
			fprintf(stderr, "wc: %s: %s\n",
			    name != NULL ? name : "standard input",
			    strerror(errno));
			status = 1;
		} else {
			show(&c, what, name);
			total.c_lines += c.c_lines;
			total.c_words += c.c_words;
			total.c_bytes += c.c_bytes;
		}
		if (fd > 0)
			close(fd);
	} while (++i < argc);
	if (argc - first > 1)
		show(&total, what, "total");
	return (status);
}
