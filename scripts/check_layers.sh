#!/usr/bin/env bash
# The server's layers import only downward: the store knows nothing of jobs or HTTP, the jobs
# nothing of HTTP, and the core nothing at all (not even Foundation). Package.swift makes the
# compiler refuse an upward import; this check also refuses a mention of HTTP in the lower
# layers' files, so that HTTP statuses cannot creep into them as numbers or words.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
refuse() { echo "layering: $1"; status=1; }
imports() { grep -h '^import ' "$@" | sort -u | sed 's/^import //'; }
for module in $(imports Sources/MMCat -r --include='*.swift'); do refuse "the core imports $module"; done
for layer in MMCatStore MMCatJobs; do
    for module in $(imports -r Sources/$layer --include='*.swift'); do
        case "$module" in MMCatServer | Hummingbird | HTTPTypes | ServiceLifecycle) refuse "$layer imports $module" ;; esac
    done
    if grep -rln -i 'http' Sources/$layer; then refuse "the files above, in $layer, mention HTTP"; fi
done
for module in $(imports -r Sources/MMCatStore --include='*.swift'); do
    [ "$module" = MMCatJobs ] && refuse "MMCatStore imports MMCatJobs"
done
[ $status -eq 0 ] && echo "layers import only downward"
exit $status
