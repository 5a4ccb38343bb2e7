/*
 * kill - send a signal to processes.
 *
 *	kill [-s SIG | -SIG | -N] [--] pid ...
 *	kill -l [N]
 *
 * SIG is a signal name with or without "SIG", in any case (TERM, sigint,
 * KILL); N its number.  The default is SIGTERM.  A pid below -1 is a
 * process group (-pgid), 0 the caller's own group and -1 every process
 * it may signal, as kill(2) has it; a negative pid right after the
 * command (no signal given) would read as a signal, so write "--"
 * before it.  Each pid is tried; one that fails is reported and the
 * status is then 1.
 *
 * kill -l prints the signal names in number order on one line; kill -l
 * N prints N's name (N above 128 is taken as an exit status, 128 +
 * the signal, as a shell's $? shows a killed child).
 *
 * A usage error: a message and status 2.
 */
#include <sys/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>

static const struct signame {
	const char	*sn_name;	/* without "SIG" */
	int		sn_num;
} signames[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "EMT", SIGEMT }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "BUS", SIGBUS }, { "SEGV", SIGSEGV }, { "SYS", SIGSYS },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "URG", SIGURG }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	{ "CONT", SIGCONT }, { "CHLD", SIGCHLD }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "IO", SIGIO }, { "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
};

static int
usage(void)
{
	fprintf(stderr, "usage: kill [-s SIG | -SIG | -N] [--] pid ...\n"
	    "       kill -l [N]\n");
	return (2);
}

/* The number of signal name or number s, or -1. */
static int
sig_number(const char *s)
{
	char *end;
	long n;
	size_t i;

	if (*s >= '0' && *s <= '9') {
		n = strtol(s, &end, 10);
		return (*end == '\0' && n >= 0 && n < NSIG ? (int)n : -1);
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++) {
		if (strcasecmp(s, signames[i].sn_name) == 0)
			return (signames[i].sn_num);
	}
	return (-1);
}

/* Signal n's name without "SIG", or NULL. */
static const char *
sig_name(int n)
{
	size_t i;

	for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++) {
		if (signames[i].sn_num == n)
			return (signames[i].sn_name);
	}
	return (NULL);
}

/* kill -l [arg]. */
static int
list(const char *arg)
{
	const char *name;
	char *end;
	long n;
	int i, first = 1;

	if (arg == NULL) {
		for (i = 1; i < NSIG; i++) {
			if ((name = sig_name(i)) == NULL)
				continue;
			printf("%s%s", first ? "" : " ", name);
			first = 0;
		}
		printf("\n");
		return (0);
	}
	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 0) {
		fprintf(stderr, "kill: -l: not a number: %s\n", arg);
		return (2);
	}
	if (n > 128)
		n -= 128;
	if (n >= NSIG || (name = sig_name((int)n)) == NULL) {
		fprintf(stderr, "kill: -l: no signal %s\n", arg);
		return (1);
	}
	printf("%s\n", name);
	return (0);
}

int
main(int argc, char **argv)
{
	const char *spec = NULL;
	char *end;
	long pid;
	int i = 1, sig = SIGTERM, status = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return (argc > 3 ? usage() : list(argc > 2 ? argv[2] : NULL));
	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		if (argc < 3)
			return (usage());
		spec = argv[2];
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' &&
	    strcmp(argv[1], "--") != 0) {
		spec = argv[1] + 1;
		i = 2;
	}
	if (spec != NULL && (sig = sig_number(spec)) < 0) {
		fprintf(stderr, "kill: unknown signal %s (kill -l lists "
		    "them)\n", spec);
		return (2);
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return (usage());
	for (; i < argc; i++) {
		pid = strtol(argv[i], &end, 10);
		if (argv[i][0] == '\0' || *end != '\0') {
			fprintf(stderr, "kill: not a process id: %s\n",
			    argv[i]);
			return (2);
		}
		if (kill((pid_t)pid, sig) != 0) {
			fprintf(stderr, "kill: %ld: %s\n", pid,
			    strerror(errno));
			status = 1;
		}
	}
	return (status);
}
