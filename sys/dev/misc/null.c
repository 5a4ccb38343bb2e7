/*
 * null.c - the memory devices: /dev/null and /dev/zero.
 *
 * null reads as an empty file and swallows every write; zero reads as
 * an endless run of zero bytes and swallows writes too.  Neither looks
 * at the offset or keeps any state, so there is nothing to open or close.
 * A swallowed write consumes the uio without reading the user's buffer:
 * the bytes are discarded, so whether they were readable does not matter.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/conf.h>
#include <dev/misc/devices.h>

/* The source of /dev/zero's bytes.  Only ever read: uiomove() copies out
 * of it for a UIO_READ uio. */
static char zero_buf[512];

/* Take all of uio's bytes as written. */
static int
mem_swallow(int unit, struct uio *uio, int ioflag)
{
	uio->uio_buf += uio->uio_resid;
	uio->uio_offset += (off_t)uio->uio_resid;
	uio->uio_resid = 0;
	return (0);
}

static int
null_read(int unit, struct uio *uio, int ioflag)
{
	return (0);
}

static int
zero_read(int unit, struct uio *uio, int ioflag)
{
	int error = 0;

	while (uio->uio_resid > 0 && error == 0)
		error = uiomove(zero_buf, sizeof(zero_buf), uio);
	return (error);
}

const struct cdevsw null_cdevsw = {
	.d_name		= "null",
	.d_read		= null_read,
	.d_write	= mem_swallow,
};

const struct cdevsw zero_cdevsw = {
	.d_name		= "zero",
	.d_read		= zero_read,
	.d_write	= mem_swallow,
};
