/*
 * tmpfs_vnops.c - the vnode operations of tmpfs.
 *
 * Namespace operations.  The core hands each one the namecache entry of
 * the name to act on, locked, and the directory vnode; nlookup() has
 * already dealt with "." and "..", mount points and symlinks, and the
 * caller has checked what POSIX demands of the objects involved (the
 * name is negative for a create, a non-directory for nremove and nlink,
 * types match for a rename that replaces, a directory is not moved into
 * itself).  tmpfs only keeps its own lists straight:
 *
 *   nresolve, ncreate, nmkdir, nsymlink, nlink  change the directory and
 *       then tell the namecache what the name now is (cache_setvp);
 *   nremove, nrmdir, nrename  change the directory only: the caller
 *       updates the namecache afterwards.
 *
 * Each operation that allocates does so before it checks anything that
 * can change while it blocks, then checks and changes the directory with
 * no blocking call in between (see tmpfs.h, [s]).  In particular a
 * directory may be removed while a create in it sleeps in kmalloc: the
 * create then fails with ENOENT instead of naming a node nobody can reach.
 *
 * Link counts: a non-directory has one per name.  A directory has its
 * name, its own "." and one ".." per subdirectory; a removed directory
 * has none (nlink 0) even though it may still be someone's current
 * directory.  Removing a name never frees anything: the namecache entry
 * still references the vnode, and tmpfs_inactive() frees the node when
 * the last reference goes and no name is left.
 *
 * Data.  A file's pages are its VM object's.  A VM-object iovec buffer
 * (held pages, which cannot fault) is filled or drained in one
 * uiomove_object(), page to page through the per-CPU temporary mappings;
 * a write makes all the pages it needs first.  Any other buffer is copied
 * one page at a time: the file page is mapped in the temporary slot 0,
 * inside a critical section because the mapping belongs to the CPU, not
 * to the thread, and copied out or in piece by piece so that a fault
 * counts exactly what moved.  With vm.uio_path 0 a user buffer takes the
 * old path instead: the request's pages are mapped into the kernel
 * window, copied to or from the user's address, and unmapped
 * (kern_uio.c).  A missing page reads as zeros; write allocates pages as
 * it goes and never has to clear what lies between the old end of file
 * and the write (tmpfs.h: bytes past the end are always zero).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/globaldata.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <vfs/tmpfs/tmpfs.h>

/*
 * What a hole reads as.  Only ever a source for uiomove() and the old
 * path's kernel window: nothing writes it (it is not const because
 * uiomove() takes a plain pointer).  A whole page of the kernel image, so
 * it has a struct vm_page.
 */
static char tmpfs_zeroes[PAGE_SIZE] __aligned(PAGE_SIZE);

/* ---- directories ------------------------------------------------------ */

/* The entry named (name, len) in dnode, or NULL. */
static struct tmpfs_dirent *
tmpfs_dir_lookup(struct tmpfs_node *dnode, const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	TAILQ_FOREACH(de, &dnode->tn_entries, td_entry) {
		if (de->td_namelen == len && memcmp(de->td_name, name, len) == 0)
			return (de);
	}
	return (NULL);
}

/* The n-th entry of dnode (from 0), or NULL. */
static struct tmpfs_dirent *
tmpfs_dir_nth(struct tmpfs_node *dnode, off_t n)
{
	struct tmpfs_dirent *de;

	if (n >= dnode->tn_nentries)
		return (NULL);
	TAILQ_FOREACH(de, &dnode->tn_entries, td_entry) {
		if (n-- == 0)
			break;
	}
	return (de);
}

/*
 * A new, unattached entry carrying ncp's name, charged to dvp's mount, in
 * *dep.  ENOSPC past the quota, ENOMEM without memory.  Never blocks.
 */
static int
tmpfs_dirent_alloc(struct vnode *dvp, struct namecache *ncp,
    struct tmpfs_dirent **dep)
{
	struct tmpfs_mount *tmp = VFSTOTM(dvp->v_mount);
	struct tmpfs_dirent *de;

	KASSERT(ncp->nc_nlen > 0, ("%s: empty name", __func__));
	if (!vm_quota_charge(&tmp->tm_quota, TMPFS_DIRENT_COST(ncp->nc_nlen)))
		return (ENOSPC);
	de = kmalloc(sizeof(*de) + ncp->nc_nlen, M_TMPFS, M_NOWAIT | M_ZERO);
	if (de == NULL) {
		vm_quota_uncharge(&tmp->tm_quota,
		    TMPFS_DIRENT_COST(ncp->nc_nlen));
		return (ENOMEM);
	}
	de->td_namelen = ncp->nc_nlen;
	memcpy(de->td_name, ncp->nc_name, ncp->nc_nlen);
	*dep = de;
	return (0);
}

/* Free an entry that is on no list, and give back its charge. */
static void
tmpfs_dirent_free(struct tmpfs_node *dnode, struct tmpfs_dirent *de)
{
	struct tmpfs_mount *tmp = VFSTOTM(dnode->tn_vnode->v_mount);

	vm_quota_uncharge(&tmp->tm_quota, TMPFS_DIRENT_COST(de->td_namelen));
	kfree(de, M_TMPFS);
}

/* Put de, naming node, at the end of dnode's list (readdir order). */
static void
tmpfs_dir_attach(struct tmpfs_node *dnode, struct tmpfs_dirent *de,
    struct tmpfs_node *node)
{
	de->td_node = node;
	TAILQ_INSERT_TAIL(&dnode->tn_entries, de, td_entry);
	dnode->tn_nentries++;
}

/* Take de off dnode's list and free it.  Link counts are the caller's. */
static void
tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de)
{
	TAILQ_REMOVE(&dnode->tn_entries, de, td_entry);
	dnode->tn_nentries--;
	dnode->tn_gen++;
	tmpfs_dirent_free(dnode, de);
}

/* A directory that has been removed: it takes no new names. */
static bool
tmpfs_dir_removed(struct tmpfs_node *dnode)
{
	return (dnode->tn_parent == NULL);
}

static int
tmpfs_dtype(enum vtype type)
{
	switch (type) {
	case VREG:
		return (DT_REG);
	case VDIR:
		return (DT_DIR);
	case VLNK:
		return (DT_LNK);
	default:
		return (DT_UNKNOWN);
	}
}

/* ---- namespace operations --------------------------------------------- */

static int
tmpfs_nresolve(struct vop_nresolve_args *ap)
{
	struct namecache *ncp = ap->a_ncp;
	struct tmpfs_node *dnode = VTOTN(ap->a_dvp);
	struct tmpfs_dirent *de;

	if (dnode->tn_type != VDIR)
		return (ENOTDIR);
	de = tmpfs_dir_lookup(dnode, ncp->nc_name, ncp->nc_nlen);
	cache_setvp(ncp, de != NULL ? de->td_node->tn_vnode : NULL);
	return (0);
}

/*
 * ncreate, nmkdir and nsymlink: a new node of the given type under the
 * (negative) name ncp, returned referenced in *a_vpp.
 */
static int
tmpfs_create(struct vop_ncreate_args *ap, enum vtype type)
{
	struct namecache *ncp = ap->a_ncp;
	struct tmpfs_node *dnode = VTOTN(ap->a_dvp);
	struct tmpfs_node *node;
	struct tmpfs_dirent *de;
	const char *target = NULL;
	size_t targetlen = 0;
	uint32_t mode = ap->a_mode;
	int error;

	KASSERT(ncp->nc_vp == NULL, ("%s: name %.*s exists", __func__,
	    ncp->nc_nlen, ncp->nc_name));
	if (dnode->tn_type != VDIR)
		return (ENOTDIR);
	if (type == VLNK) {
		target = ap->a_target;
		targetlen = strnlen(target, PATH_MAX);
		if (targetlen == PATH_MAX)
			return (ENAMETOOLONG);
		mode = 0777;		/* a link's own bits mean nothing */
	}

	error = tmpfs_dirent_alloc(ap->a_dvp, ncp, &de);
	if (error)
		return (error);
	error = tmpfs_node_alloc(ap->a_dvp->v_mount, type, mode, target,
	    targetlen, &node);
	if (error) {
		tmpfs_dirent_free(dnode, de);
		return (error);
	}
	if (tmpfs_dir_removed(dnode)) {
		/* Removed meanwhile (the allocations do not block today). */
		tmpfs_dirent_free(dnode, de);
		tmpfs_node_free(node);
		return (ENOENT);
	}
	KASSERT(tmpfs_dir_lookup(dnode, ncp->nc_name, ncp->nc_nlen) == NULL,
	    ("%s: %.*s is already in directory %u", __func__, ncp->nc_nlen,
	    ncp->nc_name, dnode->tn_ino));

	tmpfs_dir_attach(dnode, de, node);
	if (type == VDIR) {
		node->tn_nlink = 2;	/* the name and its "." */
		node->tn_parent = dnode;
		dnode->tn_nlink++;	/* its ".." */
	} else {
		node->tn_nlink = 1;
	}
	tmpfs_node_update(dnode, TMPFS_MODIFIED | TMPFS_CHANGED);

	cache_setvp(ncp, node->tn_vnode);
	vref(node->tn_vnode);
	*ap->a_vpp = node->tn_vnode;
	return (0);
}

static int
tmpfs_ncreate(struct vop_ncreate_args *ap)
{
	return (tmpfs_create(ap, VREG));
}

static int
tmpfs_nmkdir(struct vop_ncreate_args *ap)
{
	return (tmpfs_create(ap, VDIR));
}

static int
tmpfs_nsymlink(struct vop_ncreate_args *ap)
{
	return (tmpfs_create(ap, VLNK));
}

static int
tmpfs_nlink(struct vop_nlink_args *ap)
{
	struct namecache *ncp = ap->a_ncp;
	struct tmpfs_node *dnode = VTOTN(ap->a_dvp);
	struct tmpfs_node *node = VTOTN(ap->a_vp);
	struct tmpfs_dirent *de;
	int error;

	KASSERT(ncp->nc_vp == NULL, ("%s: name %.*s exists", __func__,
	    ncp->nc_nlen, ncp->nc_name));
	KASSERT(node->tn_type != VDIR, ("%s: a directory", __func__));
	if (dnode->tn_type != VDIR)
		return (ENOTDIR);
	if (ap->a_vp->v_mount != ap->a_dvp->v_mount)
		return (EXDEV);

	error = tmpfs_dirent_alloc(ap->a_dvp, ncp, &de);
	if (error)
		return (error);
	/* A removed directory, or a file whose last name went meanwhile. */
	if (tmpfs_dir_removed(dnode) || node->tn_nlink == 0) {
		tmpfs_dirent_free(dnode, de);
		return (ENOENT);
	}
	tmpfs_dir_attach(dnode, de, node);
	node->tn_nlink++;
	tmpfs_node_update(node, TMPFS_CHANGED);
	tmpfs_node_update(dnode, TMPFS_MODIFIED | TMPFS_CHANGED);
	cache_setvp(ncp, ap->a_vp);
	return (0);
}

/*
 * The entry of directory dnode that ncp names, into *dep: 0, ENOTDIR
 * (dnode is not a directory) or ENOENT.  A name the namecache resolved
 * names the node its vnode is.
 */
static int
tmpfs_dir_entry(struct tmpfs_node *dnode, struct namecache *ncp,
    struct tmpfs_dirent **dep)
{
	struct tmpfs_dirent *de;

	if (dnode->tn_type != VDIR)
		return (ENOTDIR);
	de = tmpfs_dir_lookup(dnode, ncp->nc_name, ncp->nc_nlen);
	if (de == NULL)
		return (ENOENT);
	KASSERT(ncp->nc_vp == NULL || ncp->nc_vp == de->td_node->tn_vnode,
	    ("%s: %.*s: the namecache and directory %u disagree", __func__,
	    ncp->nc_nlen, ncp->nc_name, dnode->tn_ino));
	*dep = de;
	return (0);
}

static int
tmpfs_nremove(struct vop_nremove_args *ap)
{
	struct tmpfs_node *dnode = VTOTN(ap->a_dvp);
	struct tmpfs_node *node;
	struct tmpfs_dirent *de;
	int error;

	if ((error = tmpfs_dir_entry(dnode, ap->a_ncp, &de)) != 0)
		return (error);
	node = de->td_node;
	if (node->tn_type == VDIR)
		return (EISDIR);

	tmpfs_dir_detach(dnode, de);
	node->tn_nlink--;
	tmpfs_node_update(node, TMPFS_CHANGED);
	tmpfs_node_update(dnode, TMPFS_MODIFIED | TMPFS_CHANGED);
	return (0);
}

static int
tmpfs_nrmdir(struct vop_nremove_args *ap)
{
	struct tmpfs_node *dnode = VTOTN(ap->a_dvp);
	struct tmpfs_node *node;
	struct tmpfs_dirent *de;
	int error;

	if ((error = tmpfs_dir_entry(dnode, ap->a_ncp, &de)) != 0)
		return (error);
	node = de->td_node;
	if (node->tn_type != VDIR)
		return (ENOTDIR);
	if (node->tn_nentries > 0)
		return (ENOTEMPTY);

	tmpfs_dir_detach(dnode, de);
	node->tn_nlink = 0;
	node->tn_parent = NULL;
	dnode->tn_nlink--;		/* its ".." */
	tmpfs_node_update(node, TMPFS_CHANGED);
	tmpfs_node_update(dnode, TMPFS_MODIFIED | TMPFS_CHANGED);
	return (0);
}

/*
 * Move the object fncp names in fdvp to the name tncp in tdvp, replacing
 * what tncp names, if anything.  Nothing changes unless everything can:
 * the one allocation (a new entry, when tncp is negative) comes first.
 * If both names already name the same object, POSIX says to do nothing.
 */
static int
tmpfs_nrename(struct vop_nrename_args *ap)
{
	struct namecache *fncp = ap->a_fncp, *tncp = ap->a_tncp;
	struct tmpfs_node *fdnode = VTOTN(ap->a_fdvp);
	struct tmpfs_node *tdnode = VTOTN(ap->a_tdvp);
	struct tmpfs_node *node, *tnode;
	struct tmpfs_dirent *fde, *tde, *nde = NULL;

	if (fdnode->tn_type != VDIR || tdnode->tn_type != VDIR)
		return (ENOTDIR);
	if (ap->a_fdvp->v_mount != ap->a_tdvp->v_mount)
		return (EXDEV);
	if (tncp->nc_vp == NULL) {
		int error = tmpfs_dirent_alloc(ap->a_tdvp, tncp, &nde);

		if (error)
			return (error);
	}

	/* From here on nothing blocks until the changes are made. */
	fde = tmpfs_dir_lookup(fdnode, fncp->nc_name, fncp->nc_nlen);
	tde = tmpfs_dir_lookup(tdnode, tncp->nc_name, tncp->nc_nlen);
	if (fde == NULL || tmpfs_dir_removed(tdnode)) {
		if (nde != NULL)
			tmpfs_dirent_free(tdnode, nde);
		return (ENOENT);
	}
	node = fde->td_node;
	tnode = tde != NULL ? tde->td_node : NULL;
	KASSERT(fncp->nc_vp == NULL || fncp->nc_vp == node->tn_vnode,
	    ("%s: %.*s: the namecache and directory %u disagree", __func__,
	    fncp->nc_nlen, fncp->nc_name, fdnode->tn_ino));
	KASSERT(tncp->nc_vp == (tnode != NULL ? tnode->tn_vnode : NULL),
	    ("%s: %.*s: the namecache and directory %u disagree", __func__,
	    tncp->nc_nlen, tncp->nc_name, tdnode->tn_ino));
	if (tnode == node)
		return (0);
	if (tnode != NULL && tnode->tn_type == VDIR && tnode->tn_nentries > 0)
		return (ENOTEMPTY);
	KASSERT(tnode == NULL || (tnode->tn_type == VDIR) ==
	    (node->tn_type == VDIR), ("%s: replacing %u by %u of another "
	    "type", __func__, tnode->tn_ino, node->tn_ino));

	/* Unlink what the target name named; its entry now names node. */
	if (tnode != NULL) {
		if (tnode->tn_type == VDIR) {
			tnode->tn_nlink = 0;
			tnode->tn_parent = NULL;
			tdnode->tn_nlink--;	/* its ".." */
		} else {
			tnode->tn_nlink--;
		}
		tde->td_node = node;
		tmpfs_node_update(tnode, TMPFS_CHANGED);
	} else {
		tmpfs_dir_attach(tdnode, nde, node);
	}
	tmpfs_dir_detach(fdnode, fde);

	/* A directory changing parents moves its "..". */
	if (node->tn_type == VDIR && fdnode != tdnode) {
		node->tn_parent = tdnode;
		fdnode->tn_nlink--;
		tdnode->tn_nlink++;
	}
	tmpfs_node_update(node, TMPFS_CHANGED);
	tmpfs_node_update(fdnode, TMPFS_MODIFIED | TMPFS_CHANGED);
	tmpfs_node_update(tdnode, TMPFS_MODIFIED | TMPFS_CHANGED);
	return (0);
}

/* ---- data -------------------------------------------------------------- */

/*
 * Clear the bytes past the end of file in its last page.  They are zero
 * by the invariant unless a MAP_SHARED mapping (or I/O in flight into the
 * page) stored there; the file is about to grow over them, so they must
 * read as zero.  Never blocks.
 */
static void
tmpfs_zero_tail(struct tmpfs_node *node)
{
	size_t pgoff = (size_t)(node->tn_size & PAGE_MASK);
	vm_page_t m;

	if (pgoff == 0 || (m = vm_object_page_lookup(node->tn_obj,
	    (vm_pindex_t)(node->tn_size >> PAGE_SHIFT))) == NULL)
		return;
	crit_enter();
	memset((char *)pmap_tmpmap(0, VM_PAGE_TO_PHYS(m)) + pgoff, 0,
	    PAGE_SIZE - pgoff);
	crit_exit();
}

/*
 * At most n bytes, not crossing a page boundary of a user buffer: a
 * copyin or copyout that faults moves nothing, so copying one user page at
 * a time makes the count returned exact.
 */
static size_t
user_piece(struct uio *uio, size_t n)
{
	if (uio->uio_segflg != UIO_USERSPACE)
		return (n);
	return (MIN(n, PAGE_SIZE - ((vm_offset_t)uio->uio_buf & PAGE_MASK)));
}

/*
 * The old path (vm.uio_path 0) for a user buffer: up to KVA_MAPIN_PAGES
 * file pages at a time are mapped into the kernel window, and the bytes
 * are copied between the window and the user's address in pieces that
 * end at the user's page boundaries (so a fault counts exactly what
 * moved).  len bytes at most.  Holes read as the zero page; a write must
 * have made its pages already.
 */
static int
tmpfs_rw_mapin(struct tmpfs_node *node, struct uio *uio, size_t len)
{
	vm_page_t pages[KVA_MAPIN_PAGES];
	vm_pindex_t first = (vm_pindex_t)(uio->uio_offset >> PAGE_SHIFT);
	size_t pgoff = (size_t)(uio->uio_offset & PAGE_MASK), done = 0, n;
	int npages, i, error = 0;
	char *kva;

	len = MIN(len, (size_t)KVA_MAPIN_PAGES * PAGE_SIZE - pgoff);
	npages = (int)atop(round_page(pgoff + len));
	for (i = 0; i < npages; i++) {
		pages[i] = vm_object_page_lookup(node->tn_obj, first + i);
		if (pages[i] == NULL) {
			KASSERT(uio->uio_rw == UIO_READ,
			    ("tmpfs_rw_mapin: write to a hole"));
			pages[i] = PHYS_TO_VM_PAGE(DMAP_TO_PHYS(
			    (vm_offset_t)tmpfs_zeroes));
		}
	}
	crit_enter();
	kva = (char *)vm_mapin(pages, npages) + pgoff;
	while (done < len) {
		n = MIN(len - done, PAGE_SIZE -
		    ((vm_offset_t)uio->uio_buf & PAGE_MASK));
		error = uiomove(kva + done, n, uio);
		if (error)
			break;
		done += n;
	}
	vm_mapout((char *)kva - pgoff, npages);
	crit_exit();
	return (error);
}

static int
tmpfs_read(struct vop_rw_args *ap)
{
	struct tmpfs_node *node = VTOTN(ap->a_vp);
	struct uio *uio = ap->a_uio;
	bool mapin;
	vm_page_t m;
	vm_pindex_t idx;
	size_t pgoff, n;
	off_t left;
	int error = 0;

	if (node->tn_type != VREG)
		return (node->tn_type == VDIR ? EISDIR : EINVAL);
	KASSERT(uio->uio_rw == UIO_READ, ("%s: not a read", __func__));
	if (uio->uio_offset < 0)
		return (EINVAL);
	if (uio->uio_resid == 0)
		return (0);
	left = node->tn_size - uio->uio_offset;	/* bytes to the end */
	if (uio->uio_segflg == UIO_VMOBJECT) {
		/* Held pages: up to the end of file all at once. */
		if (left > 0)
			uiomove_object(node->tn_obj, left < (off_t)uio->uio_resid ?
			    (size_t)left : uio->uio_resid, uio);
		tmpfs_node_update(node, TMPFS_ACCESSED);
		return (0);
	}
	mapin = uio->uio_segflg == UIO_USERSPACE && uio_path == 0;
	while (uio->uio_resid > 0 && uio->uio_offset < node->tn_size) {
		n = (size_t)MIN((off_t)uio->uio_resid,
		    node->tn_size - uio->uio_offset);
		if (mapin) {
			error = tmpfs_rw_mapin(node, uio, n);
		} else {
			idx = (vm_pindex_t)(uio->uio_offset >> PAGE_SHIFT);
			pgoff = (size_t)(uio->uio_offset & PAGE_MASK);
			n = user_piece(uio, MIN(PAGE_SIZE - pgoff, n));
			m = vm_object_page_lookup(node->tn_obj, idx);
			if (m == NULL)
				error = uiomove(tmpfs_zeroes, n, uio);
			else
				error = uiomove_page(m, pgoff, n, uio);
		}
		if (error != 0)
			break;
	}
	tmpfs_node_update(node, TMPFS_ACCESSED);
	return (error);
}

/*
 * tmpfs_write() of a held buffer (UIO_VMOBJECT), which cannot fault: the
 * pages of the whole request (up to TMPFS_MAXFILESIZE) are made first,
 * then filled with one uiomove_object().  Running out of pages cuts the
 * write at the first page that could not be had (ENOSPC if that is the
 * first one).
 */
static int
tmpfs_write_held(struct tmpfs_node *node, struct uio *uio)
{
	vm_object_t obj = node->tn_obj;
	size_t start = (size_t)uio->uio_offset;	/* < TMPFS_MAXFILESIZE */
	size_t n = MIN(uio->uio_resid, (size_t)TMPFS_MAXFILESIZE - start);
	vm_pindex_t first = atop(start), last = atop(start + n - 1), idx;
	int error;

	error = vm_object_reserve(obj, last + 1, M_NOWAIT);
	if (error != 0)
		return (error == ENOMEM ? ENOSPC : error);
	/* No blocking from here to the copy. */
	for (idx = first; idx <= last; idx++) {
		if (vm_object_page_lookup(obj, idx) == NULL &&
		    vm_object_page_alloc(obj, idx, 1) == NULL) {
			if (idx == first)
				return (ENOSPC);
			n = ptoa(idx) - start;
			break;
		}
	}
	uiomove_object(obj, n, uio);
	if (uio->uio_offset > node->tn_size)
		tmpfs_setsize(node, uio->uio_offset);
	return (0);
}

/*
 * Write from uio_offset (the end of file with IO_APPEND), allocating pages
 * as needed.  A write that reaches TMPFS_MAXFILESIZE stops there (EFBIG if
 * it could write nothing); one that runs out of pages stops short
 * (ENOSPC if it wrote nothing).  A bad user buffer is EFAULT with what was
 * copied before it kept.
 */
static int
tmpfs_write(struct vop_rw_args *ap)
{
	struct tmpfs_node *node = VTOTN(ap->a_vp);
	struct uio *uio = ap->a_uio;
	vm_object_t obj = node->tn_obj;
	bool mapin = uio->uio_segflg == UIO_USERSPACE && uio_path == 0;
	vm_page_t m;
	vm_pindex_t idx, first, last;
	size_t pgoff, n, resid;
	off_t base, zfrom, zto;
	char *p;
	int error = 0;

	if (node->tn_type == VDIR)
		return (EISDIR);
	if (node->tn_type != VREG)
		return (EINVAL);
	KASSERT(uio->uio_rw == UIO_WRITE, ("%s: not a write", __func__));
	if (ap->a_ioflag & IO_APPEND)
		uio->uio_offset = node->tn_size;
	if (uio->uio_offset < 0)
		return (EINVAL);
	if (uio->uio_resid == 0)
		return (0);
	if (uio->uio_offset >= TMPFS_MAXFILESIZE)
		return (EFBIG);

	resid = uio->uio_resid;
	if (uio->uio_offset + (off_t)resid > node->tn_size)
		tmpfs_zero_tail(node);
	if (uio->uio_segflg == UIO_VMOBJECT)
		error = tmpfs_write_held(node, uio);
	else while (uio->uio_resid > 0 &&
	    uio->uio_offset < TMPFS_MAXFILESIZE) {
		idx = (vm_pindex_t)(uio->uio_offset >> PAGE_SHIFT);
		pgoff = (size_t)(uio->uio_offset & PAGE_MASK);
		n = (size_t)MIN((off_t)uio->uio_resid,
		    TMPFS_MAXFILESIZE - uio->uio_offset);
		if (!mapin)
			n = user_piece(uio, MIN(PAGE_SIZE - pgoff, n));
		else
			n = MIN((size_t)KVA_MAPIN_PAGES * PAGE_SIZE - pgoff, n);
		first = idx;
		last = (vm_pindex_t)((uio->uio_offset + n - 1) >> PAGE_SHIFT);
		error = vm_object_reserve(obj, last + 1, M_NOWAIT);
		if (error != 0) {
			error = ENOSPC;	/* no room for the page slots */
			break;
		}
		/* No blocking from here to the copy. */
		for (idx = first; idx <= last; idx++) {
			if (vm_object_page_lookup(obj, idx) == NULL &&
			    vm_object_page_alloc(obj, idx, 1) == NULL) {
				error = ENOSPC;
				break;
			}
		}
		if (error != 0)
			break;
		if (mapin) {
			error = tmpfs_rw_mapin(node, uio, n);
		} else {
			m = vm_object_page_lookup(obj, first);
			crit_enter();
			p = pmap_tmpmap(0, VM_PAGE_TO_PHYS(m));
			error = uiomove(p + pgoff, n, uio);
			if (error != 0) {
				/*
				 * A fault may leave bytes copied past the
				 * ones counted; past the end of file they
				 * must be zero.
				 */
				base = (off_t)first << PAGE_SHIFT;
				zfrom = MAX(uio->uio_offset, node->tn_size);
				zto = base + pgoff + n;
				if (zfrom < zto)
					memset(p + (zfrom - base), 0,
					    zto - zfrom);
			}
			crit_exit();
		}
		/* The end of what was written, if anything was. */
		if (uio->uio_offset > node->tn_size && uio->uio_resid != resid)
			tmpfs_setsize(node, uio->uio_offset);
		if (error != 0)
			break;
	}

	if (uio->uio_resid != resid) {
		tmpfs_node_update(node, TMPFS_MODIFIED | TMPFS_CHANGED);
		if (error == ENOSPC)
			error = 0;	/* a short write; the next one fails */
	}
	return (error);
}

/*
 * Set the size.  Shrinking frees the pages past the new end and zeroes
 * the rest of the last page, keeping the bytes past the end zero; growing
 * only moves the end (after clearing what a mapping may have stored past
 * it in the last page): the new range is a hole and takes no memory,
 * neither pages nor page slots, until it is written.  A page
 * cut off while someone maps it lives on, unseen by the file, until it is
 * unmapped.
 */
static int
tmpfs_truncate(struct vop_truncate_args *ap)
{
	struct tmpfs_node *node = VTOTN(ap->a_vp);
	vm_object_t obj;
	off_t length = ap->a_length;
	vm_pindex_t idx;
	vm_page_t m;
	size_t pgoff;
	char *p;

	if (node->tn_type == VDIR)
		return (EISDIR);
	if (node->tn_type != VREG)
		return (EINVAL);
	if (length < 0)
		return (EINVAL);
	if (length > TMPFS_MAXFILESIZE)
		return (EFBIG);
	obj = node->tn_obj;
	if (length > node->tn_size)
		tmpfs_zero_tail(node);	/* the new range is a hole: free */

	if (length < node->tn_size) {
		idx = (vm_pindex_t)(length >> PAGE_SHIFT);
		pgoff = (size_t)(length & PAGE_MASK);
		crit_enter();
		vm_object_page_remove_range(obj, pgoff != 0 ? idx + 1 : idx,
		    obj->ob_nslots);
		if (pgoff != 0 && (m = vm_object_page_lookup(obj, idx)) != NULL) {
			p = pmap_tmpmap(0, VM_PAGE_TO_PHYS(m));
			memset(p + pgoff, 0, PAGE_SIZE - pgoff);
		}
		crit_exit();
	}
	tmpfs_setsize(node, length);
	tmpfs_node_update(node, TMPFS_MODIFIED | TMPFS_CHANGED);
	return (0);
}

/* ---- attributes, directories, links ----------------------------------- */

static int
tmpfs_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct tmpfs_node *node = VTOTN(vp);
	struct stat *st = ap->a_st;

	memset(st, 0, sizeof(*st));
	st->st_dev = vp->v_mount->mnt_dev;
	st->st_ino = node->tn_ino;
	st->st_nlink = node->tn_nlink;
	st->st_blksize = PAGE_SIZE;
	switch (node->tn_type) {
	case VDIR:
		st->st_mode = S_IFDIR;
		st->st_size = (off_t)node->tn_nentries * TMPFS_DIRENT_SIZE;
		break;
	case VLNK:
		st->st_mode = S_IFLNK;
		st->st_size = node->tn_size;
		break;
	default:
		st->st_mode = S_IFREG;
		st->st_size = node->tn_size;
		st->st_blocks = (int64_t)node->tn_obj->ob_resident *
		    (PAGE_SIZE / 512);
		break;
	}
	st->st_mode |= node->tn_mode;
	st->st_atim = node->tn_atime;
	st->st_mtim = node->tn_mtime;
	st->st_ctim = node->tn_ctime;
	return (0);
}

/* chmod, utimensat: the mode and the times are the node's own. */
static int
tmpfs_setattr(struct vop_setattr_args *ap)
{
	struct tmpfs_node *node = VTOTN(ap->a_vp);
	const struct vattr *va = ap->a_va;

	if (va->va_mask & VA_MODE)
		node->tn_mode = va->va_mode & ALLPERMS;
	if (va->va_mask & VA_ATIME)
		node->tn_atime = va->va_atime;
	if (va->va_mask & VA_MTIME)
		node->tn_mtime = va->va_mtime;
	tmpfs_node_update(node, TMPFS_CHANGED);
	return (0);
}

/*
 * Entries from index *a_cookie: 0 is ".", 1 is "..", 2 + i the i-th
 * entry.  If vop_readdir_emit() blocked and an entry was removed meanwhile
 * (tn_gen moved), the entry in hand may be freed: find the place again by
 * index.  A removed directory lists nothing.
 */
static int
tmpfs_readdir(struct vop_readdir_args *ap)
{
	struct tmpfs_node *dnode = VTOTN(ap->a_vp);
	struct tmpfs_dirent *de = NULL;
	off_t idx = *ap->a_cookie;
	const char *name;
	size_t namlen;
	uint32_t ino, gen = 0;
	int dtype, r = 0;

	if (dnode->tn_type != VDIR)
		return (ENOTDIR);
	if (idx < 0)
		return (EINVAL);

	while (!tmpfs_dir_removed(dnode)) {
		if (idx < 2) {
			ino = idx == 0 ? dnode->tn_ino : dnode->tn_parent->tn_ino;
			dtype = DT_DIR;
			name = idx == 0 ? "." : "..";
			namlen = strlen(name);
		} else {
			if (de == NULL &&
			    (de = tmpfs_dir_nth(dnode, idx - 2)) == NULL)
				break;
			gen = dnode->tn_gen;
			ino = de->td_node->tn_ino;
			dtype = tmpfs_dtype(de->td_node->tn_type);
			name = de->td_name;
			namlen = de->td_namelen;
		}
		r = vop_readdir_emit(ap->a_uio, ino, dtype, name, namlen);
		if (r != 0)
			break;
		*ap->a_cookie = ++idx;
		if (de != NULL) {
			if (gen != dnode->tn_gen)
				de = NULL;
			else if ((de = TAILQ_NEXT(de, td_entry)) == NULL)
				break;
		}
	}
	tmpfs_node_update(dnode, TMPFS_ACCESSED);
	return (r == -1 ? 0 : r);	/* -1: the buffer is full */
}

static int
tmpfs_readlink(struct vop_readlink_args *ap)
{
	struct tmpfs_node *node = VTOTN(ap->a_vp);
	struct uio *uio = ap->a_uio;
	size_t n;
	int error;

	if (node->tn_type != VLNK)
		return (EINVAL);
	if (uio->uio_offset < 0)
		return (EINVAL);
	if (uio->uio_offset >= node->tn_size)
		return (0);
	n = MIN(uio->uio_resid, (size_t)(node->tn_size - uio->uio_offset));
	error = uiomove(node->tn_target + uio->uio_offset, n, uio);
	tmpfs_node_update(node, TMPFS_ACCESSED);
	return (error);
}

/*
 * The last reference to the vnode is gone.  A node that still has a name
 * stays (with its vnode) for the next lookup; one without dies now.
 */
static int
tmpfs_inactive(struct vop_inactive_args *ap)
{
	struct tmpfs_node *node = VTOTN(ap->a_vp);

	if (node->tn_nlink == 0) {
		KASSERT(node->tn_type != VDIR || node->tn_nentries == 0,
		    ("%s: removed directory %u has entries", __func__,
		    node->tn_ino));
		tmpfs_node_free(node);
	}
	return (0);
}

const struct vop_ops tmpfs_vnops = {
	.vop_nresolve	= tmpfs_nresolve,
	.vop_ncreate	= tmpfs_ncreate,
	.vop_nmkdir	= tmpfs_nmkdir,
	.vop_nsymlink	= tmpfs_nsymlink,
	.vop_nlink	= tmpfs_nlink,
	.vop_nremove	= tmpfs_nremove,
	.vop_nrmdir	= tmpfs_nrmdir,
	.vop_nrename	= tmpfs_nrename,
	.vop_read	= tmpfs_read,
	.vop_write	= tmpfs_write,
	.vop_getattr	= tmpfs_getattr,
	.vop_setattr	= tmpfs_setattr,
	.vop_truncate	= tmpfs_truncate,
	.vop_readdir	= tmpfs_readdir,
	.vop_readlink	= tmpfs_readlink,
	.vop_inactive	= tmpfs_inactive,
};
