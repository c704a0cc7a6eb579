/**
 * Finding the tools the checks run. Only PATH is searched (root's PATH holds /usr/sbin, where
 * Debian puts nginx and php-fpm); a tool that is missing is a failed check with an install hint,
 * never a skipped one.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const INSTALL_HINT = "install the tools with `bash scripts/install-validate-tools.sh` (as root, Debian 12)";

export interface Tool {
  /** What to spawn and the arguments that come before the check's own. */
  readonly cmd: string;
  readonly args: readonly string[];
  /** Extra environment for it. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A tool that is not there: the message for the FAIL line. */
export class MissingTool {
  constructor(readonly message: string) {}
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function pathDirs(env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
}

/** The first executable `name` on PATH. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of pathDirs(env)) {
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

function missing(name: string, hint: string): MissingTool {
  const inSbin = ["/usr/sbin", "/sbin", "/usr/local/sbin"].find((d) => executable(path.join(d, name)));
  return new MissingTool(`${name} not found on PATH${inSbin ? ` (there is one in ${inSbin}: add it to PATH)` : ""}; ${hint}`);
}

export function findTool(name: string, hint = INSTALL_HINT, env: NodeJS.ProcessEnv = process.env): Tool | MissingTool {
  const file = which(name, env);
  return file ? { cmd: file, args: [] } : missing(name, hint);
}

/** `php-fpm`, or the highest `php-fpmX.Y` on PATH (Debian 12 ships php-fpm8.2, Ubuntu 24.04 php-fpm8.3). */
export function findPhpFpm(env: NodeJS.ProcessEnv = process.env): Tool | MissingTool {
  const found: { file: string; version: number[] }[] = [];
  for (const dir of pathDirs(env)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = /^php-fpm(?:(\d+)\.(\d+))?$/.exec(name);
      if (m && executable(path.join(dir, name))) found.push({ file: path.join(dir, name), version: m[1] ? [Number(m[1]), Number(m[2])] : [0, 0] });
    }
  }
  found.sort((a, b) => b.version[0]! - a.version[0]! || b.version[1]! - a.version[1]!);
  return found[0] ? { cmd: found[0].file, args: [] } : missing("php-fpm", INSTALL_HINT);
}

/**
 * cloud-init's schema check: the copy unpacked by the install script (PLATFORM_CLOUD_INIT_ROOT,
 * default <repo>/.tools/cloud-init) run with Debian's python3, else `cloud-init` on PATH.
 */
export function findCloudInit(env: NodeJS.ProcessEnv = process.env): Tool | MissingTool {
  const root = env.PLATFORM_CLOUD_INIT_ROOT || path.join(REPO_ROOT, ".tools", "cloud-init");
  const script = path.join(root, "usr", "bin", "cloud-init");
  if (fs.existsSync(script)) {
    const python = "/usr/bin/python3";
    if (!executable(python)) return new MissingTool(`${python} not found (cloud-init in ${root} needs Debian's python3); ${INSTALL_HINT}`);
    return { cmd: python, args: [script], env: { PYTHONPATH: path.join(root, "usr", "lib", "python3", "dist-packages") } };
  }
  const onPath = which("cloud-init", env);
  if (onPath) return { cmd: onPath, args: [] };
  return new MissingTool(`cloud-init not found in ${root} nor on PATH; ${INSTALL_HINT} (it unpacks cloud-init there without installing it)`);
}
