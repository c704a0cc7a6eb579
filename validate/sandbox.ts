/**
 * A throw-away directory that stands in for a Droplet's filesystem: `/etc/nginx/x` is written to
 * `<root>/etc/nginx/x`. It holds only what Debian's packages create (PACKAGE_DIRS) and what the
 * cloud-config writes, so a file that names a directory nothing creates fails as it would on boot.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** Directories the packages we check create when they are installed (Debian 12 / Ubuntu 24.04). */
export const PACKAGE_DIRS = [
  "/etc/nginx/conf.d",
  "/etc/nginx/sites-available",
  "/etc/nginx/sites-enabled",
  "/var/log/nginx",
  "/var/lib/nginx",
  "/var/www/html",
  "/etc/supervisor/conf.d",
  "/var/log/supervisor",
  "/run/php",
  "/var/lib/php/sessions",
  "/etc/systemd/system",
  "/tmp",
] as const;

/** Path prefixes of a Droplet that sandboxed copies point into the sandbox (see sandboxPaths). */
export function sandboxedPrefixes(app: string): string[] {
  return ["/var/www", "/var/log", "/var/run", "/run", "/var/lib/php", "/etc/nginx", "/etc/supervisor", `/etc/${app}`, "/home"];
}

/**
 * Prefixes `root` to every absolute path in `text` under one of `prefixes` — where the path starts
 * a word or follows `=`, `:` or a quote (`root /var/www/x`, `listen = /run/php/x.sock`,
 * `unix:/var/run/x.sock`, `stdout_logfile=/var/log/x`). Line structure is kept.
 */
export function sandboxPaths(text: string, root: string, prefixes: readonly string[]): string {
  const alternatives = [...prefixes].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(^|[\\s=:'"])((?:${alternatives.join("|")})(?=$|[/\\s;'"]))`, "gm");
  return text.replace(re, (_m, before: string, p: string) => `${before}${root}${p}`);
}

const tempDirs = new Set<string>();

/** A new directory under the system temp dir, removed by removeTempDir, or by removeAllTempDirs when the validator exits. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `validate-${prefix.replace(/[^a-z0-9-]/gi, "-")}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** For exit and signal handlers (synchronous). */
export function removeAllTempDirs(): void {
  for (const dir of tempDirs) removeTempDir(dir);
}

export class Sandbox {
  private constructor(readonly root: string) {}

  /** A new sandbox under the system temp dir with PACKAGE_DIRS created (world-traversable for nginx/php-fpm workers). */
  static create(label: string): Sandbox {
    const root = makeTempDir(label);
    fs.chmodSync(root, 0o755);
    const sandbox = new Sandbox(root);
    for (const dir of PACKAGE_DIRS) sandbox.mkdir(dir);
    // Debian: /var/run is a symlink to /run.
    fs.mkdirSync(path.join(root, "var"), { recursive: true });
    fs.symlinkSync("../run", path.join(root, "var", "run"));
    return sandbox;
  }

  /** `/etc/x` → `<root>/etc/x`. */
  path(absolute: string): string {
    if (!absolute.startsWith("/")) throw new Error(`not an absolute path: ${absolute}`);
    return path.join(this.root, absolute);
  }

  mkdir(absolute: string): string {
    const p = this.path(absolute);
    fs.mkdirSync(p, { recursive: true, mode: 0o755 });
    return p;
  }

  write(absolute: string, content: string, mode = 0o644): string {
    const p = this.path(absolute);
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
    fs.writeFileSync(p, content, { mode });
    fs.chmodSync(p, mode);
    return p;
  }

  /** Tool output with sandbox paths shown as the Droplet's paths. */
  unsandbox(text: string): string {
    return text.split(this.root).join("");
  }

  dispose(): void {
    removeTempDir(this.root);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
