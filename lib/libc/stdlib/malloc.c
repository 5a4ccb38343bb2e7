/*
 * malloc, free, calloc and realloc: a boundary-tag allocator over sbrk.
 *
 * Every block starts with an 8-byte header: the size of the block before
 * it (0 for the first block of a heap segment) and its own size, a
 * multiple of 8 whose bit 0 means "in use".  Free blocks sit on doubly
 * linked lists, one per power-of-two size class, and are merged with free
 * neighbours when freed, so memory is reused whatever the request sizes.
 * A heap segment (one contiguous run of sbrk memory) ends with a
 * zero-sized, in-use "fence" header; growing the heap contiguously turns
 * the old fence into the header of the new free space.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct block {
	size_t		prev_size;	/* size of the block before, 0: none */
	size_t		size;		/* whole block; bit 0: in use */
	struct block	*next, *prev;	/* free list links (free blocks only) */
};

#define HDR		8		/* header bytes before the payload */
#define INUSE		1
#define MIN_BLOCK	16		/* header and the two list links */
#define NCLASSES	32
#define GROW_MIN	(64 * 1024)	/* smallest sbrk increment */
#define PAGE		4096
#define MAX_REQUEST	0x7fff0000U	/* larger requests fail: ENOMEM */

static struct block *free_lists[NCLASSES];
static struct block *fence;		/* end of the newest segment */

static size_t
bsize(const struct block *b)
{
	return (b->size & ~(size_t)INUSE);
}

static bool
in_use(const struct block *b)
{
	return ((b->size & INUSE) != 0);
}

static struct block *
next_block(const struct block *b)
{
	return ((struct block *)((char *)b + bsize(b)));
}

static struct block *
prev_block(const struct block *b)
{
	return ((struct block *)((char *)b - b->prev_size));
}

/* Set a block's size and state, and record the size in its successor. */
static void
set_block(struct block *b, size_t size, int used)
{
	b->size = size | used;
	next_block(b)->prev_size = size;
}

/* Free-list class: floor(log2(size)). */
static int
size_class(size_t size)
{
	return (31 - __builtin_clz(size));
}

static void
list_insert(struct block *b)
{
	struct block **head = &free_lists[size_class(bsize(b))];

	b->prev = NULL;
	b->next = *head;
	if (*head != NULL)
		(*head)->prev = b;
	*head = b;
}

static void
list_remove(struct block *b)
{
	if (b->prev != NULL)
		b->prev->next = b->next;
	else
		free_lists[size_class(bsize(b))] = b->next;
	if (b->next != NULL)
		b->next->prev = b->prev;
}

/* Mark b free, merge it with free neighbours, and put it on a list. */
static void
release(struct block *b)
{
	size_t size = bsize(b);
	struct block *n = next_block(b);

	if (!in_use(n)) {
		list_remove(n);
		size += bsize(n);
	}
	if (b->prev_size != 0 && !in_use(prev_block(b))) {
		b = prev_block(b);
		list_remove(b);
		size += bsize(b);
	}
	set_block(b, size, 0);
	list_insert(b);
}

/* Cut an in-use block down to need bytes, freeing the rest if it is useful. */
static void
split(struct block *b, size_t need)
{
	size_t rest = bsize(b) - need;

	if (rest < MIN_BLOCK)
		return;
	set_block(b, need, INUSE);
	set_block(next_block(b), rest, INUSE);
	release(next_block(b));
}

/* Take the first free block of at least need bytes off its list. */
static struct block *
take_fit(size_t need)
{
	struct block *b;
	int c;

	for (c = size_class(need); c < NCLASSES; c++) {
		for (b = free_lists[c]; b != NULL; b = b->next) {
			if (bsize(b) >= need) {
				list_remove(b);
				b->size |= INUSE;
				return (b);
			}
		}
	}
	return (NULL);
}

/* Add at least need bytes of free space to the heap. */
static bool
grow(size_t need)
{
	size_t incr = roundup2(MAX(need, GROW_MIN) + 4 * HDR, PAGE);
	char *p = sbrk((intptr_t)incr);
	struct block *b, *end;

	if (p == (char *)-1) {
		errno = ENOMEM;
		return (false);
	}
	if (fence != NULL && p == (char *)fence + HDR) {
		/* Contiguous: the old fence heads the new space. */
		b = fence;
		end = (struct block *)((char *)fence + incr);
	} else {
		/* A new segment (someone else moved the break). */
		b = (struct block *)roundup2((uintptr_t)p, 8);
		b->prev_size = 0;
		end = (struct block *)rounddown2((uintptr_t)p + incr - HDR, 8);
	}
	end->size = INUSE;
	set_block(b, (char *)end - (char *)b, INUSE);
	fence = end;
	release(b);
	return (true);
}

/* Block size for a request: header added, 8-byte multiple, at least 16. */
static size_t
block_size(size_t size)
{
	return (MAX(roundup2(size + HDR, 8), MIN_BLOCK));
}

void *
malloc(size_t size)
{
	size_t need;
	struct block *b;

	if (size > MAX_REQUEST) {
		errno = ENOMEM;
		return (NULL);
	}
	need = block_size(size);
	b = take_fit(need);
	if (b == NULL) {
		if (!grow(need))
			return (NULL);
		b = take_fit(need);
	}
	split(b, need);
	return ((char *)b + HDR);
}

void
free(void *p)
{
	struct block *b;

	if (p == NULL)
		return;
	b = (struct block *)((char *)p - HDR);
	if (!in_use(b))
		abort();		/* double free or a bad pointer */
	release(b);
}

void *
calloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb != 0 && size > (size_t)-1 / nmemb) {
		errno = ENOMEM;
		return (NULL);
	}
	p = malloc(nmemb * size);
	if (p != NULL)
		memset(p, 0, nmemb * size);
	return (p);
}

/* Grow b in place by absorbing a free successor, if that is enough. */
static void
grow_in_place(struct block *b, size_t need)
{
	struct block *n = next_block(b);

	if (in_use(n) || bsize(b) + bsize(n) < need)
		return;
	list_remove(n);
	set_block(b, bsize(b) + bsize(n), INUSE);
}

void *
realloc(void *p, size_t size)
{
	struct block *b;
	size_t need;
	void *q;

	if (p == NULL)
		return (malloc(size));
	if (size == 0) {
		free(p);
		return (NULL);
	}
	if (size > MAX_REQUEST) {
		errno = ENOMEM;
		return (NULL);
	}
	b = (struct block *)((char *)p - HDR);
	need = block_size(size);
	if (bsize(b) < need)
		grow_in_place(b, need);
	if (bsize(b) >= need) {
		split(b, need);
		return (p);
	}
	q = malloc(size);
	if (q == NULL)
		return (NULL);
	memcpy(q, p, bsize(b) - HDR);
	free(p);
	return (q);
}
