/*
 * sys/queue.h - intrusive lists.
 *
 * Two kinds are enough for the kernel:
 *
 *   LIST   doubly linked, head has one pointer; O(1) removal, insert at head.
 *   TAILQ  doubly linked with a tail pointer; O(1) insert at either end and
 *          O(1) removal.  Message queues and run queues are TAILQs.
 *
 * The element embeds an ENTRY; "prev" is a pointer to the previous
 * element's "next" field (or the head's first field), so removal never needs
 * the head for LIST and never walks.
 */
#ifndef _SYS_QUEUE_H_
#define _SYS_QUEUE_H_

/* ---- LIST ---------------------------------------------------------- */
#define LIST_HEAD(name, type)	struct name { struct type *lh_first; }
#define LIST_HEAD_INITIALIZER(h) { NULL }
#define LIST_ENTRY(type)	struct { struct type *le_next; struct type **le_prev; }

#define LIST_FIRST(h)		((h)->lh_first)
#define LIST_EMPTY(h)		((h)->lh_first == NULL)
#define LIST_NEXT(e, f)		((e)->f.le_next)
#define LIST_INIT(h)		do { (h)->lh_first = NULL; } while (0)

#define LIST_INSERT_HEAD(h, e, f) do {					\
	if (((e)->f.le_next = (h)->lh_first) != NULL)			\
		(h)->lh_first->f.le_prev = &(e)->f.le_next;		\
	(h)->lh_first = (e);						\
	(e)->f.le_prev = &(h)->lh_first;				\
} while (0)

#define LIST_REMOVE(e, f) do {						\
	if ((e)->f.le_next != NULL)					\
		(e)->f.le_next->f.le_prev = (e)->f.le_prev;		\
	*(e)->f.le_prev = (e)->f.le_next;				\
} while (0)

#define LIST_FOREACH(v, h, f)						\
	for ((v) = LIST_FIRST(h); (v) != NULL; (v) = LIST_NEXT(v, f))

#define LIST_FOREACH_SAFE(v, h, f, t)					\
	for ((v) = LIST_FIRST(h);					\
	    (v) != NULL && ((t) = LIST_NEXT(v, f), 1); (v) = (t))

/* ---- TAILQ --------------------------------------------------------- */
#define TAILQ_HEAD(name, type)						\
	struct name { struct type *tqh_first; struct type **tqh_last; }
#define TAILQ_HEAD_INITIALIZER(h) { NULL, &(h).tqh_first }
#define TAILQ_ENTRY(type)						\
	struct { struct type *tqe_next; struct type **tqe_prev; }

#define TAILQ_FIRST(h)		((h)->tqh_first)
#define TAILQ_EMPTY(h)		((h)->tqh_first == NULL)
#define TAILQ_NEXT(e, f)	((e)->f.tqe_next)

/*
 * The last element, and the one before e.  An entry and a head have the
 * same layout (a pointer forward, then a pointer to the previous forward
 * pointer), so the "prev" pointer can be read as a head whose tqh_last
 * leads to the element before.  headname is the struct name of the head.
 */
#define TAILQ_LAST(h, headname)						\
	(*(((struct headname *)((h)->tqh_last))->tqh_last))
#define TAILQ_PREV(e, headname, f)					\
	(*(((struct headname *)((e)->f.tqe_prev))->tqh_last))

#define TAILQ_INIT(h) do {						\
	(h)->tqh_first = NULL;						\
	(h)->tqh_last = &(h)->tqh_first;				\
} while (0)

#define TAILQ_INSERT_HEAD(h, e, f) do {					\
	if (((e)->f.tqe_next = (h)->tqh_first) != NULL)			\
		(h)->tqh_first->f.tqe_prev = &(e)->f.tqe_next;		\
	else								\
		(h)->tqh_last = &(e)->f.tqe_next;			\
	(h)->tqh_first = (e);						\
	(e)->f.tqe_prev = &(h)->tqh_first;				\
} while (0)

#define TAILQ_INSERT_TAIL(h, e, f) do {					\
	(e)->f.tqe_next = NULL;						\
	(e)->f.tqe_prev = (h)->tqh_last;				\
	*(h)->tqh_last = (e);						\
	(h)->tqh_last = &(e)->f.tqe_next;				\
} while (0)

#define TAILQ_INSERT_AFTER(h, le, e, f) do {				\
	if (((e)->f.tqe_next = (le)->f.tqe_next) != NULL)		\
		(e)->f.tqe_next->f.tqe_prev = &(e)->f.tqe_next;		\
	else								\
		(h)->tqh_last = &(e)->f.tqe_next;			\
	(le)->f.tqe_next = (e);						\
	(e)->f.tqe_prev = &(le)->f.tqe_next;				\
} while (0)

#define TAILQ_INSERT_BEFORE(le, e, f) do {				\
	(e)->f.tqe_prev = (le)->f.tqe_prev;				\
	(e)->f.tqe_next = (le);						\
	*(le)->f.tqe_prev = (e);					\
	(le)->f.tqe_prev = &(e)->f.tqe_next;				\
} while (0)

#define TAILQ_REMOVE(h, e, f) do {					\
	if ((e)->f.tqe_next != NULL)					\
		(e)->f.tqe_next->f.tqe_prev = (e)->f.tqe_prev;		\
	else								\
		(h)->tqh_last = (e)->f.tqe_prev;			\
	*(e)->f.tqe_prev = (e)->f.tqe_next;				\
} while (0)

#define TAILQ_FOREACH(v, h, f)						\
	for ((v) = TAILQ_FIRST(h); (v) != NULL; (v) = TAILQ_NEXT(v, f))

#define TAILQ_FOREACH_SAFE(v, h, f, t)					\
	for ((v) = TAILQ_FIRST(h);					\
	    (v) != NULL && ((t) = TAILQ_NEXT(v, f), 1); (v) = (t))

#endif /* !_SYS_QUEUE_H_ */
