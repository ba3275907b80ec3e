"""Indonesian person and place names for synthetic demo data.

Names are drawn per region: a Polda's people are mostly of the region's own naming
tradition (Javanese in Jawa Timur, Bugis in Sulawesi Selatan, Papuan in Papua...) with
colleagues from elsewhere, as in a real posting.
"""

from __future__ import annotations

import random


def _w(text: str, sep: str | None = None) -> list[str]:
    """Split a long literal of words (name lists read better as prose)."""
    return text.split(sep)


# Each group: male given names, female given names, then second names for men and for
# women (one shared tuple where they are family names: Batak marga, Papuan clans...).
GROUPS: dict[str, tuple[list[str], ...]] = {
    "jawa": (
        _w(
            "Agus Budi Bambang Joko Hadi Slamet Eko Dwi Tri Wahyu Heru Sigit Teguh Hari Yudi "
            "Rudi Adi Bayu Dimas Galih Anang Arif Bagus Catur Dodik Fajar Gatot Imam Kukuh "
            "Nanang Pandu Rizky Setyo Sugeng Wisnu Yoga"
        ),
        _w(
            "Sri Siti Dewi Endang Rina Wulan Ayu Dian Retno Yuli Ratna Nur Indah Tutik Wahyu "
            "Sekar Ningsih Anik Diah Puji"
        ),
        _w(
            "Santoso Setiawan Susanto Wibowo Prasetyo Nugroho Purnomo Hidayat Saputra Kurniawan "
            "Wijaya Gunawan Sutrisno Widodo Pratama Hartono Utomo Darmawan Sulistyo Wahyudi "
            "Haryanto Subagyo Triyono"
        ),
        _w(
            "Rahayu Lestari Handayani Wulandari Purwanti Suryani Kusumawati Astuti Rahmawati "
            "Anggraini Puspitasari Susilowati Wahyuni Ningrum"
        ),
    ),
    "sunda": (
        _w(
            "Asep Dede Ujang Cecep Dadang Yayan Acep Iwan Wawan Deden Encep Agus Ade Dani "
            "Endang Jajang Mamat Nandang Rudi Yusuf"
        ),
        _w(
            "Euis Neneng Imas Cucu Lilis Nining Yanti Rina Ai Enung Tati Iis Nunung Rini Popon Yeni"
        ),
        _w(
            "Saepudin Sopian Kurniawan Hermawan Sunarya Supriatna Somantri Nugraha Permana "
            "Suryana Rukmana Hidayat Gumilar Wiguna Sukmana"
        ),
        _w(
            "Komalasari Nurhasanah Rosita Sulastri Mulyani Kurniasih Nurjanah Rohaeti "
            "Sumiati Rahmawati"
        ),
    ),
    "batak": (
        _w(
            "Roy Hotman Parlindungan Martua Jonathan Daniel Ronald Togar Bonar Poltak Sahat "
            "Hendra Benny Rudolf Binsar Gomgom Maruli Tigor Hasudungan Lamhot"
        ),
        _w(
            "Lastri Rosmawati Maria Debora Yohana Theresia Rotua Sondang Tiurma Evi Rosa "
            "Nurmala Dameria Lenny"
        ),
        _w(
            "Simanjuntak Siregar Nasution Harahap Hutapea Situmorang Sitompul Pardede Panjaitan "
            "Sihombing Lubis Silalahi Tambunan Simatupang Manurung Hutagalung Sinaga "
            "Tampubolon Sembiring Ginting Purba Napitupulu Damanik Saragih"
        ),
    ),
    "minang": (
        _w(
            "Rahmat Andri Fadli Yusuf Hendri Afrizal Zulfikar Rizal Syafri Irwan Yulizar "
            "Fauzi Ilham Doni Edwar Nofrizal"
        ),
        _w("Fitri Yulia Rahmi Silvia Yessi Elvira Rika Mira Desi Nofita Weni Yosi"),
        _w(
            "Chaniago Piliang Koto Tanjung Sikumbang Putra Hamdani Syahputra Efendi Rasyid "
            "Mardianto"
        ),
        _w(
            "Chaniago Piliang Koto Tanjung Sikumbang Yanti Rahmawati Novita Febriani Oktavia "
            "Susanti Syafitri"
        ),
    ),
    "aceh": (
        _w(
            "Muhammad Zulkifli Fauzan Iskandar Mukhlis Nazaruddin Munir Taufik Husaini Azhari "
            "Khairul Fadhil Ridwan Syarifuddin Mahdi"
        ),
        _w(
            "Nurul Rahmah Fitriani Mawarni Safrina Nurhayati Maulidar Zahratul Khairunnisa "
            "Cut Rauzah Sarah"
        ),
        _w("Iqbal Rizal Amri Syahputra Mahmud Ibrahim Hasballah Yusuf Hamdani Abdullah Ismail"),
        _w("Husna Aini Fajriah Rahmi Mutia Zuhra Wardani Safitri"),
    ),
    "bugis": (
        _w(
            "Syamsul Rahman Arfah Ikhsan Syahrir Nasrullah Hasanuddin Basri Amiruddin Jumadi "
            "Baso Muhammad Ahmad Sudirman Irfan Akbar Ramli"
        ),
        _w(
            "Nurhayati Hasnawati Nurhaeda Rosmiati Kasmawati Hasmiah Irmawati Nurfadillah "
            "Sitti Aisyah Haslinda Rahmatia"
        ),
        _w(
            "Bahri Rasyid Amir Pallawa Mappiasse Tahir Mansyur Latif Ramli Sainal Arsyad "
            "Palaguna Mattalitti Pawelloi Sanusi Maulana Hamzah"
        ),
        _w("Aisyah Hasanah Rahmawati Nurjannah Sahriani Wahida Syamsiah Bahri Amir Tahir"),
    ),
    "bali": (
        _w("Made Wayan Ketut Nyoman Gede Putu Komang Kadek"),
        _w("Luh Made Wayan Ketut Putu Nyoman Kadek Komang"),
        _w(
            "Suardana Sudarsana Artawan Wiratama Adnyana Sutama Sudiarta Mahendra Sukadana "
            "Parwata Suarjana Widiana Astawa Arnawa"
        ),
        _w(
            "Ariani Suartini Sukmawati Widiastuti Puspawati Mahayani Yuliastini Sri Astuti "
            "Ayu Lestari"
        ),
    ),
    "papua": (
        _w(
            "Yohanis Markus Yakob Yulianus Petrus Frans Marthen Otniel Yusuf Agustinus Daniel "
            "Yosias Herman Semuel Elias"
        ),
        _w("Maria Yosina Yuliana Ester Martha Naomi Selfina Debora Ribka Agustina Yohana"),
        _w(
            "Wenda Kogoya Tabuni Rumbiak Mandowen Wanggai Yoku Ayomi Rumaropen Kambu Krey "
            "Sawaki Numberi Waromi Mansoben Rumkorem Yeimo Pigai Gobai Wonda Kareth"
        ),
    ),
    "timur": (
        _w(
            "Yohanes Ferdinand Alfons Stefanus Yoseph Melkianus Obed Jefri Ricky Marthinus "
            "Hendrik Albert"
        ),
        _w("Yuliana Maria Fransiska Veronika Margaretha Kristina Yohana Natalia Meliana"),
        _w(
            "Manafe Ndun Fanggidae Bani Tallo Riwu Dethan Pello Latuconsina Tuasikal Pattiasina "
            "Sahetapy Tuhumury Lewerissa Matulessy Wattimena Pelupessy Lumentut Pangemanan "
            "Sondakh Mandagi Kaunang Wowor Runtuwene Lasut"
        ),
    ),
}

#: Naming traditions per Polda code, with weights; unlisted codes use NATIONAL.
NATIONAL = {"jawa": 45, "sunda": 15, "batak": 10, "minang": 8, "bugis": 10, "aceh": 4,
            "bali": 3, "timur": 3, "papua": 2}  # fmt: skip
REGIONS: dict[str, dict[str, int]] = {
    "01": {"aceh": 70, "jawa": 10, "batak": 10, "minang": 10},
    "02": {"batak": 55, "jawa": 25, "minang": 10, "aceh": 10},
    "03": {"minang": 75, "jawa": 10, "batak": 15},
    **dict.fromkeys(("04", "10"), {"minang": 35, "batak": 25, "jawa": 30, "aceh": 10}),
    **dict.fromkeys(
        ("05", "06", "07", "08", "09"), {"jawa": 50, "minang": 20, "sunda": 10, "batak": 20}
    ),
    "11": {"jawa": 40, "sunda": 25, "batak": 15, "minang": 10, "bugis": 5, "timur": 5},
    **dict.fromkeys(("12", "16"), {"sunda": 70, "jawa": 25, "batak": 5}),
    **dict.fromkeys(("13", "14", "15"), {"jawa": 90, "sunda": 5, "batak": 5}),
    "17": {"bali": 80, "jawa": 20},
    "18": {"jawa": 40, "bugis": 30, "bali": 30},
    "19": {"timur": 75, "jawa": 15, "bugis": 10},
    **dict.fromkeys(
        ("20", "21", "22", "23", "24"),
        {"jawa": 45, "bugis": 20, "batak": 10, "minang": 10, "sunda": 15},
    ),
    "25": {"timur": 70, "bugis": 15, "jawa": 15},
    **dict.fromkeys(("26", "27", "28", "29", "30"), {"bugis": 75, "jawa": 15, "timur": 10}),
    **dict.fromkeys(("31", "32"), {"timur": 60, "bugis": 20, "jawa": 20}),
    **dict.fromkeys(("33", "34"), {"papua": 55, "timur": 15, "jawa": 15, "bugis": 15}),
}


def person_name(rng: random.Random, region: str, female: bool) -> str:
    """Return a realistic full name for someone posted in Polda ``region``."""
    weights = REGIONS.get(region, NATIONAL)
    group = rng.choices(list(weights), weights=list(weights.values()))[0]
    names = GROUPS[group]
    given = rng.choice(names[1] if female else names[0])
    second = rng.choice(names[-1] if female else names[2])
    if group == "bali":
        return f"{'Ni' if female else 'I'} {given} {second}"
    if group == "bugis" and rng.random() < 0.3:
        return f"Andi {given} {second}"
    if group == "aceh" and rng.random() < 0.2:
        return f"{'Cut' if female else 'Teuku'} {given} {second}"
    if not female and group in ("jawa", "sunda", "bugis", "minang") and rng.random() < 0.1:
        return f"Muhammad {given} {second}"
    return f"{given} {second}"


# Place-name parts per island group: (prefixes, suffixes).
PLACES: dict[str, tuple[list[str], list[str]]] = {
    "jawa": (
        _w(
            "Sumber Karang Tegal Wono Sido Kebon Kali Ngadi Purwo Suko Mulyo Tanjung Banyu "
            "Watu Gunung Pandan Jati Krajan Bangun Rejo Tirto Giri Selo Bendo"
        ),
        _w(
            "rejo sari mulyo agung harjo asri kerto makmur jaya arum wangi kidul lor wetan "
            "kulon anyar tengah sono dadi gede"
        ),
    ),
    "sumatera": (
        _w(
            "Tanjung Muara Sungai Bukit Batang Koto Lubuk Padang Pulau Simpang Teluk Air "
            "Pasir Kampung Lubuk Talang"
        ),
        _w(
            " Baru| Tinggi| Panjang| Raya| Gadang| Hilir| Hulu| Merah| Putih| Jaya| Sakti| Dua| "
            "Tujuh| Kuning| Alam| Batu| Rantau| Sirih",
            "|",
        ),
    ),
    "kalimantan": (
        _w("Sungai Tanjung Muara Long Nanga Sei Bukit Rantau Batu Pulau Tanah Kuala"),
        _w(
            " Ampah| Laut| Pinang| Jawi| Kelua| Raya| Hulu| Hilir| Baru| Apo| Durian| Tabalong| "
            "Kubu| Pandan| Panjang",
            "|",
        ),
    ),
    "sulawesi": (
        _w("Bonto Tana Pa Ma Ba Tamala Bulu Siden Pangka Bara Tellu Lappa Sinjai Barru"),
        _w(
            "rappang reng jene lompo bangun riaja siang lau kajang batu tana ere nggo "
            "lengkese limpoe ngae"
        ),
    ),
    "nusa": (
        _w("Kuta Tam Ban Sela Ping Nusa Wai Oe Ma Lewo Ru Sum Pero"),
        _w("bak jar long ban lelo ru kolo tobi wawa leba sasi kai mese ta dei"),
    ),
    "papua": (
        _w("Wa Ab Ka Mi Se Ma Ya Ku Ti Mo Sa Ke Wo Bia Ma"),
        _w("mena pura nani mika tani kuri namo woma yapen riak kinok wanggar sare rauw bori kerom"),
    ),
}
ISLANDS = {
    **dict.fromkeys(("01", "02", "03", "04", "05", "06", "07", "08", "09", "10"), "sumatera"),
    **dict.fromkeys(("11", "12", "13", "14", "15", "16"), "jawa"),
    **dict.fromkeys(("17", "18", "19"), "nusa"),
    **dict.fromkeys(("20", "21", "22", "23", "24"), "kalimantan"),
    **dict.fromkeys(("25", "26", "27", "28", "29", "30"), "sulawesi"),
    **dict.fromkeys(("31", "32", "33", "34"), "papua"),
}


def place_name(rng: random.Random, region: str) -> str:
    """Return a place-like name in the style of Polda ``region`` (e.g. "Sumberrejo")."""
    prefixes, suffixes = PLACES[ISLANDS.get(region, "jawa")]
    prefix, suffix = rng.choice(prefixes), rng.choice(suffixes)
    name = prefix + suffix
    if suffix.startswith(" "):
        return name
    if rng.random() < 0.15 and ISLANDS.get(region, "jawa") == "jawa":
        return f"{name} {rng.choice(('Kidul', 'Lor', 'Wetan', 'Kulon'))}"
    return name[0].upper() + name[1:]
