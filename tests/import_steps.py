"""The two steps of a web import in tests: upload for a preview, then confirm it."""

import re
from io import BytesIO

TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


def token_of(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no import preview with a confirm form on the page"
    return match.group(1)


def upload(client, url: str, data: bytes, filename: str = "f.csv"):
    return client.post(
        url, data={"file": (BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def upload_and_confirm(client, url: str, data: bytes, filename: str = "f.csv"):
    """Upload, check a preview came back, confirm it; return the page after the redirect."""
    preview = upload(client, url, data, filename)
    assert preview.status_code == 200, preview.text
    token = token_of(preview.text)
    return client.post(f"{url}/confirm", data={"token": token}, follow_redirects=True)
