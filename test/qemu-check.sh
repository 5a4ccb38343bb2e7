#!/bin/sh
# qemu-check.sh - boot Damselfly in QEMU and judge what it prints.
#
# Called by `make check` with QEMU (command and common options), KERNEL,
# TEST_ISO, BOOTMOD, TIMEOUT and OBJ in the environment.  Each scenario is
# one headless boot with a time limit; its console goes to
# $OBJ/check/NAME.log, which is printed when the scenario fails.
#
#   tests-grub     the kernel tests, then init runs the user test programs
#                  (test/runlist), booted from the GRUB ISO
#   disk-oracle-ide  the IDE disk image after tests-grub (disk.sh check)
#   disk-oracle-vd   the virtio-blk disk image after tests-grub
#   com2-grub      COM2's bytes both ways in tests-grub (uart_io)
#   tests-udrv     the disk and UART tests against the drivers in processes
#                  (drivers=user uart=user: virtio-blk, ATA, COM2)
#   com2-udrv      COM2's bytes both ways through the user UART driver
#   disk-oracle-ide-udrv  the IDE image after tests-udrv (from a fresh one)
#   disk-oracle-vd-udrv  the virtio-blk image after tests-udrv
#   agent-lines    a driver process holding both IDE lines' interrupts
#                  beside AGENT_NHELD messages (ata=off, a disk a channel)
#   faults-udrv    a fault-injection campaign against the user disk drivers
#   disk-oracle-*-faults  the IDE and virtio-blk images after it: unchanged
#   faults-replay  a short seeded campaign in replay mode, twice under
#                  -icount: every device's fault digest the same; another
#                  seed: different
#   tests-kernel   one test booted with qemu -kernel (the other loader)
#   tests-32mb     every kernel test again with 32 MB of memory
#   limits-32mb    the resource-exhaustion user tests with 32 MB
#   catches-failure  a deliberately failing test must be reported as such
#   archive-*      a damaged boot archive is reported, the kernel comes up
#   no-shell       no /bin/sh: init says why and tries again
#   shell, shell-respawn  make run's prompt, typed at through the console;
#                  exit after a command not found brings a new shell
#   crash-*        fatal faults must be reported with a panic, not hang
#
# A boot that hangs (timeout), triple-faults (QEMU exits at once under
# -no-reboot with no summary) or panics fails its scenario.  The last
# line is "N passed, M failed": kernel tests plus harness scenarios.
set -u
: "${QEMU:?}" "${KERNEL:?}" "${TEST_ISO:?}" "${BOOTMOD:?}" "${QEMU_DISKS:?}"
TIMEOUT=${TIMEOUT:-300}
OBJ=${OBJ:-obj}
TESTDIR=$(dirname "$0")
LOGDIR=$OBJ/check
mkdir -p "$LOGDIR"

passed=0
failed=0
kpassed=0
kfailed=0

# boot NAME TIMEOUT QEMU-ARGS...: run one boot; sets $log and $status.
boot() {
	name=$1 limit=$2
	shift 2
	log=$LOGDIR/$name.log
	timeout "$limit" $QEMU -display none -serial stdio -monitor none \
		"$@" > "$log" 2>&1 < /dev/null
	status=$?
	tr -d '\r' < "$log" > "$log.txt" && mv "$log.txt" "$log"
}

ok() {
	echo "PASS harness:$1"
	passed=$((passed + 1))
}

bad() {
	echo "FAIL harness:$1 - $2"
	echo "----- $log (last 40 lines) -----"
	tail -n 40 "$log"
	echo "-----"
	failed=$((failed + 1))
}

summary_of() {	# the kernel's "N passed, M failed" line, or nothing
	grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1
}

# COM2 on host FIFOs for uart_io (test/dev/uart_io.c): com2_start NAME
# before a boot gives QEMU_COM2 (its options) and a helper that sends
# "hello from the host" once the guest wrote "uart_io: ready";
# com2_check NAME after the boot judges what the guest wrote back.
com2_start() {
	c2=$LOGDIR/com2-$1
	rm -f "$c2.in" "$c2.out" "$c2.log"
	mkfifo "$c2.in" "$c2.out"
	cat "$c2.out" > "$c2.log" &
	c2cat=$!
	( n=0; while [ $n -lt 3000 ]; do
		if grep -q 'uart_io: ready' "$c2.log" 2>/dev/null; then
			printf 'hello from the host\n' > "$c2.in"; break
		fi; n=$((n + 1)); sleep 0.1; done ) &
	c2feed=$!
	QEMU_COM2="-chardev pipe,id=com2,path=$c2 -serial chardev:com2"
}
com2_check() {
	kill "$c2feed" 2>/dev/null
	wait "$c2feed" 2>/dev/null
	( exec 3<>"$c2.out" ) 2>/dev/null	# a reader QEMU never met ends
	wait "$c2cat" 2>/dev/null
	if grep -q '^uart_io: got hello from the host' "$c2.log"; then
		ok "com2-$1 (uart_io's line out of and into COM2, $2)"
	else
		log=$c2.log
		bad "com2-$1" "COM2 did not carry uart_io's lines ($2)"
	fi
	rm -f "$c2.in" "$c2.out"
}

# ---- the kernel and user test suites, through GRUB -----------------------
# The disks start each run as test/dev/disk.sh made them.
cp "$OBJ/disk-ide.img" "$OBJ/disk-vd.img" "$LOGDIR/"
com2_start grub
boot tests-grub "$TIMEOUT" $QEMU_DISKS $QEMU_COM2 -boot d -cdrom "$TEST_ISO"
glog=$log
com2_check grub "the kernel's driver"
log=$glog
grep -E '^(PASS|FAIL) ' "$log"
sum=$(summary_of "$log")
usum=$(grep -E '^user: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
upassed=0
ufailed=0
if [ -n "$usum" ]; then
	upassed=$(echo "$usum" | sed 's/^user: \([0-9]*\) passed.*/\1/')
	ufailed=$(echo "$usum" | sed 's/.*, \([0-9]*\) failed/\1/')
fi
# Every test must have run and passed, by name: the kernel tests
# registered with DEFINE_TEST (not DEFINE_TEST_MANUAL) in test/, and
# every program of test/runlist.  A shortened list or a skipped test
# fails the run even if the counts look good.
check_kernel_names() {	# LOG: prints the kernel tests without a PASS line
	for t in $(grep -ho '^DEFINE_TEST([a-z0-9_]*' "$TESTDIR"/*/*.c | sed 's/.*(//'); do
		grep -q "^PASS $t - " "$1" || printf ' %s' "$t"
	done
}
check_names() {	# LOG: prints the names without a PASS line
	check_kernel_names "$1"
	for t in $(sed -e 's/#.*//' "$TESTDIR/runlist"); do
		grep -q "^PASS user:$t\$" "$1" || printf ' user:%s' "$t"
	done
}
missing=$(check_names "$log")
if [ "$status" -eq 124 ]; then
	bad tests-grub "timed out after ${TIMEOUT}s"
elif grep -q '^panic' "$log"; then
	bad tests-grub "the kernel panicked"
elif [ -z "$sum" ]; then
	bad tests-grub "no summary line (crash or triple fault? qemu status $status)"
else
	kpassed=${sum%% passed*}
	kfailed=$(echo "$sum" | sed 's/.*, \([0-9]*\) failed/\1/')
	if [ -z "$usum" ]; then
		bad tests-grub "the user tests (init) did not report"
	elif [ "$kfailed" -ne 0 ] || [ "$ufailed" -ne 0 ] || [ "$status" -ne 1 ]; then
		bad tests-grub "$kfailed kernel and $ufailed user test(s) failed (qemu status $status)"
	elif [ -n "$missing" ]; then
		bad tests-grub "these tests did not report PASS:$missing"
	else
		ok "tests-grub ($kpassed kernel and $upassed user tests via the GRUB ISO)"
	fi
fi

# ---- a faulting user program is reported: process, trap, address ---------
# proc_fault's children fault on purpose (test/proc/proc_fault.c); the
# kernel must name each one on the console as it kills it.
fmiss=""
for pat in \
    'page fault at eip 0x[0-9a-f]{8}, writing address 0x00000000: killed' \
    'page fault at eip 0x[0-9a-f]{8}, reading address 0xc0100000: killed' \
    'invalid opcode at eip 0x[0-9a-f]{8}: killed' \
    'divide error at eip 0x[0-9a-f]{8}: killed'; do
	grep -qE "^pid [0-9]+ \(proc_fault\): $pat" "$log" || fmiss="$fmiss [$pat]"
done
# proc_stack's children run past their stack limit (1 MiB, 8 MiB).
for pat in \
    'stack overflow at eip 0x[0-9a-f]{8}, address 0x[0-9a-f]{8}: the stack may not grow past 1048576 bytes \(RLIMIT_STACK\): killed by SIGSEGV'; do
	grep -qE "^pid [0-9]+ \(proc_stack\): $pat" "$log" || fmiss="$fmiss [$pat]"
done
if [ -z "$fmiss" ]; then
	ok "fault-messages (each faulting child named with its trap and address)"
else
	bad fault-messages "missing from the console:$fmiss"
fi

# ---- the IDE disk after the run: every acknowledged write landed ----------
# dev_ide (test/dev/dev_ide.c) ends by writing the last MiB of the IDE
# disk with the pattern disk.sh expects there; the host checks that the
# image holds exactly that and nothing else changed.
log=$LOGDIR/disk-oracle-ide.log
if sh "$TESTDIR/dev/disk.sh" check "$LOGDIR/disk-ide.img" > "$log" 2>&1; then
	ok "disk-oracle-ide (the IDE disk image holds what the guest wrote, nothing else changed)"
else
	bad disk-oracle-ide "disk.sh check $LOGDIR/disk-ide.img failed"
fi

# ---- the virtio-blk disk after the run: every acknowledged write landed ---
# dev_vd (test/dev/dev_vd.c) writes the last MiB of vtbd1, ending with
# the pattern disk.sh expects there; the host checks that the image holds
# exactly that and nothing else changed.
log=$LOGDIR/disk-oracle-vd.log
if sh "$TESTDIR/dev/disk.sh" check "$LOGDIR/disk-vd.img" > "$log" 2>&1; then
	ok "disk-oracle-vd (the virtio-blk image holds what the guest wrote, nothing else changed)"
else
	bad disk-oracle-vd "disk.sh check $LOGDIR/disk-vd.img failed"
fi

# ---- the drivers in processes (drivers=user uart=user) --------------------
# The same driver sources, built as user code (/bin/drvd, lib/libdrv), run
# the virtio-blk functions, the PIIX IDE controller and COM2 that the
# kernel leaves unattached; init grants and supervises them.  Every device
# test of those disks and of COM2 runs unchanged against them (dev_vd,
# dev_ide and dev_bigio write the oracles' regions again; dev_ide's and
# dev_ata's hw.ata.* and dev_vtblk's hw.vtblk.units answered by the
# processes: each virtio-blk disk has its own, and udrv_sysctl checks
# that the kernel asks both, in order, and returns with one of them
# stopped), udrv_part checks that the
# partitions are the process's own (the partition layer runs in it),
# then udrv_crash crashes the virtio-blk driver 8 times holding a read
# (the reads re-sent to its successor), udrv_hang hangs and stops it
# (the heartbeat finds it out) and udrv_hwtie kills the null disk's
# (vtblk0) to check that only its function's grant serves vtbd0 again,
# each judged like every test (status, strays, leaks), and the host
# checks both images.  The IDE image starts fresh, so its oracle judges the user
# ATA driver's writes alone.
UDRV_TESTS=dev_vd,blk_async,dev_part,udrv_part,dd_test,pci_list,dev_ide,dev_bigio,dev_ata,dev_vtblk,dev_tty,uart_io,udrv_sysctl,udrv_crash,udrv_hang,udrv_hwtie
cp "$OBJ/disk-ide.img" "$LOGDIR/"
com2_start udrv
boot tests-udrv 180 -kernel "$KERNEL" -initrd "$BOOTMOD bootcheck.txt,$BOOTFS bootfs.tar" \
	$QEMU_DISKS $QEMU_COM2 -append "drivers=user uart=user utest=$UDRV_TESTS"
umiss=""
for t in $(echo "$UDRV_TESTS" | tr , ' '); do
	grep -q "^PASS user:$t\$" "$log" || umiss="$umiss $t"
done
if [ "$status" -eq 124 ] || grep -q '^panic' "$log"; then
	bad tests-udrv "hung or panicked (qemu status $status)"
elif ! grep -q '^init: vtblk1 runs in process' "$log"; then
	bad tests-udrv "the user virtio-blk driver did not start"
elif ! grep -q '^init: atapci0 runs in process' "$log"; then
	bad tests-udrv "the user ATA driver did not start"
elif ! grep -q '^init: isa:com2 runs in process' "$log"; then
	bad tests-udrv "the user UART driver (COM2) did not start"
elif [ -n "$umiss" ]; then
	bad tests-udrv "did not pass against the user drivers:$umiss"
else
	ok "tests-udrv ($(echo "$UDRV_TESTS" | tr , ' ') against the virtio-blk, ATA and COM2 drivers in processes)"
fi
ulog=$log
com2_check udrv "the driver in a process"
log=$LOGDIR/disk-oracle-ide-udrv.log
if sh "$TESTDIR/dev/disk.sh" check "$LOGDIR/disk-ide.img" > "$log" 2>&1; then
	ok "disk-oracle-ide-udrv (the IDE image holds what the user ATA driver wrote, nothing else changed)"
else
	bad disk-oracle-ide-udrv "disk.sh check $LOGDIR/disk-ide.img failed"
fi
log=$LOGDIR/disk-oracle-vd-udrv.log
if sh "$TESTDIR/dev/disk.sh" check "$LOGDIR/disk-vd.img" > "$log" 2>&1; then
	ok "disk-oracle-vd-udrv (the virtio-blk image holds what the user driver wrote, nothing else changed)"
else
	bad disk-oracle-vd-udrv "disk.sh check $LOGDIR/disk-vd.img failed"
fi

# ---- two interrupt lines held by one driver --------------------------------
# agent_lines (test/dev/agent_lines.c): a process granted the PIIX IDE
# controller holds both channels' interrupts through recvsys beside
# AGENT_NHELD messages (sys/sys/agentvar.h: AGENT_NSLOT, a held slot for
# each line).  The controller is free for a test's grant only here
# (ata=off: the kernel attaches nothing to it and init starts no driver
# for it), and each channel's master is a disk to interrupt for (QEMU's
# null disks: no image, nothing on the host).
IDE_NULL=""
for c in 0 1; do
	IDE_NULL="$IDE_NULL -blockdev driver=null-co,node-name=idenull$c,size=1048576,read-zeroes=on"
	IDE_NULL="$IDE_NULL -device ide-hd,drive=idenull$c,bus=ide.$c,unit=0"
done
boot agent-lines 60 -kernel "$KERNEL" -initrd "$BOOTMOD bootcheck.txt,$BOOTFS bootfs.tar" \
	$IDE_NULL -append "ata=off utest=agent_lines"
if [ "$status" -eq 124 ] || grep -q '^panic' "$log"; then
	bad agent-lines "hung or panicked (qemu status $status)"
elif ! grep -q '^PASS user:agent_lines$' "$log" || [ "$status" -ne 1 ]; then
	bad agent-lines "agent_lines did not pass (qemu status $status)"
else
	ok "agent-lines (both IDE lines' interrupts held by recvsys beside every message a service holds)"
fi

# ---- fault injection into the user disk drivers --------------------------
# The disk drivers in processes again (drivers=user: both virtio-blk
# functions, the test disk and QEMU_PCI's null disk, and the ATA driver
# where it runs as a process),
# now misbehaving on purpose (lib/libdrv/drvfault.c: crashes and hangs,
# corrupted, doubled and missing replies, garbage written to their
# ports; seed 1, one fault per 20 injection points, FAULT_GOAL faults)
# while udrv_fault's readers read and check the disks: every read
# correct or an explicit error, no panic, no hang, no leak (the runner's
# checks), every driver serving again at the end; then the images must
# be as tests-udrv left them (the readers only read).
FAULT_GOAL=${FAULT_GOAL:-3000}
boot faults-udrv 180 -kernel "$KERNEL" -initrd "$BOOTMOD bootcheck.txt,$BOOTFS bootfs.tar" \
	$QEMU_DISKS -append "drivers=user udrv_faults=1:20:$FAULT_GOAL utest=udrv_fault"
fsum=$(grep '^udrv_fault: [0-9]* faults' "$log" | tail -n 1)
if [ "$status" -eq 124 ] || grep -q '^panic' "$log"; then
	bad faults-udrv "hung or panicked (qemu status $status)"
elif ! grep -q '^PASS user:udrv_fault$' "$log" || [ -z "$fsum" ]; then
	bad faults-udrv "udrv_fault did not pass"
elif ! echo "$fsum" | grep -q '/dev/vtbd1' || { grep -q '^init: atapci0 runs in process' "$log" &&
    ! echo "$fsum" | grep -q '/dev/ada0'; }; then
	bad faults-udrv "the campaign did not cover every user disk driver"
else
	ok "faults-udrv (${fsum#udrv_fault: })"
fi
for d in ide vd; do
	log=$LOGDIR/disk-oracle-$d-faults.log
	if sh "$TESTDIR/dev/disk.sh" check "$LOGDIR/disk-$d.img" > "$log" 2>&1; then
		ok "disk-oracle-$d-faults (the $d image unchanged by the faulty drivers)"
	else
		bad disk-oracle-$d-faults "disk.sh check $LOGDIR/disk-$d.img failed"
	fi
done

# ---- fault injection replays from its seed --------------------------------
# The same campaign in replay mode (kern.agent_fault_replay: one reader
# per disk, REPLAY_GOAL faults per device; lib/libdrv/drvfault.c keys
# every decision by device, instance, message and point), booted twice
# with seed 7 under -icount and once with seed 8: the two seed-7 runs
# must print the same digest line (each device's faults, by message,
# point and kind, in order), the seed-8 run another (so the comparison
# can fail).  Each run is udrv_fault's whole check as well.
REPLAY_GOAL=${REPLAY_GOAL:-100}
replay_boot() {	# NAME SEED: one run; its digest line in $rdig
	boot "$1" 240 -icount shift=0 -kernel "$KERNEL" \
		-initrd "$BOOTMOD bootcheck.txt,$BOOTFS bootfs.tar" $QEMU_DISKS \
		-append "drivers=user udrv_faults=$2:20:$REPLAY_GOAL kern.agent_fault_replay=1 utest=udrv_fault"
	rdig=$(grep '^udrv_fault: digest ' "$log" | tail -n 1 | sed 's/^udrv_fault: digest //')
	if [ "$status" -eq 124 ] || grep -q '^panic' "$log" ||
	    ! grep -q '^PASS user:udrv_fault$' "$log" || [ -z "$rdig" ]; then
		rdig=
	fi
}
replay_boot faults-replay-a 7
ra=$rdig
replay_boot faults-replay-b 7
rb=$rdig
replay_boot faults-replay-c 8
rc=$rdig
log=$LOGDIR/faults-replay-b.log
if [ -z "$ra" ] || [ -z "$rb" ] || [ -z "$rc" ]; then
	for l in a b c; do
		grep -q '^udrv_fault: digest ' "$LOGDIR/faults-replay-$l.log" ||
			log=$LOGDIR/faults-replay-$l.log
	done
	bad faults-replay "a replay run did not pass (hung, panicked or udrv_fault failed)"
elif [ "$ra" != "$rb" ]; then
	bad faults-replay "seed 7 twice, two digests: $ra / $rb"
elif [ "$ra" = "$rc" ]; then
	bad faults-replay "seeds 7 and 8 made the same faults: $ra"
else
	ok "faults-replay (seed 7 twice: $ra; seed 8: ${rc%%,*})"
fi

# ---- the other loader: qemu -kernel --------------------------------------
boot tests-kernel 60 -kernel "$KERNEL" -initrd "$BOOTMOD" \
	-append "tests=boot_multiboot_info bootword=two"
if [ "$(summary_of "$log")" = "1 passed, 0 failed" ] && [ "$status" -eq 1 ]; then
	ok "tests-kernel (boots with qemu -kernel too)"
else
	bad tests-kernel "qemu -kernel boot did not pass (status $status)"
fi

# ---- the kernel tests at the smallest memory make check supports ---------
# Tests must hold at any memory size the kernel supports, not only at the
# default: every kernel test again, booted with 32 MB (README: memory).
# Without the boot archive there is no /bin/init, so the boot ends with
# init's failure after the kernel tests: the summary and the names judge.
# The disks are attached as in tests-grub (the kernel tests of the disk
# drivers read them and never write; the oracles above have checked them).
boot tests-32mb 60 -kernel "$KERNEL" -initrd "$BOOTMOD" -m 32 $QEMU_DISKS -append "tests"
ksum=$(summary_of "$log")
kmissing=$(check_kernel_names "$log")
if [ "$status" -eq 124 ] || grep -q '^panic' "$log"; then
	bad tests-32mb "hung or panicked (qemu status $status)"
elif ! grep -q '^memory: .* 0 KB high' "$log"; then
	bad tests-32mb "not booted with 32 MB (no high memory expected)"
elif [ "${ksum#* passed, }" != "0 failed" ] || [ -n "$kmissing" ]; then
	bad tests-32mb "kernel tests failed at 32 MB: ${ksum:-no summary};$kmissing"
else
	ok "tests-32mb (${ksum%%,*} kernel tests with 32 MB of memory)"
fi

# ---- a failing test must fail the run ------------------------------------
boot catches-failure 60 -kernel "$KERNEL" -initrd "$BOOTMOD" \
	-append "tests=selftest_must_fail"
if [ "$(summary_of "$log")" = "0 passed, 1 failed" ] && [ "$status" -eq 3 ] &&
    grep -q '1 + 1 == 3: 2' "$log"; then
	ok "catches-failure (a failing assertion is reported with its values)"
else
	bad catches-failure "the deliberately failing test was not reported"
fi

# ---- running out, at 32 MB ---------------------------------------------------
# The exhaustion tests (fork bombs, memory hogs, kernel-memory hogs) run
# in the full run above at the default size; here again with 32 MB,
# where every limit scales down, under the same runner checks.
# The archive holds init, the runner and these tests only: the whole
# /bin would take most of a 32 MB machine's tmpfs before they start.
LIMITS32="proc_limits vm_oom mem_limits async_limits"
mkdir -p "$LOGDIR/limits"
tar --format=ustar --owner=0 --group=0 --no-recursion \
	-cf "$LOGDIR/limits/bootfs.tar" \
	-C "$OBJ/user/root" bin bin/init bin/testrun \
	$(for t in $LIMITS32; do echo "bin/$t"; done)
boot limits-32mb 180 -kernel "$KERNEL" -m 32 \
	-initrd "$BOOTMOD bootcheck.txt,$LOGDIR/limits/bootfs.tar bootfs.tar" \
	-append "utest=$(echo $LIMITS32 | tr ' ' ',')"
lmiss=""
for t in $LIMITS32; do
	grep -q "^PASS user:$t\$" "$log" || lmiss="$lmiss $t"
done
if [ "$status" -eq 124 ] || grep -q '^panic' "$log"; then
	bad limits-32mb "hung or panicked (qemu status $status)"
elif [ -n "$lmiss" ] || [ "$status" -ne 1 ]; then
	bad limits-32mb "did not pass at 32 MB:$lmiss (qemu status $status)"
else
	ok "limits-32mb (fork bombs, memory and kernel-memory hogs with 32 MB)"
fi

# ---- the user test runner cannot be fooled --------------------------------
# ut_selftest fails 256 checks (a count in the exit status would wrap to
# 0), leaks a file and leaves a child running: testrun must report all
# three on its FAIL line, and the boot must fail.
boot catches-user-failure 60 -kernel "$KERNEL" \
	-initrd "$BOOTMOD bootcheck.txt,$OBJ/bootfs.tar bootfs.tar" \
	-append "utest=ut_selftest"
fl=$(grep '^FAIL user:ut_selftest - ' "$log")
if [ "$status" -eq 3 ] && grep -q '^ut_selftest: FAILED (256 failures)$' "$log" &&
    echo "$fl" | grep -q 'exit status 0x100;' &&
    echo "$fl" | grep -q '1 process(es) left behind;' &&
    echo "$fl" | grep -q 'leak: .*vnodes [0-9]* -> [0-9]*' &&
    grep -q '^user: 0 passed, 1 failed$' "$log"; then
	ok "catches-user-failure (256 failures, a stray child and a leak, all reported)"
else
	bad catches-user-failure "the broken user test was not reported as such (qemu status $status)"
fi

# The check by name: the log of the full run, less one PASS line, must
# be found wanting.
victim=$(sed -e 's/#.*//' "$TESTDIR/runlist" | awk 'NF { n = $1 } END { print n }')
grep -v "^PASS user:$victim\$" "$LOGDIR/tests-grub.log" > "$LOGDIR/shortened.log"
if [ -n "$usum" ] && [ "$(check_names "$LOGDIR/shortened.log")" = " user:$victim" ]; then
	ok "catches-missing-test (a runlist program that did not report is named)"
else
	log=$LOGDIR/shortened.log
	bad catches-missing-test "dropping user:$victim from the log went unnoticed"
fi

# ---- init's shell: started again after any exit -----------------------
# The interactive boot (what make run boots), typed at through the
# serial console all at once: a command that is not found, then exit
# (the shell's status is 127, which init must not take for "cannot start
# a shell"), then lines for the shell init starts next.  Only output
# lines are looked for (the console may echo typed lines early).  QEMU
# never exits: the timeout ends it.
log=$LOGDIR/shell-respawn.log
printf '%s\r' '' 'nosuchcmd' 'exit' 'echo respawned shell ok' 'uptime' \
	'sysctl -a' > "$LOGDIR/shell-respawn.in"
timeout 20 $QEMU -display none -serial stdio -monitor none -kernel "$KERNEL" \
	-initrd "$BOOTMOD bootcheck.txt,$OBJ/bootfs.tar bootfs.tar" \
	< "$LOGDIR/shell-respawn.in" > "$log" 2>&1
tr -d '\r' < "$log" > "$log.txt" && mv "$log.txt" "$log"
if grep -q '^respawned shell ok$' "$log" &&
    grep -q '^up [0-9]*:[0-5][0-9], [0-9]* processes$' "$log" &&
    grep -q '^kern.ostype: Damselfly$' "$log" && ! grep -q 'hello from' "$log" &&
    ! grep -q '^panic' "$log"; then
	ok "shell-respawn (exit after a command not found: init starts a new shell; uptime, sysctl -a)"
else
	bad shell-respawn "no new shell after exit, or uptime/sysctl -a did not answer"
fi

# ---- no shell to start: init says why, and tries again -----------------
# The interactive boot with an archive that has no /bin/sh: init must
# report the reason on the console and try again (twice within the time
# limit: it retries every 5 seconds), never stop silently.
mkdir -p "$LOGDIR/nosh"
cp "$OBJ/bootfs.tar" "$LOGDIR/nosh/bootfs.tar"
tar --delete -f "$LOGDIR/nosh/bootfs.tar" bin/sh
boot no-shell 20 -kernel "$KERNEL" \
	-initrd "$BOOTMOD bootcheck.txt,$LOGDIR/nosh/bootfs.tar bootfs.tar"
pat='^init: cannot start /bin/sh: No such file or directory; trying again in 5 seconds$'
if [ "$(grep -c -- "$pat" "$log")" -ge 2 ] && ! grep -q '^panic' "$log"; then
	ok "no-shell (init reports why it cannot start /bin/sh, and retries)"
else
	bad no-shell "no repeated \"init: cannot start /bin/sh: ...\" (qemu status $status)"
fi

# ---- a damaged boot archive: a message, and the kernel still comes up ------
# archive NAME FILE PATTERN: boot with FILE as bootfs.tar and one kernel test.
archive() {
	boot "$1" 60 -kernel "$KERNEL" \
		-initrd "$BOOTMOD bootcheck.txt,$2 bootfs.tar" \
		-append "tests=boot_multiboot_info"
	if ! grep -q -- "$3" "$log"; then
		bad "$1" "missing \"$3\" (qemu status $status)"
	elif [ "$(summary_of "$log")" != "1 passed, 0 failed" ] ||
	    [ "$status" -ne 1 ]; then
		bad "$1" "the kernel did not come up (qemu status $status)"
	else
		ok "$1 (reported: $3)"
	fi
}
size=$(wc -c < "$OBJ/bootfs.tar")
mkdir -p "$LOGDIR/truncated" "$LOGDIR/corrupt"
head -c $((size / 2)) "$OBJ/bootfs.tar" > "$LOGDIR/truncated/bootfs.tar"
archive archive-truncated "$LOGDIR/truncated/bootfs.tar" 'bootfs: .* is truncated: stopping'
cp "$OBJ/bootfs.tar" "$LOGDIR/corrupt/bootfs.tar"
printf 'XX' | dd of="$LOGDIR/corrupt/bootfs.tar" bs=1 seek=514 conv=notrunc 2>/dev/null
archive archive-corrupt "$LOGDIR/corrupt/bootfs.tar" 'bootfs: bad header at offset 512'

# ---- make run's shell: commands typed on the serial console -------------
# The interactive boot (no test words) ends at a shell prompt.  The console
# echoes what is typed as it arrives (a terminal's line discipline), so
# each line is typed only once the shell has asked for it: feed waits
# for the Nth prompt in the log before typing the Nth line (bounded
# attempts, never a fixed delay).  An item "=PATTERN=COUNT=TEXT" types
# TEXT (printf escapes: \003 is Ctrl-C) once PATTERN appears COUNT times,
# for what a running program reads.  QEMU never exits: the timeout ends it.
# feed LOG ITEM...
feed() {
	flog=$1
	shift
	nprompt=1
	tries=0
	for item in "$@"; do
		case $item in
		=*)	rest=${item#=}
			pat=${rest%%=*}; rest=${rest#*=}
			want=${rest%%=*}; text=${rest#*=} ;;
		*)	pat='damselfly\$ '; want=$nprompt; text="$item\r"
			nprompt=$((nprompt + 1)) ;;
		esac
		while [ "$(grep -o -- "$pat" "$flog" 2>/dev/null | wc -l)" -lt "$want" ]; do
			tries=$((tries + 1))
			[ $tries -gt 400 ] && return 0
			sleep 0.05
		done
		printf "$text"
	done
	# Keep the line open while the last command runs.
	sleep 2
}
log=$LOGDIR/shell.log
: > "$log"
feed "$log" 'ls /' 'mkdir /tmp/hs' 'echo piped text | cat | cat > /tmp/hs/f' \
	'cat /tmp/hs/f' 'ls /tmp | cat' 'echo shell $$' '/bin/cat' \
	'=damselfly\$ /bin/cat=1=typed to cat\r' '=typed to cat=2=\003' \
	'echo back at the prompt $$' |
	timeout 20 $QEMU -display none -serial stdio -monitor none -kernel "$KERNEL" \
	-initrd "$BOOTMOD bootcheck.txt,$OBJ/bootfs.tar bootfs.tar" \
	> "$log" 2>&1
tr -d '\r' < "$log" > "$log.txt" && mv "$log.txt" "$log"
if grep -q '^damselfly\$ ls /$' "$log" && grep -q '^etc$' "$log" &&
    grep -q '^piped text$' "$log" && grep -q '^hs$' "$log" &&
    ! grep -q '^panic' "$log"; then
	ok "shell (make run's prompt runs ls, mkdir, cat and a pipeline)"
else
	bad shell "the shell did not answer as expected"
fi
# Ctrl-C at a cat reading the console: cat echoed its line back, died,
# and a prompt of the same shell ($$ unchanged: the SIGINT went to cat's
# process group only) took the next command.
shpid=$(sed -n 's/^shell \([0-9][0-9]*\)$/\1/p' "$log")
if [ "$(grep -c '^typed to cat$' "$log")" -eq 2 ] && [ -n "$shpid" ] &&
    grep -q 'damselfly\$ echo back at the prompt \$\$$' "$log" &&
    grep -q "^back at the prompt $shpid\$" "$log"; then
	ok "shell-ctrl-c (Ctrl-C stops cat only; the same shell prompts again)"
else
	bad shell-ctrl-c "Ctrl-C did not stop cat, or no prompt came back"
fi

# ---- fatal faults are reported, not hidden -------------------------------
# crash NAME PATTERN...: every pattern must appear, then a panic.
crash() {
	what=$1
	shift
	boot "crash-$what" 60 -kernel "$KERNEL" -initrd "$BOOTMOD" \
		-append "crashtest=$what"
	for pat in "$@" '^panic: '; do
		if ! grep -q -- "$pat" "$log"; then
			bad "crash-$what" "missing \"$pat\" (qemu status $status)"
			return
		fi
	done
	if [ "$status" -ne 255 ]; then
		bad "crash-$what" "QEMU status $status, expected the panic exit (255)"
		return
	fi
	ok "crash-$what (reported: $1)"
}
crash stack 'fatal trap 8: double fault' 'kernel stack overflow in thread main' 'crashtest_recurse'
crash null 'fatal trap 14: page fault while in kernel mode' 'fault address=0x00000000' '#0  0x[0-9a-f]* crashtest_run'
crash ud 'fatal trap 6: invalid opcode' 'crashtest_run'
crash div0 'fatal trap 0: divide error' 'crashtest_run'

total_passed=$((kpassed + upassed + passed))
total_failed=$((kfailed + ufailed + failed))
echo "check: $kpassed kernel tests, $upassed user tests, $passed of $((passed + failed)) harness scenarios passed"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
