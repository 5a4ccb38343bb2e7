# smoke.sh - dash (Debian's dash, built unmodified) on Damselfly.
# Run by test/libc/ports_smoke.c in /etc/ports as "dash smoke.sh"; its
# standard output and error are compared with /etc/ports/smoke.sh.out
# (made by the host's dash), line by line.

# functions, with local variables, arguments and return status
greet() {
	local who="$1"
	echo "hello, $who ($# args)"
	return 3
}
greet world extra
echo "status $?"
fact() {
	if [ "$1" -le 1 ]; then echo 1; return; fi
	echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
echo "10! = $(fact 10)"

# loops: for, while, until, break, continue, case
for i in 1 2 3 4 5 6; do
	case $i in
	2) continue ;;
	5) break ;;
	esac
	printf 'for %s\n' "$i"
done
n=0
while [ $n -lt 3 ]; do n=$((n + 1)); done
until [ $n -eq 0 ]; do printf '%d ' $n; n=$((n - 1)); done
echo

# arithmetic
echo $(( 7 * 6 )) $(( 100 / 7 )) $(( 100 % 7 )) $(( -5 + 2 )) $(( 1 << 10 ))
echo $(( (3 > 2) && (2 > 3) )) $(( 0x1f )) $(( 010 )) $(( 2147483647 + 0 ))
x=5; x=$((x * x + 1)); echo "x=$x"

# command substitution, nested, and parameter expansion
dir=$(echo "/etc/$(echo ports)")
echo "dir=$dir len=${#dir} base=${dir##*/} head=${dir%/*}"
echo "${unset_var:-default} ${unset_var:=assigned} $unset_var"
set -- a "b c" d
echo "$# args: $*"
for a in "$@"; do echo "[$a]"; done

# here-documents: expanded, quoted, tab-stripped
name=Damselfly
cat <<EOT
system: $name
sum: $((1 + 2))
EOT
cat <<'EOT'
literal $name $((1 + 2))
EOT
cat <<-EOT
	stripped $name
	EOT

# pipelines
echo "one two three" | { read a b c; echo "$c $b $a"; }
printf 'x\ny\nz\n' | while read l; do echo "line $l"; done
echo piped | cat | cat
! false && echo "negated ok"

# redirections
tmp=/tmp/dash_smoke.txt
echo first > $tmp
echo second >> $tmp
cat < $tmp
while read l; do echo "read: $l"; done < $tmp
{ echo to-stderr 1>&2; } 2> $tmp
cat $tmp
exec 3> $tmp
echo via-fd-3 >&3
exec 3>&-
cat $tmp
rm $tmp
cat $tmp 2>/dev/null || echo "removed"

# subshells, exit status, traps
(exit 7); echo "subshell status $?"
( cd /etc && pwd )
trap 'echo "trap on exit"' EXIT
echo "end of smoke.sh"
