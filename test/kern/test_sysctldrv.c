/*
 * test_sysctldrv.c - a driver's sysctl when the driver runs in several
 * processes (sys/sys/sysctl.h, sys/kern/kern_sysctl.c): the answers of
 * the processes, each a struct drv_sysctl_req as it comes back from the
 * agent, made into the one value the kernel build's variable has
 * (sysctl_drv_merge).  Answers are made here by hand, the bad ones
 * included, which a real driver process cannot be made to give; what
 * the merged value looks like through sysctl(3) with two virtio-blk
 * processes is test/dev/dev_vtblk.c's.
 *
 *   - strings: one after another, in the order merged; an answer with
 *     no NUL in its buffer is EIO; the whole is cut at SYSCTL_STRMAX - 1
 *     bytes, its NUL kept;
 *   - a read-only integer (a count): the sum, wrapping as an int does;
 *   - a writable integer (a setting): the first value, ds_differ set
 *     when a later answer differs;
 *   - in this boot every driver is the kernel's: no name is a user
 *     driver's (devgrant_sysctl_devs finds none).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/test.h>

static const struct sysctl_oid str_oid = {
	.oid_name = "test.units", .oid_type = CTLTYPE_STRPROC,
	.oid_flags = CTLFLAG_RD,
};
static const struct sysctl_oid count_oid = {
	.oid_name = "test.count", .oid_type = CTLTYPE_INT,
	.oid_flags = CTLFLAG_RD,
};
static const struct sysctl_oid knob_oid = {
	.oid_name = "test.knob", .oid_type = CTLTYPE_PROC,
	.oid_flags = CTLFLAG_RW,
};

static void
answer_str(struct drv_sysctl_req *req, const char *s)
{
	memset(req, 0, sizeof(*req));
	strlcpy(req->asc_str, s, sizeof(req->asc_str));
}

static void
answer_int(struct drv_sysctl_req *req, int v)
{
	memset(req, 0, sizeof(*req));
	req->asc_val = v;
}

static void
test_sysctldrv_merge(void)
{
	struct drv_sysctl_req *req = kmalloc(sizeof(*req), M_TEMP, M_WAITOK);
	struct sysctl_drvsum *ds = kmalloc(sizeof(*ds), M_TEMP,
	    M_WAITOK | M_ZERO);
	struct cdev *devs[DEVGRANT_MAX];
	size_t i;
	int n = -1;

	/* Strings, in order. */
	answer_str(req, "vtbd0 1048576\n");
	T_EQ(sysctl_drv_merge(&str_oid, ds, req), 0);
	answer_str(req, "vtbd1 4194304\n");
	T_EQ(sysctl_drv_merge(&str_oid, ds, req), 0);
	answer_str(req, "");
	T_EQ(sysctl_drv_merge(&str_oid, ds, req), 0);
	T_STREQ(ds->ds_str, "vtbd0 1048576\nvtbd1 4194304\n");
	T_EQ(ds->ds_len, strlen(ds->ds_str));
	T_EQ(ds->ds_n, 3);

	/* No end in the buffer: garbage, not merged. */
	memset(req->asc_str, 'x', sizeof(req->asc_str));
	T_EQ(sysctl_drv_merge(&str_oid, ds, req), EIO);
	T_STREQ(ds->ds_str, "vtbd0 1048576\nvtbd1 4194304\n");
	T_EQ(ds->ds_n, 3);

	/* Too much together: cut, still a string. */
	memset(ds, 0, sizeof(*ds));
	for (i = 0; i < 3; i++) {
		memset(req, 0, sizeof(*req));
		memset(req->asc_str, 'a' + (int)i, 1500);
		T_EQ(sysctl_drv_merge(&str_oid, ds, req), 0);
	}
	T_EQ(ds->ds_len, SYSCTL_STRMAX - 1);
	T_EQ(strlen(ds->ds_str), SYSCTL_STRMAX - 1);
	T_EQ(ds->ds_str[1499], 'a');
	T_EQ(ds->ds_str[1500], 'b');
	T_EQ(ds->ds_str[SYSCTL_STRMAX - 2], 'b');
	T_EQ(ds->ds_n, 3);

	/* Counts: summed. */
	memset(ds, 0, sizeof(*ds));
	answer_int(req, 5);
	T_EQ(sysctl_drv_merge(&count_oid, ds, req), 0);
	answer_int(req, 7);
	T_EQ(sysctl_drv_merge(&count_oid, ds, req), 0);
	T_EQ(ds->ds_val, 12);
	T_ASSERT(!ds->ds_differ);
	answer_int(req, 0x7fffffff);
	T_EQ(sysctl_drv_merge(&count_oid, ds, req), 0);
	T_EQ(ds->ds_val, (int)(0x7fffffffu + 12u));

	/* A setting: the value all hold; a different one is noticed. */
	memset(ds, 0, sizeof(*ds));
	answer_int(req, 1);
	T_EQ(sysctl_drv_merge(&knob_oid, ds, req), 0);
	T_EQ(sysctl_drv_merge(&knob_oid, ds, req), 0);
	T_EQ(ds->ds_val, 1);
	T_ASSERT(!ds->ds_differ);
	answer_int(req, 0);
	T_EQ(sysctl_drv_merge(&knob_oid, ds, req), 0);
	T_EQ(ds->ds_val, 1);
	T_ASSERT(ds->ds_differ);

	/* This boot's drivers are all the kernel's. */
	T_EQ(devgrant_sysctl_devs("hw.vtblk.units", devs, DEVGRANT_MAX, &n),
	    0);
	T_EQ(n, 0);
	T_EQ(devgrant_sysctl_devs("kern.hz", devs, DEVGRANT_MAX, &n), 0);
	T_EQ(n, 0);

	kfree(ds, M_TEMP);
	kfree(req, M_TEMP);
}
DEFINE_TEST(sysctldrv_merge, "a driver's sysctl from several processes: "
    "strings joined in order and cut at SYSCTL_STRMAX, an unended one "
    "EIO, counts summed, a setting's differing answers noticed",
    test_sysctldrv_merge);
