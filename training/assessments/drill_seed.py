"""The default scenario bank of the response drill: simulated citizen mentions in
Indonesian (data, not interface text), each with what a good reply contains.

Loaded by ``flask drill-scenarios seed`` and the demo seed (``ensure_default_scenarios``),
never by a migration. Handles and places are invented.
"""

from __future__ import annotations

#: (code, title, platform, handle, category, mention text, rubric hints)
DEFAULT_SCENARIOS = (
    (
        "CURI-MOTOR",
        "Laporan pencurian sepeda motor",
        "x",
        "rina_wulandari88",
        "aduan",
        "@polresta_uji tolong pak motor saya baru hilang di parkiran minimarket Jl. Melati "
        "jam 8 pagi tadi, Beat hitam plat B 4412 KTR. Saya harus lapor ke mana? 🙏",
        "Empati singkat; minta data lewat DM (bukan di kolom publik): lokasi, waktu, nomor "
        "polisi, STNK; arahkan membuat laporan polisi di SPKT terdekat atau lewat layanan "
        "online; sebut nomor 110 bila pelaku masih terlihat; tidak menjanjikan motor pasti "
        "kembali.",
    ),
    (
        "MACET-PASAR",
        "Keluhan kemacetan depan pasar",
        "instagram",
        "warga_cibubur",
        "aduan",
        "@polsek_uji tiap sore depan Pasar Baru macet total gara2 parkir liar dan angkot "
        "ngetem, petugas ga pernah ada. Kapan ditertibkan??",
        "Terima kasih atas laporannya; akui masalahnya tanpa menyalahkan; sampaikan akan "
        "diteruskan ke Unit Lantas/Satlantas dengan waktu dan lokasi; jelaskan tindak lanjut "
        "(pengaturan jam sibuk); ajak warga melapor lagi bila berulang.",
    ),
    (
        "HOAKS-CULIK",
        "Hoaks penculikan anak",
        "facebook",
        "bunda.azka",
        "isu_negatif",
        "Ibu2 hati2!! katanya ada penculikan anak pakai mobil putih di SD Negeri 3, "
        "sudah 2 anak hilang. @humas_polres_uji benar ga ini??",
        "Tenang dan faktual: sampaikan sudah dicek dan belum ada laporan (atau sedang "
        "didalami); minta warga tidak menyebarkan kabar yang belum pasti; arahkan ke kanal "
        "resmi untuk klarifikasi; nomor 110 bila melihat kejadian; tanpa nada menyalahkan.",
    ),
    (
        "WARGA-MARAH",
        "Warga marah laporannya tidak ditanggapi",
        "x",
        "dodi_kecewa",
        "aduan",
        "@polres_uji udah 3 minggu lapor penipuan online ga ada kabar sama sekali. "
        "Percuma lapor polisi!! Nomor LP saya LP/B/112/XI/2026",
        "Tetap santun, tidak membalas emosi; minta maaf atas ketidaknyamanan; minta kontak "
        "lewat DM untuk dicek ke penyidik; beri perkiraan kapan dikabari; tidak membuka data "
        "perkara di kolom publik.",
    ),
    (
        "DARURAT-KDRT",
        "Keadaan darurat: kekerasan sedang terjadi",
        "instagram",
        "tetangga_cemas",
        "darurat",
        "@polsek_uji tolong!! rumah sebelah saya dari tadi ada teriakan dan suara pukulan, "
        "ada anak kecil nangis. Jl. Kenanga 12",
        "Segera arahkan menelepon 110 (bebas pulsa, 24 jam); sampaikan laporan diteruskan ke "
        "piket/Bhabinkamtibmas; minta warga menjaga keselamatan diri; jangan minta bukti "
        "atau berdebat; balas secepatnya.",
    ),
    (
        "TANYA-SKCK",
        "Pertanyaan syarat SKCK",
        "tiktok",
        "fresh_graduate_22",
        "pertanyaan",
        "@polres_uji min mau bikin SKCK buat lamar kerja syaratnya apa aja ya? bisa online ga?",
        "Jawab langsung: syarat pokok (KTP, KK, akta/ijazah, pas foto, sidik jari); "
        "sebut pendaftaran online dan lokasi pelayanan; jam layanan; tautan informasi resmi; "
        "ramah dan ringkas.",
    ),
    (
        "BALAP-LIAR",
        "Balap liar tengah malam",
        "x",
        "ronda_rt05",
        "aduan",
        "@polsek_uji tiap malam minggu jam 1an ada balap liar di Jl. Lingkar Timur, "
        "bising & bahaya. Sudah lapor RT tapi tetap aja",
        "Terima kasih; sampaikan akan dijadwalkan patroli di lokasi dan jam itu; ajak "
        "mengirim info tambahan lewat DM; tidak meminta warga bertindak sendiri; 110 bila "
        "terjadi kecelakaan.",
    ),
    (
        "PUNGLI-TILANG",
        "Tuduhan pungli saat tilang",
        "facebook",
        "andre.s",
        "isu_negatif",
        "Tadi ditilang di perempatan Tugu, diminta 'damai' 200rb. @polres_uji ini "
        "resmi?? Katanya Presisi...",
        "Tanggapi serius dan santun; tegaskan tilang resmi tidak dibayar di tempat (e-tilang/"
        "BRIVA); minta waktu, lokasi, ciri petugas lewat DM untuk diteruskan ke Propam; "
        "tidak membantah atau menuduh balik di publik.",
    ),
    (
        "KEHILANGAN-DOK",
        "Surat keterangan kehilangan",
        "instagram",
        "nadia.putri",
        "pertanyaan",
        "@polsek_uji dompet saya hilang, isinya KTP, SIM & ATM. Buat surat kehilangan "
        "harus datang ke kantor ya? bawa apa?",
        "Empati; jelaskan surat keterangan kehilangan di SPKT (bawa fotokopi KK/identitas "
        "lain); sarankan blokir ATM segera; jam layanan; ringkas dan jelas.",
    ),
    (
        "INFO-MUDIK",
        "Informasi rekayasa lalu lintas",
        "youtube",
        "mas_bayu_vlog",
        "informasi",
        "@polres_uji besok ada penutupan jalan buat acara karnaval ga? mau lewat "
        "Jl. Sudirman jam 9",
        "Informasi akurat dan lengkap: jam dan ruas yang ditutup, jalur alternatif; tautan "
        "ke unggahan resmi; bila belum pasti, katakan akan dikabari dan jangan menebak.",
    ),
    (
        "BEGAL-VIRAL",
        "Video begal viral",
        "tiktok",
        "infojalanan_",
        "isu_negatif",
        "Viral video begal di flyover Kalimalang semalam, korbannya ojol. "
        "@polres_uji kemana aja?? warga takut keluar malam",
        "Akui keresahan warga; sampaikan kasus sedang ditangani (tanpa detail penyidikan); "
        "imbauan keamanan; minta saksi/rekaman lewat DM; 110 untuk keadaan darurat; "
        "hindari berdebat.",
    ),
    (
        "SPAM-PROVOKASI",
        "Komentar provokatif",
        "x",
        "anon_88213",
        "isu_negatif",
        "@polres_uji polisi kerjanya cuma razia doang, kasus besar didiemin. Mending bubarin aja",
        "Tidak terpancing; satu balasan santun yang mengundang menyampaikan kasus konkret "
        "lewat kanal resmi; tidak menghapus kritik yang sah; tidak menyerang pribadi.",
    ),
)
