/**
 * What the booted machines install from: a local apt repository (a flat `Packages` index over the
 * .deb files) holding every package the selected documents ask for, with what they depend on that
 * the base root lacks. A builder — a throw-away overlay of the base root, not booted, with the host's
 * network — downloads them from Debian's archive once; the machines then boot with no network and
 * `deb [trusted=yes] file:/…` as their only source, so cloud-init's package_update, package_upgrade
 * and packages run for real, offline, and several machines can boot at once.
 *
 * The same builder packs the Python sample app's wheels (gunicorn, uvicorn and what they require)
 * from Debian's python3-* packages (samples/python/repack-wheels.py): there is no PyPI here.
 *
 * Kept in <cache>/repo and <cache>/wheels; a run that needs nothing new skips the builder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "../exec";
import { cacheDir, mountOverlay } from "./image";

/** Where the repository appears inside a machine. */
export const REPO_MOUNT = "/var/cache/platform-boot-repo";
export const SOURCES = `deb [trusted=yes] file:${REPO_MOUNT} ./\n`;
/** What the Python sample's requirements.txt names. */
export const PYTHON_REQUIREMENTS = ["gunicorn", "uvicorn"] as const;
const PYTHON_DEBS = ["python3-gunicorn", "python3-uvicorn", "python3-packaging"];
const REPACK = path.join(__dirname, "samples", "python", "repack-wheels.py");

export interface Repo {
  /** Host directory of the .deb files and their Packages index. */
  readonly dir: string;
  /** Host directory of the sample app's wheels. */
  readonly wheels: string;
}

function builderScript(packages: readonly string[]): string {
  const words = packages.map((p) => `'${p}'`).join(" ");
  return [
    "set -euo pipefail",
    "export DEBIAN_FRONTEND=noninteractive",
    "apt-get update -q >/dev/null",
    // Downloaded before anything else is installed here, so that every dependency the base root
    // lacks is downloaded too.
    "mkdir -p /repo/partial",
    // With what they recommend: cloud-init installs recommends on a Droplet (Debian's docker.io, for
    // one, brings its CLI that way).
    `apt-get install -y -q --download-only -o Dir::Cache::Archives=/repo/ ${words}`,
    `apt-get install -y -q --no-install-recommends apt-utils ${PYTHON_DEBS.join(" ")} >/dev/null`,
    "cd /repo && apt-ftparchive packages . >Packages.next && mv Packages.next Packages",
    "rm -rf /wheels/next && mkdir -p /wheels/next",
    `python3 /repack-wheels.py /wheels/next ${PYTHON_REQUIREMENTS.join(" ")}`,
    "rm -rf /wheels/ready && mv /wheels/next /wheels/ready",
  ].join("\n");
}

/** The repository, holding at least `packages` (the builder runs only when something is missing). */
export async function ensureRepo(base: string, packages: readonly string[], log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<Repo> {
  const dir = path.join(cacheDir(env), "repo");
  const wheels = path.join(cacheDir(env), "wheels");
  // Named after how the builder downloads (v2: with recommends), so a change of it downloads again.
  const listFile = path.join(dir, ".requested-v2");
  const have = new Set(fs.existsSync(listFile) ? fs.readFileSync(listFile, "utf8").split("\n").filter(Boolean) : []);
  const want = [...new Set([...have, ...packages])].sort();
  const ready = fs.existsSync(path.join(dir, "Packages")) && fs.existsSync(path.join(wheels, "ready"));
  if (ready && packages.every((p) => have.has(p))) return { dir, wheels: path.join(wheels, "ready") };

  log(`downloading ${want.length} packages (and what they need) from Debian's archive into ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(wheels, { recursive: true });
  const { root, remove } = await mountOverlay(base, fs.mkdtempSync(path.join(cacheDir(env), "builder-")));
  try {
    const built = await run(
      "systemd-nspawn",
      ["-q", "-D", root, "--register=no", "--keep-unit", "--console=pipe", `--bind=${dir}:/repo`, `--bind=${wheels}:/wheels`, `--bind-ro=${REPACK}:/repack-wheels.py`, "--", "bash", "-c", builderScript(want)],
      { timeoutMs: 900_000 },
    );
    if (built.code !== 0) throw new Error(`the package download failed (is Debian's archive reachable?):\n${built.output.split("\n").slice(-25).join("\n")}`);
    fs.writeFileSync(listFile, want.join("\n") + "\n");
  } finally {
    await remove();
  }
  return { dir, wheels: path.join(wheels, "ready") };
}
