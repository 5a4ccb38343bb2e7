/*
 * vfs_mount.c - the mount table, mount/unmount, and the root filesystem
 * at boot: a tmpfs filled from the boot archive, with devfs on /dev.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/boot.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/device.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_MOUNT, "mount", "mount structures");

struct mountlist mountlist = TAILQ_HEAD_INITIALIZER(mountlist);
static uint32_t mount_nextdev = 1;

static const struct vfsops *const vfs_types[] = {
	&tmpfs_vfsops,
	&devfs_vfsops,
};

/*
 * Mount a new filesystem of the given type on the locked directory entry
 * ncp (NULL: the root), with the filesystem's options opts (or NULL).
 * Never waits for memory (ENOMEM).
 */
int
vfs_mount_at(const char *type, struct namecache *ncp, const char *opts,
    struct mount **mpp)
{
	const struct vfsops *ops = NULL;
	struct mount *mp;
	size_t i;
	int error;

	for (i = 0; i < nitems(vfs_types); i++) {
		if (strcmp(vfs_types[i]->vfs_name, type) == 0)
			ops = vfs_types[i];
	}
	if (ops == NULL)
		return (ENODEV);
	if (ncp != NULL) {
		if (ncp->nc_vp == NULL)
			return (ENOENT);
		if (ncp->nc_vp->v_type != VDIR)
			return (ENOTDIR);
		if (ncp->nc_flag & (NCF_MOUNTPT | NCF_MNTROOT))
			return (EBUSY);
	}
	mp = kmalloc(sizeof(*mp), M_MOUNT, M_NOWAIT | M_ZERO);
	if (mp == NULL)
		return (ENOMEM);
	mp->mnt_op = ops;
	mp->mnt_dev = mount_nextdev++;
	error = ops->vfs_mount(mp, opts);
	if (error) {
		kfree(mp, M_MOUNT);
		return (error);
	}
	mp->mnt_ncroot = cache_allocroot(mp, mp->mnt_rootvp);
	if (mp->mnt_ncroot == NULL) {
		vrele(mp->mnt_rootvp);
		if (mp->mnt_op->vfs_unmount(mp) != 0)
			panic("vfs_mount_at: a new %s will not unmount", type);
		kfree(mp, M_MOUNT);
		return (ENOMEM);
	}
	if (ncp != NULL) {
		cache_hold(ncp);
		mp->mnt_ncmountpt = ncp;
		ncp->nc_mounted = mp;
		ncp->nc_flag |= NCF_MOUNTPT;
	}
	TAILQ_INSERT_TAIL(&mountlist, mp, mnt_list);
	if (mpp != NULL)
		*mpp = mp;
	return (0);
}

/*
 * Unmount mp: EBUSY while anything in it is in use (an open file, a
 * current directory, a lookup, a mount on one of its directories).
 * What is only cached is dropped first.
 */
int
vfs_unmount(struct mount *mp)
{
	struct namecache *root = mp->mnt_ncroot;
	struct namecache *mpt = mp->mnt_ncmountpt;
	int error;

	if (mpt == NULL)
		return (EBUSY);			/* the root filesystem */
	cache_purge_unused(root);
	if (cache_subtree_busy(root) || root->nc_refs > 1 ||
	    root->nc_locktd != NULL)
		return (EBUSY);
	/* Nothing refers to the filesystem but the mount itself. */
	vrele(mp->mnt_rootvp);
	cache_lock(root);
	cache_setunresolved(root);		/* drops the root vnode */
	error = mp->mnt_op->vfs_unmount(mp);
	if (error) {
		vref(mp->mnt_rootvp);
		cache_setvp(root, mp->mnt_rootvp);
		cache_unlock(root);
		return (error);
	}
	root->nc_flag |= NCF_DESTROYED;
	cache_unlock(root);
	cache_drop(root);
	mpt->nc_flag &= ~NCF_MOUNTPT;
	mpt->nc_mounted = NULL;
	cache_drop(mpt);
	TAILQ_REMOVE(&mountlist, mp, mnt_list);
	kfree(mp, M_MOUNT);
	return (0);
}

int
sys_mount(struct sysmsg *sysmsg, const struct mount_args *uap)
{
	struct nlookupdata nd;
	char type[16], opts[MNT_OPTMAX];
	int error;

	if (uap->flags != 0)
		return (EINVAL);
	error = copyinstr(uap->type, type, sizeof(type), NULL);
	if (error == ENAMETOOLONG)
		return (ENODEV);
	if (error)
		return (error);
	if (uap->data != NULL) {
		error = copyinstr(uap->data, opts, sizeof(opts), NULL);
		if (error == ENAMETOOLONG)
			return (EINVAL);
		if (error)
			return (error);
	}
	error = nlookup_path(&nd, uap->path, UIO_USERSPACE, NLC_FOLLOW);
	if (error == 0)
		error = vfs_mount_at(type, nd.nl_ncp,
		    uap->data != NULL ? opts : NULL, NULL);
	nlookup_done(&nd);
	return (error);
}

int
sys_unmount(struct sysmsg *sysmsg, const struct unmount_args *uap)
{
	struct nlookupdata nd;
	struct mount *mp = NULL;
	int error;

	if (uap->flags != 0)
		return (EINVAL);
	error = nlookup_path(&nd, uap->path, UIO_USERSPACE, NLC_FOLLOW);
	if (error == 0 && nd.nl_ncp->nc_vp == NULL)
		error = ENOENT;
	if (error == 0 && (nd.nl_ncp->nc_flag & NCF_MNTROOT) == 0)
		error = EINVAL;			/* not a mount point */
	if (error == 0)
		mp = nd.nl_ncp->nc_mount;
	nlookup_done(&nd);
	if (error == 0)
		error = vfs_unmount(mp);
	return (error);
}

/* ---- the root at boot ----------------------------------------------- */


static uint32_t
tar_octal(const char *s, int n, bool *okp)
{
	uint32_t v = 0;

	for (; n > 0 && *s == ' '; s++, n--)
		;
	for (; n > 0 && *s >= '0' && *s <= '7'; s++, n--)
		v = v * 8 + (uint32_t)(*s - '0');
	if (n > 0 && *s != '\0' && *s != ' ')
		*okp = false;
	return (v);
}

static bool
tar_cksum_ok(const unsigned char *h)
{
	uint32_t sum = 0, want;
	bool ok = true;
	int i;

	for (i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	want = tar_octal((const char *)h + 148, 8, &ok);
	return (ok && sum == want);
}

/* Write a whole file from kernel memory (the boot archive's). */
static int
bootfs_writefile(const char *path, const char *data, size_t size, int mode)
{
	struct nlookupdata nd;
	struct vnode *vp;
	struct uio uio;
	int error;

	error = nlookup_path(&nd, path, UIO_SYSSPACE, 0);
	if (error == 0 && nd.nl_ncp->nc_vp != NULL)
		error = EEXIST;
	if (error == 0)
		error = VOP_NCREATE(nd.nl_ncp, cache_dvp(nd.nl_ncp), &vp,
		    (uint32_t)mode);
	if (error == 0) {
		uio_init(&uio, (void *)data, size, 0, UIO_SYSSPACE, UIO_WRITE);
		error = VOP_WRITE(vp, &uio, 0);
		vrele(vp);
	}
	nlookup_done(&nd);
	return (error);
}

/*
 * Fill the root from the ustar archive GRUB loaded as "bootfs.tar".
 * Directories, regular files and symlinks are created as the archive
 * lists them.  A header that does not check out (bad magic or checksum,
 * a size running past the end), or an archive that ends without its
 * end-of-archive block (cut at an entry's boundary), stops the load with
 * a message; what was read before stays.
 */
static void
bootfs_load(void)
{
	const struct boot_module *bm = boot_module_find("bootfs.tar");
	const char *base, *end, *h;
	char *path;
	int nfiles = 0, error;

	if (bm == NULL) {
		kprintf("bootfs: no boot archive: the root is empty\n");
		return;
	}
	path = kmalloc(PATH_MAX, M_TEMP, M_WAITOK);
	base = boot_module_data(bm);
	end = base + (bm->bm_end - bm->bm_start);
	for (h = base; h + 512 <= end && h[0] != '\0'; ) {
		bool ok = true;
		uint32_t size = tar_octal(h + 124, 12, &ok);
		int mode = (int)tar_octal(h + 100, 8, &ok) & ALLPERMS;
		const char *name = h;
		size_t len;

		if (memcmp(h + 257, "ustar", 5) != 0 || !ok ||
		    !tar_cksum_ok((const unsigned char *)h)) {
			kprintf("bootfs: bad header at offset %u: stopping\n",
			    (unsigned)(h - base));
			break;
		}
		if (size > (uint32_t)(end - h - 512)) {
			kprintf("bootfs: %.100s is truncated: stopping\n", name);
			break;
		}
		path[0] = '/';
		len = 1;
		if (h[345] != '\0') {		/* ustar prefix */
			len += strnlen(h + 345, 155);
			memcpy(path + 1, h + 345, len - 1);
			path[len++] = '/';
		}
		memcpy(path + len, name, strnlen(name, 100));
		path[len + strnlen(name, 100)] = '\0';
		switch (h[156]) {
		case '5':
			error = kern_mkdir(path, UIO_SYSSPACE, mode);
			if (error == EEXIST)
				error = 0;
			break;
		case '0':
		case '\0':
			error = bootfs_writefile(path, h + 512, size, mode);
			break;
		case '2': {
			char target[101];

			strlcpy(target, h + 157, sizeof(target));
			error = kern_symlink(target, path, UIO_SYSSPACE);
			break;
		}
		default:
			error = 0;		/* other types are skipped */
		}
		if (error)
			kprintf("bootfs: %s: error %d\n", path, error);
		else
			nfiles++;
		h += 512 + roundup2(size, 512);
	}
	if (h + 512 > end)		/* no end-of-archive block */
		kprintf("bootfs: the archive is truncated after %d entries: "
		    "stopping\n", nfiles);
	kprintf("bootfs: %d entries from the boot archive\n", nfiles);
	kfree(path, M_TEMP);
}

/* Mount the root tmpfs, devfs on /dev, and fill the root. */
void
vfs_mountroot(void)
{
	struct nlookupdata nd;
	int error;

	cache_init();
	error = vfs_mount_at("tmpfs", NULL, NULL, NULL);
	if (error)
		panic("vfs_mountroot: cannot mount the root tmpfs: %d", error);
	kern_mkdir("/dev", UIO_SYSSPACE, 0755);
	dev_init();
	error = nlookup_path(&nd, "/dev", UIO_SYSSPACE, 0);
	if (error == 0)
		error = vfs_mount_at("devfs", nd.nl_ncp, NULL, NULL);
	nlookup_done(&nd);
	if (error)
		kprintf("vfs: cannot mount devfs on /dev: error %d\n", error);
	bootfs_load();
	kern_mkdir("/tmp", UIO_SYSSPACE, 0777);
	kern_mkdir("/mnt", UIO_SYSSPACE, 0755);
}
