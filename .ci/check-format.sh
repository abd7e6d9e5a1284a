#!/usr/bin/env bash
# .ci/check-format.sh - fail when a C source or header differs from what
# clang-format (with the repository's .clang-format) makes of it.
#   .ci/check-format.sh        check (CI runs this)
#   .ci/check-format.sh --fix  reformat the files in place
# In a git checkout the files are the tracked and untracked-but-not-ignored
# *.c and *.h; elsewhere every *.c and *.h outside build directories.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

fix=0
case "${1:-}" in
--fix) fix=1 ;;
"") ;;
*)
    echo "check-format: unknown argument '$1'" >&2
    exit 2
    ;;
esac

command -v clang-format >/dev/null ||
    { echo "check-format: clang-format not found: run deploy/install-deps.sh --test" >&2; exit 1; }

files=()
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    while IFS= read -r -d '' f; do
        [ -f "$f" ] && files+=("$f")
    done < <(git ls-files -z --cached --others --exclude-standard -- '*.c' '*.h')
else
    while IFS= read -r -d '' f; do
        files+=("$f")
    done < <(find . \( -path './build*' -o -path './.git' -o -name node_modules \) -prune -o \
        -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)
fi

if [ ${#files[@]} -eq 0 ]; then
    echo "check-format: no C files found" >&2
    exit 1
fi

if [ "$fix" = 1 ]; then
    clang-format -i "${files[@]}"
    echo "check-format: formatted ${#files[@]} files"
    exit 0
fi

bad=()
for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "check-format: ${#bad[@]} of ${#files[@]} files are not clang-formatted:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "check-format: first differences:" >&2
    for f in "${bad[@]:0:3}"; do
        clang-format --dry-run --Werror "$f" 2>&1 | head -n 9 >&2 || true
    done
    echo "check-format: run .ci/check-format.sh --fix (or clang-format -i FILE)" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted correctly ($(clang-format --version | head -n1))"
