"""Writes the boot stage's sample wheel: console scripts named as the preset's migrate, worker and
scheduler commands (alembic, …), so the deploy command runs them from the release's venv as it
would the real ones. migrate prints and exits 0; worker and scheduler run until stopped.

usage: python3 make-sample-wheel.py OUTDIR ROLE=PROGRAM...
"""
import base64
import hashlib
import sys
import zipfile

NAME, VERSION = "platform_boot_sample", "1.0"
INFO = f"{NAME}-{VERSION}.dist-info"
CODE = '''import sys, time
def migrate():
    print("sample migrate:", " ".join(sys.argv[1:]))
def run():
    print("sample process:", " ".join(sys.argv[1:]), flush=True)
    while True:
        time.sleep(5)
'''


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main(outdir, pairs):
    scripts = []
    for pair in pairs:
        role, program = pair.split("=", 1)
        scripts.append(f"{program} = {NAME}:{'migrate' if role == 'migrate' else 'run'}")
    files = {
        f"{NAME}.py": CODE.encode(),
        f"{INFO}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode(),
        f"{INFO}/WHEEL": b"Wheel-Version: 1.0\nGenerator: platform-boot\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{INFO}/entry_points.txt": ("[console_scripts]\n" + "\n".join(scripts) + "\n").encode(),
    }
    record = "".join(f"{p},{digest(d)},{len(d)}\n" for p, d in sorted(files.items())) + f"{INFO}/RECORD,,\n"
    with zipfile.ZipFile(f"{outdir}/{NAME}-{VERSION}-py3-none-any.whl", "w") as whl:
        for p, d in sorted(files.items()):
            whl.writestr(p, d)
        whl.writestr(f"{INFO}/RECORD", record)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
