/**
 * What every runtime's cloud-config shares: SSH hardening and the deploy user (seed 000 §12.3), the
 * app's directories, nginx in front, certbot without a load balancer, and a schema-safe shape.
 */
import { parse } from "yaml";
import { DROPLET_PRESETS as PRESETS, DROPLET_PRESET_NAMES as PRESET_NAMES } from "../../config/presets";
import { escapeTemplate, renderCloudInit, unescapeTemplate } from "../../runtimes/cloud-config";
import { nginxSite, shellQuote, sshdHardening } from "../../runtimes/common";
import { runtimeOf } from "../../runtimes";
import type { DropletSpec } from "../../runtimes/types";

const spec = (web: boolean, tls: DropletSpec["tls"] = "load-balancer"): DropletSpec => ({
  app: "acme",
  hostnames: ["app.acme.io"],
  tls,
  web,
  databaseEngine: "pg",
  queue: "redis",
});

/** Every runtime of the presets, for web and worker groups, behind a load balancer and on its own. */
const cases = PRESET_NAMES.flatMap((name) =>
  [true, false].flatMap((web) =>
    (["load-balancer", "droplet"] as const).map((tls) => {
      const runtime = PRESETS[name].platform.runtime;
      return [`${runtime.kind} (${name}) ${web ? "web" : "worker"} ${tls}`, runtime, spec(web, tls)] as const;
    }),
  ),
);

describe.each(cases)("%s", (_name, config, droplet) => {
  const cloud = runtimeOf(config).cloudConfig(config, { ...droplet, app: "acme" });
  const text = renderCloudInit(cloud);
  const files = new Map(cloud.write_files.map((f) => [f.path, f.content]));

  it("is a #cloud-config document that round-trips to the typed model", () => {
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(cloud)));
  });

  it("hardens SSH and gives the Droplet's keys to a deploy user who may sudo the deploy command only", () => {
    expect(cloud.disable_root).toBe(false);
    expect(cloud.ssh_pwauth).toBe(false);
    // Not in the app's group either: it cannot read the app's settings.
    expect(cloud.users).toEqual([{ name: "deploy", shell: "/bin/bash", sudo: "ALL=(root) NOPASSWD: /usr/local/sbin/acme-deploy", lock_passwd: true }]);
    // A string, not a list: cloud-init's schema accepts a list only from 24.2.
    expect(typeof cloud.users[0]!.sudo).toBe("string");
    const sshd = files.get("/etc/ssh/sshd_config.d/01-hardening.conf")!.split("\n");
    for (const line of ["PermitRootLogin no", "PasswordAuthentication no", "PubkeyAuthentication yes", "AllowUsers deploy"]) expect(sshd).toContain(line);
    expect(cloud.runcmd).toContainEqual(expect.arrayContaining(["/root/.ssh/authorized_keys", "/home/deploy/.ssh/authorized_keys"]));
  });

  it("opens SSH to the deploy user last, after every other command succeeded (runcmd stops at the first failure)", () => {
    for (const backups of [undefined, { engine: "pg" as const, engineVersion: "17", dump: { schedule: "daily", staleAfterHours: 26, prefix: "database/" } }]) {
      const runcmd = runtimeOf(config).cloudConfig(config, { ...droplet, app: "acme", ...(backups ? { backups } : {}) }).runcmd;
      expect(runcmd[0]).toEqual(["set", "-e"]);
      const keys = runcmd.findIndex((c) => c.includes("/home/deploy/.ssh/authorized_keys"));
      expect(keys).toBe(runcmd.length - 1);
      // Only the .ssh directory comes with it; everything else is done by then.
      expect(runcmd.slice(keys - 1).map((c) => c.at(-1))).toEqual(["/home/deploy/.ssh", "/home/deploy/.ssh/authorized_keys"]);
    }
  });

  it("creates the app's directories for root (the deploy command works there as root), and the settings directory for root and the app's group only", () => {
    expect(cloud.runcmd).toContainEqual(["install", "-d", "-m", "0755", "-o", "root", "-g", "root", "/var/www/acme", "/var/www/acme/releases", "/var/www/acme/shared"]);
    expect(cloud.runcmd).toContainEqual(["install", "-d", "-m", "0750", "-o", "root", "-g", "www-data", "/etc/acme"]);
    // Nothing of the deploy user's: it may not write where root works.
    expect(cloud.runcmd.filter((c) => c[0] === "install" && c.includes("-o") && c[c.indexOf("-o") + 1] === "deploy" && !c.some((w) => w.startsWith("/home/deploy")))).toEqual([]);
    // Directories exist before any service starts.
    const dirs = cloud.runcmd.findIndex((c) => c[0] === "install" && c.includes("/var/www/acme"));
    const start = cloud.runcmd.findIndex((c) => c[0] === "systemctl" && c[1] === "enable");
    if (start >= 0) expect(dirs).toBeLessThan(start);
  });

  it("writes the deploy command, executable by root only", () => {
    const deploy = cloud.write_files.find((f) => f.path === "/usr/local/sbin/acme-deploy")!;
    expect(deploy.permissions).toBe("0750");
    expect(deploy.content.startsWith("#!/bin/bash\nset -euo pipefail") || deploy.content.startsWith("#!/bin/bash\n#")).toBe(true);
    expect(deploy.content).toContain("set -euo pipefail");
  });

  it("puts nginx in front only on web Droplets, and certbot only where HTTPS ends on the Droplet", () => {
    expect(cloud.packages.includes("nginx")).toBe(droplet.web);
    expect(files.has("/etc/nginx/sites-available/acme")).toBe(droplet.web);
    const ownTls = droplet.web && droplet.tls === "droplet";
    expect(cloud.packages.includes("certbot")).toBe(ownTls);
    expect(files.has("/etc/systemd/system/certbot-bootstrap.timer")).toBe(ownTls);
    expect(cloud.runcmd.some((c) => c.includes("certbot-bootstrap.timer"))).toBe(ownTls);
  });

  it("starts none of the app's own processes: the deploy command does, once a release is there", () => {
    const enabled = cloud.runcmd.filter((c) => c[0] === "systemctl" && c[1] === "enable").flat();
    expect(enabled.filter((u) => u.startsWith("acme"))).toEqual([]);
    expect([...files.keys()].filter((p) => p.startsWith("/etc/supervisor/conf.d/"))).toEqual([]);
  });
});

describe("nginx site", () => {
  it("never answers a path itself: every request goes to the app (no fake 200 for the health check)", () => {
    for (const site of [
      nginxSite(spec(true), { kind: "php-fpm", socket: "/run/php/acme-fpm.sock", documentRoot: "/var/www/acme/current/public" }, 100),
      nginxSite(spec(true), { kind: "http", port: 8000 }, 10),
    ]) {
      expect(site).not.toMatch(/return\s+200/);
      expect(site).toContain("listen 80 default_server;");
    }
  });

  it("takes the body size limit from the runtime (nginx's default is 1 MB)", () => {
    expect(nginxSite(spec(true), { kind: "http", port: 8000 }, 250)).toContain("client_max_body_size 250m;");
  });

  it("answers every hostname it stands by for", () => {
    expect(nginxSite({ hostnames: ["dr.acme.io", "app.acme.io"], tls: "load-balancer" }, { kind: "http", port: 3000 }, 10)).toContain("server_name dr.acme.io app.acme.io;");
  });

  it("passes the client's scheme from the load balancer, or its own where HTTPS ends on the Droplet", () => {
    expect(nginxSite(spec(true), { kind: "http", port: 8000 }, 10)).toContain("X-Forwarded-Proto $http_x_forwarded_proto;");
    expect(nginxSite(spec(true, "droplet"), { kind: "http", port: 8000 }, 10)).toContain("X-Forwarded-Proto $scheme;");
  });
});

describe("nginx site with a frontend and redirects", () => {
  const sites: Pick<DropletSpec, "app" | "hostnames" | "tls" | "frontendHostnames" | "redirects"> = {
    app: "acme",
    hostnames: ["api.acme.io"],
    frontendHostnames: ["acme.io"],
    redirects: [
      { from: "www.acme.io", to: "acme.io" },
      { from: "img.acme.io", to: "cdn.acme.io" },
      { from: "media.acme.io", to: "cdn.acme.io" },
    ],
    tls: "load-balancer",
  };
  /** The server blocks, each as its lines (trimmed). */
  const blocks = (site: string) => site.split(/^server \{$/m).slice(1).map((b) => b.split("\n").map((l) => l.trim()).filter(Boolean));
  const site = nginxSite(sites, { kind: "http", port: 8000 }, 100);
  const [app, frontend, toApex, toCdn] = blocks(site);

  it("one server block per role; only the app's is the default server (health checks by address reach the app)", () => {
    expect(blocks(site)).toHaveLength(4);
    expect(site.match(/default_server/g)).toHaveLength(1);
    expect(app).toEqual(expect.arrayContaining(["listen 80 default_server;", "server_name api.acme.io;", "proxy_pass http://127.0.0.1:8000;"]));
  });

  it("the frontend's names serve the live release's frontend/ as an SPA, hashed assets cached for a year with the security headers kept", () => {
    expect(frontend).toEqual(
      expect.arrayContaining(["listen 80;", "server_name acme.io;", "root /var/www/acme/current/frontend;", "try_files $uri $uri/ /index.html;", "location /assets/ {", 'add_header Cache-Control "public, immutable";']),
    );
    const assets = frontend!.slice(frontend!.indexOf("location /assets/ {"));
    expect(assets).toEqual(expect.arrayContaining(['add_header X-Frame-Options "DENY" always;', 'add_header X-Content-Type-Options "nosniff" always;']));
    expect(frontend!.join("\n")).not.toContain("proxy_pass");
  });

  it("redirects answer with a 301 to their target, same path, one block per target, inside location / (certbot's challenge still answers)", () => {
    expect(toApex).toEqual(["listen 80;", "server_name www.acme.io;", "location / {", "return 301 https://acme.io$request_uri;", "}", "}"]);
    expect(toCdn).toEqual(["listen 80;", "server_name img.acme.io media.acme.io;", "location / {", "return 301 https://cdn.acme.io$request_uri;", "}", "}"]);
  });

  it("without a load balancer certbot's one certificate covers every name the Droplet answers", () => {
    const cloud = runtimeOf(PRESETS.bulletdrop.platform.runtime).cloudConfig(PRESETS.bulletdrop.platform.runtime as never, { ...spec(true, "droplet"), ...sites, tls: "droplet" });
    const service = cloud.write_files.find((f) => f.path === "/etc/systemd/system/certbot-bootstrap.service")!.content;
    expect(service).toContain("--redirect -d api.acme.io -d acme.io -d www.acme.io -d img.acme.io -d media.acme.io\n");
  });

  it("a frontend needs the app's name (its root is under the app's directory)", () => {
    expect(() => nginxSite({ ...sites, app: undefined }, { kind: "http", port: 8000 }, 10)).toThrow(/give spec.app/);
  });
});

describe("helpers", () => {
  it("sshdHardening names the allowed user", () => {
    expect(sshdHardening("ops")).toContain("AllowUsers ops\n");
  });

  it.each([
    ["plain", "plain"],
    ["two words", "'two words'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
  ])("shellQuote(%s) = %s", (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });

  it.each(["a ${b} c", "%{ if x }", "$${already}", "no template"])("Terraform template escaping round-trips %s", (text) => {
    const escaped = escapeTemplate(text);
    expect(escaped).not.toMatch(/(^|[^$])\$\{/);
    expect(escaped).not.toMatch(/(^|[^%])%\{/);
    expect(unescapeTemplate(escaped)).toBe(text);
  });
});
