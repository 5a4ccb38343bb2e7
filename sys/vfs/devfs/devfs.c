/*
 * devfs.c - the device filesystem: one directory naming the devices.
 *
 * The devices themselves live in kern_device.c's registry (make_dev);
 * devfs only names them and turns vnode operations into device
 * messages.  The registry is append-only and its entries are never
 * freed, so a struct cdev pointer stays valid for ever, and a device's
 * registration order (si_index) gives both its inode number and its
 * directory index.  Every mount reads the same registry; a device
 * registered after a mount is announced through dev_listen(): devfs
 * makes its vnode on every mount at once and purges the unused entries
 * under each mount's root, so a negative entry cached for that name
 * before it existed does not hide it.
 *
 * A mount has a root directory vnode, made at mount time, and one VCHR
 * vnode per device, kept on the mount's list of nodes until unmount
 * (devices have no state worth freeing early, and keeping the vnode
 * keeps its identity).  The namespace cannot be changed from user space,
 * so the create, link, remove and rename operations are left out of the
 * vector and answer EOPNOTSUPP.
 *
 * THE VFS BOUNDARY.  open, close, read, write and ioctl on a device vnode
 * become dev_dopen() ... dev_dioctl() (kern_device.c builds the
 * messages).  A driver never sees a user pointer, so a uio that arrives
 * here as UIO_USERSPACE (sys_generic.c passes one below vm.uio_iovec_min,
 * 4K, or with vm.uio_path 0) is converted first:
 *
 *   up to DEVFS_BOUNCE (512) bytes: a bounce buffer on this stack,
 *     copied in before a write and out after a read.  A copy this small
 *     costs less than resolving and holding the buffer's page (about 280
 *     instructions a call, see the README) and needs no page list; the
 *     copy happens in the caller's thread, where the user's address
 *     space is.
 *   more: uio_hold_user(), a UIO_VMOBJECT uio of the held pages, at
 *     most DEVFS_HOLD_MAX bytes (a short count beyond that): no copy
 *     through the kernel, and the form a disk driver's DMA wants.
 *
 * Concurrency: there is one CPU, and the code below never blocks between
 * looking at a mount's node list and changing it (the allocations are
 * made first and the list searched again after them), so no lock is
 * needed.
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
#include <sys/device.h>
#include <sys/tty.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>

MALLOC_DEFINE(M_DEVFS, "devfs", "devfs mounts and nodes");

/* Inode numbers: the root directory, then the devices in registration
 * order from DEVFS_FIRSTINO on. */
#define DEVFS_ROOTINO	2
#define DEVFS_FIRSTINO	3

#define DEVFS_BOUNCE	512		/* user bytes copied through the stack */
#define DEVFS_HOLD_MAX	(256 * PAGE_SIZE) /* user bytes held at once */

/* A device's vnode on one mount (the vnode's v_data). */
struct devfs_node {
	LIST_ENTRY(devfs_node) dn_link;	/* the mount's dm_nodes */
	struct cdev	*dn_dev;	/* [I] */
	struct vnode	*dn_vp;		/* [I] */
};

/* A mount (mnt_data, and the root vnode's v_data). */
struct devfs_mount {
	struct vnode	*dm_rootvp;	/* [I] the root directory */
	LIST_HEAD(, devfs_node) dm_nodes; /* device vnodes made so far */
	struct timespec	dm_time;	/* mount time: the root's times */
};

static const struct vop_ops devfs_vnops;

static int	devfs_mount(struct mount *mp, const char *opts);
static int	devfs_unmount(struct mount *mp);

const struct vfsops devfs_vfsops = {
	.vfs_name	= "devfs",
	.vfs_mount	= devfs_mount,
	.vfs_unmount	= devfs_unmount,
};

/* The device at directory index i (0 is the first registered). */
static struct cdev *
devfs_dev_index(off_t i)
{
	struct cdev *dev;

	for (dev = dev_next(NULL); dev != NULL; dev = dev_next(dev)) {
		if (i-- == 0)
			return (dev);
	}
	return (NULL);
}

/* ---- mounting -------------------------------------------------------- */

static struct vnode *devfs_node_get(struct mount *mp,
    struct cdev *dev);
static void	devfs_newdev(struct cdev *dev);

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
	struct cdev *dev;

	if (opts != NULL && opts[0] != '\0')
		return (EINVAL);		/* devfs has no options */
	dm = kmalloc(sizeof(*dm), M_DEVFS, M_WAITOK | M_ZERO);
	LIST_INIT(&dm->dm_nodes);
	getnanotime(&dm->dm_time);
	dm->dm_rootvp = vnode_alloc(mp, VDIR, &devfs_vnops, dm, M_WAITOK);
	mp->mnt_data = dm;

	vref(dm->dm_rootvp);
	mp->mnt_rootvp = dm->dm_rootvp;
	for (dev = dev_next(NULL); dev != NULL; dev = dev_next(dev))
		(void)devfs_node_get(mp, dev);
	dev_listen(devfs_newdev);
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
devfs_node_find(struct devfs_mount *dm, const struct cdev *dev)
{
	struct devfs_node *dn;

	LIST_FOREACH(dn, &dm->dm_nodes, dn_link) {
		if (dn->dn_dev == dev)
			return (dn);
	}
	return (NULL);
}

/*
 * The vnode of device dd on mp, made on first use (no reference is taken:
 * the caller's cache_setvp() takes one).  May block.
 */
static struct vnode *
devfs_node_get(struct mount *mp, struct cdev *dev)
{
	struct devfs_mount *dm = mp->mnt_data;
	struct devfs_node *dn, *other;
	struct vnode *vp;

	dn = devfs_node_find(dm, dev);
	if (dn != NULL)
		return (dn->dn_vp);

	dn = kmalloc(sizeof(*dn), M_DEVFS, M_WAITOK | M_ZERO);
	vp = vnode_alloc(mp, VCHR, &devfs_vnops, dn, M_WAITOK);
	/* Someone may have made it while we slept in the allocator. */
	other = devfs_node_find(dm, dev);
	if (other != NULL) {
		vnode_free(vp);
		kfree(dn, M_DEVFS);
		return (other->dn_vp);
	}
	vp->v_rdev = dev;
	dn->dn_dev = dev;
	dn->dn_vp = vp;
	LIST_INSERT_HEAD(&dm->dm_nodes, dn, dn_link);
	return (vp);
}

/*
 * A device registered after the mounts were made (dev_listen): its vnode
 * on every devfs mount now, and no negative entry left to hide it.
 */
static void
devfs_newdev(struct cdev *dev)
{
	struct mount *mp;

	TAILQ_FOREACH(mp, &mountlist, mnt_list) {
		if (mp->mnt_op != &devfs_vfsops || mp->mnt_data == NULL)
			continue;
		(void)devfs_node_get(mp, dev);
		cache_purge_unused(mp->mnt_ncroot);
	}
}

/* ---- the operations -------------------------------------------------- */

/* Names exist only in the root directory: the registered devices. */
static int
devfs_nresolve(struct vop_nresolve_args *ap)
{
	struct namecache *ncp = ap->a_ncp;
	struct cdev *dev;

	if (ap->a_dvp->v_type != VDIR)
		return (ENOTDIR);
	dev = dev_lookup(ncp->nc_name, ncp->nc_nlen);
	if (dev == NULL)
		cache_setvp(ncp, NULL);
	else
		cache_setvp(ncp, devfs_node_get(ap->a_dvp->v_mount, dev));
	return (0);
}

static int
devfs_open(struct vop_open_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_type != VCHR)
		return (0);
	return (dev_dopen(vp->v_rdev, ap->a_flags));
}

static int
devfs_close(struct vop_open_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_type != VCHR)
		return (0);
	return (dev_dclose(vp->v_rdev, ap->a_flags));
}

static inline int
devfs_drw(struct cdev *dev, struct uio *uio, int ioflag)
{
	if (uio->uio_rw == UIO_READ)
		return (dev_dread(dev, uio, ioflag));
	return (dev_dwrite(dev, uio, ioflag));
}

/*
 * Read or write a device: a kernel uio goes as it is; a user one is
 * bounced or held first (the essay above) and advanced afterwards by
 * what moved.  A fault is EFAULT, or a short count if bytes moved.
 */
static int
devfs_rw(struct vop_rw_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct cdev *dev = vp->v_rdev;
	struct uio *uio = ap->a_uio, kuio;
	char bounce[DEVFS_BOUNCE];
	size_t n, len, moved;
	int ioflag = ap->a_ioflag & IO_NDELAY;
	int error, error2;

	if (vp->v_type != VCHR)
		return (EISDIR);
	if (dev->si_tty != NULL) {
		/* A background group's read or write (tty_jobc.c). */
		error = uio->uio_rw == UIO_READ ? tty_jobc_read(dev->si_tty) :
		    tty_jobc_write(dev->si_tty);
		if (error)
			return (error);
	}
	if (uio->uio_segflg != UIO_USERSPACE)
		return (devfs_drw(dev, uio, ioflag));
	n = uio->uio_resid;
	if (n <= sizeof(bounce)) {
		uio_init(&kuio, bounce, n, uio->uio_offset, UIO_SYSSPACE,
		    uio->uio_rw);
		if (uio->uio_rw == UIO_WRITE) {
			error = copyin(uio->uio_buf, bounce, n);
			if (error)
				return (error);
		}
		error = devfs_drw(dev, &kuio, ioflag);
		moved = n - kuio.uio_resid;
		if (uio->uio_rw == UIO_READ && moved > 0) {
			error2 = copyout(bounce, uio->uio_buf, moved);
			if (error2) {
				moved = 0;
				error = error2;
			}
		}
	} else {
		n = MIN(n, DEVFS_HOLD_MAX);
		error = uio_hold_user(&kuio, curproc->p_vmspace, uio->uio_buf,
		    n, uio->uio_offset, uio->uio_rw);
		len = kuio.uio_resid;	/* less if the buffer has a hole */
		if (error == 0)
			error = devfs_drw(dev, &kuio, ioflag);
		moved = len - kuio.uio_resid;
		uio_release(&kuio);
		if (error == 0 && moved == len && len < n)
			error = EFAULT;	/* stopped at the hole */
	}
	uio->uio_buf += moved;
	uio->uio_resid -= moved;
	uio->uio_offset += (off_t)moved;
	return (error);
}

/*
 * ioctl: data is the kernel copy of the argument (sys_ioctl made it).
 * A terminal's session commands (the caller's controlling terminal,
 * its foreground group) and a background group's mode changes are
 * answered by tty_jobc.c before any message is sent.
 */
static int
devfs_ioctl(struct vop_ioctl_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct cdev *dev = vp->v_rdev;
	int error;

	if (vp->v_type != VCHR)
		return (ENOTTY);
	if (dev->si_tty != NULL &&
	    tty_jobc_ioctl(dev->si_tty, ap->a_cmd, ap->a_data, &error))
		return (error);
	return (dev_dioctl(vp->v_rdev, ap->a_cmd, ap->a_data, ap->a_fflag));
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
		const struct cdev *dev = vp->v_rdev;

		st->st_ino = DEVFS_FIRSTINO + dev->si_index;
		st->st_mode = S_IFCHR | 0666;
		st->st_nlink = 1;
		st->st_rdev = (uint32_t)dev->si_index;
		if (dev->si_flags & SI_DISK) {
			st->st_size = dev->si_mediasize;
		}
		ts = &dev->si_ctime;
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

/* chmod, utimensat: a device's mode and times are fixed. */
static int
devfs_setattr(struct vop_setattr_args *ap __unused)
{
	return (EPERM);
}

/*
 * The root directory: "." (index 0), ".." (1: nlookup never asks us what
 * it names, so it carries our own inode number), then device i at 2 + i.
 * Registry entries are never freed, so dev stays valid across uiomove().
 */
static int
devfs_readdir(struct vop_readdir_args *ap)
{
	struct cdev *dev = NULL;
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
			dev = dev == NULL ? devfs_dev_index(*cookie - 2) :
			    dev_next(dev);
			if (dev == NULL)
				break;			/* the end */
			error = vop_readdir_emit(ap->a_uio,
			    DEVFS_FIRSTINO + dev->si_index, DT_CHR,
			    dev->si_name, strlen(dev->si_name));
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
 * inactive: a device vnode lives until unmount; fsync has nothing to
 * write (a disk driver writes each request through).
 */
static const struct vop_ops devfs_vnops = {
	.vop_nresolve	= devfs_nresolve,
	.vop_open	= devfs_open,
	.vop_close	= devfs_close,
	.vop_read	= devfs_rw,
	.vop_write	= devfs_rw,
	.vop_ioctl	= devfs_ioctl,
	.vop_getattr	= devfs_getattr,
	.vop_truncate	= devfs_truncate,
	.vop_setattr	= devfs_setattr,
	.vop_readdir	= devfs_readdir,
};
