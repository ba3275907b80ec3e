"""The preview of a mention import made fast enough for 100,000 rows: its texts made once
per label, day and minute (the importer also pauses the cyclic garbage collector while the
rows are read, checked and written: a file of 100,000 rows makes millions of objects, none
of them garbage, and the collector's passes took about a quarter of the import's time)."""

from __future__ import annotations

from datetime import datetime

from training.accounts.services import platform_label
from training.core.importplan import Change, RowPlan, row_plan
from training.core.timefmt import format_local_time, short_day, to_local
from training.people.models import Person
from training.responses.services import FIELD_LABELS, FIELDS, changed_fields


class PreviewTexts:
    """The preview's texts, each label and each day's and minute's text made once per
    preview rather than once per row (a file has up to 100,000 rows); a time reads as
    ``format_local`` writes it."""

    def __init__(self) -> None:
        self.texts: dict = {}

    def _once(self, key, make):
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = make()
        return text

    def time(self, instant: datetime, tz: str) -> str:
        local = to_local(instant, tz)
        day = self._once(local.date(), lambda: short_day(local.date()))
        clock = self._once((local.hour, local.minute, tz), lambda: format_local_time(local, tz))
        return f"{day} {clock}"

    def value(self, value, tz: str) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return self.time(value, tz)
        if isinstance(value, Person):
            return f"{value.nrp} {value.full_name}"
        return str(value)

    def field(self, name: str) -> str:
        return self._once(("field", name), lambda: str(FIELD_LABELS[name]))

    def platform(self, code: str) -> str:
        return self._once(("platform", code), lambda: platform_label(code))

    def row_plan(self, item) -> RowPlan:
        """The preview row of a planned import row (``training.responses.importer``)."""
        account, values, tz = item.account, item.values, item.tz
        key, label = f"@{account.handle}/{values['mention_key']}", self.platform(account.platform)
        if item.mention is None:
            received = Change(self.field("received_at"), "", self.time(values["received_at"], tz))
            return row_plan(item.line, key, label, [received], new=True, moved=False)
        stored = {n: getattr(item.mention, n) for n in FIELDS}
        changes = [
            Change(self.field(n), self.value(stored[n], tz), self.value(values[n], tz))
            for n in changed_fields(item.mention, values)
        ]
        return row_plan(item.line, key, label, changes, new=False, moved=False)
