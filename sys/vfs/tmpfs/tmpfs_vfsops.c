/*
 * tmpfs_vfsops.c - mounting tmpfs, and the life of its nodes.
 *
 * Mounting makes the tmpfs_mount and the root directory; unmounting frees
 * every node still there, but only if no vnode of the mount is referenced
 * any more (the core has dropped the namecache and its own reference on
 * the root first), so a busy filesystem is left exactly as it was.
 *
 * A node is made by tmpfs_node_alloc() together with its vnode, and put on
 * the mount's list of nodes; tmpfs_node_free() undoes all of it, data
 * included.  Between the two the node is reached through its vnode and the
 * directory entries that name it (see tmpfs.h for when it dies).
 *
 * A regular file's data is a VM object made with the node; freeing the
 * node disowns it (vm_object_disown): its pages go, and the object itself
 * lives on only while I/O in flight still references it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <vm/vm_page.h>
#include <vfs/tmpfs/tmpfs.h>

MALLOC_DEFINE(M_TMPFS, "tmpfs", "tmpfs nodes, names, page arrays and links");

static int	tmpfs_mount(struct mount *mp);
static int	tmpfs_unmount(struct mount *mp);

const struct vfsops tmpfs_vfsops = {
	.vfs_name	= "tmpfs",
	.vfs_mount	= tmpfs_mount,
	.vfs_unmount	= tmpfs_unmount,
};

/*
 * Make a node of the given type on mp, with its vnode (no references yet)
 * and no names: tn_nlink is 0 and the caller links it.  A symlink gets a
 * copy of target (targetlen bytes, not necessarily NUL-terminated).  Times
 * are now.  May block; never fails.
 */
struct tmpfs_node *
tmpfs_node_alloc(struct mount *mp, enum vtype type, uint32_t mode,
    const char *target, size_t targetlen)
{
	struct tmpfs_mount *tmp = VFSTOTM(mp);
	struct tmpfs_node *node;

	KASSERT(type == VREG || type == VDIR || type == VLNK,
	    ("%s: type %d", __func__, type));
	node = kmalloc(sizeof(*node), M_TMPFS, M_WAITOK | M_ZERO);
	node->tn_type = type;
	node->tn_mode = mode & ALLPERMS;
	switch (type) {
	case VDIR:
		TAILQ_INIT(&node->tn_entries);
		break;
	case VLNK:
		node->tn_target = kmalloc(targetlen + 1, M_TMPFS, M_WAITOK);
		memcpy(node->tn_target, target, targetlen);
		node->tn_target[targetlen] = '\0';
		node->tn_size = targetlen;
		break;
	case VREG:
		node->tn_obj = vm_object_allocate(OBJT_VNODE, 0, M_WAITOK);
		break;
	default:
		break;
	}
	node->tn_vnode = vnode_alloc(mp, type, &tmpfs_vnops, node);
	if (type == VREG) {
		node->tn_obj->ob_handle = node->tn_vnode;
		node->tn_vnode->v_object = node->tn_obj;
	}

	/* No blocking from here: the counter and the list are [s]. */
	node->tn_ino = tmp->tm_nextino++;
	tmpfs_node_update(node, TMPFS_ACCESSED | TMPFS_MODIFIED |
	    TMPFS_CHANGED);
	LIST_INSERT_HEAD(&tmp->tm_nodes, node, tn_link);
	return (node);
}

/*
 * Free a node, everything it holds and its vnode.  The vnode must have no
 * references.  A directory's entries are freed but not what they name:
 * that is either freed on its own (unmount walks every node) or, when
 * called from inactive, there is nothing (a removed directory is empty).
 * Never blocks.
 */
void
tmpfs_node_free(struct tmpfs_node *node)
{
	struct tmpfs_dirent *de;

	KASSERT(node->tn_vnode->v_refcnt == 0,
	    ("%s: node %u has %d references", __func__, node->tn_ino,
	    node->tn_vnode->v_refcnt));
	switch (node->tn_type) {
	case VDIR:
		while ((de = TAILQ_FIRST(&node->tn_entries)) != NULL) {
			TAILQ_REMOVE(&node->tn_entries, de, td_entry);
			kfree(de, M_TMPFS);
		}
		break;
	case VREG:
		node->tn_vnode->v_object = NULL;
		vm_object_disown(node->tn_obj);
		break;
	case VLNK:
		kfree(node->tn_target, M_TMPFS);
		break;
	default:
		break;
	}
	LIST_REMOVE(node, tn_link);
	vnode_free(node->tn_vnode);
	kfree(node, M_TMPFS);
}

/* Set a regular file's size, in the node and in its VM object. */
void
tmpfs_setsize(struct tmpfs_node *node, off_t size)
{
	node->tn_size = size;
	node->tn_obj->ob_size = size;
}

/*
 * Mount: an empty filesystem, the root directory (mode 0755) only.
 * mnt_rootvp gets a reference of its own.
 */
static int
tmpfs_mount(struct mount *mp)
{
	struct tmpfs_mount *tmp;
	struct tmpfs_node *root;

	tmp = kmalloc(sizeof(*tmp), M_TMPFS, M_WAITOK | M_ZERO);
	LIST_INIT(&tmp->tm_nodes);
	tmp->tm_nextino = TMPFS_ROOTINO;
	mp->mnt_data = tmp;

	root = tmpfs_node_alloc(mp, VDIR, 0755, NULL, 0);
	root->tn_nlink = 2;		/* its "." and its own ".." */
	root->tn_parent = root;
	tmp->tm_root = root;

	vref(root->tn_vnode);
	mp->mnt_rootvp = root->tn_vnode;
	return (0);
}

/*
 * Unmount: EBUSY, changing nothing, while any vnode of the mount is
 * referenced; otherwise free every node and the mount's data.  The core
 * has already released the namecache and its reference on mnt_rootvp.
 */
static int
tmpfs_unmount(struct mount *mp)
{
	struct tmpfs_mount *tmp = VFSTOTM(mp);
	struct tmpfs_node *node;

	LIST_FOREACH(node, &tmp->tm_nodes, tn_link) {
		if (node->tn_vnode->v_refcnt > 0)
			return (EBUSY);
	}
	while ((node = LIST_FIRST(&tmp->tm_nodes)) != NULL)
		tmpfs_node_free(node);
	kfree(tmp, M_TMPFS);
	mp->mnt_data = NULL;
	return (0);
}
