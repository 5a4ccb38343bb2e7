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
	pub[n] = (NF >= 5 && $5 != "" && $5 != "-") ? $5 : $2
	asynconly[n] = (NF >= 6 && $6 == "ASYNC")
	if (NF >= 6 && $6 != "" && $6 != "ASYNC") {
		print "syscalls.master: " $2 ": unknown flag " $6 > "/dev/stderr"
		exit 1
	}
	nargs[n] = 0
	if ($4 != "void") {
		k = split($4, a, ", *")
		for (i = 1; i <= k; i++) {
			arg = a[i]
			sub(/^ +/, "", arg)
			an = arg; sub(/.*[ *]/, "", an)
			at = substr(arg, 1, length(arg) - length(an))
			sub(/ +$/, "", at)
			argtype[n, i] = at; argname[n, i] = an
		}
		nargs[n] = k
	}
	if ($1 + 0 > max) max = $1 + 0
}
END {
	f = out "/sys/syscall.h"; hdr(f)
	print "#ifndef _SYS_SYSCALL_H_\n#define _SYS_SYSCALL_H_\n" > f
	for (n = 0; n < nsys; n++)
		printf "#define SYS_%s\t%d\n", name[n], num[n] > f
	printf "#define SYS_MAXSYSCALL\t%d\n\n#endif\n", max + 1 > f

	f = out "/sys/sysproto.h"; hdr(f)
	print "#ifndef _SYS_SYSPROTO_H_\n#define _SYS_SYSPROTO_H_\n" > f
	print "#include <sys/types.h>\n\nstruct timespec;\nstruct timeval;\nstruct stat;\nstruct sysmsg;\nstruct sysmsg_hdr;\nstruct sigaction;\nstruct sigcontext;\nstruct rlimit;\nstruct ucrit;\n" > f
	for (n = 0; n < nsys; n++) {
		printf "struct %s_args {\n", name[n] > f
		for (i = 1; i <= nargs[n]; i++)
			printf "\t%s %s;\n", argtype[n, i], argname[n, i] > f
		print "};" > f
	}
	print "\n/* Big enough for the arguments of any call. */\nunion sysunion {" > f
	for (n = 0; n < nsys; n++)
		printf "\tstruct %s_args %s;\n", name[n], name[n] > f
	print "};\n\n#ifdef _KERNEL" > f
	for (n = 0; n < nsys; n++)
		printf "int\tsys_%s(struct sysmsg *sysmsg, const struct %s_args *uap);\n", name[n], name[n] > f
	print "#endif\n\n#endif" > f

	f = out "/init_sysent.c"; hdr(f)
	print "#include <sys/types.h>\n#include <sys/sysent.h>\n#include <sys/sysmsg.h>\n" > f
	print "struct sysent sysent[SYS_MAXSYSCALL] = {" > f
	for (n = 0; n < nsys; n++)
		printf "\t[SYS_%s] = { (sy_call_t *)sys_%s, sizeof(struct %s_args), %s, \"%s\" },\n", name[n], name[n], name[n], asynconly[n] ? "0" : "sizeof(struct sysmsg_hdr) + sizeof(struct " name[n] "_args)", name[n] > f
	print "};" > f

	f = out "/libc_msg.c"; hdr(f)
	print "#include <sys/types.h>\n#include <sys/sysmsg.h>\n#include <errno.h>\n" > f
	for (n = 0; n < nsys; n++) {
		rt = rtype[n]; void_rt = (rt == "void")
		proto = ""
		if (nargs[n] == 0) proto = "void"
		for (i = 1; i <= nargs[n]; i++)
			proto = proto (i > 1 ? ", " : "") argtype[n, i] " " argname[n, i]
		printf "%s __msg_%s(%s);\n", rt, name[n], proto > f
		printf "%s\n__msg_%s(%s)\n{\n", rt, name[n], proto > f
		printf "\tstruct {\n\t\tstruct sysmsg_hdr h;\n\t\tstruct %s_args a;\n\t} m;\n\tint error;\n\n", name[n] > f
		printf "\tm.h.sm_cmd = SYS_%s;\n\tm.h.sm_flags = 0;\n\tm.h.sm_reserved = 0;\n", name[n] > f
		for (i = 1; i <= nargs[n]; i++)
			printf "\tm.a.%s = %s;\n", argname[n, i], argname[n, i] > f
		print "\terror = __sendsys_inline(0, &m.h, sizeof(m));" > f
		if (void_rt) {
			print "\tif (error != 0)\n\t\terrno = error;\n}\n" > f
		} else {
			print "\tif (error != 0) {\n\t\terrno = error;\n\t\treturn ((" rt ")-1);\n\t}" > f
			print "\treturn ((" rt ")m.h.sm_result);\n}\n" > f
		}
	}
	print "/* The public names use this gate unless libc is built with LIBC_INT80. */" > f
	print "#ifndef LIBC_INT80" > f
	for (n = 0; n < nsys; n++)
		printf "extern __typeof(__msg_%s) %s __attribute__((__alias__(\"__msg_%s\")));\n", name[n], pub[n], name[n] > f
	print "#endif" > f

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
	print "__int80_error:\n\tmovl\t%eax, errno\n\tmovl\t$-1, %eax\n\tmovl\t$-1, %edx\n\tret" > f
	print "\t.section .note.GNU-stack,\"\",@progbits" > f
}' "$master"
