/*
 * uart_io - bytes both ways through COM2 (/dev/ttyu1, the 16550 driver
 * sys/dev/serial/ns16550.c), in whichever build runs it: the kernel's,
 * or /bin/drvd isa:com2 with uart=user on the command line.
 *
 * The harness (test/qemu-check.sh) gives the boot a second serial port
 * on a pair of host FIFOs: it waits for the line "uart_io: ready" on
 * COM2's output, then sends "hello from the host\n" in, and after the
 * run looks for "uart_io: got hello from the host" in the output.  So
 * the test shows a write leaving by polled output, an empty receive
 * ring (EAGAIN without waiting), a blocking read woken by the receive
 * interrupt's message (in the user build: the interrupt arrives through
 * the port agent while the read sleeps in the driver process), and the
 * bytes arriving intact and in order.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define HOSTLINE	"hello from the host"

int
main(void)
{
	char line[64], c;
	size_t n = 0;
	ssize_t r;
	int fd, fl, type;

	fd = open("/dev/ttyu1", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		UT_DONE("uart_io");		/* no COM2 in this boot */
	UT_EQ(isatty(fd), 1);
	UT_EQ(ioctl(fd, FIODTYPE, &type), 0);
	UT_EQ(type, D_TTY);
	/* Nothing sent yet (the host waits for our line): no wait. */
	fl = fcntl(fd, F_GETFL);
	UT_EQ(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
	UT_ERR(read(fd, &c, 1), EAGAIN);
	UT_EQ(fcntl(fd, F_SETFL, fl), 0);
	UT_EQ(write(fd, "uart_io: ready\n", 15), 15);
	/* The host's line, read as it comes (each read at least a byte). */
	while (n < sizeof(line) - 1) {
		r = read(fd, line + n, sizeof(line) - 1 - n);
		UT_TRUE(r > 0);
		if (r <= 0)
			break;
		n += (size_t)r;
		if (line[n - 1] == '\n')
			break;
	}
	line[n] = '\0';
	UT_STREQ(line, HOSTLINE "\n");
	UT_EQ(write(fd, "uart_io: got ", 13), 13);
	UT_EQ(write(fd, line, n), (ssize_t)n);
	UT_EQ(close(fd), 0);
	UT_DONE("uart_io");
}
