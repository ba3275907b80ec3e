"""Password policy: long enough, not only digits, not the username, not a common password.

Applied wherever a password is chosen (own change, admin create/reset, ``create-user``).
The demo seeding sets its published password directly and does not go through this policy.
"""

from flask_babel import gettext as _

MIN_LENGTH = 10
MAX_LENGTH = 200

#: Passwords that guessing attacks try first: world-wide favourites, Indonesian ones and
#: the ones this programme's own name and institutions suggest. Compared case-insensitively.
COMMON_PASSWORDS = frozenset(
    {
        # world-wide lists
        "password", "password1", "password12", "password123", "password1234",
        "passw0rd123", "p@ssw0rd123", "p@ssword123", "qwerty1234", "qwerty12345",
        "qwerty123456", "qwertyuiop", "1q2w3e4r5t", "1qaz2wsx3edc", "asdfghjkl1",
        "asdfghjkl123", "zxcvbnm123", "abcdefghij", "abc1234567", "abcd123456",
        "iloveyou12", "iloveyou123", "welcome123", "letmein123", "admin12345",
        "admin123456", "administrator", "superman123", "football123", "monkey12345",
        "dragon12345", "sunshine123", "princess123", "changeme123",
        # Indonesian
        "rahasia123", "rahasia1234", "rahasia12345", "katasandi", "katasandi1",
        "katasandi123", "kata-sandi", "sandi12345", "bismillah", "bismillah1",
        "bismillah123", "alhamdulillah", "indonesia1", "indonesia123", "indonesia45",
        "merdeka1945", "merdeka123", "pancasila45", "pancasila123", "garuda1234",
        "sayangku123", "sayang12345", "cintaku123", "jakarta123", "surabaya123",
        "bandung123", "persija1928", "persib1933", "doraemon123", "masuk12345",
        "selamatdatang",
        # this programme and its institution
        "polri12345", "polri123456", "polri2022", "polri2023", "polri2024",
        "polri2025", "polri2026", "polisi12345", "polisi123", "kepolisian",
        "kepolisian1", "bhayangkara", "bhayangkara1", "tribrata1", "tribratanews",
        "presisi123", "presisi2022", "presisi2023", "presisi2024", "presisi2025",
        "presisi2026", "presisipolri", "humaspolri", "humas12345",
    }
)  # fmt: skip


class PasswordPolicyError(ValueError):
    """The password breaks the policy; the message (Indonesian) says which rule."""


def password_problem(password: str, username: str = "") -> str | None:
    """The first rule ``password`` breaks for ``username``, as a message; None if it is fine."""
    password = password or ""
    username = (username or "").strip().lower()
    if len(password) < MIN_LENGTH:
        return _("Kata sandi minimal %(n)d karakter.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Kata sandi paling panjang %(n)d karakter.", n=MAX_LENGTH)
    if password.isdigit():
        return _("Kata sandi tidak boleh hanya berisi angka.")
    if len(set(password)) == 1:
        return _("Kata sandi tidak boleh berisi satu karakter yang diulang.")
    if username and username in password.lower():
        return _("Kata sandi tidak boleh memuat nama pengguna.")
    if password.lower() in COMMON_PASSWORDS:
        return _("Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.")
    return None


def check_password(password: str, username: str = "") -> None:
    """Raise PasswordPolicyError unless ``password`` satisfies the policy."""
    problem = password_problem(password, username)
    if problem is not None:
        raise PasswordPolicyError(problem)
