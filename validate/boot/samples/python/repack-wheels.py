"""Packs distributions installed from Debian's archive back into wheels, so the boot stage can
release a Python app the way CI does (wheels built beforehand, installed offline) without PyPI.

usage: python3 repack-wheels.py OUTDIR REQUIREMENT...

Each requirement and what it requires (Requires-Dist whose markers hold here, no extras) is written
as a pure-Python wheel: the files the distribution installed, its METADATA and entry points, and a
RECORD with their hashes, as the wheel format asks. Only for the boot stage's sample app.
"""
import base64
import hashlib
import importlib.metadata as md
import os
import sys
import zipfile

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def top_level(dist):
    names = set()
    text = dist.read_text("top_level.txt")
    if text:
        names.update(n.strip() for n in text.split() if n.strip())
    if not names:
        names.add(canonicalize_name(dist.metadata["Name"]).replace("-", "_"))
    return sorted(names)


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def pack(dist, outdir):
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    version = dist.version
    info = f"{name}-{version}.dist-info"
    entries = {}
    site = str(dist.locate_file(""))
    for top in top_level(dist):
        root = os.path.join(site, top)
        if os.path.isdir(root):
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                for f in files:
                    full = os.path.join(folder, f)
                    entries[os.path.relpath(full, site)] = open(full, "rb").read()
        elif os.path.isfile(root + ".py"):
            entries[top + ".py"] = open(root + ".py", "rb").read()
    # Debian installs some distributions as .egg-info, whose PKG-INFO is the same format.
    entries[f"{info}/METADATA"] = (dist.read_text("METADATA") or dist.read_text("PKG-INFO")).encode()
    points = dist.read_text("entry_points.txt")
    if points:
        entries[f"{info}/entry_points.txt"] = points.encode()
    entries[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: platform-boot-repack\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = "".join(f"{p},{digest(d)},{len(d)}\n" for p, d in sorted(entries.items())) + f"{info}/RECORD,,\n"
    path = os.path.join(outdir, f"{name}-{version}-py3-none-any.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for p, d in sorted(entries.items()):
            whl.writestr(p, d)
        whl.writestr(f"{info}/RECORD", record)
    return path


def main(outdir, wanted):
    os.makedirs(outdir, exist_ok=True)
    done = set()
    queue = [Requirement(w) for w in wanted]
    while queue:
        req = queue.pop()
        key = canonicalize_name(req.name)
        if key in done:
            continue
        done.add(key)
        dist = md.distribution(req.name)
        print(os.path.basename(pack(dist, outdir)))
        for spec in dist.requires or []:
            dep = Requirement(spec)
            if dep.marker is None or dep.marker.evaluate({"extra": ""}):
                queue.append(dep)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
