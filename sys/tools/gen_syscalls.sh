#!/bin/sh
# gen_syscalls.sh MASTER OUTDIR - generate the system call glue from
# syscalls.master (see that file for what is produced and why).
set -e
master=$1
out=$2
mkdir -p "$out/sys"
awk -F '\t' -v out="$out" '
function hdr(f) { print "/* GENERATED from sys/kern/syscalls.master by sys/tools/gen_syscalls.sh: do not edit. */" > f }
/^#/ || NF == 0 { next }
{
	n = nsys++
	num[n] = $1; name[n] = $2; rtype[n] = $3
	# The asynchronous class (column 5), required.
	acls = $5; why[n] = ""
	if (acls ~ /^NOASYNC\(.+\)$/) {
		why[n] = substr(acls, 9, length(acls) - 9)
		gsub(/\\/, "\\\\", why[n]); gsub(/"/, "\\\"", why[n])
		acls = "NOASYNC"
	}
	if (acls !~ /^(NOBLOCK|TRY|BLOCK|WAIT|NOASYNC)$/) {
		print "syscalls.master: " $2 ": column 5 must be the asynchronous class (NOBLOCK, TRY, BLOCK, WAIT or NOASYNC(reason)), not \"" $5 "\"" > "/dev/stderr"
		bad = 1
		exit 1
	}
	aclass[n] = "SYSASYNC_" acls
	pub[n] = (NF >= 6 && $6 != "" && $6 != "-") ? $6 : $2
	asynconly[n] = (NF >= 7 && $7 == "ASYNC")
	if (NF >= 7 && $7 != "" && $7 != "ASYNC") {
		print "syscalls.master: " $2 ": unknown flag " $7 > "/dev/stderr"
		bad = 1
		exit 1
	}
	nargs[n] = 0; argbytes[n] = 0
	if ($4 != "void") {
		k = split($4, a, ", *")
		for (i = 1; i <= k; i++) {
			arg = a[i]
			sub(/^ +/, "", arg)
			an = arg; sub(/.*[ *]/, "", an)
			at = substr(arg, 1, length(arg) - length(an))
			sub(/ +$/, "", at)
			argtype[n, i] = at; argname[n, i] = an
			# Bit w: argument word w is a string (a 64-bit
			# argument takes two words).
			if (at == "const char *")
				strwords[n] += 2 ^ (argbytes[n] / 4)
			argbytes[n] += (at ~ /^(off_t|u?int64_t)$/) ? 8 : 4
		}
		nargs[n] = k
	}
	if ($1 + 0 > max) max = $1 + 0
}
END {
	if (bad)
		exit 1
	f = out "/sys/syscall.h"; hdr(f)
	print "#ifndef _SYS_SYSCALL_H_\n#define _SYS_SYSCALL_H_\n" > f
	for (n = 0; n < nsys; n++)
		printf "#define SYS_%s\t%d\n", name[n], num[n] > f
	printf "#define SYS_MAXSYSCALL\t%d\n\n#endif\n", max + 1 > f

	f = out "/sys/sysproto.h"; hdr(f)
	print "#ifndef _SYS_SYSPROTO_H_\n#define _SYS_SYSPROTO_H_\n" > f
	print "#include <sys/types.h>\n\nstruct timespec;\nstruct timeval;\nstruct stat;\nstruct sysmsg;\nstruct sysmsg_hdr;\nstruct sigaction;\nstruct sigcontext;\nstruct rlimit;\nstruct ucrit;\nstruct rusage;\nstruct tms;\nstruct utsname;\n" > f
	for (n = 0; n < nsys; n++) {
		printf "struct %s_args {\n", name[n] > f
		for (i = 1; i <= nargs[n]; i++)
			printf "\t%s %s;\n", argtype[n, i], argname[n, i] > f
		print "};" > f
	}
	print "\n/* Big enough for the arguments of any call. */\nunion sysunion {" > f
	for (n = 0; n < nsys; n++)
		printf "\tstruct %s_args %s;\n", name[n], name[n] > f
	print "};\n" > f
	print "/*\n * For programs that make calls they know nothing else about (the fuzz\n * test, test/proc/sys_fuzz.c): SYSCALL_INFO_INIT initializes an array\n * indexed by call number (needs <sys/syscall.h>) with\n * { 1, sizeof(struct <name>_args), string words }, where bit w of the\n * last is set when argument word w is a const char * (a path or a name).\n */\n#define SYSCALL_INFO_INIT \\" > f
	for (n = 0; n < nsys; n++)
		printf "\t[SYS_%s] = { 1, sizeof(struct %s_args), 0x%x }%s\n", name[n], name[n], strwords[n] + 0, n < nsys - 1 ? ", \\" : "" > f
	print "\n/*\n * The asynchronous class of each call (SYSASYNC_*, sys/sysmsg.h) and, for a\n * refused one, the reason: SYSASYNC_INFO_INIT initializes an array\n * indexed by call number with { class, \"reason\" } (test/async/async_all.c\n * checks every call against it).\n */\n#define SYSASYNC_INFO_INIT \\" > f
	for (n = 0; n < nsys; n++)
		printf "\t[SYS_%s] = { %s, \"%s\" }%s\n", name[n], aclass[n], why[n], n < nsys - 1 ? ", \\" : "" > f
	print "\n#ifdef _KERNEL" > f
	for (n = 0; n < nsys; n++)
		printf "int\tsys_%s(struct sysmsg *sysmsg, const struct %s_args *uap);\n", name[n], name[n] > f
	print "#endif\n\n#endif" > f

	f = out "/init_sysent.c"; hdr(f)
	print "#include <sys/types.h>\n#include <sys/signal.h>\n#include <sys/sysent.h>\n#include <sys/sysmsg.h>\n" > f
	print "struct sysent sysent[SYS_MAXSYSCALL] = {" > f
	for (n = 0; n < nsys; n++)
		printf "\t[SYS_%s] = { (sy_call_t *)sys_%s, sizeof(struct %s_args), %s, %s, \"%s\", \"%s\" },\n", name[n], name[n], name[n], asynconly[n] ? "0" : "sizeof(struct sysmsg_hdr) + sizeof(struct " name[n] "_args)", aclass[n], name[n], why[n] > f
	print "};\n\n/* The sizes the libc message stubs (libc_msg.S) send. */" > f
	for (n = 0; n < nsys; n++)
		printf "_Static_assert(sizeof(struct %s_args) == %d, \"libc_msg.S: %s\");\n", name[n], argbytes[n], name[n] > f
	print "_Static_assert(sizeof(struct sysmsg_hdr) == 24, \"libc_msg.S: HDR\");" > f
	print "_Static_assert(SIG_REDZONE >= sizeof(struct sysmsg_hdr) - 4, \"libc_msg.S: red zone\");" > f

	# The message stubs build the header in place, just below the
	# arguments the caller pushed (sysproto.h lays the arguments of a call
	# out as the stack does), so the arguments are never copied.  The
	# header lies in the red zone below esp (sys/signal.h), so esp does
	# not move; the return address is the high word of sm_cookie, which
	# the kernel never writes.  The stub enters the kernel by calling the
	# gate libc chose (__sysmsg_gate: lib/libc/sys/sendsys.S), whose
	# return address is then the low word of sm_cookie.  argbytes[] is
	# checked against sizeof(struct <name>_args) in init_sysent.c.
	f = out "/libc_msg.S"; hdr(f)
	print "#include <sys/syscall.h>\n#define HDR 24\t\t/* sizeof(struct sysmsg_hdr) */\n#define M (4-HDR)\t\t/* the header, from esp */\n\t.text" > f
	for (n = 0; n < nsys; n++) {
		printf "\t.globl\t__msg_%s\n\t.type\t__msg_%s, @function\n__msg_%s:\n", name[n], name[n], name[n] > f
		printf "\tleal\tM(%%esp), %%ecx\n\tmovl\t$SYS_%s, (%%ecx)\t/* sm_cmd, sm_flags 0 */\n", name[n] > f
		printf "\txorl\t%%eax, %%eax\n\tmovl\t$HDR+%d, %%edx\n", argbytes[n] > f
		print "\tcall\t*__sysmsg_gate\n\ttestl\t%eax, %eax\n\tjnz\t__msg_error" > f
		if (rtype[n] != "void")
			print "\tmovl\tM+8(%esp), %eax\t/* sm_result */" > f
		if (rtype[n] == "off_t")
			print "\tmovl\tM+12(%esp), %edx" > f
		printf "\tret\n\t.size\t__msg_%s, . - __msg_%s\n", name[n], name[n] > f
	}
	print "__msg_error:\n\tpushl\t%eax\n\tcall\t__sys_seterrno\t/* errno.c */\n\taddl\t$4, %esp\n\tmovl\t$-1, %eax\n\tmovl\t$-1, %edx\n\tret" > f
	print "/* The public names use this gate unless libc is built with LIBC_INT80. */" > f
	print "#ifndef LIBC_INT80" > f
	for (n = 0; n < nsys; n++)
		printf "\t.globl\t%s\n\t.set\t%s, __msg_%s\n", pub[n], pub[n], name[n] > f
	print "#endif" > f
	print "\t.section .note.GNU-stack,\"\",@progbits" > f

	f = out "/libc_int80.S"; hdr(f)
	print "#include <sys/syscall.h>\n\t.text" > f
	for (n = 0; n < nsys; n++) {
		printf "\t.globl\t__int80_%s\n__int80_%s:\n", name[n], name[n] > f
		printf "\tmovl\t$SYS_%s, %%eax\n\tint\t$0x80\n\tjc\t__int80_error\n\tret\n", name[n] > f
	}
	print "#ifdef LIBC_INT80" > f
	for (n = 0; n < nsys; n++)
		printf "\t.globl\t%s\n\t.set\t%s, __int80_%s\n", pub[n], pub[n], name[n] > f
	print "#endif" > f
	print "__int80_error:\n\tpushl\t%eax\n\tcall\t__sys_seterrno\t/* errno.c */\n\taddl\t$4, %esp\n\tmovl\t$-1, %eax\n\tmovl\t$-1, %edx\n\tret" > f
	print "\t.section .note.GNU-stack,\"\",@progbits" > f
}' "$master"
