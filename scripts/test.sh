#!/usr/bin/env bash
# Every check of Conference Facilitator, in the order a reviewer would read them:
#   1. ruff check            style and common bugs (config in pyproject.toml)
#   2. mypy                  strict typing of facilitator/ and ui/ (pyproject.toml) and of scripts/
#   3. lint-imports          layering: ui > command line > meeting > session > services >
#                            record, views > domain; facilitator never imports Qt or ui;
#                            no import cycle inside a package
#   4. domain tests, Qt-free tests/domain with PySide6, shiboken6, qasync and ui made unimportable
#   5. the whole suite       pytest-qt on Qt's offscreen platform, in two lanes at once: the
#                            network tests (SIP, namespaces, WebRTC, nginx) in one pytest
#                            process; the rest inside xvfb-run, so tests that need a real X
#                            screen (screenshots) have one, then the sound-device tests
#   6. other days            the date-sensitive tests (domain, record, preparation, command line)
#                            again under libfaketime at the moments scripts/faketime_moments.py
#                            lists (a year ahead, Christmas, New Year, both clock changes, a leap
#                            day, 23:59:30 before a bank-holiday Monday), each lane taking the
#                            next moment when its part of the suite is done
# Runs them all, then exits non-zero if any failed. pytest's "no tests collected" (exit code 5)
# counts as a failure. Needs the tools of `bash scripts/setup.sh test`. Extra arguments go to the
# suite's pytest runs (e.g. scripts/test.sh -x -k agenda).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-$PWD/.venv}
[[ -x $VENV/bin/python ]] || { echo "test.sh: no $VENV: run bash scripts/setup.sh test" >&2; exit 1; }
export PATH="$VENV/bin:$PATH"
PY=$VENV/bin/python
START=$SECONDS
failed=()

# run NAME COMMAND...: a heading, the command, its verdict; never stops the script.
run() {
    local name=$1 status=0
    shift
    printf '\n==> %s  (%ds)\n    $ %s\n' "$name" "$((SECONDS - START))" "$*"
    "$@" || status=$?
    if ((status == 5)) && [[ $* == *pytest* ]]; then
        echo "    pytest collected no tests (exit code 5): counted as a failure"
    fi
    if ((status != 0)); then
        failed+=("$name (exit $status)")
        echo "    -> $name FAILED (exit $status)"
    else
        echo "    -> $name ok"
    fi
}

run "ruff check" ruff check .
run "mypy (facilitator/ and ui/, strict)" mypy
run "mypy (scripts/, strict)" mypy --strict scripts/install_models.py scripts/update_locks.py \
    scripts/faketime_moments.py
run "lint-imports" lint-imports
run "domain tests with Qt blocked" "$PY" -m pytest tests/domain -p tests.block_qt -p no:pytest-qt \
    -W ignore::pytest.PytestConfigWarning \
    -p no:cacheprovider -q

# Two lanes at once (two cores; the suite waits on real time more than it computes: 0.6 of a
# core on average): real peers over the network (SIP, namespaces, WebRTC, nginx) in
# one pytest process; the rest of the suite in another, under xvfb-run, then the sound-device
# tests. Both lanes then take the date-sensitive moments one at a time from the same list. Each
# lane writes its log; the logs are shown whole, one lane after the other, when both are done.
NETWORK_TESTS=(tests/sip tests/netns tests/rtc tests/deploy)
SOUND_TESTS=(tests/room_audio tests/services/test_asr_microphone.py)
DATE_TESTS=(tests/domain tests/record tests/preparation tests/cli)
lanes=$(mktemp -d)
trap 'rm -rf "$lanes"' EXIT
if command -v faketime >/dev/null; then
    mapfile -t moments < <("$PY" scripts/faketime_moments.py)
else
    moments=()
    echo "test.sh: faketime is missing: run bash scripts/setup.sh test" >&2
    failed+=("date-sensitive tests on other days (faketime missing)")
fi

# The date-sensitive tests on other days and at other hours. libfaketime fakes the wall clock
# and the monotonic clock together (faking only one makes sleeps fail with EINVAL); TZ is the
# chairs' own. Each moment runs in a pytest process of its own; a lane claims the next moment
# no lane has taken (mkdir is atomic).
on_other_days() {
    local j label moment status
    for ((j = 0; j < ${#moments[@]}; j++)); do
        mkdir "$lanes/moment.$j" 2>/dev/null || continue
        IFS=$'\t' read -r label moment <<<"${moments[j]}"
        status=0
        env QT_QPA_PLATFORM=offscreen TZ=Europe/London FAKETIME_NO_CACHE=1 \
            faketime "$moment" "$PY" -m pytest "${DATE_TESTS[@]}" -q -p no:cacheprovider \
            >"$lanes/moment.$j/log" 2>&1 || status=$?
        printf '\n==> date-sensitive tests on %s (%s)  (%ds)\n    %s\n' "$label" "$moment" \
            "$((SECONDS - START))" "$(tail -n 1 "$lanes/moment.$j/log")"
        if ((status != 0)); then
            tail -n 40 "$lanes/moment.$j/log"
            echo "date-sensitive tests on $label, $moment (exit $status)" >>"$lanes/failed"
        fi
    done
}

# lane NAME COMMAND...: `run` in the background, its failures kept in $lanes/failed.
lane_run() {
    failed=()
    run "$@"
    ((${#failed[@]} == 0)) || printf '%s\n' "${failed[@]}" >>"$lanes/failed"
}

network_lane() {
    lane_run "network tests: SIP, namespaces, WebRTC, nginx (offscreen Qt)" \
        env QT_QPA_PLATFORM=offscreen "$PY" -m pytest "${NETWORK_TESTS[@]}" "$@"
    on_other_days
}

local_lane() {
    if command -v xvfb-run >/dev/null; then
        local ignored=() path
        for path in "${NETWORK_TESTS[@]}" tests/room_audio; do ignored+=("--ignore=$path"); done
        lane_run "the rest of the suite (offscreen Qt, under xvfb-run)" env QT_QPA_PLATFORM=offscreen \
            xvfb-run -a -s "-screen 0 1600x1000x24" "$PY" -m pytest "${ignored[@]}" \
            --deselect tests/services/test_asr_microphone.py "$@"
    else
        echo "test.sh: xvfb-run is missing: run bash scripts/setup.sh test" >&2
        echo "the rest of the suite (xvfb-run missing)" >>"$lanes/failed"
    fi
    # The sound-device tests re-initialise PortAudio (process-wide) and run private sound
    # servers: they run in a pytest process of their own.
    lane_run "sound-device tests (a process of their own)" env QT_QPA_PLATFORM=offscreen \
        "$PY" -m pytest "${SOUND_TESTS[@]}" "$@"
    on_other_days
}

network_lane "$@" >"$lanes/network.log" 2>&1 &
network=$!
local_lane "$@" >"$lanes/local.log" 2>&1 &
local_pid=$!
# A lane that stopped before its end (its shell failed outside `run`) or moments nobody ran
# are failures too, never a quiet pass.
wait "$network" || echo "the network lane stopped early (exit $?)" >>"$lanes/failed"
wait "$local_pid" || echo "the other lane stopped early (exit $?)" >>"$lanes/failed"
ran=$(find "$lanes" -maxdepth 1 -name 'moment.*' | wc -l)
if ((ran < ${#moments[@]})); then
    echo "date-sensitive tests: $ran of ${#moments[@]} moments ran" >>"$lanes/failed"
fi
printf '\n======== lane 1: the network tests, then moments ========\n'
cat "$lanes/network.log"
printf '\n======== lane 2: the rest of the suite, sound devices, then moments ========\n'
cat "$lanes/local.log"
if [[ -s $lanes/failed ]]; then
    mapfile -t -O "${#failed[@]}" failed <"$lanes/failed"
fi

echo
if ((${#failed[@]})); then
    echo "test.sh: FAILED after $((SECONDS - START)) s:"
    printf '  - %s\n' "${failed[@]}"
    exit 1
fi
echo "test.sh: all checks passed in $((SECONDS - START)) s"
