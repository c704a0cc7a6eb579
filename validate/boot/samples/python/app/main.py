"""The boot stage's sample ASGI app: 200 on the health path (sample-health-path), 404 elsewhere."""
import os
import pathlib

HEALTH = (pathlib.Path(__file__).resolve().parent.parent / "sample-health-path").read_text().strip()


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    ok = scope["path"] == HEALTH and bool(os.environ.get("DATABASE_URL"))
    await send({"type": "http.response.start", "status": 200 if ok else 404, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok\n" if ok else b"sample: not found\n"})
