"""The demo's question banks: four questions per competency of the default framework, as a
social-media operator of a Polres or Polsek meets them. Data in Indonesian (like the
framework's names), not interface text. ``R`` marks the right choice of a single-answer
question; true/false questions give their truth."""

from __future__ import annotations

from training.learning.bankdata import ChoiceData, Kind, QuestionData, true_false_choices

#: code -> [(kind, text, answers)]: single: (right, wrong...); truefalse: truth;
#: short: accepted answers.
QUESTIONS = {
    "AKUN": [
        (
            "single",
            "Siapa yang boleh memegang kata sandi akun resmi Instagram satuan?",
            ("Admin yang ditunjuk dengan surat perintah", "Semua anggota Humas", "Operator lama"),
        ),
        ("truefalse", "Autentikasi dua faktor (2FA) wajib aktif pada setiap akun resmi.", True),
        (
            "single",
            "Seorang admin dimutasi ke satuan lain. Apa yang pertama dilakukan?",
            (
                "Mencabut aksesnya dan mengganti kata sandi hari itu juga",
                "Menunggu sampai ia meminta dicabut",
                "Membiarkan aksesnya untuk bantuan darurat",
            ),
        ),
        ("short", "Singkatan untuk autentikasi dua faktor (tiga karakter)?", ("2FA",)),
    ],
    "ADUAN": [
        (
            "single",
            "Warga mengadu lewat mention bahwa laporannya belum ditindaklanjuti. Tanggapan awal "
            "yang tepat?",
            (
                "Berterima kasih, minta nomor laporan lewat DM, sampaikan akan dicek",
                "Meminta warga datang langsung ke kantor",
                "Tidak membalas agar tidak ramai",
            ),
        ),
        ("truefalse", "Data pribadi pelapor boleh ditulis di balasan publik agar jelas.", False),
        (
            "single",
            "Aduan masuk di luar jam dinas. Apa yang dilakukan operator piket?",
            (
                "Membalas dalam target waktu respons dan meneruskan ke fungsi terkait",
                "Menjawab besok pagi saja",
                "Menghapus mention tersebut",
            ),
        ),
        ("truefalse", "Setiap aduan yang sudah selesai ditindaklanjuti dikabarkan ke warga.", True),
    ],
    "KONTEN": [
        (
            "single",
            "Unggahan imbauan mudik yang baik memuat ...",
            (
                "Pesan singkat, info layanan (nomor darurat), visual jelas dan tagar resmi",
                "Teks panjang tanpa gambar",
                "Foto pimpinan tanpa keterangan",
            ),
        ),
        (
            "truefalse",
            "Foto wajah anak korban boleh diunggah bila sudah diburamkan sedikit.",
            False,
        ),
        (
            "single",
            "Sebelum mengunggah data statistik kejadian, operator harus ...",
            (
                "Memeriksa angka ke fungsi sumber dan minta persetujuan pimpinan",
                "Menyalin dari grup percakapan",
                "Mengunggah dulu lalu memeriksa",
            ),
        ),
        ("short", "Tanda pagar untuk mengelompokkan unggahan disebut ...", ("tagar", "hashtag")),
    ],
    "KRISIS": [
        (
            "single",
            "Video dugaan kekerasan oleh anggota viral. Langkah pertama admin akun?",
            (
                "Melapor ke pimpinan dan Humas, menunggu klarifikasi resmi",
                "Membantah di kolom komentar",
                "Menonaktifkan akun sementara",
            ),
        ),
        ("truefalse", "Berdebat dengan akun anonim di kolom komentar meredakan isu.", False),
        (
            "single",
            "Klarifikasi resmi sebaiknya ...",
            (
                "Berisi fakta yang sudah diverifikasi, langkah yang diambil, dan kanal aduan",
                "Menyerang pihak yang menyebarkan video",
                "Ditulis sepanjang mungkin",
            ),
        ),
        ("truefalse", "Isu negatif dicatat dan dipantau sejak pertama kali muncul.", True),
    ],
    "HUKUM": [
        (
            "single",
            "Undang-undang yang mengatur informasi dan transaksi elektronik disebut ...",
            ("UU ITE", "UU Lalu Lintas", "UU Kepegawaian"),
        ),
        ("truefalse", "Identitas lengkap tersangka anak boleh dipublikasikan.", False),
        (
            "single",
            "Warga mengirim tangkapan layar berisi hoaks. Yang tepat dilakukan?",
            (
                "Memverifikasi, lalu mengunggah klarifikasi berlabel hoaks tanpa menyebar isinya",
                "Meneruskan tangkapan layar apa adanya",
                "Mengabaikannya",
            ),
        ),
        ("truefalse", "Data pribadi korban dilindungi dan tidak diunggah.", True),
    ],
    "ANALITIK": [
        (
            "single",
            "Jangkauan (reach) sebuah unggahan berarti ...",
            (
                "Jumlah akun unik yang melihat unggahan",
                "Jumlah komentar",
                "Jumlah pengikut baru",
            ),
        ),
        ("truefalse", "Waktu unggah terbaik bisa dibaca dari data interaksi per jam.", True),
        (
            "single",
            "Interaksi turun tiga minggu berturut-turut. Tindakan yang tepat?",
            (
                "Membandingkan jenis dan jam unggahan, lalu mencoba pola baru",
                "Membeli pengikut",
                "Mengunggah lebih sering tanpa melihat data",
            ),
        ),
        ("short", "Persentase interaksi terhadap jangkauan disebut engagement ...", ("rate",)),
    ],
}


def question_data(code: str) -> list[QuestionData]:
    """The bank of competency ``code`` as QuestionData, tagged with the code."""
    found = []
    for kind, text, answers in QUESTIONS.get(code, []):
        tags = [code.lower(), "demo"]
        if kind == "single":
            right, *wrong = answers
            choices = [ChoiceData(right, 100.0, "Tepat.")] + [
                ChoiceData(w, 0.0, "Kurang tepat.") for w in wrong
            ]
        elif kind == "truefalse":
            choices = true_false_choices(answers)
        else:
            choices = [ChoiceData(a, 100.0) for a in answers]
        found.append(QuestionData(Kind(kind), text, tags=tags, choices=choices))
    return found
