#!/bin/sh
# Refresh the English catalogue after changing user-facing text, then compile it.
#
#   scripts/update_translations.sh
#
# 1. extracts every _() / _l() / lazy_gettext() string from training/ and templates/
#    (mapping in babel.cfg) into a temporary .pot file;
# 2. updates training/translations/en/LC_MESSAGES/messages.po: new msgids get an empty
#    msgstr (no fuzzy guesses, which gettext would ignore anyway), removed msgids are dropped;
# 3. compiles the .mo files (git-ignored; `make translations` does the same) and prints
#    how many messages are translated.
#
# Then fill in every empty msgstr in messages.po, run this script again and check with
#   .venv/bin/python -m pytest -q tests/test_i18n.py
# which lists (file:line) every message still lacking an English translation.
set -eu

cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
POT="$(mktemp "${TMPDIR:-/tmp}/presisi-messages.XXXXXX")"
trap 'rm -f "$POT"' EXIT

"$PYBABEL" -q extract -F babel.cfg -k _l -k lazy_gettext \
    --project "Presisi Training" -o "$POT" .
"$PYBABEL" -q update -i "$POT" -d training/translations -l en \
    --ignore-obsolete --no-fuzzy-matching
"$PYBABEL" compile -d training/translations --statistics
