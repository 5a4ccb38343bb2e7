/*
 * sys/sysmsg.h - the system call message ABI.
 *
 * A user program makes a system call by building a message in its own
 * memory and handing it to the kernel through the int 0x81 gate:
 *
 *	struct {
 *		struct sysmsg_hdr h;		   32 bytes, below
 *		struct write_args a;		   from sys/sysproto.h
 *	} m = { { SYS_write, 0 }, { fd, buf, n } };
 *	error = __sendsys(0, &m.h, sizeof(m));   0 or an errno
 *	result = m.h.sm_result;
 *
 * The message is the header followed by the call's arguments, laid out
 * exactly as sys/sysproto.h's struct <name>_args (each argument takes 4
 * bytes, 8 for 64-bit types; no padding): the same bytes the classic
 * int 0x80 gate finds on the user stack.
 *
 * THE GATE: int 0x81, registers in, errno out (eax):
 *
 *   sendsys(port, msg, size)   eax = port, ecx = msg, edx = size (> 0)
 *   waitsys(port, msg)         eax = port, ecx = msg, edx = 0
 *   flushsys()                 eax = 0, ecx = 0, edx = 0
 *
 *   port is a small per-process handle; 0 is the process's system port.
 *   No other handle exists yet: any other value is EBADF.  Handles are
 *   meaningless in another process and are never kernel addresses.
 *
 * sendsys: the kernel copies the header and arguments in once (phase 1),
 * runs the call on its own copy (phase 2), and writes sm_error,
 * sm_result and sm_flags back into the user's header (phase 3).  It
 * returns the call's error in eax.  Errors of the gate itself leave the
 * message untouched:
 *
 *   EBADF   bad port handle
 *   EFAULT  msg not entirely in mapped user memory
 *   EINVAL  size smaller than the header, larger than any message, or
 *           not sizeof(header) + sizeof(struct <cmd>_args); or reserved
 *           flag bits set; or SMF_ASYNC (asynchronous calls are not
 *           implemented yet: the call is refused, never run synchronously)
 *   ENOSYS  unknown command
 *
 * waitsys: every call completes before sendsys returns, so nothing is
 * ever in flight: waitsys(0, msg) returns 0 at once if msg is done
 * (SMF_DONE), EINVAL if it is not (it was never sent); waitsys(0, NULL)
 * returns EINVAL (nothing to wait for).
 *
 * flushsys: no upcall is ever held back yet; it returns 0.
 *
 * The header never contains a kernel pointer; sm_cookie is the caller's
 * and is never read or written by the kernel.
 */
#ifndef _SYS_SYSMSG_H_
#define _SYS_SYSMSG_H_

#include <sys/types.h>
#include <sys/syscall.h>
#include <sys/sysproto.h>

struct sysmsg_hdr {
	uint32_t	sm_cmd;		/* in:  SYS_<name> */
	uint32_t	sm_flags;	/* in:  SMF_ASYNC; out: SMF_DONE */
	int32_t		sm_error;	/* out: 0 or an errno */
	uint32_t	sm_reserved;	/* must be 0 */
	int64_t		sm_result;	/* out: the call's return value */
	uint64_t	sm_cookie;	/* the caller's; the kernel ignores it */
};

/*
 * Header flags:
 *   SMF_ASYNC  (in)  request asynchronous completion (not yet: EINVAL)
 *   SMF_DONE   (out) the kernel finished with the message
 * Any other bit set on input is EINVAL.
 */
#define SMF_ASYNC	0x00000001
#define SMF_DONE	0x00010000
#define SMF_INMASK	SMF_ASYNC

_Static_assert(sizeof(struct sysmsg_hdr) == 32, "sysmsg_hdr is 32 bytes");
_Static_assert(offsetof(struct sysmsg_hdr, sm_cmd) == 0, "sm_cmd");
_Static_assert(offsetof(struct sysmsg_hdr, sm_flags) == 4, "sm_flags");
_Static_assert(offsetof(struct sysmsg_hdr, sm_error) == 8, "sm_error");
_Static_assert(offsetof(struct sysmsg_hdr, sm_result) == 16, "sm_result");
_Static_assert(offsetof(struct sysmsg_hdr, sm_cookie) == 24, "sm_cookie");
_Static_assert(sizeof(struct write_args) == 12, "args are 4 bytes each");

#define SYSMSG_MAXSIZE	(sizeof(struct sysmsg_hdr) + sizeof(union sysunion))

#ifndef _KERNEL
int	__sendsys(int port, struct sysmsg_hdr *msg, size_t size);
int	__waitsys(int port, struct sysmsg_hdr *msg);
int	__flushsys(void);

/* sendsys as an inline trap, for the generated libc stubs. */
static __inline int
__sendsys_inline(int port, struct sysmsg_hdr *msg, size_t size)
{
	int error;

	__asm__ __volatile__("int $0x81" : "=a"(error)
	    : "a"(port), "c"(msg), "d"(size) : "memory");
	return (error);
}
#else
#include <sys/msgport.h>

struct trapframe;

/*
 * The kernel's message for one system call, whichever gate it came
 * through.  It lives on the caller's kernel stack; sm_lmsg is what is
 * sent to the process's system port.
 */
struct sysmsg {
	struct lwkt_msg	sm_lmsg;	/* the LWKT message (result in
					 * sm_lmsg.ms_result64) */
	struct trapframe *sm_frame;	/* the caller's registers */
	vm_offset_t	sm_umsg;	/* user header address (0: int 0x80) */
	struct sysmsg_hdr sm_hdr;	/* phase 1 copy of the user header... */
	union sysunion	sm_args;	/* ...and of the arguments, contiguous */
};
_Static_assert(offsetof(struct sysmsg, sm_args) ==
    offsetof(struct sysmsg, sm_hdr) + sizeof(struct sysmsg_hdr),
    "one copyin fills the header and the arguments");
#define sm_retval	sm_lmsg.ms_result64

#define EJUSTRETURN	(-3)		/* don't touch the caller's registers */

int	syscall_dispatch(lwkt_port_t port, lwkt_msg_t msg);
int	kern_sendsys(int port, vm_offset_t umsg, size_t size,
	    struct trapframe *tf);
int	kern_waitsys(int port, vm_offset_t umsg);
int	kern_flushsys(void);
int	sysmsg_writeback(vm_offset_t umsg, uint32_t flags, int error,
	    int64_t result);
int	kern_syscall80(uint32_t code, vm_offset_t uargs, struct trapframe *tf,
	    int64_t *resultp);
#endif

#endif /* !_SYS_SYSMSG_H_ */
