/*
 * devfs.c - the device filesystem: one directory of character devices.
 *
 * Drivers register their devices once, at boot, with make_dev(cdevsw,
 * unit, name).  The registry is global and append-only: an entry is never
 * removed or changed, so a pointer to one stays valid for the life of the
 * kernel, and its position in the list (registration order) gives both
 * its inode number and its directory index.  make_dev() may run before or
 * after /dev is mounted: every mount reads the same registry, so a device
 * registered late still appears in readdir (a negative namecache entry
 * made before it was registered would hide it from lookups until purged;
 * registration happens at boot, before anyone looks).
 *
 * A mount has a root directory vnode, made at mount time, and one VCHR
 * vnode per device, made the first time the device's name is resolved
 * and kept on the mount's list of nodes until unmount (devices have no
 * state worth freeing early, and keeping the vnode keeps its identity).
 * Opens, reads and writes on a device vnode go straight to its cdevsw
 * with the unit; the namespace cannot be changed from user space, so the
 * create, link, remove and rename operations are left out of the vector
 * and answer EOPNOTSUPP.
 *
 * Concurrency: there is one CPU, and the code below never blocks between
 * looking at the registry or a mount's node list and changing it (the
 * allocations are made first and the list searched again after them), so
 * no lock is needed.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/queue.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/uio.h>
#include <sys/conf.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/namecache.h>

MALLOC_DEFINE(M_DEVFS, "devfs", "devfs device registry, mounts and nodes");

/* Inode numbers: the root directory, then the devices in registration
 * order from DEVFS_FIRSTINO on. */
#define DEVFS_ROOTINO	2
#define DEVFS_FIRSTINO	3

/* A registered device.  [I] once on the list. */
struct devfs_dev {
	TAILQ_ENTRY(devfs_dev) dd_link;	/* devfs_devs, registration order */
	const struct cdevsw *dd_dsw;	/* the driver */
	int		dd_unit;	/* its unit */
	uint32_t	dd_ino;		/* inode number */
	struct timespec	dd_time;	/* registration: the node's times */
	size_t		dd_nlen;	/* strlen(dd_name) */
	char		dd_name[];	/* NUL-terminated */
};

/* A device's vnode on one mount (the vnode's v_data). */
struct devfs_node {
	LIST_ENTRY(devfs_node) dn_link;	/* the mount's dm_nodes */
	const struct devfs_dev *dn_dev;	/* [I] */
	struct vnode	*dn_vp;		/* [I] */
};

/* A mount (mnt_data, and the root vnode's v_data). */
struct devfs_mount {
	struct vnode	*dm_rootvp;	/* [I] the root directory */
	LIST_HEAD(, devfs_node) dm_nodes; /* device vnodes made so far */
	struct timespec	dm_time;	/* mount time: the root's times */
};

static TAILQ_HEAD(, devfs_dev) devfs_devs =
    TAILQ_HEAD_INITIALIZER(devfs_devs);
static uint32_t devfs_ndevs;		/* entries on devfs_devs */

static const struct vop_ops devfs_vnops;

static int	devfs_mount(struct mount *mp, const char *opts);
static int	devfs_unmount(struct mount *mp);

const struct vfsops devfs_vfsops = {
	.vfs_name	= "devfs",
	.vfs_mount	= devfs_mount,
	.vfs_unmount	= devfs_unmount,
};

/* ---- the registry ---------------------------------------------------- */

/* The device named name (len bytes, not necessarily NUL-terminated). */
static struct devfs_dev *
devfs_dev_lookup(const char *name, size_t len)
{
	struct devfs_dev *dd;

	TAILQ_FOREACH(dd, &devfs_devs, dd_link) {
		if (dd->dd_nlen == len && memcmp(dd->dd_name, name, len) == 0)
			return (dd);
	}
	return (NULL);
}

/* The device at directory index i (0 is the first registered). */
static struct devfs_dev *
devfs_dev_index(off_t i)
{
	struct devfs_dev *dd;

	TAILQ_FOREACH(dd, &devfs_devs, dd_link) {
		if (i-- == 0)
			return (dd);
	}
	return (NULL);
}

/*
 * Register a device: name in every devfs mount, present and future, with
 * opens, reads and writes sent to dsw with unit.  Returns 0, EEXIST if
 * the name is taken, or EINVAL for a name that is empty, ".", "..",
 * longer than MAXNAMLEN or contains '/'.  dsw is kept (a driver's
 * static table); name is copied.  May block.  There is no way to remove
 * a device.
 */
int
make_dev(const struct cdevsw *dsw, int unit, const char *name)
{
	struct devfs_dev *dd;
	size_t len;

	KASSERT(dsw != NULL && dsw->d_read != NULL && dsw->d_write != NULL,
	    ("%s: incomplete cdevsw for %s", __func__, name));
	len = strnlen(name, MAXNAMLEN + 1);
	if (len == 0 || len > MAXNAMLEN || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return (EINVAL);

	/* Allocate first: no blocking between the check and the insert. */
	dd = kmalloc(sizeof(*dd) + len + 1, M_DEVFS, M_WAITOK | M_ZERO);
	if (devfs_dev_lookup(name, len) != NULL) {
		kfree(dd, M_DEVFS);
		return (EEXIST);
	}
	dd->dd_dsw = dsw;
	dd->dd_unit = unit;
	dd->dd_ino = DEVFS_FIRSTINO + devfs_ndevs++;
	getnanotime(&dd->dd_time);
	dd->dd_nlen = len;
	memcpy(dd->dd_name, name, len + 1);
	TAILQ_INSERT_TAIL(&devfs_devs, dd, dd_link);
	return (0);
}

/* ---- mounting -------------------------------------------------------- */

static struct vnode *devfs_node_get(struct mount *mp,
    const struct devfs_dev *dd);

/*
 * Mount: the root directory and a vnode for each device registered so
 * far (so the number of vnodes does not change as devices are looked
 * up); a device registered later gets its vnode on first lookup.
 * mnt_rootvp gets a reference of its own.
 */
static int
devfs_mount(struct mount *mp, const char *opts)
{
	struct devfs_mount *dm;
	struct devfs_dev *dd;

	if (opts != NULL && opts[0] != '\0')
		return (EINVAL);		/* devfs has no options */
	dm = kmalloc(sizeof(*dm), M_DEVFS, M_WAITOK | M_ZERO);
	LIST_INIT(&dm->dm_nodes);
	getnanotime(&dm->dm_time);
	dm->dm_rootvp = vnode_alloc(mp, VDIR, &devfs_vnops, dm, M_WAITOK);
	mp->mnt_data = dm;

	vref(dm->dm_rootvp);
	mp->mnt_rootvp = dm->dm_rootvp;
	TAILQ_FOREACH(dd, &devfs_devs, dd_link)
		(void)devfs_node_get(mp, dd);
	return (0);
}

/*
 * Unmount: EBUSY, changing nothing, while any vnode of the mount is
 * referenced; otherwise free the vnodes and the mount's data.  The core
 * has already released the namecache and its reference on mnt_rootvp.
 * The registry stays: it belongs to no mount.
 */
static int
devfs_unmount(struct mount *mp)
{
	struct devfs_mount *dm = mp->mnt_data;
	struct devfs_node *dn;

	if (dm->dm_rootvp->v_refcnt > 0)
		return (EBUSY);
	LIST_FOREACH(dn, &dm->dm_nodes, dn_link) {
		if (dn->dn_vp->v_refcnt > 0)
			return (EBUSY);
	}
	while ((dn = LIST_FIRST(&dm->dm_nodes)) != NULL) {
		LIST_REMOVE(dn, dn_link);
		vnode_free(dn->dn_vp);
		kfree(dn, M_DEVFS);
	}
	vnode_free(dm->dm_rootvp);
	kfree(dm, M_DEVFS);
	mp->mnt_data = NULL;
	return (0);
}

/* ---- vnodes ---------------------------------------------------------- */

static struct devfs_node *
devfs_node_find(struct devfs_mount *dm, const struct devfs_dev *dd)
{
	struct devfs_node *dn;

	LIST_FOREACH(dn, &dm->dm_nodes, dn_link) {
		if (dn->dn_dev == dd)
			return (dn);
	}
	return (NULL);
}

/*
 * The vnode of device dd on mp, made on first use (no reference is taken:
 * the caller's cache_setvp() takes one).  May block.
 */
static struct vnode *
devfs_node_get(struct mount *mp, const struct devfs_dev *dd)
{
	struct devfs_mount *dm = mp->mnt_data;
	struct devfs_node *dn, *other;
	struct vnode *vp;

	dn = devfs_node_find(dm, dd);
	if (dn != NULL)
		return (dn->dn_vp);

	dn = kmalloc(sizeof(*dn), M_DEVFS, M_WAITOK | M_ZERO);
	vp = vnode_alloc(mp, VCHR, &devfs_vnops, dn, M_WAITOK);
	/* Someone may have made it while we slept in the allocator. */
	other = devfs_node_find(dm, dd);
	if (other != NULL) {
		vnode_free(vp);
		kfree(dn, M_DEVFS);
		return (other->dn_vp);
	}
	vp->v_dev = dd->dd_dsw;
	vp->v_devunit = dd->dd_unit;
	dn->dn_dev = dd;
	dn->dn_vp = vp;
	LIST_INSERT_HEAD(&dm->dm_nodes, dn, dn_link);
	return (vp);
}

/* ---- the operations -------------------------------------------------- */

/* Names exist only in the root directory: the registered devices. */
static int
devfs_nresolve(struct vop_nresolve_args *ap)
{
	struct namecache *ncp = ap->a_ncp;
	struct devfs_dev *dd;

	if (ap->a_dvp->v_type != VDIR)
		return (ENOTDIR);
	dd = devfs_dev_lookup(ncp->nc_name, ncp->nc_nlen);
	if (dd == NULL)
		cache_setvp(ncp, NULL);
	else
		cache_setvp(ncp, devfs_node_get(ap->a_dvp->v_mount, dd));
	return (0);
}

static int
devfs_open(struct vop_open_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_type != VCHR || vp->v_dev->d_open == NULL)
		return (0);
	return (vp->v_dev->d_open(vp->v_devunit, ap->a_flags));
}

static int
devfs_close(struct vop_open_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_type != VCHR || vp->v_dev->d_close == NULL)
		return (0);
	return (vp->v_dev->d_close(vp->v_devunit, ap->a_flags));
}

static int
devfs_read(struct vop_rw_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_type != VCHR)
		return (EISDIR);
	return (vp->v_dev->d_read(vp->v_devunit, ap->a_uio, ap->a_ioflag));
}

static int
devfs_write(struct vop_rw_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_type != VCHR)
		return (EISDIR);
	return (vp->v_dev->d_write(vp->v_devunit, ap->a_uio, ap->a_ioflag));
}

/* The caller (VOP_GETATTR) has zeroed *a_st. */
static int
devfs_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct stat *st = ap->a_st;
	const struct timespec *ts;

	st->st_dev = vp->v_mount->mnt_dev;
	if (vp->v_type == VCHR) {
		const struct devfs_dev *dd =
		    ((struct devfs_node *)vp->v_data)->dn_dev;

		st->st_ino = dd->dd_ino;
		st->st_mode = S_IFCHR | 0666;
		st->st_nlink = 1;
		st->st_rdev = (uint32_t)dd->dd_unit;
		ts = &dd->dd_time;
	} else {
		struct devfs_mount *dm = vp->v_data;

		st->st_ino = DEVFS_ROOTINO;
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
		ts = &dm->dm_time;
	}
	st->st_blksize = PAGE_SIZE;
	st->st_atim = *ts;
	st->st_mtim = *ts;
	st->st_ctim = *ts;
	return (0);
}

/* O_TRUNC on a device means nothing (">/dev/null" must work). */
static int
devfs_truncate(struct vop_truncate_args *ap)
{
	return (ap->a_vp->v_type == VCHR ? 0 : EISDIR);
}

/*
 * The root directory: "." (index 0), ".." (1: nlookup never asks us what
 * it names, so it carries our own inode number), then device i at 2 + i.
 * Registry entries are never freed, so dd stays valid across uiomove().
 */
static int
devfs_readdir(struct vop_readdir_args *ap)
{
	struct devfs_dev *dd = NULL;
	off_t *cookie = ap->a_cookie;
	int error;

	if (ap->a_vp->v_type != VDIR)
		return (ENOTDIR);
	if (*cookie < 0)
		return (EINVAL);
	for (;;) {
		if (*cookie == 0) {
			error = vop_readdir_emit(ap->a_uio, DEVFS_ROOTINO,
			    DT_DIR, ".", 1);
		} else if (*cookie == 1) {
			error = vop_readdir_emit(ap->a_uio, DEVFS_ROOTINO,
			    DT_DIR, "..", 2);
		} else {
			dd = dd == NULL ? devfs_dev_index(*cookie - 2) :
			    TAILQ_NEXT(dd, dd_link);
			if (dd == NULL)
				break;			/* the end */
			error = vop_readdir_emit(ap->a_uio, dd->dd_ino,
			    DT_CHR, dd->dd_name, dd->dd_nlen);
		}
		if (error == -1)
			break;				/* no room left */
		if (error != 0)
			return (error);
		(*cookie)++;
	}
	return (0);
}

/*
 * The namespace operations are missing on purpose (EOPNOTSUPP), and so is
 * inactive: a device vnode lives until unmount.
 */
static const struct vop_ops devfs_vnops = {
	.vop_nresolve	= devfs_nresolve,
	.vop_open	= devfs_open,
	.vop_close	= devfs_close,
	.vop_read	= devfs_read,
	.vop_write	= devfs_write,
	.vop_getattr	= devfs_getattr,
	.vop_truncate	= devfs_truncate,
	.vop_readdir	= devfs_readdir,
};
