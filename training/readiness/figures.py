"""Readiness figures of one unit (own or whole subtree) and the Siap/Sebagian/Belum siap rule."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from flask_babel import lazy_gettext as _l

from training.readiness.models import ReadinessStatus, ReadinessThresholds
from training.readiness.outcome import RESPONSE_CODES, Response, response_label

#: Counters summed up the tree (averages are kept as sum and count so they roll up exactly).
COUNTERS = (
    "targets",
    "certified",
    "commanders",
    "commanders_certified",
    "accounts",
    "accounts_verified",
    "level_sum",
    "level_n",
    "attendance_sum",
    "attendance_n",
    "expiring",
    "failed",
    "untrained",
)

STATUS_LABELS = {
    ReadinessStatus.READY: _l("Siap"),
    ReadinessStatus.PARTIAL: _l("Sebagian"),
    ReadinessStatus.NOT_READY: _l("Belum siap"),
}


def _pct(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(slots=True)
class Figures:
    #: (person, course) pairs targeted by the programme's courses.
    targets: int = 0
    #: ... of which hold a current certificate for that course.
    certified: int = 0
    #: Unit heads (kapolda/kapolres/kapolsek) among the targets, and how many are certified.
    commanders: int = 0
    commanders_certified: int = 0
    #: Active official social-media accounts, and how many carry the blue tick.
    accounts: int = 0
    accounts_verified: int = 0
    level_sum: float = 0.0
    level_n: int = 0
    attendance_sum: float = 0.0
    attendance_n: int = 0
    #: Current certificates that end within the programme's "expiring soon" window.
    expiring: int = 0
    #: Targets whose course status is failed / who hold no current certificate and did not fail.
    failed: int = 0
    untrained: int = 0

    def add(self, other: Figures) -> None:
        self.targets += other.targets
        self.certified += other.certified
        self.commanders += other.commanders
        self.commanders_certified += other.commanders_certified
        self.accounts += other.accounts
        self.accounts_verified += other.accounts_verified
        self.level_sum += other.level_sum
        self.level_n += other.level_n
        self.attendance_sum += other.attendance_sum
        self.attendance_n += other.attendance_n
        self.expiring += other.expiring
        self.failed += other.failed
        self.untrained += other.untrained

    def copy(self) -> Figures:
        return Figures(*(getattr(self, name) for name in COUNTERS))

    @property
    def certified_pct(self) -> float | None:
        return _pct(self.certified, self.targets)

    @property
    def accounts_pct(self) -> float | None:
        return _pct(self.accounts_verified, self.accounts)

    @property
    def commanders_pct(self) -> float | None:
        return _pct(self.commanders_certified, self.commanders)

    @property
    def average_level(self) -> float | None:
        return round(self.level_sum / self.level_n, 2) if self.level_n else None

    @property
    def attendance_pct(self) -> float | None:
        return round(self.attendance_sum / self.attendance_n, 1) if self.attendance_n else None

    def as_dict(self) -> dict:
        """The public figures (API, CSV, frozen report figures)."""
        return {
            "targets": self.targets,
            "certified": self.certified,
            "certified_pct": self.certified_pct,
            "commanders": self.commanders,
            "commanders_certified": self.commanders_certified,
            "accounts": self.accounts,
            "accounts_verified": self.accounts_verified,
            "accounts_pct": self.accounts_pct,
            "average_level": self.average_level,
            "attendance_pct": self.attendance_pct,
            "expiring": self.expiring,
            "failed": self.failed,
            "untrained": self.untrained,
        }


assert tuple(f.name for f in fields(Figures)) == COUNTERS


@dataclass(slots=True)
class UnitReadiness:
    unit_id: int
    parent_id: int | None
    code: str
    name: str
    level: str
    path: str
    own: Figures = field(default_factory=Figures)
    subtree: Figures = field(default_factory=Figures)
    #: Whether the unit's own head holds a current certificate for their tier;
    #: None when no course targets the heads of this level (e.g. Mabes).
    commander_certified: bool | None = None
    status: str = ReadinessStatus.NOT_READY
    #: Codes of the Siap criteria that are not met (see unmet_labels).
    unmet: list[str] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)
    #: Aduan response of the subtree over the window (None: no aduan; readiness.outcome).
    response: Response | None = None
    #: Aduan response of the unit's own accounts over the window (None: no aduan).
    own_response: Response | None = None
    #: "Perlu penyegaran": the unit's own people trained, its own accounts slow
    #: (readiness.outcome, readiness.rollup.judged).
    refresher: bool = False

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[ReadinessStatus(self.status)])


def default_thresholds(program_id: int | None = None) -> ReadinessThresholds:
    """Thresholds with the model's defaults (not added to the session)."""
    values = {
        column.name: column.default.arg
        for column in ReadinessThresholds.__table__.columns
        if column.default is not None
    }
    return ReadinessThresholds(program_id=program_id, **values)


def rule_values(rules: ReadinessThresholds) -> tuple:
    """The thresholds as a plain tuple (read once per roll-up, not once per unit)."""
    return (
        rules.ready_certified_pct,
        rules.ready_accounts_pct,
        rules.ready_min_level,
        rules.ready_attendance_pct,
        rules.ready_requires_commander,
        rules.partial_certified_pct,
    )


def decide(unit: UnitReadiness, rules: ReadinessThresholds) -> tuple[str, list[str]]:
    """Siap when every criterion holds on the subtree figures (and the unit's head is
    certified, when required); else Sebagian when enough people are certified; else Belum
    siap. Returns the status and the codes of the unmet Siap criteria (see unmet_labels)."""
    values = [getattr(unit.subtree, name) for name in COUNTERS]
    return decide_values(values, unit.commander_certified, rule_values(rules))


def decide_values(f, commander: bool | None, rules: tuple) -> tuple[str, list[str]]:
    """``decide`` on a sequence of COUNTERS values (the roll-up's fast path); the shares are
    rounded as displayed (Figures' properties) before they are compared."""
    targets, certified, _, _, accounts, verified, lsum, ln, asum, an = f[:10]
    ready_pct, ready_accounts, min_level, ready_attendance, needs_commander, partial = rules
    pct = round(100.0 * certified / targets, 1) if targets else None
    unmet = []
    if pct is None or pct < ready_pct:
        unmet.append("certified")
    if ready_accounts > 0 and (
        not accounts or round(100.0 * verified / accounts, 1) < ready_accounts
    ):
        unmet.append("accounts")
    if not ln or round(lsum / ln, 2) < min_level:
        unmet.append("level")
    if not an or round(asum / an, 1) < ready_attendance:
        unmet.append("attendance")
    if needs_commander and commander is False:
        unmet.append("commander")
    if not unmet:
        return ReadinessStatus.READY, unmet
    if pct is not None and pct >= partial:
        return ReadinessStatus.PARTIAL, unmet
    return ReadinessStatus.NOT_READY, unmet


#: An unmet Siap criterion with nothing to measure yet (its figure shows "—") says so.
NO_DATA_LABELS = {
    "certified": _l("Belum ada data: belum ada personel sasaran di satuan ini"),
    "accounts": _l("Belum ada data: belum ada akun resmi yang terdaftar"),
    "level": _l("Belum ada data: belum ada penilaian kompetensi"),
    "attendance": _l("Belum ada data: belum ada kehadiran tercatat"),
}


def unmet_labels(unit: UnitReadiness, rules: ReadinessThresholds) -> list[str]:
    """The unmet Siap criteria of ``unit`` in words; a criterion with nothing to measure yet
    (no target personnel, no registered account, no assessment, no roll call) says so."""
    sub = unit.subtree
    below = {
        "certified": _l("Personel bersertifikat di bawah %(n)s%%", n=rules.ready_certified_pct),
        "accounts": _l("Akun resmi terverifikasi di bawah %(n)s%%", n=rules.ready_accounts_pct),
        "level": _l("Rata-rata kompetensi di bawah %(n)s", n=rules.ready_min_level),
        "attendance": _l("Kehadiran di bawah %(n)s%%", n=rules.ready_attendance_pct),
        "commander": _l("Komandan belum memegang sertifikat yang berlaku"),
    }
    counts = {
        "certified": sub.targets,
        "accounts": sub.accounts,
        "level": sub.level_n,
        "attendance": sub.attendance_n,
    }
    return [
        response_label(code, unit.response, rules)
        if code in RESPONSE_CODES
        else str(NO_DATA_LABELS[code] if not counts.get(code, 1) else below[code])
        for code in unit.unmet
    ]
