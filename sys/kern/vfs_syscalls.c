/*
 * vfs_syscalls.c - the file system calls.
 *
 * Each sys_<name>() copies its path in through nlookup_path_at() (once),
 * resolves it in the namecache with nlookup(), and works on the locked
 * entry it gets back.  There is one implementation per operation, the
 * *at form: a relative path starts at the directory open on a
 * descriptor, and the plain call (open, stat, mkdir, unlink, rmdir,
 * rename, readlink, chmod) is its *at twin with AT_FDCWD, the current
 * directory.  On the entry: create-style calls (open O_CREAT, mkdir, symlink,
 * link, rename's target) accept a negative entry and hand it to the
 * filesystem, which fills it in; removals tell the namecache what
 * changed (cache_unlink, cache_rename) so that it stays coherent without
 * asking the filesystem again.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/file.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/device.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <sys/sysmsg.h>
#include <sys/time.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

extern const struct fileops vnode_fileops;
MALLOC_DECLARE(M_NLOOKUP);

/* ---- open ------------------------------------------------------------ */

/*
 * Open (or create) the file nd resolved to; returns the vnode with a
 * reference, opened.  A directory opens only read-only and without
 * O_CREAT (EISDIR; O_CREAT|O_EXCL on anything that exists is EEXIST);
 * a running program's file only read-only (ETXTBSY).
 */
static int
vn_open(struct nlookupdata *nd, int oflags, int mode, int fflags,
    struct vnode **vpp)
{
	struct namecache *ncp = nd->nl_ncp;
	struct vnode *vp, *dvp;
	int error;

	if (ncp->nc_vp == NULL) {
		if ((oflags & O_CREAT) == 0)
			return (ENOENT);
		if (nd->nl_flags & NLC_TRAILSLASH)
			return (EISDIR);
		if ((dvp = cache_dvp(ncp)) == NULL)
			return (ENOENT);
		error = VOP_NCREATE(ncp, dvp, &vp, (uint32_t)mode & ALLPERMS);
		if (error)
			return (error);
	} else {
		if ((oflags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			return (EEXIST);
		vp = ncp->nc_vp;
		vref(vp);
	}
	error = 0;
	if (vp->v_type == VLNK)
		error = ELOOP;		/* O_NOFOLLOW met a symlink */
	else if (vp->v_type == VDIR && ((fflags & FWRITE) ||
	    (oflags & O_CREAT)))
		error = EISDIR;		/* O_CREAT names a file, never a dir */
	else if ((oflags & O_DIRECTORY) && vp->v_type != VDIR)
		error = ENOTDIR;
	else if (fflags & FWRITE)
		error = vn_writechk(vp);	/* a running program's file */
	if (error == 0 && (oflags & O_TRUNC) && (fflags & FWRITE) &&
	    vp->v_type == VREG)
		error = VOP_TRUNCATE(vp, 0);
	if (error == 0)
		error = VOP_OPEN(vp, fflags);
	if (error) {
		vrele(vp);
		return (error);
	}
	*vpp = vp;
	return (0);
}

/* A new file's or directory's mode: mode less the process's umask (none
 * for the kernel's own files, made at boot). */
static uint32_t
vfs_newmode(int mode)
{
	struct proc *p = curproc;

	return ((uint32_t)mode & ALLPERMS & ~(p != NULL ? p->p_umask : 0));
}

int
kern_openat(int dfd, const char *path, enum uio_seg seg, int oflags, int mode,
    int *fdp)
{
	struct proc *p = curproc;
	struct nlookupdata nd;
	struct vnode *vp;
	struct file *fp;
	int error, fflags, fd;

	switch (oflags & O_ACCMODE) {
	case O_RDONLY:
		fflags = FREAD;
		break;
	case O_WRONLY:
		fflags = FWRITE;
		break;
	case O_RDWR:
		fflags = FREAD | FWRITE;
		break;
	default:
		return (EINVAL);
	}
	if (oflags & ~(O_ACCMODE | O_NONBLOCK | O_APPEND | O_CREAT | O_TRUNC |
	    O_EXCL | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY))
		return (EINVAL);
	if (oflags & O_APPEND)
		fflags |= FAPPEND;
	if (oflags & O_NONBLOCK)
		fflags |= FNONBLOCK;
	/* A full table (or system) must not create the file. */
	error = fdalloc(p, 0, &fd);
	if (error)
		return (error);
	if (nfiles >= maxfiles)
		return (ENFILE);
	/* O_CREAT|O_EXCL does not follow a final symlink (POSIX: EEXIST). */
	error = nlookup_path_at(&nd, dfd, path, seg, ((oflags & O_NOFOLLOW) ||
	    (oflags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) ?
	    0 : NLC_FOLLOW);
	if (error == 0)
		error = vn_open(&nd, oflags, vfs_newmode(mode), fflags, &vp);
	if (error == 0) {
		error = falloc(&vnode_fileops, DTYPE_VNODE, fflags, vp, &fp);
		if (error) {
			VOP_CLOSE(vp, fflags);	/* what vn_close does */
			vrele(vp);
			nlookup_done(&nd);
			return (error);
		}
		fp->f_ncp = nd.nl_ncp;
		cache_hold(fp->f_ncp);
		error = fdinstall(p, fp, (oflags & O_CLOEXEC) ? UF_EXCLOSE : 0,
		    fdp);
		if (error)
			fdrop(fp);
	}
	nlookup_done(&nd);
	return (error);
}

int
sys_open(struct sysmsg *sysmsg, const struct open_args *uap)
{
	int error, fd;

	error = kern_openat(AT_FDCWD, uap->path, UIO_USERSPACE, uap->flags,
	    uap->mode, &fd);
	if (error == 0)
		sysmsg->sm_retval = fd;
	return (error);
}

int
sys_openat(struct sysmsg *sysmsg, const struct openat_args *uap)
{
	int error, fd;

	error = kern_openat(uap->fd, uap->path, UIO_USERSPACE, uap->flags,
	    uap->mode, &fd);
	if (error == 0)
		sysmsg->sm_retval = fd;
	return (error);
}

/* Descriptors 0, 1 and 2 on /dev/console (for init). */
int
fd_open_console(void)
{
	int error, fd;

	error = kern_open("/dev/console", UIO_SYSSPACE, O_RDWR, 0, &fd);
	if (error)
		return (error);
	while (error == 0 && fd < 2)
		error = kern_open("/dev/console", UIO_SYSSPACE, O_RDWR, 0, &fd);
	return (error);
}

/* ---- attributes ------------------------------------------------------ */

/* Attributes of what path (in seg, from dfd) names, into the kernel's
 * *st.  flags: NLC_FOLLOW or 0. */
int
kern_statat(int dfd, const char *path, enum uio_seg seg, int flags,
    struct stat *st)
{
	struct nlookupdata nd;
	int error;

	error = nlookup_path_at(&nd, dfd, path, seg, flags);
	if (error == 0 && nd.nl_ncp->nc_vp == NULL)
		error = ENOENT;
	if (error == 0)
		error = VOP_GETATTR(nd.nl_ncp->nc_vp, st);
	nlookup_done(&nd);
	return (error);
}

/* The lookup flags of an *at call's AT_SYMLINK_NOFOLLOW (the only flag
 * fstatat, fchmodat and utimensat accept): NLC_FOLLOW, 0, or -1 for
 * anything else (EINVAL). */
static int
at_follow(int atflags)
{
	if (atflags & ~AT_SYMLINK_NOFOLLOW)
		return (-1);
	return ((atflags & AT_SYMLINK_NOFOLLOW) ? 0 : NLC_FOLLOW);
}

static int
stat_common(int dfd, const char *path, int flags, struct stat *ust)
{
	struct stat st;
	int error;

	if (flags < 0)
		return (EINVAL);
	error = kern_statat(dfd, path, UIO_USERSPACE, flags, &st);
	if (error == 0)
		error = copyout(&st, ust, sizeof(st));
	return (error);
}

int
sys_stat(struct sysmsg *sysmsg, const struct stat_args *uap)
{
	return (stat_common(AT_FDCWD, uap->path, NLC_FOLLOW, uap->sb));
}

int
sys_lstat(struct sysmsg *sysmsg, const struct lstat_args *uap)
{
	return (stat_common(AT_FDCWD, uap->path, 0, uap->sb));
}

int
sys_fstatat(struct sysmsg *sysmsg, const struct fstatat_args *uap)
{
	return (stat_common(uap->fd, uap->path, at_follow(uap->flag),
	    uap->sb));
}

/*
 * Change what va says of vp (VOP_SETATTR), after the checks every
 * caller shares: a running program's file stays as it is only for its
 * data, so attributes may change.  A symlink's mode cannot be changed
 * (EOPNOTSUPP: its bits mean nothing).
 */
static int
vn_setattr_checked(struct vnode *vp, struct vattr *va)
{
	if ((va->va_mask & VA_MODE) && vp->v_type == VLNK)
		return (EOPNOTSUPP);
	return (VOP_SETATTR(vp, va));
}

/* chmod, fchmodat: the permission bits of what path names. */
static int
kern_chmodat(int dfd, const char *path, int mode, int flags)
{
	struct nlookupdata nd;
	struct vattr va;
	int error;

	if (flags < 0 || (mode & ~ALLPERMS) != 0)
		return (EINVAL);
	memset(&va, 0, sizeof(va));
	va.va_mask = VA_MODE;
	va.va_mode = (uint32_t)mode;
	error = nlookup_path_at(&nd, dfd, path, UIO_USERSPACE, flags);
	if (error == 0 && nd.nl_ncp->nc_vp == NULL)
		error = ENOENT;
	if (error == 0)
		error = vn_setattr_checked(nd.nl_ncp->nc_vp, &va);
	nlookup_done(&nd);
	return (error);
}

int
sys_chmod(struct sysmsg *sysmsg, const struct chmod_args *uap)
{
	return (kern_chmodat(AT_FDCWD, uap->path, uap->mode, NLC_FOLLOW));
}

int
sys_fchmodat(struct sysmsg *sysmsg, const struct fchmodat_args *uap)
{
	return (kern_chmodat(uap->fd, uap->path, uap->mode,
	    at_follow(uap->flag)));
}

/* The vnode open on fd, for fchmod, futimens and fsync: EBADF if fd is
 * not open, EINVAL if it is a pipe. */
static int
fd_vnode(int fd, struct vnode **vpp)
{
	struct file *fp = fget(curproc, fd, 0);

	if (fp == NULL)
		return (EBADF);
	if (fp->f_type != DTYPE_VNODE)
		return (EINVAL);
	*vpp = fp->f_data;
	return (0);
}

int
sys_fchmod(struct sysmsg *sysmsg, const struct fchmod_args *uap)
{
	struct vnode *vp;
	struct vattr va;
	int error;

	if ((error = fd_vnode(uap->fd, &vp)) != 0)
		return (error);
	if (uap->mode & ~ALLPERMS)
		return (EINVAL);
	memset(&va, 0, sizeof(va));
	va.va_mask = VA_MODE;
	va.va_mode = (uint32_t)uap->mode;
	return (vn_setattr_checked(vp, &va));
}

/*
 * The times utimensat and futimens set, from the user's pair (NULL: both
 * now) into va: UTIME_NOW is the current time, UTIME_OMIT leaves that
 * time alone; any other tv_nsec outside 0..999999999 is EINVAL.
 */
static int
utimens_get(const struct timespec *uts, struct vattr *va)
{
	struct timespec ts[2], now;
	int error, i;

	memset(va, 0, sizeof(*va));
	getnanotime(&now);
	if (uts == NULL) {
		ts[0].tv_sec = ts[1].tv_sec = 0;
		ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
	} else if ((error = copyin(uts, ts, sizeof(ts))) != 0) {
		return (error);
	}
	for (i = 0; i < 2; i++) {
		struct timespec *t = i == 0 ? &va->va_atime : &va->va_mtime;

		if (ts[i].tv_nsec == UTIME_OMIT)
			continue;
		if (ts[i].tv_nsec == UTIME_NOW)
			*t = now;
		else if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= NSEC_PER_SEC)
			return (EINVAL);
		else
			*t = ts[i];
		va->va_mask |= i == 0 ? VA_ATIME : VA_MTIME;
	}
	return (0);
}

int
sys_utimensat(struct sysmsg *sysmsg, const struct utimensat_args *uap)
{
	struct nlookupdata nd;
	struct vattr va;
	int error, flags = at_follow(uap->flag);

	if (flags < 0)
		return (EINVAL);
	if ((error = utimens_get(uap->times, &va)) != 0)
		return (error);
	error = nlookup_path_at(&nd, uap->fd, uap->path, UIO_USERSPACE, flags);
	if (error == 0 && nd.nl_ncp->nc_vp == NULL)
		error = ENOENT;
	if (error == 0 && va.va_mask != 0)
		error = vn_setattr_checked(nd.nl_ncp->nc_vp, &va);
	nlookup_done(&nd);
	return (error);
}

int
sys_futimens(struct sysmsg *sysmsg, const struct futimens_args *uap)
{
	struct vnode *vp;
	struct vattr va;
	int error;

	if ((error = fd_vnode(uap->fd, &vp)) != 0)
		return (error);
	if ((error = utimens_get(uap->times, &va)) != 0)
		return (error);
	return (va.va_mask != 0 ? vn_setattr_checked(vp, &va) : 0);
}

/* fsync: whatever the filesystem keeps of the file in memory only is
 * written where it belongs (tmpfs and devfs keep nothing elsewhere). */
int
sys_fsync(struct sysmsg *sysmsg, const struct fsync_args *uap)
{
	struct vnode *vp;
	int error;

	if ((error = fd_vnode(uap->fd, &vp)) != 0)
		return (error);
	return (VOP_FSYNC(vp));
}

/* Everything runs as root and permissions are not modelled: access()
 * checks the mode's validity and that the file exists. */
int
sys_access(struct sysmsg *sysmsg, const struct access_args *uap)
{
	struct nlookupdata nd;
	int error;

	if (uap->amode & ~(R_OK | W_OK | X_OK))
		return (EINVAL);
	error = nlookup_path(&nd, uap->path, UIO_USERSPACE, NLC_FOLLOW);
	if (error == 0 && nd.nl_ncp->nc_vp == NULL)
		error = ENOENT;
	nlookup_done(&nd);
	return (error);
}

/* ---- names ----------------------------------------------------------- */

int
kern_mkdirat(int dfd, const char *path, enum uio_seg seg, int mode)
{
	struct nlookupdata nd;
	struct vnode *vp, *dvp;
	int error;

	error = nlookup_path_at(&nd, dfd, path, seg, 0);
	if (error == 0 && (nd.nl_ncp->nc_vp != NULL ||
	    (nd.nl_flags & NLC_DOTLAST)))
		error = EEXIST;
	if (error == 0 && (dvp = cache_dvp(nd.nl_ncp)) == NULL)
		error = ENOENT;
	if (error == 0) {
		error = VOP_NMKDIR(nd.nl_ncp, dvp, &vp, vfs_newmode(mode));
		if (error == 0)
			vrele(vp);
	}
	nlookup_done(&nd);
	return (error);
}

int
sys_mkdir(struct sysmsg *sysmsg, const struct mkdir_args *uap)
{
	return (kern_mkdirat(AT_FDCWD, uap->path, UIO_USERSPACE, uap->mode));
}

int
sys_mkdirat(struct sysmsg *sysmsg, const struct mkdirat_args *uap)
{
	return (kern_mkdirat(uap->fd, uap->path, UIO_USERSPACE, uap->mode));
}

/* Checks shared by rmdir, unlink and rename's source: the name must
 * exist and be removable from its directory. */
static int
removable(struct nlookupdata *nd)
{
	struct namecache *ncp = nd->nl_ncp;

	if (ncp->nc_vp == NULL)
		return (ENOENT);
	if (nd->nl_flags & NLC_DOTLAST)
		return (EINVAL);	/* ".", ".." or "/" */
	if (ncp->nc_flag & NCF_MNTROOT)
		return (EBUSY);		/* a mounted filesystem's root */
	if (cache_dvp(ncp) == NULL)
		return (ENOENT);
	return (0);
}

/* unlink (a name that is not a directory: EISDIR) or, with
 * AT_REMOVEDIR, rmdir (a directory: else ENOTDIR); any other flag is
 * EINVAL. */
int
kern_unlinkat(int dfd, const char *path, enum uio_seg seg, int atflags)
{
	struct nlookupdata nd;
	bool dir = (atflags & AT_REMOVEDIR) != 0;
	int error;

	if (atflags & ~AT_REMOVEDIR)
		return (EINVAL);
	error = nlookup_path_at(&nd, dfd, path, seg, 0);
	if (error == 0)
		error = removable(&nd);
	if (error == 0 && dir && nd.nl_ncp->nc_vp->v_type != VDIR)
		error = ENOTDIR;
	if (error == 0 && !dir && nd.nl_ncp->nc_vp->v_type == VDIR)
		error = EISDIR;
	if (error == 0 && dir)
		error = VOP_NRMDIR(nd.nl_ncp, cache_dvp(nd.nl_ncp));
	else if (error == 0)
		error = VOP_NREMOVE(nd.nl_ncp, cache_dvp(nd.nl_ncp));
	if (error == 0)
		cache_unlink(nd.nl_ncp);
	nlookup_done(&nd);
	return (error);
}

int
sys_rmdir(struct sysmsg *sysmsg, const struct rmdir_args *uap)
{
	return (kern_unlinkat(AT_FDCWD, uap->path, UIO_USERSPACE,
	    AT_REMOVEDIR));
}

int
sys_unlink(struct sysmsg *sysmsg, const struct unlink_args *uap)
{
	return (kern_unlinkat(AT_FDCWD, uap->path, UIO_USERSPACE, 0));
}

int
sys_unlinkat(struct sysmsg *sysmsg, const struct unlinkat_args *uap)
{
	return (kern_unlinkat(uap->fd, uap->path, UIO_USERSPACE, uap->flag));
}

/* A negative entry a new name can be made at (link, symlink). */
static int
creatable(struct nlookupdata *nd)
{
	if (nd->nl_ncp->nc_vp != NULL || (nd->nl_flags & NLC_DOTLAST))
		return (EEXIST);
	if (nd->nl_flags & NLC_TRAILSLASH)
		return (ENOENT);
	if (cache_dvp(nd->nl_ncp) == NULL)
		return (ENOENT);
	return (0);
}

int
sys_link(struct sysmsg *sysmsg, const struct link_args *uap)
{
	struct nlookupdata nd, lnd;
	struct vnode *vp;
	int error;

	error = nlookup_path(&nd, uap->path, UIO_USERSPACE, 0);
	if (error == 0 && (vp = nd.nl_ncp->nc_vp) == NULL)
		error = ENOENT;
	if (error == 0 && vp->v_type == VDIR)
		error = EPERM;
	if (error) {
		nlookup_done(&nd);
		return (error);
	}
	/* Unlock the source while looking the new name up: the two paths
	 * may share entries.  The reference keeps vp. */
	vref(vp);
	nlookup_done(&nd);
	error = nlookup_path(&lnd, uap->link, UIO_USERSPACE, 0);
	if (error == 0)
		error = creatable(&lnd);
	if (error == 0 && lnd.nl_ncp->nc_mount != vp->v_mount)
		error = EXDEV;
	if (error == 0)
		error = VOP_NLINK(lnd.nl_ncp, cache_dvp(lnd.nl_ncp), vp);
	nlookup_done(&lnd);
	vrele(vp);
	return (error);
}

int
kern_symlink(const char *target, const char *path, enum uio_seg seg)
{
	struct nlookupdata nd;
	struct vnode *vp;
	int error;

	error = nlookup_path(&nd, path, seg, 0);
	if (error == 0)
		error = creatable(&nd);
	if (error == 0) {
		error = VOP_NSYMLINK(nd.nl_ncp, cache_dvp(nd.nl_ncp), &vp,
		    target);
		if (error == 0)
			vrele(vp);
	}
	nlookup_done(&nd);
	return (error);
}

int
sys_symlink(struct sysmsg *sysmsg, const struct symlink_args *uap)
{
	char *target = kmalloc(PATH_MAX, M_NLOOKUP, M_NOWAIT);
	int error;

	if (target == NULL)
		return (ENOMEM);
	error = copyinstr(uap->path, target, PATH_MAX, NULL);
	if (error == 0 && target[0] == '\0')
		error = ENOENT;
	if (error == 0)
		error = kern_symlink(target, uap->link, UIO_USERSPACE);
	kfree(target, M_NLOOKUP);
	return (error);
}

static int
kern_readlinkat(struct sysmsg *sysmsg, int dfd, const char *path, char *buf,
    size_t bufsize)
{
	struct nlookupdata nd;
	struct vnode *vp = NULL;
	struct uio uio;
	int error;

	if (bufsize > 0x7fffffff)
		return (EINVAL);
	error = nlookup_path_at(&nd, dfd, path, UIO_USERSPACE, 0);
	if (error == 0 && (vp = nd.nl_ncp->nc_vp) == NULL)
		error = ENOENT;
	if (error == 0 && vp->v_type != VLNK)
		error = EINVAL;
	if (error == 0) {
		uio_init(&uio, buf, bufsize, 0, UIO_USERSPACE, UIO_READ);
		error = VOP_READLINK(vp, &uio);
		sysmsg->sm_retval = (int64_t)(bufsize - uio.uio_resid);
	}
	nlookup_done(&nd);
	return (error);
}

int
sys_readlink(struct sysmsg *sysmsg, const struct readlink_args *uap)
{
	return (kern_readlinkat(sysmsg, AT_FDCWD, uap->path, uap->buf,
	    uap->bufsize));
}

int
sys_readlinkat(struct sysmsg *sysmsg, const struct readlinkat_args *uap)
{
	return (kern_readlinkat(sysmsg, uap->fd, uap->path, uap->buf,
	    uap->bufsize));
}

/* Is anc an ancestor of (or the same as) ncp, within one filesystem? */
static bool
cache_isancestor(struct namecache *anc, struct namecache *ncp)
{
	for (; ncp != NULL; ncp = ncp->nc_parent) {
		if (ncp == anc)
			return (true);
	}
	return (false);
}

static int
kern_renameat(int fromfd, const char *from, int tofd, const char *to)
{
	struct nlookupdata fnd, tnd;
	struct namecache *fncp, *tncp;
	struct vnode *fvp, *tvp;
	int error;

	error = nlookup_path_at(&fnd, fromfd, from, UIO_USERSPACE, 0);
	if (error == 0)
		error = removable(&fnd);
	if (error) {
		nlookup_done(&fnd);
		return (error);
	}
	fncp = fnd.nl_ncp;
	fvp = fncp->nc_vp;
	error = nlookup_path_at(&tnd, tofd, to, UIO_USERSPACE, 0);
	tncp = tnd.nl_ncp;
	if (error == 0 && (tnd.nl_flags & NLC_DOTLAST))
		error = EINVAL;
	if (error == 0 && (tncp->nc_flag & NCF_MNTROOT))
		error = EBUSY;
	if (error == 0 && cache_dvp(tncp) == NULL)
		error = ENOENT;
	if (error == 0 && tncp->nc_mount != fncp->nc_mount)
		error = EXDEV;
	tvp = error == 0 ? tncp->nc_vp : NULL;
	if (error == 0 && fvp->v_type == VDIR) {
		if (tvp != NULL && tvp->v_type != VDIR)
			error = ENOTDIR;
		else if (cache_isancestor(fncp, tncp->nc_parent))
			error = EINVAL;	/* into itself */
	} else if (error == 0) {
		if (tvp != NULL && tvp->v_type == VDIR)
			error = EISDIR;
		else if (tnd.nl_flags & NLC_TRAILSLASH)
			error = ENOTDIR;
	}
	if (error == 0 && tvp == fvp)
		goto done;		/* the same file: nothing to do */
	if (error == 0)
		error = VOP_NRENAME(fncp, cache_dvp(fncp), tncp,
		    cache_dvp(tncp));
	if (error == 0)
		cache_rename(fncp, tncp);
done:
	nlookup_done(&tnd);
	nlookup_done(&fnd);
	return (error);
}

int
sys_rename(struct sysmsg *sysmsg, const struct rename_args *uap)
{
	return (kern_renameat(AT_FDCWD, uap->from, AT_FDCWD, uap->to));
}

int
sys_renameat(struct sysmsg *sysmsg, const struct renameat_args *uap)
{
	return (kern_renameat(uap->fromfd, uap->from, uap->tofd, uap->to));
}

/* ---- directories ----------------------------------------------------- */

static void
setcwd(struct proc *p, struct namecache *ncp)
{
	struct namecache *old = p->p_fd->fd_cdir;

	cache_hold(ncp);
	p->p_fd->fd_cdir = ncp;
	cache_drop(old);
}

int
sys_chdir(struct sysmsg *sysmsg, const struct chdir_args *uap)
{
	struct nlookupdata nd;
	int error;

	error = nlookup_path(&nd, uap->path, UIO_USERSPACE, NLC_FOLLOW);
	if (error == 0 && nd.nl_ncp->nc_vp == NULL)
		error = ENOENT;
	if (error == 0 && nd.nl_ncp->nc_vp->v_type != VDIR)
		error = ENOTDIR;
	if (error == 0)
		setcwd(curproc, nd.nl_ncp);
	nlookup_done(&nd);
	return (error);
}

int
sys_fchdir(struct sysmsg *sysmsg, const struct fchdir_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, 0);
	struct vnode *vp;

	if (fp == NULL || fp->f_type != DTYPE_VNODE || fp->f_ncp == NULL)
		return (EBADF);
	vp = fp->f_data;
	if (vp->v_type != VDIR)
		return (ENOTDIR);
	setcwd(curproc, fp->f_ncp);
	return (0);
}

int
sys_getcwd(struct sysmsg *sysmsg, const struct getcwd_args *uap)
{
	struct filedesc *fdp = curproc->p_fd;
	size_t size = MIN(uap->buflen, PATH_MAX), len;
	char *buf;
	int error;

	if (uap->buflen == 0)
		return (EINVAL);
	buf = kmalloc(PATH_MAX, M_NLOOKUP, M_NOWAIT);
	if (buf == NULL)
		return (ENOMEM);
	error = cache_fullpath(nlookup_cwd(), fdp->fd_rdir, buf, size, &len);
	if (error == 0)
		error = copyout(buf, uap->buf, len + 1);
	kfree(buf, M_NLOOKUP);
	return (error);
}

/* Does the directory have a record at cookie?  (Asked when none fitted
 * in the caller's buffer, to tell "too small" from the end.) */
static bool
getdents_more(struct vnode *vp, off_t cookie)
{
	struct dirent d;
	struct uio uio;

	uio_init(&uio, &d, sizeof(d), 0, UIO_SYSSPACE, UIO_READ);
	return (VOP_READDIR(vp, &uio, &cookie) == 0 &&
	    uio.uio_resid < sizeof(d));
}

int
sys_getdents(struct sysmsg *sysmsg, const struct getdents_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, FREAD);
	struct vnode *vp;
	struct uio uio;
	off_t cookie;
	int error;

	if (fp == NULL || fp->f_type != DTYPE_VNODE)
		return (EBADF);
	vp = fp->f_data;
	if (vp->v_type != VDIR)
		return (ENOTDIR);
	if (uap->count > 0x7fffffff)
		return (EINVAL);
	uio_init(&uio, uap->buf, uap->count, 0, UIO_USERSPACE, UIO_READ);
	cookie = fp->f_offset;
	error = VOP_READDIR(vp, &uio, &cookie);
	if (error == 0 && uio.uio_resid == uap->count &&
	    getdents_more(vp, cookie))
		error = EINVAL;		/* not even one record fits */
	fp->f_offset = cookie;
	sysmsg->sm_retval = (int64_t)(uap->count - uio.uio_resid);
	return (error);
}

/* ---- open files ------------------------------------------------------ */

int
sys_lseek(struct sysmsg *sysmsg, const struct lseek_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, 0);
	struct stat st;
	off_t base;
	int error;

	if (fp == NULL)
		return (EBADF);
	if (fp->f_type != DTYPE_VNODE ||
	    (((struct vnode *)fp->f_data)->v_type == VCHR &&
	    (((struct vnode *)fp->f_data)->v_rdev->si_flags & SI_DISK) == 0))
		return (ESPIPE);		/* a disk seeks, a terminal not */
	switch (uap->whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = fp->f_offset;
		break;
	case SEEK_END:
		error = VOP_GETATTR(fp->f_data, &st);
		if (error)
			return (error);
		base = st.st_size;
		break;
	default:
		return (EINVAL);
	}
	if ((uap->offset > 0 && base > 0x7fffffffffffffffLL - uap->offset) ||
	    base + uap->offset < 0)
		return (EINVAL);
	fp->f_offset = base + uap->offset;
	sysmsg->sm_retval = fp->f_offset;
	return (0);
}

int
sys_ftruncate(struct sysmsg *sysmsg, const struct ftruncate_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, 0);
	struct vnode *vp;

	if (fp == NULL)
		return (EBADF);
	if ((fp->f_flag & FWRITE) == 0 || fp->f_type != DTYPE_VNODE)
		return (EINVAL);
	vp = fp->f_data;
	if (vp->v_type != VREG || uap->length < 0)
		return (EINVAL);
	if (vn_writechk(vp) != 0)
		return (ETXTBSY);		/* a running program's file */
	return (VOP_TRUNCATE(vp, uap->length));
}
