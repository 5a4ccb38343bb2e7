/*
 * sys/vnode.h - vnodes and the vnode operations.
 *
 * A vnode is a file as the kernel sees it: a type, a reference count, the
 * mount it lives on, and the filesystem's private node.  Names are not
 * here: they live in the namecache (sys/namecache.h), and the operations
 * that change the namespace take namecache entries, not (directory, name)
 * pairs.
 *
 * Every operation takes one argument structure, struct vop_<name>_args,
 * whose first member is a struct vop_generic_args naming the operation:
 * a call is a small message, so that a filesystem could later be reached
 * through a port instead of a function pointer.  The VOP_<NAME>()
 * functions (vfs_vnops.c) build the structure and call the vector.
 *
 * The namespace operations (vop_n*) receive the entry to act on, locked
 * and referenced, and the directory vnode it lives in (a_dvp, the vnode of
 * the entry's parent).  They never see "", ".", ".." or "/": nlookup()
 * handles those.  On success they update the entry themselves through
 * cache_setvp() (nresolve, ncreate, nmkdir, nsymlink, nlink); nremove,
 * nrmdir and nrename leave the namecache to the caller.
 *
 * References: vref() and vrele().  When the last reference goes,
 * VOP_INACTIVE() lets the filesystem free the vnode (a removed file) or
 * keep it for later.  A positive namecache entry and an open file each
 * hold a reference.
 *
 * Running programs: execve marks the file it runs with vn_text_hold()
 * (a reference and v_textrefs), before it reads anything from it; the
 * process keeps the mark (p_textvp), fork copies it, exit and the next
 * exec drop it (vn_text_drop).  While it is marked, vn_writechk() says
 * ETXTBSY and the file cannot be opened for writing, written (also
 * through a descriptor opened earlier), truncated, or mapped shared and
 * writable: its pages are a program's text.
 */
#ifndef _SYS_VNODE_H_
#define _SYS_VNODE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>

struct mount;
struct namecache;
struct uio;
struct stat;
struct cdev;

enum vtype { VNON, VREG, VDIR, VLNK, VCHR, VFIFO };

struct vnode {
	enum vtype	v_type;		/* [I] */
	int		v_refcnt;	/* [T] references */
	struct mount	*v_mount;	/* [I] */
	const struct vop_ops *v_ops;	/* [I] */
	void		*v_data;	/* [I] the filesystem's node */
	struct cdev	*v_rdev;	/* [I] VCHR: the device */
	LIST_HEAD(, namecache) v_namecache; /* [T] positive entries naming it */
	struct vm_object *v_object;	/* [I] a mappable file's pages, or NULL */
	int		v_textrefs;	/* [T] processes running this file
					 * (vn_text_hold): ETXTBSY to writers */
};

/* The operation numbers (vop_generic_args.a_op). */
enum vop_op {
	VOP_OP_NRESOLVE, VOP_OP_NCREATE, VOP_OP_NMKDIR, VOP_OP_NSYMLINK,
	VOP_OP_NLINK, VOP_OP_NREMOVE, VOP_OP_NRMDIR, VOP_OP_NRENAME,
	VOP_OP_OPEN, VOP_OP_CLOSE, VOP_OP_READ, VOP_OP_WRITE,
	VOP_OP_GETATTR, VOP_OP_TRUNCATE, VOP_OP_READDIR, VOP_OP_READLINK,
	VOP_OP_INACTIVE, VOP_OP_IOCTL, VOP_OP_SETATTR, VOP_OP_FSYNC
};

struct vop_generic_args {
	enum vop_op	a_op;
};

/* Look a_ncp's name up in a_dvp; cache_setvp(a_ncp, vp or NULL). */
struct vop_nresolve_args {
	struct vop_generic_args a_head;
	struct namecache *a_ncp;
	struct vnode	*a_dvp;
};

/* Create a_ncp's name (a negative entry) as a file, directory or
 * symlink to a_target; cache_setvp() the new vnode and return it,
 * referenced, in *a_vpp. */
struct vop_ncreate_args {
	struct vop_generic_args a_head;
	struct namecache *a_ncp;
	struct vnode	*a_dvp;
	struct vnode	**a_vpp;
	uint32_t	a_mode;		/* permission bits */
	const char	*a_target;	/* nsymlink: the link's contents */
};

/* A new name a_ncp (negative) for the existing non-directory a_vp. */
struct vop_nlink_args {
	struct vop_generic_args a_head;
	struct namecache *a_ncp;
	struct vnode	*a_dvp;
	struct vnode	*a_vp;
};

/* Remove a_ncp's name (positive): a non-directory (nremove) or an empty
 * directory (nrmdir: ENOTEMPTY otherwise). */
struct vop_nremove_args {
	struct vop_generic_args a_head;
	struct namecache *a_ncp;
	struct vnode	*a_dvp;
};

/* Move a_fncp's object to the name a_tncp (replacing what it names, if
 * anything: the caller has checked the types and emptiness rules). */
struct vop_nrename_args {
	struct vop_generic_args a_head;
	struct namecache *a_fncp;
	struct vnode	*a_fdvp;
	struct namecache *a_tncp;
	struct vnode	*a_tdvp;
};

/* Open and last close of a file on a_vp (devices use them). */
struct vop_open_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	int		a_flags;	/* FREAD | FWRITE ... */
};

/* Move data between the vnode at uio_offset and the uio's buffer. */
struct vop_rw_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	struct uio	*a_uio;
	int		a_ioflag;	/* IO_APPEND */
};
#define IO_APPEND	0x0001
#define IO_NDELAY	0x0004		/* O_NONBLOCK (sys/device.h too) */

/* ioctl a_cmd on a device: a_data is the kernel copy of its argument. */
struct vop_ioctl_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	u_long		a_cmd;
	void		*a_data;
	int		a_fflag;
};

struct vop_getattr_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	struct stat	*a_st;
};

/*
 * The attributes VOP_SETATTR changes: those va_mask names, each to its
 * field's value.  A filesystem sets the status-change time (ctime) to
 * now whenever it changes anything.  One that cannot change an
 * attribute answers EPERM (devfs: the devices' attributes are fixed).
 */
struct vattr {
	int		va_mask;	/* VA_* */
	uint32_t	va_mode;	/* VA_MODE: permission bits (ALLPERMS) */
	struct timespec	va_atime;	/* VA_ATIME: last access */
	struct timespec	va_mtime;	/* VA_MTIME: last data change */
};

#define VA_MODE		0x01
#define VA_ATIME	0x02
#define VA_MTIME	0x04

struct vop_setattr_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	const struct vattr *a_va;
};

/* Write what the filesystem holds of the file only in memory where it
 * belongs (a NULL vop_fsync: there is nothing to write, 0). */
struct vop_fsync_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
};

struct vop_truncate_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	off_t		a_length;
};

/* Directory entries from index *a_cookie on, as struct dirent records,
 * into the uio; *a_cookie advances past what fitted. */
struct vop_readdir_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	struct uio	*a_uio;
	off_t		*a_cookie;
};

struct vop_readlink_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
	struct uio	*a_uio;
};

struct vop_inactive_args {
	struct vop_generic_args a_head;
	struct vnode	*a_vp;
};

/* A filesystem's vector.  A NULL entry answers EOPNOTSUPP (or, for
 * open/close/inactive, does nothing). */
struct vop_ops {
	int	(*vop_nresolve)(struct vop_nresolve_args *);
	int	(*vop_ncreate)(struct vop_ncreate_args *);
	int	(*vop_nmkdir)(struct vop_ncreate_args *);
	int	(*vop_nsymlink)(struct vop_ncreate_args *);
	int	(*vop_nlink)(struct vop_nlink_args *);
	int	(*vop_nremove)(struct vop_nremove_args *);
	int	(*vop_nrmdir)(struct vop_nremove_args *);
	int	(*vop_nrename)(struct vop_nrename_args *);
	int	(*vop_open)(struct vop_open_args *);
	int	(*vop_close)(struct vop_open_args *);
	int	(*vop_read)(struct vop_rw_args *);
	int	(*vop_write)(struct vop_rw_args *);
	int	(*vop_getattr)(struct vop_getattr_args *);
	int	(*vop_truncate)(struct vop_truncate_args *);
	int	(*vop_readdir)(struct vop_readdir_args *);
	int	(*vop_readlink)(struct vop_readlink_args *);
	int	(*vop_inactive)(struct vop_inactive_args *);
	int	(*vop_ioctl)(struct vop_ioctl_args *);
	int	(*vop_setattr)(struct vop_setattr_args *);
	int	(*vop_fsync)(struct vop_fsync_args *);
};

#ifdef _KERNEL
struct vnode *vnode_alloc(struct mount *mp, enum vtype type,
	    const struct vop_ops *ops, void *data, int mflags);
void	vnode_free(struct vnode *vp);
void	vref(struct vnode *vp);
void	vrele(struct vnode *vp);
void	vn_text_hold(struct vnode *vp);
void	vn_text_drop(struct vnode *vp);
int	vn_writechk(struct vnode *vp);
struct file;
struct cdev *vn_disk(struct file *fp);
extern int numvnodes;

int	VOP_NRESOLVE(struct namecache *ncp, struct vnode *dvp);
int	VOP_NCREATE(struct namecache *ncp, struct vnode *dvp,
	    struct vnode **vpp, uint32_t mode);
int	VOP_NMKDIR(struct namecache *ncp, struct vnode *dvp,
	    struct vnode **vpp, uint32_t mode);
int	VOP_NSYMLINK(struct namecache *ncp, struct vnode *dvp,
	    struct vnode **vpp, const char *target);
int	VOP_NLINK(struct namecache *ncp, struct vnode *dvp, struct vnode *vp);
int	VOP_NREMOVE(struct namecache *ncp, struct vnode *dvp);
int	VOP_NRMDIR(struct namecache *ncp, struct vnode *dvp);
int	VOP_NRENAME(struct namecache *fncp, struct vnode *fdvp,
	    struct namecache *tncp, struct vnode *tdvp);
int	VOP_OPEN(struct vnode *vp, int flags);
int	VOP_CLOSE(struct vnode *vp, int flags);
int	VOP_READ(struct vnode *vp, struct uio *uio, int ioflag);
int	VOP_WRITE(struct vnode *vp, struct uio *uio, int ioflag);
int	VOP_GETATTR(struct vnode *vp, struct stat *st);
int	VOP_TRUNCATE(struct vnode *vp, off_t length);
int	VOP_READDIR(struct vnode *vp, struct uio *uio, off_t *cookie);
int	VOP_READLINK(struct vnode *vp, struct uio *uio);
int	VOP_IOCTL(struct vnode *vp, u_long cmd, void *data, int fflag);
int	VOP_SETATTR(struct vnode *vp, const struct vattr *va);
int	VOP_FSYNC(struct vnode *vp);

/* Helpers for filesystems. */
int	vop_readdir_emit(struct uio *uio, uint32_t ino, int dtype,
	    const char *name, size_t namlen);
#endif

#endif /* !_SYS_VNODE_H_ */
