/**
 * The load balancer's health path through the real nginx site: the sandboxed nginx (on a free
 * loopback port) in front of a stub app. Before the stub runs the path must answer non-2xx (nginx
 * does not fake health); with the stub running it must answer 200. The stub is the machine's
 * php-fpm serving a stub index.php under the site's document root (for `fastcgi_pass`), or an HTTP
 * server inside this process (for `proxy_pass http://127.0.0.1:PORT`). It answers 200 on the
 * health path and 404 elsewhere. Every process and directory is removed, whatever happens.
 */
import * as http from "node:http";
import * as net from "node:net";
import { startDaemon, waitFor, type Daemon } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import type { Sandbox } from "../sandbox";
import type { Json } from "../stacks";
import { findPhpFpm, MissingTool } from "../tools";
import type { WrittenFile } from "./cloud-config";
import { buildNginxSandbox } from "./nginx";
import { masterConfig, SANDBOX_GROUP, SANDBOX_USER } from "./php-fpm";

export interface HealthTarget {
  readonly path: string;
  /** The `Host:` sent: the stack's hostname. */
  readonly host: string;
  /** The Droplet port the load balancer checks. */
  readonly port: number;
}

/**
 * The health check of a stack: its load balancer's (`healthcheck.path`/`port`), else the
 * `"//".platform.healthPath` it records; the host from `"//".platform.hostname` or the `app_url`
 * output. A string says what is missing.
 */
export function healthTarget(json: Json): HealthTarget | string {
  const platform = (json["//"]?.platform ?? {}) as Json;
  const lb = Object.values((json.resource?.digitalocean_loadbalancer ?? {}) as Json)[0] as Json | undefined;
  const check = Array.isArray(lb?.healthcheck) ? lb!.healthcheck[0] : lb?.healthcheck;
  const path: unknown = check?.path ?? platform.healthPath;
  const port = Number(check?.port ?? 80);
  let host: unknown = platform.hostname;
  if (typeof host !== "string") {
    const url = json.output?.app_url?.value;
    try {
      host = typeof url === "string" && !url.includes("${") ? new URL(url).hostname : undefined;
    } catch {
      host = undefined;
    }
  }
  if (typeof path !== "string" || !path.startsWith("/")) {
    return lb ? "the load balancer's healthcheck has no path" : 'the stack has no load balancer and its "//".platform records no healthPath';
  }
  if (typeof host !== "string") return 'no hostname: the stack\'s "//".platform records none and its app_url output is not a literal URL';
  return { path, host, port };
}

/** The stub PHP app: 200 on the health path, 404 elsewhere. */
export function stubIndexPhp(healthPath: string): string {
  const literal = `'${healthPath.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return [
    "<?php",
    "// npm run validate: stub app",
    "$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);",
    `if ($path === ${literal}) { echo "ok\\n"; } else { http_response_code(404); echo "stub: not found\\n"; }`,
    "",
  ].join("\n");
}

/** A stub pool listening where the site's fastcgi_pass points. */
export function stubPool(name: string, listen: string, asRoot: boolean): string {
  return [
    `[${name}]`,
    ...(asRoot ? [`user = ${SANDBOX_USER}`, `group = ${SANDBOX_GROUP}`] : []),
    `listen = ${listen}`,
    "listen.mode = 0666",
    "pm = static",
    "pm.max_children = 2",
    "",
  ].join("\n");
}

export function fastcgiTargets(site: string): string[] {
  return [...site.matchAll(/(?:^|[{;])\s*fastcgi_pass\s+([^;\s]+)\s*;/gm)].map((m) => m[1]!.replace(/^unix:/, ""));
}

export function documentRoots(site: string): string[] {
  return [...site.matchAll(/(?:^|[{;])\s*root\s+([^;\s]+)\s*;/gm)].map((m) => m[1]!);
}

function canConnect(options: net.NetConnectOpts): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(options);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

interface Answer {
  readonly status?: number;
  readonly error?: string;
}

function get(port: number, target: HealthTarget): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path: target.path, headers: { Host: target.host }, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode }));
    });
    req.on("timeout", () => req.destroy(new Error("no answer within 5 s")));
    req.on("error", (e) => resolve({ error: e.message }));
    req.end();
  });
}

const describe = (a: Answer) => (a.status !== undefined ? String(a.status) : a.error ?? "no answer");
const is2xx = (a: Answer) => a.status !== undefined && a.status >= 200 && a.status < 300;

/** Starts php-fpm with one stub pool per fastcgi_pass target and a stub index.php in each root. */
async function startPhpStub(sandbox: Sandbox, sites: readonly string[], target: HealthTarget): Promise<Daemon | string> {
  const fpm = findPhpFpm();
  if (fpm instanceof MissingTool) return fpm.message;
  const listens = [...new Set(sites.flatMap(fastcgiTargets))];
  const roots = [...new Set(sites.flatMap(documentRoots))];
  if (roots.length === 0) return "the site uses fastcgi_pass but sets no root for the stub index.php";
  const outside = roots.find((r) => !r.startsWith(`${sandbox.root}/`));
  if (outside) return `the document root ${outside} is not under a path the sandbox rewrites (/var/www, …): no place for the stub index.php`;
  for (const root of roots) sandbox.write(`${root.slice(sandbox.root.length)}/index.php`, stubIndexPhp(target.path));
  const asRoot = process.getuid?.() === 0;
  listens.forEach((listen, i) => sandbox.write(`/validate-stub/php-fpm/pool-${i}.conf`, stubPool(`stub-${i}`, listen, asRoot)));
  const master = sandbox.write("/validate-stub/php-fpm.conf", masterConfig(sandbox.root, `${sandbox.root}/validate-stub/php-fpm/*.conf`));
  const daemon = startDaemon(fpm.cmd, [...fpm.args, "-F", "-y", master], { cwd: sandbox.root });
  const ready = await waitFor(
    async () => (await Promise.all(listens.map((l) => canConnect(l.startsWith("/") ? { path: l } : { host: l.split(":")[0]!, port: Number(l.split(":")[1]) })))).every(Boolean),
    10_000,
    () => daemon.hasExited(),
  );
  if (!ready) {
    await daemon.stop();
    return `php-fpm did not start listening on ${listens.join(", ")}:\n${sandbox.unsandbox(daemon.output())}`;
  }
  return daemon;
}

/** In-process stub app on each sandbox port that a proxy_pass points to. */
async function startHttpStub(ports: readonly number[], target: HealthTarget): Promise<http.Server[]> {
  return Promise.all(
    ports.map(
      (port) =>
        new Promise<http.Server>((resolve, reject) => {
          const server = http.createServer((req, res) => {
            const path = new URL(req.url ?? "/", "http://stub").pathname;
            res.writeHead(path === target.path ? 200 : 404, { "content-type": "text/plain" }).end(path === target.path ? "ok\n" : "stub: not found\n");
          });
          server.once("error", reject);
          server.listen(port, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
}

/** `files`: what the document writes under /etc/nginx. */
export async function healthCheck(app: string, files: readonly WrittenFile[], target: HealthTarget): Promise<CheckResult> {
  const built = await buildNginxSandbox(app, files);
  if (built instanceof MissingTool) return fail(built.message);
  const { sandbox } = built;
  const port = built.ports.listen.get(target.port);
  const stoppers: (() => Promise<void>)[] = [];
  try {
    if (port === undefined) return fail(`no nginx site listens on port ${target.port}, which the health check uses`);
    const fastcgi = built.sites.some((s) => fastcgiTargets(s).length > 0);
    if (!fastcgi && built.ports.proxy.size === 0) return fail("the site has neither fastcgi_pass nor proxy_pass http://127.0.0.1:PORT: no app to stand a stub in for");

    const nginx = startDaemon(built.nginx.cmd, [...built.args, "-g", "daemon off;"], { cwd: sandbox.root });
    stoppers.push(() => nginx.stop());
    if (!(await waitFor(() => canConnect({ host: "127.0.0.1", port }), 10_000, () => nginx.hasExited()))) {
      return fail("nginx did not start", sandbox.unsandbox(nginx.output()));
    }
    const request = `GET ${target.path} (Host: ${target.host})`;
    const before = await get(port, target);
    if (is2xx(before)) return fail(`${request} answered ${before.status} before the app ran: nginx must not answer the health path itself`);

    const stubs: string[] = [];
    if (fastcgi) {
      const php = await startPhpStub(sandbox, built.sites, target);
      if (typeof php === "string") return fail(php);
      stoppers.push(() => php.stop());
      stubs.push("PHP app (php-fpm)");
    }
    if (built.ports.proxy.size > 0) {
      const servers = await startHttpStub([...built.ports.proxy.values()], target);
      stoppers.push(async () => {
        await Promise.all(
          servers.map((s) => {
            s.closeAllConnections();
            return new Promise((resolve) => s.close(resolve));
          }),
        );
      });
      stubs.push("HTTP app");
    }
    let after: Answer = {};
    await waitFor(async () => is2xx((after = await get(port, target))), 2000); // the stub is listening already; allow a worker's start
    if (after.status !== 200) return fail(`${request} answered ${describe(after)} with the stub app running (expected 200)`, sandbox.unsandbox(nginx.output()));
    return ok(`${request}: ${describe(before)} before the app, 200 with a stub ${stubs.join(" and ")}`);
  } finally {
    for (const stop of stoppers.reverse()) await stop();
    sandbox.dispose();
  }
}
