/*
 * lwkt_token.c - LWKT serializing tokens.
 *
 * A token is held by at most one thread at a time, but only while that
 * thread runs.  Each thread keeps a stack of token references
 * (td_toks[0..td_toks_stop)).  lwkt_gettoken() pushes a reference and
 * takes the token if it is free or already ours; if another thread holds
 * it, we stay runnable and switch: lwkt_switch() releases every token of
 * the thread it leaves (lwkt_relalltokens) and only runs a thread once it
 * could reacquire all of that thread's tokens (lwkt_getalltokens).  So
 *
 *   - code between two blocking points runs with all its tokens held, and
 *     no other holder of those tokens runs in between;
 *   - a thread that blocks holding tokens cannot deadlock anyone;
 *   - taking a token twice is fine (the inner release is a no-op).
 *
 * Tokens are released in the reverse order they were taken.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/thread.h>
#include <sys/globaldata.h>

void
lwkt_token_init(lwkt_token_t tok, const char *desc)
{
	tok->t_ref = NULL;
	tok->t_desc = desc;
	tok->t_collisions = 0;
}

/* Try to make ref the holder of its token; true if td now holds it. */
static bool
lwkt_token_acquire(lwkt_tokref_t ref)
{
	lwkt_token_t tok = ref->tr_tok;

	if (tok->t_ref == NULL) {
		tok->t_ref = ref;
		return (true);
	}
	return (tok->t_ref->tr_owner == ref->tr_owner);
}

/* Release every token td holds (its references stay on its stack). */
void
lwkt_relalltokens(thread_t td)
{
	lwkt_tokref_t ref;

	for (ref = &td->td_toks[0]; ref < td->td_toks_stop; ref++) {
		if (ref->tr_tok->t_ref == ref)
			ref->tr_tok->t_ref = NULL;
	}
}

/* Acquire every token on td's stack, or none of them: returns false (and
 * holds nothing) if any is held by another thread. */
bool
lwkt_getalltokens(thread_t td)
{
	lwkt_tokref_t ref;

	for (ref = &td->td_toks[0]; ref < td->td_toks_stop; ref++) {
		if (!lwkt_token_acquire(ref)) {
			ref->tr_tok->t_collisions++;
			lwkt_relalltokens(td);
			return (false);
		}
	}
	return (true);
}

static lwkt_tokref_t
lwkt_tokref_push(thread_t td, lwkt_token_t tok)
{
	lwkt_tokref_t ref = td->td_toks_stop;

	KASSERT(ref < &td->td_toks[LWKT_MAXTOKENS],
	    ("lwkt_gettoken: %s holds too many tokens", td->td_comm));
	ref->tr_tok = tok;
	ref->tr_owner = td;
	td->td_toks_stop = ref + 1;
	return (ref);
}

/* Take tok, waiting (without blocking the token's holder) if needed. */
void
lwkt_gettoken(lwkt_token_t tok)
{
	thread_t td = curthread;
	lwkt_tokref_t ref;

	KASSERT((td->td_flags & TDF_IDLE) == 0,
	    ("lwkt_gettoken: idle thread"));
	crit_enter_quick(td);
	ref = lwkt_tokref_push(td, tok);
	if (!lwkt_token_acquire(ref)) {
		tok->t_collisions++;
		/* lwkt_switch() runs us again only with all tokens held. */
		lwkt_yield();
		KASSERT(tok->t_ref != NULL && tok->t_ref->tr_owner == td,
		    ("lwkt_gettoken: woke without %s", tok->t_desc));
	}
	crit_exit_quick(td);
}

/* Take tok only if that needs no wait. */
bool
lwkt_trytoken(lwkt_token_t tok)
{
	thread_t td = curthread;
	lwkt_tokref_t ref;
	bool ok;

	crit_enter_quick(td);
	ref = lwkt_tokref_push(td, tok);
	ok = lwkt_token_acquire(ref);
	if (!ok)
		td->td_toks_stop = ref;
	crit_exit_quick(td);
	return (ok);
}

/* Release the most recently taken token, which must be tok. */
void
lwkt_reltoken(lwkt_token_t tok)
{
	thread_t td = curthread;
	lwkt_tokref_t ref;

	crit_enter_quick(td);
	ref = td->td_toks_stop - 1;
	KASSERT(ref >= &td->td_toks[0] && ref->tr_tok == tok,
	    ("lwkt_reltoken: %s is not the last token taken", tok->t_desc));
	if (tok->t_ref == ref)
		tok->t_ref = NULL;
	td->td_toks_stop = ref;
	crit_exit_quick(td);
}

/* Whether the current thread holds tok right now. */
bool
lwkt_token_is_held(lwkt_token_t tok)
{
	return (tok->t_ref != NULL && tok->t_ref->tr_owner == curthread);
}
