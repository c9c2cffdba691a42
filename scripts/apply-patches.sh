#!/usr/bin/env bash
# Apply patches/<package>-<version>-*.patch to the installed packages of the virtualenv
# whose python is given. Idempotent: a patch already applied is left alone; a patch
# that applies neither way (another version installed) fails the set-up.
set -euo pipefail

python=${1:-.venv/bin/python}
root=$(cd "$(dirname "$0")/.." && pwd)
site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

for patch_file in "$root"/patches/*.patch; do
    [ -e "$patch_file" ] || continue
    name=$(basename "$patch_file" .patch)      # weasyprint-70.0-tounicode-clusters
    package=${name%%-*}
    wanted=$(echo "$name" | cut -d- -f2)
    installed=$("$python" -c "import importlib.metadata as m; print(m.version('$package'))")
    if [ "$installed" != "$wanted" ]; then
        echo "apply-patches: $name is for $package $wanted, $installed is installed" >&2
        exit 1
    fi
    if patch -d "$site" -p1 -R --dry-run -s -f < "$patch_file" >/dev/null 2>&1; then
        continue  # already applied
    fi
    if ! patch -d "$site" -p1 --forward --dry-run -s -f < "$patch_file" >/dev/null; then
        echo "apply-patches: $name does not apply to $site" >&2
        exit 1
    fi
    patch -d "$site" -p1 --forward -s -f --no-backup-if-mismatch < "$patch_file"
    echo "apply-patches: applied $name"
done
