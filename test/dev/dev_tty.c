/*
 * dev_tty - the character devices on their ports: /dev/null and
 * /dev/zero (direct ports) through the bounce buffer and held pages,
 * the console and the UARTs are terminals (isatty from SI_TTY), the
 * console's line discipline writes through the UART, a non-blocking
 * read with no input is EAGAIN, an absent COM2 is ENXIO, and ioctl
 * checks its arguments.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

static char buf[8192];

static void
test_memdevs(void)
{
	int fd, type;

	fd = open("/dev/zero", O_RDWR);
	UT_TRUE(fd >= 0);
	memset(buf, 'x', sizeof(buf));
	UT_EQ(read(fd, buf, 100), 100);			/* bounced */
	UT_TRUE(ut_all_are(buf, 100, 0));
	UT_EQ(buf[100], 'x');
	memset(buf, 'x', sizeof(buf));
	UT_EQ(read(fd, buf, 1000), 1000);		/* held pages */
	UT_TRUE(ut_all_are(buf, 1000, 0));
	UT_EQ(buf[1000], 'x');
	memset(buf, 'x', sizeof(buf));
	UT_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	UT_TRUE(ut_all_are(buf, sizeof(buf), 0));
	UT_EQ(write(fd, buf, 700), 700);
	UT_ERR(read(fd, (void *)1, 100), EFAULT);
	UT_ERR(read(fd, (void *)0xc0000000, 2000), EFAULT);
	UT_EQ(isatty(fd), 0);
	UT_EQ(ioctl(fd, FIODTYPE, &type), 0);
	UT_EQ(type, 0);
	UT_ERR(ioctl(fd, _IOR('z', 1, int), &type), ENOTTY);
	UT_EQ(close(fd), 0);

	fd = open("/dev/null", O_RDWR | O_NONBLOCK);
	UT_TRUE(fd >= 0);
	UT_EQ(read(fd, buf, 10), 0);
	UT_EQ(read(fd, buf, 5000), 0);
	UT_EQ(write(fd, buf, 10), 10);
	UT_EQ(write(fd, buf, 5000), 5000);
	/* The buffer is checked at the VFS boundary (copied in or held)
	 * before the driver discards it. */
	UT_ERR(write(fd, (void *)1, 10), EFAULT);
	UT_ERR(write(fd, (void *)1, 5000), EFAULT);
	UT_EQ(close(fd), 0);
}

static void
test_terminals(void)
{
	static const char line[] = "dev_tty: a line through the console's "
	    "port\n";
	int fd, type;
	char c;

	fd = open("/dev/console", O_RDWR | O_NONBLOCK);
	UT_TRUE(fd >= 0);
	UT_EQ(isatty(fd), 1);
	UT_EQ(ioctl(fd, FIODTYPE, &type), 0);
	UT_EQ(type, D_TTY);
	UT_ERR(ioctl(fd, _IOR('t', 250, int), &type), ENOTTY);
	UT_ERR(ioctl(fd, FIODTYPE, (void *)1), EFAULT);
	UT_EQ(write(fd, line, sizeof(line) - 1), sizeof(line) - 1);
	/* Nobody types during the tests: no line, no wait. */
	UT_ERR(read(fd, &c, 1), EAGAIN);
	UT_EQ(close(fd), 0);

	fd = open("/dev/ttyu0", O_RDWR | O_NONBLOCK);
	UT_TRUE(fd >= 0);
	UT_EQ(isatty(fd), 1);
	UT_ERR(read(fd, &c, 1), EAGAIN);
	UT_EQ(close(fd), 0);

	/* COM2: QEMU with one serial port has none: ENXIO. */
	fd = open("/dev/ttyu1", O_RDWR);
	if (fd >= 0) {
		printf("dev_tty: COM2 is present\n");
		UT_EQ(isatty(fd), 1);
		UT_EQ(close(fd), 0);
	} else {
		UT_EQ(errno, ENXIO);
	}
	UT_ERR(lseek(0, 0, SEEK_CUR), ESPIPE);	/* a terminal does not seek */
}

int
main(void)
{
	test_memdevs();
	test_terminals();
	UT_DONE("dev_tty");
}
