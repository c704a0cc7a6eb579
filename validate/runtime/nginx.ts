/**
 * nginx sites from write_files (`/etc/nginx/sites-available/*`, `/etc/nginx/conf.d/*.conf`) under
 * `nginx -t`, in a sandbox: our own main config (pid, logs, temp paths in the sandbox) including
 * copies of the machine's mime.types, fastcgi_params, … and the sites rewritten by the rules below.
 * The health check (health.ts) starts the same sandbox.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import { freePort, Sandbox, sandboxedPrefixes, sandboxPaths } from "../sandbox";
import { findTool, MissingTool, type Tool } from "../tools";
import type { WrittenFile } from "./cloud-config";

/** Ports of `listen` directives (IPv4 or bare port; IPv6 ones are dropped by the rewrite). */
export function listenPorts(site: string): number[] {
  return [...site.matchAll(/(?:^|[{;])\s*listen\s+(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\*|localhost):)?(\d+)\b/gm)].map((m) => Number(m[1]));
}

/** Ports of `proxy_pass http://127.0.0.1:PORT` (or localhost). */
export function proxyPorts(site: string): number[] {
  return [...site.matchAll(/proxy_pass\s+https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)/g)].map((m) => Number(m[1]));
}

export interface PortMap {
  /** Port a site listens on → the loopback port it listens on in the sandbox. */
  readonly listen: ReadonlyMap<number, number>;
  /** Port of a local upstream → the port the stub app gets in the sandbox. */
  readonly proxy: ReadonlyMap<number, number>;
}

/**
 * The sandbox copy of a site. Each rule keeps the line count, so nginx's line numbers still match:
 *  1. `listen [::]:80 …;` → commented out (the IPv4 listen is kept);
 *  2. `listen 80 …;` / `listen 0.0.0.0:80 …;` → `listen 127.0.0.1:<sandbox port> …;`
 *  3. `proxy_pass http://127.0.0.1:8000` → the stub app's port;
 *  4. absolute paths under /var/www, /run, /var/run, /var/log, /etc/nginx, /etc/<app>, … → under the sandbox.
 */
export function rewriteSite(site: string, root: string, app: string, ports: PortMap): string {
  const mapped = (map: ReadonlyMap<number, number>, port: string) => {
    const to = map.get(Number(port));
    if (to === undefined) throw new Error(`no sandbox port for ${port}`);
    return to;
  };
  return sandboxPaths(
    site
      .replace(/^([ \t]*)(listen\s+\[[^\]]*\][^;\n]*;)/gm, "$1# validate: IPv6 dropped: $2")
      .replace(/((?:^|[{;])[ \t]*)listen\s+(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\*|localhost):)?(\d+)\b([^;\n]*);/gm, (_m, lead: string, port: string, rest: string) => `${lead}listen 127.0.0.1:${mapped(ports.listen, port)}${rest};`)
      .replace(/(proxy_pass\s+https?:\/\/)(?:127\.0\.0\.1|localhost):(\d+)/g, (_m, scheme: string, port: string) => `${scheme}127.0.0.1:${mapped(ports.proxy, port)}`),
    root,
    sandboxedPrefixes(app),
  );
}

/** The sandbox's stand-in for Debian's /etc/nginx/nginx.conf (mime.types when the package's copy is there). */
export function mainConfig(root: string, withMimeTypes = true): string {
  const temp = (name: string) => `${root}/var/lib/nginx/${name}`;
  return [
    "# npm run validate: sandbox stand-in for /etc/nginx/nginx.conf",
    `pid ${root}/run/nginx.pid;`,
    "error_log stderr warn;",
    "worker_processes 1;",
    fs.existsSync("/etc/nginx/modules-enabled") ? "include /etc/nginx/modules-enabled/*.conf;" : "",
    "events { worker_connections 256; }",
    "http {",
    withMimeTypes ? "    include mime.types;" : "",
    "    default_type application/octet-stream;",
    "    access_log off;",
    `    client_body_temp_path ${temp("body")};`,
    `    proxy_temp_path ${temp("proxy")};`,
    `    fastcgi_temp_path ${temp("fastcgi")};`,
    `    uwsgi_temp_path ${temp("uwsgi")};`,
    `    scgi_temp_path ${temp("scgi")};`,
    `    include ${root}/etc/nginx/conf.d/*.conf;`,
    `    include ${root}/etc/nginx/sites-available/*;`,
    "}",
    "",
  ].join("\n");
}

/** Files of the nginx package the sites may include (copied from this machine's /etc/nginx). */
const PACKAGE_FILES = ["mime.types", "fastcgi_params", "fastcgi.conf", "proxy_params", "scgi_params", "uwsgi_params", "snippets"];

export interface NginxSandbox {
  readonly sandbox: Sandbox;
  readonly nginx: Tool;
  /** nginx's arguments (the tool's own first) to use the sandbox: add -t, or -g "daemon off;". */
  readonly args: string[];
  readonly ports: PortMap;
  /** The sites as rewritten. */
  readonly sites: readonly string[];
}

/** A sandbox holding the document's files under /etc/nginx (sites rewritten) and our main config. */
export async function buildNginxSandbox(app: string, files: readonly WrittenFile[]): Promise<NginxSandbox | MissingTool> {
  const nginx = findTool("nginx");
  if (nginx instanceof MissingTool) return nginx;
  const nginxFiles = files.filter((f) => f.path.startsWith("/etc/nginx/"));
  const allocate = async (ports: number[]) => new Map(await Promise.all([...new Set(ports)].map(async (p): Promise<[number, number]> => [p, await freePort()])));
  const ports = {
    listen: await allocate(nginxFiles.flatMap((f) => listenPorts(f.content))),
    proxy: await allocate(nginxFiles.flatMap((f) => proxyPorts(f.content))),
  };
  const sandbox = Sandbox.create(`nginx-${app}`);
  for (const name of PACKAGE_FILES) {
    const from = path.join("/etc/nginx", name);
    if (fs.existsSync(from)) fs.cpSync(from, sandbox.path(`/etc/nginx/${name}`), { recursive: true });
  }
  const sites = nginxFiles.map((f) => {
    const text = rewriteSite(f.content, sandbox.root, app, ports);
    sandbox.write(f.path, text);
    return text;
  });
  const conf = sandbox.write("/etc/nginx/nginx.conf", mainConfig(sandbox.root, fs.existsSync(sandbox.path("/etc/nginx/mime.types"))));
  return { sandbox, nginx, args: [...nginx.args, "-p", `${sandbox.path("/etc/nginx")}/`, "-c", conf, "-e", "stderr"], ports, sites };
}

/** nginx -t prints these for a good config; anything else (a [warn] too) is a failure. */
const GOOD = [/syntax is ok$/, /test is successful$/];

export async function nginxTest(app: string, files: readonly WrittenFile[]): Promise<CheckResult> {
  const built = await buildNginxSandbox(app, files);
  if (built instanceof MissingTool) return fail(built.message);
  try {
    const ran = await run(built.nginx.cmd, [...built.args, "-t"], { timeoutMs: 30_000 });
    const bad = ran.output.split("\n").filter((l) => l.trim() !== "" && !GOOD.some((re) => re.test(l.trim())));
    if (ran.code !== 0 || bad.length > 0) return fail(ran.code !== 0 ? `exit ${ran.code ?? "signal"}` : "warnings", built.sandbox.unsandbox(ran.output));
    const sites = files.filter((f) => f.kind === "nginx-site").map((f) => f.path);
    return ok(sites.join(", "));
  } finally {
    built.sandbox.dispose();
  }
}
