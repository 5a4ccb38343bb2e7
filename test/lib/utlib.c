/*
 * utlib.c - helpers shared by the user test programs (declared in
 * test/include/utest.h, linked into every program in /bin): reading a
 * sysctl, running a function in a child, whole small files, removing
 * a tree a test may have left behind, a test's working directory made
 * and checked gone, disk words that name their own offset, bounded reads
 * of a non-blocking pipe, a child reporting through one, a watchdog that
 * ends a hung test, and finding a user driver's process and the messages
 * its devices received; serving a device from the test itself.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sys/agent.h>
#include <sys/sysmsg.h>
#include <sysasync.h>
#include "utest.h"

int ut_failures;

int
ut_sysctl_int(const char *name)
{
	int v = -1;
	size_t len = sizeof(v);

	if (sysctl(name, &v, &len, NULL, 0) != 0)
		return (-1);
	return (v);
}

int
ut_sysctl_set(const char *name, int v)
{
	return (sysctl(name, NULL, NULL, &v, sizeof(v)));
}

pid_t
ut_driver_pid(const char *drv)
{
	char buf[512], *line;
	size_t len = sizeof(buf) - 1;
	int pid;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.devgrants", buf, &len, NULL, 0) != 0)
		return (-1);
	for (line = buf; line != NULL && *line != '\0'; ) {
		char name[32], d[32];

		if (sscanf(line, "%d %31s %31s", &pid, name, d) == 3 &&
		    strcmp(d, drv) == 0)
			return (pid);
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return (-1);
}

int
ut_watch(pid_t pid, int checks)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i, status;

	for (i = 0; i < checks; i++) {
		if (wait4(pid, &status, WNOHANG, NULL) == pid)
			return (status);
		nanosleep(&ts, NULL);
	}
	printf("watchdog: pid %d still running after %d checks: killed\n",
	    (int)pid, checks);
	kill(pid, SIGKILL);
	wait4(pid, &status, 0, NULL);
	return (-1);
}

int
ut_all_are(const void *p, size_t n, int c)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return (0);
	return (1);
}

int
ut_in_child(void (*fn)(void))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0)
		return (-1);
	return (ut_status_of(pid));
}

int
ut_status_of(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return (-1);
	return (status);
}

uint32_t
ut_xorshift(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return (*state = x);
}

int
ut_put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return (-1);
	n = write(fd, s, strlen(s));
	if (close(fd) != 0 || n != (ssize_t)strlen(s))
		return (-1);
	return (0);
}

int
ut_get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return (-1);
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return (-1);
	buf[n] = '\0';
	return (n);
}

long
ut_inode(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return (-1);
	return ((long)st.st_ino);
}

int
ut_nlinks(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return (-1);
	return ((int)st.st_nlink);
}

static char rmpath[1024];

/*
 * Remove what rmpath names, depth levels down.  A directory is emptied
 * one entry at a time (reopened after each removal, so the walk never
 * depends on readdir's position after an unlink).
 */
static void
rmtree_at(int depth)
{
	struct dirent *de;
	struct stat st;
	size_t len = strlen(rmpath);
	int pass, found;
	DIR *d;

	if (lstat(rmpath, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode) || depth > 100) {
		unlink(rmpath);
		return;
	}
	for (pass = 0; pass < 5000; pass++) {
		if ((d = opendir(rmpath)) == NULL)
			break;
		found = 0;
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (len + 1 + strlen(de->d_name) < sizeof(rmpath)) {
				rmpath[len] = '/';
				strcpy(rmpath + len + 1, de->d_name);
				found = 1;
			}
			break;
		}
		closedir(d);
		if (!found)
			break;
		rmtree_at(depth + 1);
		rmpath[len] = '\0';
	}
	rmdir(rmpath);
}

void
ut_rmtree(const char *path)
{
	strlcpy(rmpath, path, sizeof(rmpath));
	rmtree_at(0);
}

void
ut_workdir_enter(const char *path)
{
	ut_rmtree(path);
	UT_EQ(mkdir(path, 0755), 0);
	UT_EQ(chdir(path), 0);
}

void
ut_workdir_leave(const char *path)
{
	struct stat st;

	UT_EQ(chdir("/"), 0);
	UT_EQ(rmdir(path), 0);
	ut_rmtree(path);
	UT_ERR(stat(path, &st), ENOENT);
}

void
ut_fill_words(void *p, off_t off, size_t len)
{
	uint32_t w;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		w = (uint32_t)(off + i);
		memcpy((char *)p + i, &w, 4);
	}
}

int
ut_bad_words(const void *p, off_t off, size_t len)
{
	uint32_t w;
	size_t i;
	int bad = 0;

	for (i = 0; i + 4 <= len; i += 4) {
		memcpy(&w, (const char *)p + i, 4);
		bad += w != (uint32_t)(off + i);
	}
	return (bad);
}

ssize_t
ut_read_wait(int fd, void *buf, size_t size, int checks)
{
	ssize_t n;
	int i;

	for (i = 0; i < checks; i++) {
		n = read(fd, buf, size);
		if (n != -1 || errno != EAGAIN)
			return (n);
		ut_nap();
	}
	errno = EAGAIN;
	return (-1);
}

pid_t
ut_fork_piped(void (*fn)(int w), int *r)
{
	int p[2] = { -1, -1 };
	pid_t pid;

	UT_EQ(pipe(p), 0);
	UT_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	fflush(stdout);
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		fn(p[1]);
		_exit(0);
	}
	close(p[1]);
	*r = p[0];
	return (pid);
}

/*
 * The watchdog is a process of its own that sleeps (the one place a test
 * reads time: it ends a hang, it never decides a result) and then kills
 * its parent if that still runs.
 */
pid_t
ut_watchdog_start(const char *name, int seconds)
{
	pid_t parent = getpid(), pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { seconds, 0 };

		nanosleep(&ts, NULL);
		if (getppid() == parent) {
			printf("FAIL: %s: still running after %d s: "
			    "killed by the watchdog\n", name, seconds);
			kill(parent, SIGKILL);
		}
		_exit(0);
	}
	return (pid);
}

void
ut_watchdog_stop(pid_t pid)
{
	int status;

	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
}

long
ut_agent_msgs(const char *dev)
{
	static char buf[2048];
	size_t len = sizeof(buf) - 1;
	char name[32], state[16], *line;
	unsigned nrecv, nintr;
	int pid;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.agent_devs", buf, &len, NULL, 0) != 0)
		return (-1);
	for (line = buf; line != NULL && *line != '\0'; ) {
		if (sscanf(line, "%31s %15s %d %u %u", name, state, &pid,
		    &nrecv, &nintr) == 5 && strcmp(name, dev) == 0)
			return ((long)nrecv);
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return (-1);
}

/* The result of h, sent asynchronously in a batch (done at once, or
 * waited for here): -1 with errno for an error; -3 if the wait failed. */
long long
ut_async_collect(struct sysmsg_hdr *h)
{
	if (!async_done(h) && async_wait(0, h) != 0)
		return (-3);
	return (async_result(h));
}

void
ut_warm_stack(void)
{
	volatile char pad[16 * 1024];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 512)
		pad[i] = 1;
}

void
ut_nap(void)
{
	ut_sleep_ms(10);
}

int
ut_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	return (nanosleep(&ts, NULL));
}

int
ut_svc_poll(int svc, struct udevmsg *m, void *buf, size_t size, int checks)
{
	int i, error = EAGAIN;

	for (i = 0; i < checks && error == EAGAIN; i++) {
		if (i > 0)
			ut_nap();		/* between tries, not after */
		memset(m, 0, sizeof(*m));
		m->ud_data = buf;
		m->ud_datamax = (uint32_t)size;
		error = __recvsys_nb(svc, m);
	}
	return (error);
}

uint32_t
ut_svc_take(int svc, int cmd, int checks)
{
	static char data[4096];
	struct udevmsg m;
	int error;

	error = ut_svc_poll(svc, &m, data, sizeof(data), checks);
	UT_EQ(error, 0);
	if (error != 0)
		return (0);
	UT_EQ(m.ud_cmd, cmd);
	return (m.ud_cmd == cmd ? m.ud_id : 0);
}

int
ut_svc_reply(int svc, uint32_t id, uint32_t count, const void *data)
{
	struct udevreply r = { id, 0, count, data };

	return (__replysys(svc, &r));
}

void
ut_svc_answer(int svc, int cmd, int checks)
{
	uint32_t id;

	if ((id = ut_svc_take(svc, cmd, checks)) != 0)
		UT_EQ(ut_svc_reply(svc, id, 0, NULL), 0);
}

int
ut_serve(const char *name, int timeout_ms)
{
	struct devserve ds;

	memset(&ds, 0, sizeof(ds));
	strlcpy(ds.ds_name, name, sizeof(ds.ds_name));
	ds.ds_timeout = timeout_ms;
	return (devserve(&ds));
}
