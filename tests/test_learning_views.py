"""Question bank pages: the form keeps what was typed, import shows a preview before it
writes, hostile uploads change nothing, exports download, links reach the bank, and
regional trainers read without edit buttons."""

from io import BytesIO
from pathlib import Path

from sqlalchemy import func, select

from tests.factories import make_course, make_person, make_tree
from tests.import_steps import token_of
from tests.learning_builders import make_bank, make_competency, true_false
from training.assessments.framework import assign_default_competencies
from training.learning.gift import parse_gift
from training.learning.models import Question, QuestionBank
from training.learning.services import bank_for, save_question

DATA = Path(__file__).parent / "data"


def questions(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def upload(client, competency, data: bytes, fmt="gift", filename="bank.gift"):
    return client.post(
        f"/learning/banks/{competency.id}/import",
        data={"fmt": fmt, "file": (BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_a_national_trainer_adds_a_question_through_the_form(db, client, login):
    competency = make_competency("AKUN")
    trainer = login("trainer")
    form = {
        "kind": "multiple",
        "name": "Keamanan akun",
        "text": "Mana yang menjaga akun resmi?",
        "category": "Keamanan",
        "tags": "akun, 2fa",
        "answers-0-text": "Mengaktifkan 2FA",
        "answers-0-fraction": "50",
        "answers-0-feedback": "Ya.",
        "answers-1-text": "Mencatat siapa memegang sandi",
        "answers-1-fraction": "50",
        "answers-2-text": "Berbagi sandi lewat grup",
        "answers-2-fraction": "-100",
    }

    response = client.post(f"/learning/banks/{competency.id}/questions/new", data=form)

    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert (question.kind, question.category, question.created_by_id) == (
        "multiple",
        "Keamanan",
        trainer.id,
    )
    assert [(c.text, c.fraction) for c in question.choices][2] == (
        "Berbagi sandi lewat grup",
        -100.0,
    )
    assert [t.name for t in question.tags] == ["akun", "2fa"]


def test_a_refused_question_keeps_what_was_typed(db, client, login):
    competency = make_competency("ADUAN")
    login("admin")
    form = {
        "kind": "multiple",
        "text": "Pilih langkah yang tepat menanggapi aduan",
        "answers-0-text": "Menanggapi santun",
        "answers-0-fraction": "60",
        "answers-1-text": "Menghapus aduan",
        "answers-1-fraction": "abc",
    }

    response = client.post(f"/learning/banks/{competency.id}/questions/new", data=form)

    assert response.status_code == 200
    assert "Harus angka." in response.text
    assert 'value="Menanggapi santun"' in response.text
    form["answers-1-fraction"] = "0"
    response = client.post(f"/learning/banks/{competency.id}/questions/new", data=form)
    assert "berjumlah 100%" in response.text
    assert "Pilih langkah yang tepat menanggapi aduan</textarea>" in response.text
    assert questions(db) == 0


def test_the_edit_form_shows_the_stored_answers_and_saves_changes(db, client, login):
    competency, (question, _tf) = make_bank("KONTEN")
    login("trainer")

    page = client.get(f"/learning/questions/{question.id}/edit")
    response = client.post(
        f"/learning/questions/{question.id}/edit",
        data={
            "kind": "short",
            "text": "Singkatan dua faktor?",
            "case_sensitive": "y",
            "answers-0-text": "2FA",
            "answers-0-fraction": "100",
        },
    )

    assert 'value="Admin yang ditunjuk"' in page.text
    assert response.status_code == 302
    db.session.refresh(question)
    assert (question.kind, question.case_sensitive, [c.text for c in question.choices]) == (
        "short",
        True,
        ["2FA"],
    )
    assert competency.id == question.bank.competency_id


def test_import_previews_then_writes_on_confirmation(db, client, login):
    competency = make_competency("HUKUM")
    login("trainer")

    preview = upload(client, competency, (DATA / "bank_moodle.gift").read_bytes())

    assert preview.status_code == 200
    assert "8 soal baru, 0 sudah ada (dilewati)." in preview.text
    assert "Kepanjangan UU ITE" in preview.text and "$course$/top/HUKUM/Istilah" in preview.text
    assert questions(db) == 0
    done = client.post(
        f"/learning/banks/{competency.id}/import/confirm",
        data={"token": token_of(preview.text)},
        follow_redirects=True,
    )
    assert "Impor selesai: 8 soal ditambahkan, 0 sudah ada." in done.text
    assert questions(db) == 8
    again = client.post(
        f"/learning/banks/{competency.id}/import/confirm", data={"token": token_of(preview.text)}
    )
    assert again.headers["Location"].endswith(f"/learning/banks/{competency.id}/import")
    assert questions(db) == 8


def test_a_replaced_preview_is_not_written(db, client, login):
    competency = make_competency("BASI")
    login("admin")
    preview = upload(client, competency, b"Soal baru {T}\n\nSoal lain {F}\n")
    upload_first = upload(client, competency, b"Soal baru {T}\n")  # replaces the kept upload
    client.post(
        f"/learning/banks/{competency.id}/import/confirm",
        data={"token": token_of(upload_first.text)},
    )

    response = client.post(
        f"/learning/banks/{competency.id}/import/confirm",
        data={"token": token_of(preview.text)},
        follow_redirects=True,
    )

    assert "Pratinjau impor tidak ditemukan" in response.text
    assert questions(db) == 1


def test_a_preview_gone_stale_is_not_written(db, client, login):
    competency = make_competency("BERUBAH")
    login("admin")
    preview = upload(client, competency, b"Soal baru {T}\n\nSoal lain {F}\n")
    save_question(bank_for(competency), true_false("Soal baru", True))  # meanwhile
    db.session.commit()

    response = client.post(
        f"/learning/banks/{competency.id}/import/confirm",
        data={"token": token_of(preview.text)},
        follow_redirects=True,
    )

    assert "Bank soal berubah sejak pratinjau dibuat" in response.text
    assert questions(db) == 1


def test_a_broken_upload_lists_lines_and_changes_nothing(db, client, login):
    competency, _saved = make_bank("RUSAK")
    login("trainer")
    before = questions(db)

    response = upload(client, competency, b"Baik {T}\n\nRusak {=a ~b\n\nJenis lain {#3}\n")

    assert response.status_code == 200
    assert "Tidak ada data yang disimpan" in response.text
    assert "Baris 3: Kurung kurawal { tidak pernah ditutup dengan }." in response.text
    assert "Baris 5: Soal numerik" in response.text
    assert 'name="token"' not in response.text
    assert questions(db) == before


def test_exports_download_the_bank(db, client, login):
    competency, _saved = make_bank("UNDUH")
    login("trainer", unit=make_tree()["polres_a"])  # a regional trainer may export

    gift = client.get(f"/learning/banks/{competency.id}/export/gift")
    aiken = client.get(f"/learning/banks/{competency.id}/export/aiken")

    assert gift.headers["Content-Disposition"] == "attachment; filename=bank-unduh.gift"
    parsed, errors = parse_gift(gift.text)
    assert (errors, [q.kind for q in parsed]) == ([], ["single", "truefalse"])
    assert parsed[1].tags == ["akun"]
    assert aiken.headers["Content-Disposition"] == "attachment; filename=bank-unduh-aiken.txt"
    assert aiken.text.count("ANSWER:") == 2
    assert client.get(f"/learning/banks/{competency.id}/export/xml").status_code == 404


def test_a_regional_trainer_reads_the_bank_without_edit_buttons(db, client, login):
    competency, (question, _tf) = make_bank("BACA")
    login("trainer", unit=make_tree()["polres_a"])

    page = client.get(f"/learning/banks/{competency.id}")

    assert "Siapa yang memegang kata sandi akun resmi?" in page.text
    assert "Admin yang ditunjuk" in page.text
    assert f"/learning/questions/{question.id}/edit" not in page.text
    assert "Tambah soal" not in page.text and "Ekspor GIFT" in page.text


def test_the_bank_filters_by_tag_and_counts_what_aiken_holds(db, client, login):
    competency, _saved = make_bank("SARING")
    login("admin")

    page = client.get(f"/learning/banks/{competency.id}?tag=akun")

    assert "Autentikasi dua faktor" in page.text
    assert "Siapa yang memegang" not in page.text
    assert "1 dari 1 soal yang ditampilkan" in page.text


def test_banks_are_reached_from_the_menu_programme_and_competency_pages(db, client, login):
    course = make_course(tier=1)
    assign_default_competencies(course)
    make_person(make_tree()["polsek_a"])
    db.session.commit()
    login("trainer")

    home = client.get("/")
    programme = client.get(f"/programs/{course.program_id}")
    weights = client.get(f"/assessments/courses/{course.id}/competencies")
    banks = client.get("/learning/banks")

    assert 'href="/learning/banks"' in home.text
    assert f"/assessments/courses/{course.id}/competencies" in programme.text
    assert "Bank soal per kompetensi" in programme.text
    first = db.session.scalar(select(func.min(QuestionBank.competency_id))) or 0
    assert first == 0  # nothing created by looking
    assert 'href="/learning/banks/' in weights.text and "0 soal" in banks.text


def test_commanders_and_participants_see_no_bank_link(db, client, login):
    tree = make_tree()
    login("commander", unit=tree["polda_a"])

    home = client.get("/")

    assert "/learning/banks" not in home.text


def test_a_large_bank_is_shown_fifty_questions_a_page(db, client, login):
    many = [true_false(f"Pernyataan nomor {n:02d}", n % 2 == 0) for n in range(60)]
    competency, _saved = make_bank("BESAR", questions=many)
    db.session.commit()
    login("trainer")

    first = client.get(f"/learning/banks/{competency.id}")
    second = client.get(f"/learning/banks/{competency.id}?page=2")

    assert first.text.count("<article") == 50 and second.text.count("<article") == 10
    assert "Pernyataan nomor 59" in second.text and "Pernyataan nomor 59" not in first.text
    assert f'href="/learning/banks/{competency.id}?page=2"' in first.text


def test_the_audit_log_names_the_question_fields(db, client, login):
    admin = login("admin")
    competency = make_competency("LOG")
    save_question(bank_for(competency), true_false("Dicatat di log audit", True), actor=admin)
    db.session.commit()

    page = client.get("/audit/")

    assert "Teks soal" in page.text and "Dicatat di log audit" in page.text


def test_an_upload_over_the_size_limit_is_refused_in_words(db, client, login, monkeypatch):
    # a small limit: uploads over 500 KB go through a temporary file the test client leaves open
    monkeypatch.setattr("training.learning.bankio.MAX_BYTES", 20 * 1024)
    monkeypatch.setattr("training.learning.pages.MAX_BYTES", 20 * 1024)
    competency = make_competency("BESAR")
    login("admin")

    response = upload(client, competency, b"Soal {T}\n\n" * 3_000)  # 30 KB

    assert "Berkas terlalu besar: paling besar 20 KB." in response.text
    assert questions(db) == 0
