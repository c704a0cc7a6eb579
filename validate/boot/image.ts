/**
 * The Debian root every boot starts from: `mmdebstrap --variant=minbase` of Debian 13 with systemd,
 * cloud-init and sshd, kept as a tarball in the cache directory (≈260 MB, ≈35 s to build) and
 * extracted once beside it. Each machine is an overlay of the extracted root, so a boot never
 * changes it.
 *
 * Cache: PLATFORM_BOOT_CACHE, default /var/cache/platform-boot. Delete it to rebuild.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "../exec";
import { which } from "../tools";

export const SUITE = "trixie";
export const INCLUDE = ["systemd", "systemd-sysv", "dbus", "cloud-init", "openssh-server", "sudo", "ca-certificates", "iproute2", "netbase", "procps"] as const;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLATFORM_BOOT_CACHE || "/var/cache/platform-boot";
}

/** Why the boot stage cannot run here, or null when it can. */
export function unavailable(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== "linux") return `the boot stage needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "the boot stage needs root (systemd-nspawn and overlay mounts): run it as root, as CI does";
  const missing = ["systemd-nspawn", "nsenter", "mount", "tar"].filter((t) => !which(t, env));
  const rootfs = path.join(cacheDir(env), `${SUITE}.tar`);
  if (!fs.existsSync(rootfs) && !which("mmdebstrap", env)) missing.push("mmdebstrap");
  if (missing.length > 0) return `${missing.join(", ")} not found: apt-get install systemd-container mmdebstrap (scripts/install-validate-tools.sh does)`;
  let filesystems = "";
  try {
    filesystems = fs.readFileSync("/proc/filesystems", "utf8");
  } catch {
    // reported below
  }
  if (!/\soverlay$/m.test(filesystems)) return "the kernel offers no overlay filesystem (/proc/filesystems), which each boot's copy of the root needs";
  return null;
}

/** The extracted root (built and extracted on first use). */
export async function ensureBase(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = cacheDir(env);
  fs.mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, `${SUITE}.tar`);
  if (!fs.existsSync(tarball)) {
    log(`building the Debian ${SUITE} root with mmdebstrap (once; cached in ${tarball})`);
    // mmdebstrap picks its output format from the name: the partial file must end in .tar too.
    const partial = path.join(dir, `${SUITE}.partial-${process.pid}.tar`);
    const built = await run("mmdebstrap", ["--variant=minbase", `--include=${INCLUDE.join(",")}`, SUITE, partial], { timeoutMs: 600_000 });
    if (built.code !== 0) {
      fs.rmSync(partial, { recursive: true, force: true });
      throw new Error(`mmdebstrap failed:\n${built.output.split("\n").slice(-20).join("\n")}`);
    }
    fs.renameSync(partial, tarball);
  }
  const stamp = String(fs.statSync(tarball).mtimeMs);
  const base = path.join(dir, "base");
  const marker = path.join(base, ".platform-boot-base");
  if (!fs.existsSync(marker) || fs.readFileSync(marker, "utf8") !== stamp) {
    fs.rmSync(base, { recursive: true, force: true });
    const partial = `${base}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial);
    const extracted = await run("tar", ["-xf", tarball, "-C", partial, "--numeric-owner"], { timeoutMs: 300_000 });
    if (extracted.code !== 0) throw new Error(`could not extract ${tarball}: ${extracted.output}`);
    fs.writeFileSync(path.join(partial, ".platform-boot-base"), stamp);
    fs.renameSync(partial, base);
  }
  return base;
}

/**
 * A throw-away copy of `base`: an overlay whose writes go to `dir` (upper/, work/), mounted on
 * dir/root. remove() unmounts it (lazily, so nothing still inside can keep it) and deletes `dir`.
 */
export async function mountOverlay(base: string, dir: string): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = path.join(dir, "root");
  for (const d of ["upper", "work", "root"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const mounted = await run("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=${base},upperdir=${dir}/upper,workdir=${dir}/work`, root]);
  if (mounted.code !== 0) throw new Error(`could not mount an overlay of ${base} on ${root}: ${mounted.output.trim()}`);
  return {
    root,
    remove: async () => {
      await run("umount", ["-l", root]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
