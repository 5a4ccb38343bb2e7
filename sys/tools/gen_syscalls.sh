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
	# CWD: resolves from the current directory with no string argument
	# (getcwd); a call with one is marked by itself below.
	cwd[n] = (NF >= 7 && $7 == "CWD")
	if (NF >= 7 && $7 != "" && $7 != "ASYNC" && $7 != "CWD") {
		print "syscalls.master: " $2 ": unknown flag " $7 > "/dev/stderr"
		bad = 1
		exit 1
	}
	# A NOBLOCK call runs at once, sent either way, and the loop of sendv
	# (kern_syscall.c) counts on its synchronous size.
	if (asynconly[n] && acls == "NOBLOCK") {
		print "syscalls.master: " $2 ": a NOBLOCK call must exist synchronously (no ASYNC flag)" > "/dev/stderr"
		bad = 1
		exit 1
	}
	nargs[n] = 0; argbytes[n] = 0; nptr[n] = 0; nfd[n] = 0
	if ($4 != "void") {
		k = split($4, a, ", *")
		for (i = 1; i <= k; i++) {
			arg = a[i]
			sub(/^ +/, "", arg)
			# What a pointer argument is, for phase 1
			# (sys/sysargs.h): "[IN]", "[OUT]", "[IN len]",
			# "[OUT type]", "[IOCTL com]" after the name.
			ann[n, i] = ""
			if (match(arg, / *\[[^]]*\]$/)) {
				ann[n, i] = substr(arg, RSTART, RLENGTH)
				sub(/^ *\[/, "", ann[n, i])
				sub(/\]$/, "", ann[n, i])
				arg = substr(arg, 1, RSTART - 1)
			}
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
		# The rows of the pointer and descriptor arguments
		# (sysargtab, init_sysent.c).
		for (i = 1; i <= k; i++) {
			at = argtype[n, i]; an = argname[n, i]
			if (at !~ /\*$/) {
				# A descriptor: [FD], its file taken at send.
				if (ann[n, i] == "FD" && at == "int") {
					nfd[n]++
					ptrrow[n, nptr[n] + nfd[n]] = "{ SA_FD, offsetof(struct " $2 "_args, " an "), 0, 0 }"
				} else if (ann[n, i] != "") {
					print "syscalls.master: " $2 ": " an ": [" ann[n, i] "] on an argument that is not a pointer ([FD] is for an int descriptor)" > "/dev/stderr"
					bad = 1
					exit 1
				} else if ((acls == "TRY" || acls == "BLOCK") && at == "int" && an ~ /fd$/) {
					print "syscalls.master: " $2 ": descriptor argument " an " must say [FD]: the call may go in flight and takes its file at send (sys/sysargs.h)" > "/dev/stderr"
					bad = 1
					exit 1
				}
				continue
			}
			w = split(ann[n, i], aw, " ")
			rest = ann[n, i]; sub(/^[A-Z]+ */, "", rest)
			if (ann[n, i] == "" && at == "const char *") {
				row = "SA_STR|0|0"
			} else if (aw[1] == "IOCTL") {
				row = "SA_IOCTL|offsetof(struct " $2 "_args, " rest ")|0"
			} else if (aw[1] == "IN" || aw[1] == "OUT") {
				lenarg = 0
				for (j = 1; j <= k; j++)
					if (argname[n, j] == rest)
						lenarg = j
				if (lenarg)
					row = "SA_" aw[1] "BUF|offsetof(struct " $2 "_args, " rest ")|0"
				else {
					pt = rest
					if (pt == "") {
						pt = at; sub(/^const /, "", pt)
						sub(/ *\*$/, "", pt)
					}
					if (pt == "void") {
						print "syscalls.master: " $2 ": " an ": a void * needs its type or length, [" aw[1] " type] or [" aw[1] " len]" > "/dev/stderr"
						bad = 1
						exit 1
					}
					# "[IN 2 struct timespec]": an array
					cnt = ""
					if (match(pt, /^[0-9]+ /)) {
						cnt = " * " substr(pt, 1, RLENGTH - 1)
						pt = substr(pt, RLENGTH + 1)
					}
					row = "SA_" aw[1] "|0|sizeof(" pt ")" cnt
				}
			} else if (ann[n, i] == "") {
				if (acls == "TRY" || acls == "BLOCK") {
					print "syscalls.master: " $2 ": pointer argument " an " must say what it is ([IN], [OUT], [IN len], [OUT len], [IOCTL com]): the call may go in flight (sys/sysargs.h)" > "/dev/stderr"
					bad = 1
					exit 1
				}
				continue
			} else {
				print "syscalls.master: " $2 ": " an ": unknown annotation [" ann[n, i] "]" > "/dev/stderr"
				bad = 1
				exit 1
			}
			# row: kind, length-or-com offset, size; the pointer
			# offset of the argument goes second.
			split(row, rf, "|")
			if (rf[1] == "SA_STR")
				cwd[n] = 1	# a path: from the current directory
			nptr[n]++
			ptrrow[n, nptr[n] + nfd[n]] = "{ " rf[1] ", offsetof(struct " $2 "_args, " an "), " rf[2] ", " rf[3] " }"
		}
		if (nptr[n] > 3) {
			print "syscalls.master: " $2 ": more than SYSARG_MAX (3) pointer arguments" > "/dev/stderr"
			bad = 1
			exit 1
		}
		if (nfd[n] > 2) {
			print "syscalls.master: " $2 ": more than SYSARG_FDMAX (2) descriptor arguments" > "/dev/stderr"
			bad = 1
			exit 1
		}
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
	print "#include <sys/types.h>\n#include <sys/param.h>\n#include <sys/signal.h>\n#include <sys/time.h>\n#include <sys/stat.h>\n#include <sys/resource.h>\n#include <sys/sysent.h>\n#include <sys/sysmsg.h>\n#include <sys/sysargs.h>\n" > f
	print "struct sysent sysent[SYS_MAXSYSCALL] = {" > f
	for (n = 0; n < nsys; n++)
		printf "\t[SYS_%s] = { (sy_call_t *)sys_%s, sizeof(struct %s_args), %s, %s, \"%s\", \"%s\" },\n", name[n], name[n], name[n], asynconly[n] ? "0" : "sizeof(struct sysmsg_hdr) + sizeof(struct " name[n] "_args)", aclass[n], name[n], why[n] > f
	print "};\n" > f
	print "/* The common case of the sysenter entry (sys/sysent.h). */" > f
	print "const struct sysent_lean sysent_lean[SYS_MAXSYSCALL] = {" > f
	for (n = 0; n < nsys; n++)
		if (!asynconly[n] && aclass[n] != "SYSASYNC_NOASYNC")
			printf "\t[SYS_%s] = { sizeof(struct sysmsg_hdr) + sizeof(struct %s_args), (sy_call_t *)sys_%s },\n", name[n], name[n], name[n] > f
	print "};\n_Static_assert(sizeof(struct sysent_lean) == 8, \"exception.S: sysent_lean\");\n" > f
	print "/* The pointer and descriptor arguments of each call, and whether it\n * resolves from the current directory, for phase 1 of a call in flight\n * (sys/sysargs.h, kern_sysargs.c). */" > f
	for (n = 0; n < nsys; n++) {
		if (nptr[n] + nfd[n] == 0)
			continue
		printf "static const struct sysarg sa_%s[] = {\n", name[n] > f
		for (i = 1; i <= nptr[n] + nfd[n]; i++)
			printf "\t%s,\n", ptrrow[n, i] > f
		print "};" > f
	}
	print "const struct sysargtab sysargtab[SYS_MAXSYSCALL] = {" > f
	for (n = 0; n < nsys; n++)
		if (nptr[n] + nfd[n] > 0 || cwd[n])
			printf "\t[SYS_%s] = { %d, %s, %d },\n", name[n], nptr[n] + nfd[n], ((nptr[n] + nfd[n] > 0) ? "sa_" name[n] : "NULL"), cwd[n] > f
	print "};\n_Static_assert(SYSARG_MAX >= 3 && SYSARG_FDMAX >= 2, \"sysargs: pointer and descriptor arguments\");" > f
	print "\n/* The sizes the libc message stubs (libc_msg.S) send. */" > f
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
