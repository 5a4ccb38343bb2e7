#!/bin/sh
# profile.sh - make profile: where one disk read's instructions go, per
# function, through the user driver (/bin/drvd) and through the
# in-kernel driver (the README's "Where a read's instructions go now").
#
# Four boots under -icount with the insnprof plugin (insnprof.c): each
# driver side with PROFILE_FEW and PROFILE_FEW + PROFILE_N reads of
# PROFILE_SIZE (4k: random 4 KiB preads; 64k: sequential 64 KiB) of the
# virtio-blk disk, or of the IDE disk with PROFILE_DISK=ide (blk_bench's
# p4k= / p64k=), then insnprof.py on the two differences.  The environment gives the Makefile's QEMU, QEMU_COMMON,
# QEMU_DISKS (with @IDE@ and @VD@ for the images), KERNEL, BOOTMOD,
# BOOTFS, OBJ, UOBJ, DISK_IDE, DISK_VD and the plugin's path PLUGIN.
# Output in $OBJ/profile/: the four counts, boot logs, the table.
set -e
size=${PROFILE_SIZE:-4k}
disk=${PROFILE_DISK:-vd}
few=${PROFILE_FEW:-100}
n=${PROFILE_N:-1000}
dir=$OBJ/profile
mkdir -p "$dir"
case $size in 4k|64k) ;; *) echo "profile: PROFILE_SIZE is 4k or 64k" >&2; exit 1 ;; esac
case $disk in vd) sel= ;; ide) sel=:ide ;; *) echo "profile: PROFILE_DISK is vd or ide" >&2; exit 1 ;; esac
for side in user kernel; do
	args=; [ $side = user ] && args=drivers=user
	for count in $few $((few + n)); do
		cp "$DISK_IDE" "$dir/disk-ide.img"
		cp "$DISK_VD" "$dir/disk-vd.img"
		disks=$(echo "$QEMU_DISKS" | sed "s|@IDE@|$dir/disk-ide.img|; s|@VD@|$dir/disk-vd.img|")
		log=$dir/$disk-$side-$size-$count.log
		# shellcheck disable=SC2086
		timeout 600 $QEMU $QEMU_COMMON -icount shift=0 -display none \
			-plugin "$PLUGIN,out=$dir/$disk-$side-$size-$count.txt" \
			-serial stdio -monitor none -kernel "$KERNEL" \
			-append "bench=blk:$side:p$size=$count$sel $args" $disks \
			-initrd "$BOOTMOD bootcheck.txt,$BOOTFS bootfs.tar" \
			> "$log" 2>&1 || true
		if ! grep -q "reads profiled" "$log" || grep -q "bench: error" "$log"; then
			echo "profile: the $side boot with $count reads failed ($log):" >&2
			tail -20 "$log" >&2
			exit 1
		fi
	done
done
python3 sys/tools/insnprof/insnprof.py -k "$KERNEL" \
	-p "drvd=$UOBJ/root/bin/drvd" -p "blk_bench=$UOBJ/root/bin/blk_bench" \
	-n "$n" "user:$dir/$disk-user-$size-$few.txt:$dir/$disk-user-$size-$((few + n)).txt" \
	"kernel:$dir/$disk-kernel-$size-$few.txt:$dir/$disk-kernel-$size-$((few + n)).txt" \
	| tee "$dir/profile-$disk-$size.txt"
