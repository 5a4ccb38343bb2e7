/*
 * vfs_vnops.c - vnodes: allocation and references, the VOP_*() calls,
 * uio copying, and the file operations of an open vnode.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/vnode.h>
#include <sys/device.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/file.h>
#include <sys/sysctl.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_VNODE, "vnode", "vnodes");

int numvnodes;				/* [T] vnodes allocated */
SYSCTL_INT(numvnodes, "vfs.numvnodes", &numvnodes, CTLFLAG_RD,
    "vnodes allocated");

/* ---- vnodes ---------------------------------------------------------- */

/* A new vnode with no references; the filesystem frees it with
 * vnode_free() (normally from its inactive operation).  mflags M_NOWAIT
 * (for a user request: NULL when memory is out) or M_WAITOK. */
struct vnode *
vnode_alloc(struct mount *mp, enum vtype type, const struct vop_ops *ops,
    void *data, int mflags)
{
	struct vnode *vp = kmalloc(sizeof(*vp), M_VNODE, mflags | M_ZERO);

	if (vp == NULL)
		return (NULL);

	vp->v_type = type;
	vp->v_mount = mp;
	vp->v_ops = ops;
	vp->v_data = data;
	LIST_INIT(&vp->v_namecache);
	numvnodes++;
	return (vp);
}

void
vnode_free(struct vnode *vp)
{
	KASSERT(vp->v_refcnt == 0 && LIST_EMPTY(&vp->v_namecache),
	    ("vnode_free: vnode %p still in use", vp));
	numvnodes--;
	kfree(vp, M_VNODE);
}

void
vref(struct vnode *vp)
{
	vp->v_refcnt++;
}

/* Drop a reference; at zero the filesystem decides the vnode's fate. */
void
vrele(struct vnode *vp)
{
	struct vop_inactive_args a;

	KASSERT(vp->v_refcnt > 0, ("vrele: vnode %p has no references", vp));
	if (--vp->v_refcnt > 0)
		return;
	if (vp->v_ops->vop_inactive != NULL) {
		a.a_head.a_op = VOP_OP_INACTIVE;
		a.a_vp = vp;
		vp->v_ops->vop_inactive(&a);
	}
}

/* ---- the operations -------------------------------------------------- */

/*
 * Each VOP_X() builds the operation's argument structure and calls the
 * filesystem's vector: the single place a call could instead become a
 * message to a filesystem's port.
 */
#define VCALL(ops, op, ap)						\
	((ops)->op != NULL ? (ops)->op(ap) : EOPNOTSUPP)

int
VOP_NRESOLVE(struct namecache *ncp, struct vnode *dvp)
{
	struct vop_nresolve_args a = { { VOP_OP_NRESOLVE }, ncp, dvp };

	return (VCALL(dvp->v_ops, vop_nresolve, &a));
}

int
VOP_NCREATE(struct namecache *ncp, struct vnode *dvp, struct vnode **vpp,
    uint32_t mode)
{
	struct vop_ncreate_args a = { { VOP_OP_NCREATE }, ncp, dvp, vpp,
	    mode, NULL };

	return (VCALL(dvp->v_ops, vop_ncreate, &a));
}

int
VOP_NMKDIR(struct namecache *ncp, struct vnode *dvp, struct vnode **vpp,
    uint32_t mode)
{
	struct vop_ncreate_args a = { { VOP_OP_NMKDIR }, ncp, dvp, vpp,
	    mode, NULL };

	return (VCALL(dvp->v_ops, vop_nmkdir, &a));
}

int
VOP_NSYMLINK(struct namecache *ncp, struct vnode *dvp, struct vnode **vpp,
    const char *target)
{
	struct vop_ncreate_args a = { { VOP_OP_NSYMLINK }, ncp, dvp, vpp,
	    0777, target };

	return (VCALL(dvp->v_ops, vop_nsymlink, &a));
}

int
VOP_NLINK(struct namecache *ncp, struct vnode *dvp, struct vnode *vp)
{
	struct vop_nlink_args a = { { VOP_OP_NLINK }, ncp, dvp, vp };

	return (VCALL(dvp->v_ops, vop_nlink, &a));
}

int
VOP_NREMOVE(struct namecache *ncp, struct vnode *dvp)
{
	struct vop_nremove_args a = { { VOP_OP_NREMOVE }, ncp, dvp };

	return (VCALL(dvp->v_ops, vop_nremove, &a));
}

int
VOP_NRMDIR(struct namecache *ncp, struct vnode *dvp)
{
	struct vop_nremove_args a = { { VOP_OP_NRMDIR }, ncp, dvp };

	return (VCALL(dvp->v_ops, vop_nrmdir, &a));
}

int
VOP_NRENAME(struct namecache *fncp, struct vnode *fdvp,
    struct namecache *tncp, struct vnode *tdvp)
{
	struct vop_nrename_args a = { { VOP_OP_NRENAME }, fncp, fdvp,
	    tncp, tdvp };

	return (VCALL(fdvp->v_ops, vop_nrename, &a));
}

int
VOP_OPEN(struct vnode *vp, int flags)
{
	struct vop_open_args a = { { VOP_OP_OPEN }, vp, flags };

	return (vp->v_ops->vop_open != NULL ? vp->v_ops->vop_open(&a) : 0);
}

int
VOP_CLOSE(struct vnode *vp, int flags)
{
	struct vop_open_args a = { { VOP_OP_CLOSE }, vp, flags };

	return (vp->v_ops->vop_close != NULL ? vp->v_ops->vop_close(&a) : 0);
}

int
VOP_READ(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct vop_rw_args a = { { VOP_OP_READ }, vp, uio, ioflag };

	return (VCALL(vp->v_ops, vop_read, &a));
}

int
VOP_WRITE(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct vop_rw_args a = { { VOP_OP_WRITE }, vp, uio, ioflag };

	return (VCALL(vp->v_ops, vop_write, &a));
}

int
VOP_GETATTR(struct vnode *vp, struct stat *st)
{
	struct vop_getattr_args a = { { VOP_OP_GETATTR }, vp, st };

	memset(st, 0, sizeof(*st));
	return (VCALL(vp->v_ops, vop_getattr, &a));
}

int
VOP_TRUNCATE(struct vnode *vp, off_t length)
{
	struct vop_truncate_args a = { { VOP_OP_TRUNCATE }, vp, length };

	return (VCALL(vp->v_ops, vop_truncate, &a));
}

int
VOP_SETATTR(struct vnode *vp, const struct vattr *va)
{
	struct vop_setattr_args a = { { VOP_OP_SETATTR }, vp, va };

	return (VCALL(vp->v_ops, vop_setattr, &a));
}

int
VOP_FSYNC(struct vnode *vp)
{
	struct vop_fsync_args a = { { VOP_OP_FSYNC }, vp };

	return (vp->v_ops->vop_fsync != NULL ? vp->v_ops->vop_fsync(&a) : 0);
}

int
VOP_IOCTL(struct vnode *vp, u_long cmd, void *data, int fflag)
{
	struct vop_ioctl_args a = { { VOP_OP_IOCTL }, vp, cmd, data, fflag };

	return (vp->v_ops->vop_ioctl != NULL ? vp->v_ops->vop_ioctl(&a) :
	    ENOTTY);
}

int
VOP_READDIR(struct vnode *vp, struct uio *uio, off_t *cookie)
{
	struct vop_readdir_args a = { { VOP_OP_READDIR }, vp, uio, cookie };

	return (VCALL(vp->v_ops, vop_readdir, &a));
}

int
VOP_READLINK(struct vnode *vp, struct uio *uio)
{
	struct vop_readlink_args a = { { VOP_OP_READLINK }, vp, uio };

	return (VCALL(vp->v_ops, vop_readlink, &a));
}

/* ---- readdir ---------------------------------------------------------- */

/* One struct dirent record into a readdir uio: 0, -1 if it does not fit
 * (nothing moved), or an error. */
int
vop_readdir_emit(struct uio *uio, uint32_t ino, int dtype, const char *name,
    size_t namlen)
{
	struct dirent d;
	size_t reclen = DIRENT_RECLEN(namlen);
	off_t off = uio->uio_offset;
	int error;

	if (namlen > MAXNAMLEN)
		return (EINVAL);
	if (reclen > uio->uio_resid)
		return (-1);
	memset(&d, 0, reclen);
	d.d_ino = ino;
	d.d_reclen = (uint16_t)reclen;
	d.d_type = (uint8_t)dtype;
	d.d_namlen = (uint8_t)namlen;
	memcpy(d.d_name, name, namlen);
	error = uiomove(&d, reclen, uio);
	uio->uio_offset = off;		/* the directory offset is the cookie */
	return (error);
}
/* Mark vp as a running program's file (a reference, and ETXTBSY to
 * writers until vn_text_drop). */
void
vn_text_hold(struct vnode *vp)
{
	vref(vp);
	vp->v_textrefs++;
}

/* Undo one vn_text_hold(). */
void
vn_text_drop(struct vnode *vp)
{
	KASSERT(vp->v_textrefs > 0, ("vn_text_drop: vnode %p not text", vp));
	vp->v_textrefs--;
	vrele(vp);
}

/* May vp's contents be changed?  0, or ETXTBSY while a program runs it. */
int
vn_writechk(struct vnode *vp)
{
	return (vp->v_textrefs > 0 ? ETXTBSY : 0);
}

/* ---- open vnodes as files -------------------------------------------- */

static int
vn_read(struct file *fp, struct uio *uio, int flags)
{
	struct vnode *vp = fp->f_data;
	int error;

	if (vp->v_type == VDIR)
		return (EISDIR);
	if ((flags & FOF_OFFSET) == 0)
		uio->uio_offset = fp->f_offset;
	error = VOP_READ(vp, uio, (fp->f_flag & FNONBLOCK) ? IO_NDELAY : 0);
	if ((flags & FOF_OFFSET) == 0)
		fp->f_offset = uio->uio_offset;
	return (error);
}

static int
vn_write(struct file *fp, struct uio *uio, int flags)
{
	struct vnode *vp = fp->f_data;
	int ioflag = 0, error;

	if ((error = vn_writechk(vp)) != 0)
		return (error);
	if ((fp->f_flag & FAPPEND) && vp->v_type == VREG)
		ioflag |= IO_APPEND;
	if (fp->f_flag & FNONBLOCK)
		ioflag |= IO_NDELAY;
	if ((flags & FOF_OFFSET) == 0)
		uio->uio_offset = fp->f_offset;
	error = VOP_WRITE(vp, uio, ioflag);
	if ((flags & FOF_OFFSET) == 0)
		fp->f_offset = uio->uio_offset;
	return (error);
}

static int
vn_stat(struct file *fp, struct stat *st)
{
	return (VOP_GETATTR(fp->f_data, st));
}

static void
vn_close(struct file *fp)
{
	struct vnode *vp = fp->f_data;

	VOP_CLOSE(vp, fp->f_flag);
	vrele(vp);
}

static int
vn_ioctl(struct file *fp, u_long cmd, void *data)
{
	return (VOP_IOCTL(fp->f_data, cmd, data, fp->f_flag));
}

const struct fileops vnode_fileops = {
	.fo_read = vn_read,
	.fo_write = vn_write,
	.fo_stat = vn_stat,
	.fo_close = vn_close,
	.fo_ioctl = vn_ioctl,
};

/*
 * The disk (an SI_DISK device) that fp is open on, or NULL: the
 * asynchronous pread and pwrite of a disk bypass the VFS and send the
 * strategy message themselves (kern_async.c).  Never blocks.
 */
struct cdev *
vn_disk(struct file *fp)
{
	struct vnode *vp = fp->f_data;

	if (fp->f_ops != &vnode_fileops || vp->v_type != VCHR ||
	    vp->v_rdev == NULL || !(vp->v_rdev->si_flags & SI_DISK))
		return (NULL);
	return (vp->v_rdev);
}
