/*
 * vfs/tmpfs/tmpfs.h - tmpfs, the memory filesystem the root lives on.
 *
 * Every file, directory and symlink is one struct tmpfs_node, and every
 * node has exactly one vnode for its whole life: it is made with the node
 * (vnode_alloc) and freed with it.  A node dies in one place only,
 * tmpfs_inactive(), when its vnode loses its last reference while the node
 * has no names left (tn_nlink == 0); removing a name frees nothing, since
 * the namecache entry that named it still holds a reference.  Unmount
 * frees whatever is left.
 *
 * Directories keep their entries on a list, in creation order (readdir's
 * cookie is an index into it, after "." and "..").  A regular file's data
 * is a VM object (vm/vm_object.h), the vnode's v_object: read, write and
 * mmap all use its pages, so a store through a shared mapping is what the
 * next read returns.  An empty slot reads as zeros, so holes cost nothing.
 * The pages are usually in high memory and are reached through the
 * per-CPU temporary mappings.  The object's ob_size follows tn_size.
 * Invariant: every byte of a page at or beyond tn_size is zero, so
 * growing a file (write past the end, truncate up) never has to clear
 * anything.
 *
 * Limits.  A mount holds at most tm_quota.vq_limit bytes (the "size="
 * option; default half of the usable memory): its files' pages, their
 * page slot arrays, and TMPFS_NODE_COST per node plus every directory
 * entry and symlink target.  All tmpfs mounts together hold at most half
 * of the memory too (tmpfs_quota_all, the parent of every mount's
 * quota).  A mount has at most tm_nodes_max nodes (the "nodes=" option;
 * default one per page of kernel-reachable memory, kmalloc_capacity()).
 * A write, create, mkdir, symlink, link or rename past a limit fails
 * with ENOSPC; a store through a shared mapping into a hole of a full
 * filesystem gets SIGBUS.  A hole costs nothing: truncating a file up
 * only moves its size.  Nothing here waits for memory: ENOSPC/ENOMEM.
 *
 * Kernel-only: nothing here is shared with user programs.
 *
 * Protection legend:
 *   [I]  immutable after creation
 *   [s]  serialized by the kernel's scheduling: threads that use the VFS
 *        share the CPU cooperatively, so a check and the change it guards
 *        are atomic if no blocking call (kmalloc, vnode_alloc) separates
 *        them.  Each operation allocates first and checks afterwards.
 *   [n]  [s], and changed only by a namespace operation, while the caller
 *        holds the locked namecache entry of the name involved
 */
#ifndef _VFS_TMPFS_TMPFS_H_
#define _VFS_TMPFS_TMPFS_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>
#include <sys/malloc.h>
#include <sys/vnode.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>

#define TMPFS_MAXFILESIZE	((off_t)64 << 20)	/* EFBIG beyond */
#define TMPFS_MAXPAGES		((vm_pindex_t)(TMPFS_MAXFILESIZE >> PAGE_SHIFT))
#define TMPFS_DIRENT_SIZE	32	/* st_size of a directory, per entry */
#define TMPFS_ROOTINO		2	/* the root's inode number */

struct tmpfs_node;

/* A name in a directory: one allocation, the name following the struct. */
struct tmpfs_dirent {
	TAILQ_ENTRY(tmpfs_dirent) td_entry;	/* [n] the directory's list */
	struct tmpfs_node *td_node;	/* [n] what the name names */
	uint16_t	td_namelen;	/* [I] 1..NAME_MAX */
	char		td_name[];	/* [I] not NUL-terminated */
};

TAILQ_HEAD(tmpfs_dirlist, tmpfs_dirent);

struct tmpfs_node {
	LIST_ENTRY(tmpfs_node) tn_link;	/* [s] the mount's tm_nodes */
	enum vtype	tn_type;	/* [I] VREG, VDIR or VLNK */
	uint32_t	tn_mode;	/* [s] permission bits (ALLPERMS) */
	uint32_t	tn_nlink;	/* [n] names, plus ".." of subdirs */
	uint32_t	tn_ino;		/* [I] unique within the mount */
	off_t		tn_size;	/* [s] bytes (VLNK: target length) */
	struct timespec	tn_atime;	/* [s] last access */
	struct timespec	tn_mtime;	/* [s] last data change */
	struct timespec	tn_ctime;	/* [s] last status change */
	struct vnode	*tn_vnode;	/* [I] its one vnode */
	/*
	 * The type's own part (C11 anonymous members).  A directory's
	 * tn_parent is itself for the root and NULL once the directory is
	 * removed: a removed directory lists nothing, not even "." and "..",
	 * and accepts no new names.  tn_gen lets readdir notice that an entry
	 * it stands on may have been freed while it blocked.
	 */
	union {
		struct {			/* VDIR */
			struct tmpfs_dirlist tn_entries; /* [n] */
			uint32_t tn_nentries;	/* [n] length of tn_entries */
			uint32_t tn_gen;	/* [n] bumped by each removal */
			struct tmpfs_node *tn_parent; /* [n] ".." (see below) */
		};
		struct {			/* VREG */
			struct vm_object *tn_obj; /* [I] the data */
		};
		struct {			/* VLNK */
			char	*tn_target;	/* [I] NUL-terminated */
		};
	};
};

/* One per mounted tmpfs, in mnt_data. */
struct tmpfs_mount {
	LIST_HEAD(, tmpfs_node) tm_nodes; /* [s] every node, linked or not */
	struct tmpfs_node *tm_root;	/* [I] the root directory */
	uint32_t	tm_nextino;	/* [s] the next node's tn_ino */
	uint32_t	tm_nnodes;	/* [s] nodes alive */
	uint32_t	tm_nodes_max;	/* [I] at most (ENOSPC) */
	struct vm_quota	tm_quota;	/* [c] bytes held (see Limits) */
};

/* What a directory entry of a namelen-byte name costs the quota. */
#define TMPFS_DIRENT_COST(namelen) (sizeof(struct tmpfs_dirent) + (namelen))

/* What a node costs the quota besides its data: the node, its vnode and
 * its VM object. */
#define TMPFS_NODE_COST	(sizeof(struct tmpfs_node) + sizeof(struct vnode) + \
	    sizeof(struct vm_object))

extern struct vm_quota tmpfs_quota_all;	/* every mount's parent quota */

#define VTOTN(vp)	((struct tmpfs_node *)(vp)->v_data)
#define VFSTOTM(mp)	((struct tmpfs_mount *)(mp)->mnt_data)

/* tmpfs_node_update() flags: which times to set to now. */
#define TMPFS_ACCESSED	0x01	/* atime */
#define TMPFS_MODIFIED	0x02	/* mtime */
#define TMPFS_CHANGED	0x04	/* ctime */

struct mount;

MALLOC_DECLARE(M_TMPFS);
extern const struct vop_ops tmpfs_vnops;

int	tmpfs_node_alloc(struct mount *mp, enum vtype type, uint32_t mode,
	    const char *target, size_t targetlen, struct tmpfs_node **nodep);
void	tmpfs_node_free(struct tmpfs_node *node);
void	tmpfs_setsize(struct tmpfs_node *node, off_t size);

/* Set the times named by flags (TMPFS_ACCESSED ...) to now.  Inline: every
 * read and write calls it with constant flags. */
static inline void
tmpfs_node_update(struct tmpfs_node *node, int flags)
{
	struct timespec now;

	getnanotime(&now);
	if (flags & TMPFS_ACCESSED)
		node->tn_atime = now;
	if (flags & TMPFS_MODIFIED)
		node->tn_mtime = now;
	if (flags & TMPFS_CHANGED)
		node->tn_ctime = now;
}

#endif /* !_VFS_TMPFS_TMPFS_H_ */
