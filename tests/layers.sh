#!/bin/sh
# Includes go downward only (doc/ARCHITECTURE.md, "Layers"): a file in
# src/<layer>/ may include headers of its own layer and of the layers below
# it, never above; a check's folder never includes another check's; nothing
# in src/ includes curses or the TUI (ui/), but main.c, which starts it.
# The screens in ui/ sit on top and may include any layer.
set -u
top=${TESTS_SRCDIR:-$(dirname "$0")}/..
cd "$top" || exit 99

rank() {
	case $1 in
	core/*) echo 1 ;; net/*) echo 2 ;; aws/*) echo 3 ;; fix/*) echo 4 ;;
	checks/*) echo 5 ;; acm/*) echo 6 ;; report/*) echo 7 ;; cli/*) echo 8 ;;
	main.c) echo 9 ;;
	*) echo 0 ;;
	esac
}

pass=0 fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

for f in $(find src -name '*.[ch]' ! -name data_files.c | sort); do
	rel=${f#src/}
	own=$(rank "$rel")
	[ "$own" = 0 ] && { bad "$f is in no layer (src/<layer>/)"; continue; }
	ownck=$(echo "$rel" | sed -n 's|^checks/\([^/]*\)/.*|\1|p')
	# quoted includes, and angle-bracket curses
	grep -n '^#[[:space:]]*include' "$f" | while IFS= read -r line; do
		inc=$(echo "$line" | sed -n 's/.*include[[:space:]]*"\([^"]*\)".*/\1/p')
		case $line in *'<curses.h>'*|*'<ncurses'*|*'<ncursesw/'*|*'<term.h>'*)
			echo "FAIL: $f includes curses: $line"; continue ;; esac
		[ -z "$inc" ] || [ "$inc" = config.h ] && continue
		if [ "$rel" = main.c ] && [ "$inc" = tui.h ]; then continue; fi
		r=$(rank "$inc")
		if [ "$r" = 0 ]; then echo "FAIL: $f includes \"$inc\", not a layer path"; continue; fi
		[ "$r" -le "$own" ] || { echo "FAIL: $f ($rel) includes \"$inc\", a layer above it"; continue; }
		ck=$(echo "$inc" | sed -n 's|^checks/\([^/]*\)/.*|\1|p')
		if [ -n "$ck" ] && [ -n "$ownck" ] && [ "$ck" != "$ownck" ]; then
			echo "FAIL: $f includes \"$inc\": a check includes another check"
		fi
		[ -n "$ck" ] && [ "$own" = "$(rank checks/x.h)" ] && [ -z "$ownck" ] &&
			echo "FAIL: $f includes \"$inc\": the check interface must not know a check"
	done >"${TMPDIR:-/tmp}/layers.$$"
	if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
		cat "${TMPDIR:-/tmp}/layers.$$"
		fail=$((fail + $(wc -l <"${TMPDIR:-/tmp}/layers.$$")))
	else
		pass=$((pass + 1))
	fi
	rm -f "${TMPDIR:-/tmp}/layers.$$"
done

# The rule itself must catch a violation: a check including the report layer.
probe=$(printf '#include "report/report.h"\n' | grep -c 'report/')
r=$(rank report/report.h); c=$(rank checks/x.h)
if [ "$probe" = 1 ] && [ "$r" -gt "$c" ]; then pass=$((pass + 1)); else bad "the rank table lets a check include the report layer"; fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
