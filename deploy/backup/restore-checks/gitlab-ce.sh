#!/bin/sh
# restore-test's check for the gitlab-ce VM: what GitLab CE needs to come back from this backup is in it and readable:
# gitlab.rb, gitlab-secrets.json (without it GitLab's own backup archives cannot be decrypted), the installed
# package's version and the backups directory where gitlab-backup writes its archives.
# Reads only; prints no file's content but the version. Exits non-zero with stderr naming what is missing.
# Simple sh only (no if/for): the rehearsal lab runs it too.
set -eu
cat /etc/gitlab/gitlab.rb >/dev/null
cat /etc/gitlab/gitlab-secrets.json >/dev/null
grep -q 'gitlab_rails' /etc/gitlab/gitlab-secrets.json || echo "/etc/gitlab/gitlab-secrets.json holds no gitlab_rails secrets" >&2
grep -q 'gitlab_rails' /etc/gitlab/gitlab-secrets.json
cat /opt/gitlab/embedded/service/gitlab-rails/VERSION >/dev/null
test -d /var/opt/gitlab/backups || echo "GitLab's backup directory /var/opt/gitlab/backups is missing or empty" >&2
test -d /var/opt/gitlab/backups
echo "gitlab-ce: gitlab.rb, gitlab-secrets.json and /var/opt/gitlab/backups present; version"
cat /opt/gitlab/embedded/service/gitlab-rails/VERSION
