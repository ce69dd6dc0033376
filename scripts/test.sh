#!/usr/bin/env bash
# Every check of Conference Facilitator, in the order a reviewer would read them:
#   1. ruff check            style and common bugs (config in pyproject.toml)
#   2. mypy                  strict typing of facilitator/ and ui/ (pyproject.toml) and of scripts/
#   3. lint-imports          layering: ui > command line > meeting > session > services >
#                            record, views > domain; facilitator never imports Qt or ui;
#                            no import cycle inside a package
#   4. domain tests, Qt-free tests/domain with PySide6, shiboken6, qasync and ui made unimportable
#   5. the whole suite       pytest-qt on Qt's offscreen platform, inside xvfb-run so tests that
#                            need a real X screen (screenshots) have one
#   6. other days            the date-sensitive tests (domain, record, preparation, command line)
#                            again under libfaketime at the moments scripts/faketime_moments.py
#                            lists (a year ahead, Christmas, New Year, both clock changes, a leap
#                            day, 23:59:30 before a bank-holiday Monday), two at a time
# Runs them all, then exits non-zero if any failed. pytest's "no tests collected" (exit code 5)
# counts as a failure. Needs the tools of `bash scripts/setup.sh test`. Extra arguments go to the
# last pytest run (e.g. scripts/test.sh -x -k agenda).
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

if command -v xvfb-run >/dev/null; then
    # The sound-device tests re-initialise PortAudio (process-wide) and run private sound
    # servers: they run in a pytest process of their own.
    run "whole test suite (offscreen Qt, under xvfb-run)" env QT_QPA_PLATFORM=offscreen \
        xvfb-run -a -s "-screen 0 1600x1000x24" "$PY" -m pytest \
        --ignore=tests/room_audio --deselect tests/services/test_asr_microphone.py "$@"
    run "sound-device tests (a process of their own)" env QT_QPA_PLATFORM=offscreen \
        "$PY" -m pytest tests/room_audio tests/services/test_asr_microphone.py "$@"
else
    echo "test.sh: xvfb-run is missing: run bash scripts/setup.sh test" >&2
    failed+=("whole test suite (xvfb-run missing)")
fi

# The date-sensitive tests on other days and at other hours. libfaketime fakes the wall clock
# and the monotonic clock together (faking only one makes sleeps fail with EINVAL); TZ is the
# chairs' own. Each moment runs in a pytest process of its own, two at a time (two cores).
DATE_TESTS=(tests/domain tests/record tests/preparation tests/cli)
on_another_day() {
    local label=$1 moment=$2 log=$3
    env QT_QPA_PLATFORM=offscreen TZ=Europe/London FAKETIME_NO_CACHE=1 \
        faketime "$moment" "$PY" -m pytest "${DATE_TESTS[@]}" -q -p no:cacheprovider \
        >"$log" 2>&1
}
if command -v faketime >/dev/null; then
    mapfile -t moments < <("$PY" scripts/faketime_moments.py)
    logs=$(mktemp -d)
    for ((i = 0; i < ${#moments[@]}; i += 2)); do
        pids=()
        for ((j = i; j < i + 2 && j < ${#moments[@]}; j++)); do
            IFS=$'\t' read -r label moment <<<"${moments[j]}"
            on_another_day "$label" "$moment" "$logs/$j.log" &
            pids+=("$!:$j")
        done
        for entry in "${pids[@]}"; do
            pid=${entry%%:*} j=${entry##*:}
            IFS=$'\t' read -r label moment <<<"${moments[j]}"
            status=0
            wait "$pid" || status=$?
            printf '\n==> date-sensitive tests on %s (%s)  (%ds)\n    %s\n' "$label" "$moment" \
                "$((SECONDS - START))" "$(tail -n 1 "$logs/$j.log")"
            if ((status != 0)); then
                tail -n 40 "$logs/$j.log"
                failed+=("date-sensitive tests on $label, $moment (exit $status)")
            fi
        done
    done
    rm -rf "$logs"
else
    echo "test.sh: faketime is missing: run bash scripts/setup.sh test" >&2
    failed+=("date-sensitive tests on other days (faketime missing)")
fi

echo
if ((${#failed[@]})); then
    echo "test.sh: FAILED after $((SECONDS - START)) s:"
    printf '  - %s\n' "${failed[@]}"
    exit 1
fi
echo "test.sh: all checks passed in $((SECONDS - START)) s"
