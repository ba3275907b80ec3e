"""The default competency framework of the social-media training programme.

Names and descriptions are data (stored in Indonesian, editable by admins), not interface
text. The response target for complaints is a setting of the command, not a fact of the
framework, so the description names it without a figure.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from training.assessments.models import Competency, CourseCompetency
from training.extensions import db

#: (code, name, description, default weight in a course)
DEFAULT_COMPETENCIES = (
    (
        "AKUN",
        "Verifikasi & keamanan akun",
        "Mengajukan verifikasi akun resmi, mengaktifkan autentikasi dua faktor (2FA) dan "
        "mengelola akses admin: siapa memegang kata sandi, pencabutan akses saat mutasi.",
        2,
    ),
    (
        "ADUAN",
        "Menjawab aduan lewat mention",
        "Menanggapi aduan dan pertanyaan warga yang masuk lewat mention atau pesan dalam "
        "target waktu respons yang ditetapkan satuan, dengan bahasa santun dan tindak lanjut "
        "yang jelas.",
        2,
    ),
    (
        "KONTEN",
        "Menulis unggahan informatif",
        "Menyusun unggahan yang akurat, ringkas dan mudah dipahami (imbauan, layanan, "
        "kegiatan), dengan visual dan tagar yang tepat.",
        1,
    ),
    (
        "KRISIS",
        "Menangani isu negatif & krisis",
        "Mengenali isu negatif sejak dini, melapor ke pimpinan, menyiapkan klarifikasi dan "
        "menahan diri dari perdebatan di kolom komentar.",
        2,
    ),
    (
        "HUKUM",
        "Hukum & etika (UU ITE)",
        "Memahami UU ITE, perlindungan data pribadi dan kode etik: tidak menyebar data "
        "tersangka/korban, hoaks, atau ujaran kebencian.",
        2,
    ),
    (
        "ANALITIK",
        "Membaca analitik akun",
        "Membaca jangkauan, interaksi dan sentimen akun, lalu memakainya untuk memperbaiki "
        "jadwal dan isi unggahan.",
        1,
    ),
)

DEFAULT_CODES = tuple(code for code, *_rest in DEFAULT_COMPETENCIES)


def ensure_default_framework() -> list[Competency]:
    """Create the missing default competencies; return the six in framework order.

    Idempotent: existing competencies (possibly edited by an admin) are left as they are.
    The caller commits.
    """
    existing = set(db.session.scalars(select(Competency.code)))
    missing = [
        {"code": code, "name": name, "description": text, "position": i, "is_active": True}
        for i, (code, name, text, _weight) in enumerate(DEFAULT_COMPETENCIES, start=1)
        if code not in existing
    ]
    if missing:
        db.session.execute(insert(Competency), missing)
    rows = db.session.scalars(select(Competency).where(Competency.code.in_(DEFAULT_CODES)))
    by_code = {c.code: c for c in rows}
    return [by_code[code] for code in DEFAULT_CODES]


def assign_default_competencies(course) -> list[CourseCompetency]:
    """Give ``course`` the default framework with its default weights if it has none yet.

    A course that already has competencies keeps them. The caller commits.
    """
    current = list(
        db.session.scalars(select(CourseCompetency).where(CourseCompetency.course_id == course.id))
    )
    if current:
        return current
    weights = {code: weight for code, _n, _d, weight in DEFAULT_COMPETENCIES}
    rows = [
        CourseCompetency(course_id=course.id, competency=c, weight=weights[c.code])
        for c in ensure_default_framework()
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows
