/*
 * sendsys.S - the message gate (see sys/sys/sysmsg.h): int 0x81 or
 * sysenter, and the three calls through it.
 *
 *   int __sendsys(int port, struct sysmsg_hdr *msg, size_t size)
 *   int __waitsys(int port, struct sysmsg_hdr *msg)
 *   int __flushsys(void)
 *
 * __sysmsg_gate points at the routine that enters the kernel: at first
 * __sysmsg_int81; crt0 calls __sysmsg_select(), which points it at
 * __sysmsg_sysenter if the kernel set that entry up (hw.sysenter is 1).
 * Both are called with eax = port, ecx = msg, edx = size (0 for waitsys,
 * all 0 for flushsys) and return eax = errno.  __sysmsg_int81 preserves
 * every other register, __sysmsg_sysenter every other but ecx and edx
 * (the sysexit registers).  The generated message stubs
 * (obj/gen/libc_msg.S) call the gate with their header in the red zone
 * just below their esp, where the call's return address lands on
 * sm_cookie's low word; __sysmsg_sysenter keeps esi and edi below that
 * header (at 20 and 24 bytes below its own esp, within SIG_REDZONE), so
 * that nothing of the header moves.
 *
 *   int __recvsys(int svc, struct udevmsg *m)         (sys/agent.h)
 *   int __recvsys_nb(int svc, struct udevmsg *m)
 *   int __replysys(int svc, const struct udevreply *r)
 *   int __recvsys_wait(int svc, struct udevmsg *m)
 *   int __replyrecvsys(int svc, struct udevrr *rr)
 *   int __recvsys_intr(int svc, struct udevmsg *m)
 *
 * go through the same gate with eax = the service, ecx = the message
 * and edx = an operation code (SYSMSG_RECV ...: sizes no message has).
 */
	.data
	.align	4
	.globl	__sysmsg_gate
	.type	__sysmsg_gate, @object
__sysmsg_gate:
	.long	__sysmsg_int81
	.size	__sysmsg_gate, 4

	.text
	.globl	__sysmsg_int81
	.type	__sysmsg_int81, @function
__sysmsg_int81:
	int	$0x81
	ret
	.size	__sysmsg_int81, . - __sysmsg_int81

/* sysenter's protocol: the int 0x81 registers, plus esi = where to
 * return, edi = the esp to return with (here: this routine's ret). */
	.globl	__sysmsg_sysenter
	.type	__sysmsg_sysenter, @function
__sysmsg_sysenter:
	movl	%esi, -20(%esp)
	movl	%edi, -24(%esp)
	movl	$1f, %esi
	movl	%esp, %edi
	sysenter
1:	movl	-20(%esp), %esi
	movl	-24(%esp), %edi
	ret
	.size	__sysmsg_sysenter, . - __sysmsg_sysenter

	.globl	__sendsys
	.type	__sendsys, @function
__sendsys:
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	movl	12(%esp), %edx
	jmp	*__sysmsg_gate
	.size	__sendsys, . - __sendsys

	.globl	__waitsys
	.type	__waitsys, @function
__waitsys:
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	xorl	%edx, %edx
	jmp	*__sysmsg_gate
	.size	__waitsys, . - __waitsys

	.globl	__flushsys
	.type	__flushsys, @function
__flushsys:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	jmp	*__sysmsg_gate
	.size	__flushsys, . - __flushsys

#define SVCOP(name, op)			\
	.globl	name;			\
	.type	name, @function;	\
name:					\
	movl	4(%esp), %eax;		\
	movl	8(%esp), %ecx;		\
	movl	$op, %edx;		\
	jmp	*__sysmsg_gate;		\
	.size	name, . - name

SVCOP(__recvsys, 0xfffffff0)		/* SYSMSG_RECV */
SVCOP(__recvsys_nb, 0xfffffff1)		/* SYSMSG_RECV_NB */
SVCOP(__replysys, 0xfffffff2)		/* SYSMSG_REPLY */
SVCOP(__recvsys_wait, 0xfffffff3)	/* SYSMSG_RECV_WAIT */
SVCOP(__replyrecvsys, 0xfffffff4)	/* SYSMSG_REPLYRECV */
SVCOP(__recvsys_intr, 0xfffffff5)	/* SYSMSG_RECV_INTR */

	.section .note.GNU-stack,"",@progbits
