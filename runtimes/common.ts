/**
 * What every runtime shares: the deploy user and SSH hardening (seed 000 §12.3), the app's
 * directories, nginx on :80 in front of the app, certbot where HTTPS ends on the Droplet. Pure
 * functions into the cloud-config model. The deploy command's skeleton is deploy.ts (and deploy/*.sh).
 */
import { backupCommands, backupFiles, backupPackages, backupPaths, heartbeatLocation } from "./backup";
import { iniSection, keyValueLines, type CloudConfig, type WriteFile } from "./cloud-config";
import type { DropletSpec, RuntimeProblem } from "./types";

/** The user CI and people log in as; it may run the deploy command through sudo, nothing else. */
export const DEPLOY_USER = "deploy";
/** The user the app runs as (php-fpm's, nginx's): it owns nothing but what it must write. */
export const APP_USER = "www-data";

/** Where things live on a Droplet, named after the app. */
export function layout(app: string) {
  return {
    base: `/var/www/${app}`,
    releases: `/var/www/${app}/releases`,
    shared: `/var/www/${app}/shared`,
    current: `/var/www/${app}/current`,
    /** The frontend's static files: `frontend/` of the live release (runtimes whose release is an archive). */
    frontend: `/var/www/${app}/current/frontend`,
    etc: `/etc/${app}`,
    settings: `/etc/${app}/app.env`,
    databaseCa: `/etc/${app}/database-ca.pem`,
    deployCommand: `/usr/local/sbin/${app}-deploy`,
    site: `/etc/nginx/sites-available/${app}`,
  } as const;
}

/** seed 000 §12.3. */
export function sshdHardening(deployUser: string): string {
  return keyValueLines(
    {
      PermitRootLogin: "no",
      PasswordAuthentication: "no",
      KbdInteractiveAuthentication: "no",
      PubkeyAuthentication: "yes",
      AllowUsers: deployUser,
    },
    " ",
  );
}

/** The parts a runtime adds to the base. */
export interface RuntimeParts {
  readonly packages: readonly string[];
  readonly files: readonly WriteFile[];
  /** Directories created (and given to the deploy user and the app's group) before services start. */
  readonly directories: readonly string[];
  /** Services enabled and started at boot (the app's own units are started by the deploy command). */
  readonly services: readonly string[];
  /** Commands after the directories exist and before the services start. */
  readonly commands?: readonly (readonly string[])[];
  /** The deploy command's script (`deployScript` in deploy.ts). */
  readonly deployScript: string;
}

/**
 * The whole cloud-config of a Droplet group: base system, the runtime's parts, nginx for web groups,
 * certbot where HTTPS ends on the Droplet. The app itself is not started here: nothing runs until
 * the deploy command installs a release (so health checks fail honestly until then).
 */
export function assemble(spec: DropletSpec, parts: RuntimeParts): CloudConfig {
  const paths = layout(spec.app);
  const ownTls = spec.web && spec.tls === "droplet";
  // certbot's one certificate covers every name this Droplet answers.
  const certified = allHostnames(spec);
  const files: WriteFile[] = [
    // sshd keeps the first value it reads, so this file sorts before cloud-init's 50-cloud-init.conf.
    { path: "/etc/ssh/sshd_config.d/01-hardening.conf", content: sshdHardening(DEPLOY_USER), permissions: "0644" },
    { path: paths.deployCommand, content: parts.deployScript, permissions: "0750" },
    ...parts.files,
    ...(spec.backups ? backupFiles(spec.backups, spec.app) : []),
  ];
  if (ownTls) {
    const units = certbotBootstrapUnits(certified);
    files.push(
      { path: "/etc/systemd/system/certbot-bootstrap.service", content: units.service, permissions: "0644" },
      { path: "/etc/systemd/system/certbot-bootstrap.timer", content: units.timer, permissions: "0644" },
    );
  }
  const baseDirs = [paths.base, paths.releases, paths.shared];
  const runcmd: string[][] = [
    // runcmd is one sh script in which only the last command's status counts: stop at the first
    // failure, so that cloud-init reports the error, the deploy command refuses the Droplet, and
    // SSH (installed last, below) never opens on a half-made machine. (cloud-init quotes each word:
    // 'set' '-e' is still sh's set.)
    ["set", "-e"],
    // Root's: the deploy user owns nothing the deploy command (run as root) works on, so it cannot
    // steer it elsewhere with a link. The app writes only its storage (setgid, the app's group,
    // nothing for others: caches and sessions hold secrets); settings are readable by root and the
    // app's group only.
    ["install", "-d", "-m", "0755", "-o", "root", "-g", "root", ...baseDirs],
    ...(parts.directories.length > 0 ? [["install", "-d", "-m", "2770", "-o", "root", "-g", APP_USER, ...parts.directories]] : []),
    ["install", "-d", "-m", "0750", "-o", "root", "-g", APP_USER, paths.etc],
    ...(parts.commands ?? []).map((c) => [...c]),
  ];
  if (spec.web) {
    runcmd.push(
      ["ln", "-sf", paths.site, `/etc/nginx/sites-enabled/${spec.app}`],
      ["rm", "-f", "/etc/nginx/sites-enabled/default"],
    );
  }
  runcmd.push(["systemctl", "daemon-reload"]);
  if (parts.services.length > 0) runcmd.push(["systemctl", "enable", "--now", ...parts.services]);
  if (spec.web) runcmd.push(["systemctl", "reload", "nginx"]);
  runcmd.push(["systemctl", "restart", "ssh"]);
  if (ownTls) runcmd.push(["systemctl", "enable", "--now", "certbot-bootstrap.timer"]);
  if (spec.backups) runcmd.push(...backupCommands(spec.backups, spec.app));
  // Last: the Droplet's SSH keys (Terraform's ssh_keys land in root's authorized_keys) go to the
  // deploy user only when everything above succeeded, so nobody deploys to a machine still being made.
  runcmd.push(
    ["install", "-d", "-m", "0700", "-o", DEPLOY_USER, "-g", DEPLOY_USER, `/home/${DEPLOY_USER}/.ssh`],
    ["install", "-m", "0600", "-o", DEPLOY_USER, "-g", DEPLOY_USER, "/root/.ssh/authorized_keys", `/home/${DEPLOY_USER}/.ssh/authorized_keys`],
  );

  return {
    package_update: true,
    package_upgrade: true,
    // Root logins are refused by sshd (PermitRootLogin no). cloud-init's disable_root would instead
    // prefix root's keys with a forced "login as …" command, and that prefix would travel with the
    // keys copied to deploy, leaving no way in.
    disable_root: false,
    ssh_pwauth: false,
    users: [
      {
        name: DEPLOY_USER,
        shell: "/bin/bash",
        // The deploy command does every privileged step of a deploy; deploy may run nothing else as root.
        sudo: `ALL=(root) NOPASSWD: ${paths.deployCommand}`,
        lock_passwd: true,
      },
      // The backup jobs' own user: it reads nothing of the app's and writes only its state and cache.
      ...(spec.backups ? [{ name: backupPaths(spec.app).user, system: true, shell: "/usr/sbin/nologin", lock_passwd: true }] : []),
    ],
    packages: unique([
      ...parts.packages,
      ...(spec.web ? ["nginx"] : []),
      ...(ownTls ? ["certbot", "python3-certbot-nginx"] : []),
      ...(spec.backups ? backupPackages(spec.backups) : []),
      "curl",
    ]),
    write_files: files,
    runcmd,
  };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Every name the web server answers: the app's (the stack's own first), the frontend's, the redirects'. */
export function allHostnames(spec: Pick<DropletSpec, "hostnames" | "frontendHostnames" | "redirects">): string[] {
  return unique([...spec.hostnames, ...(spec.frontendHostnames ?? []), ...(spec.redirects ?? []).map((r) => r.from)]);
}

/**
 * First certificate for a Droplet without a load balancer: one certificate for every name it
 * answers (certbot's nginx installer puts it into each server block whose server_name holds one of
 * the names). DNS points here only after Terraform creates the records, so certbot is retried every
 * 5 minutes until it succeeds; then the timer disables itself and the certbot package's own timer renews.
 */
export function certbotBootstrapUnits(hostnames: readonly string[]): { service: string; timer: string } {
  const names = hostnames.join(", ");
  return {
    service:
      iniSection("Unit", { Description: `First Let's Encrypt certificate for ${names}`, After: "network-online.target nginx.service", Wants: "network-online.target" }) +
      "\n" +
      iniSection("Service", {
        Type: "oneshot",
        ExecStart: `/usr/bin/certbot --nginx --non-interactive --agree-tos --register-unsafely-without-email --redirect ${hostnames.map((h) => `-d ${h}`).join(" ")}`,
        ExecStartPost: "/usr/bin/systemctl disable --now certbot-bootstrap.timer",
      }),
    timer:
      iniSection("Unit", { Description: `Retry the first certificate for ${names}` }) +
      "\n" +
      iniSection("Timer", { OnBootSec: "2min", OnUnitActiveSec: "5min" }) +
      "\n" +
      iniSection("Install", { WantedBy: "timers.target" }),
  };
}

const SECURITY_HEADERS = ['add_header X-Frame-Options "DENY" always;', 'add_header X-Content-Type-Options "nosniff" always;'];

/** Where nginx sends requests: PHP-FPM's socket (Laravel), or an app listening on loopback. */
export type Upstream = { readonly kind: "php-fpm"; readonly socket: string; readonly documentRoot: string } | { readonly kind: "http"; readonly port: number };

/**
 * nginx on :80 (behind the load balancer, which ends TLS; certbot adds :443 where there is none).
 * Nothing here answers the health path itself: only the app does, once a release is installed.
 */
export function nginxSite(
  spec: Pick<DropletSpec, "hostnames" | "tls"> & Partial<Pick<DropletSpec, "app" | "backups" | "frontendHostnames" | "redirects">>,
  upstream: Upstream,
  maxUploadMb: number,
): string {
  const lines = [
    "server {",
    "    listen 80 default_server;",
    `    server_name ${spec.hostnames.join(" ")};`,
    `    client_max_body_size ${maxUploadMb}m;`,
    ...SECURITY_HEADERS.map((h) => `    ${h}`),
    "    location ~ /\\.(?!well-known).* {",
    "        deny all;",
    "    }",
    ...(spec.backups && spec.app ? heartbeatLocation(spec.app) : []),
  ];
  if (upstream.kind === "php-fpm") {
    lines.push(
      `    root ${upstream.documentRoot};`,
      "    index index.php;",
      "    location / {",
      "        try_files $uri $uri/ /index.php?$query_string;",
      "    }",
      "    location ~ \\.php$ {",
      "        include fastcgi_params;",
      // $realpath_root: the release the `current` link points at now, so a deploy is seen at once.
      "        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;",
      "        fastcgi_param DOCUMENT_ROOT $realpath_root;",
      `        fastcgi_pass unix:${upstream.socket};`,
      "        fastcgi_hide_header X-Powered-By;",
      "    }",
    );
  } else {
    // Behind the load balancer the client's scheme arrives in X-Forwarded-Proto; on its own the
    // Droplet knows it (certbot adds the :443 server).
    const proto = spec.tls === "load-balancer" ? "$http_x_forwarded_proto" : "$scheme";
    lines.push(
      "    location / {",
      `        proxy_pass http://127.0.0.1:${upstream.port};`,
      "        proxy_http_version 1.1;",
      "        proxy_set_header Host $host;",
      "        proxy_set_header X-Real-IP $remote_addr;",
      "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      `        proxy_set_header X-Forwarded-Proto ${proto};`,
      "        proxy_read_timeout 300s;",
      "    }",
    );
  }
  lines.push("}", "");
  if (spec.frontendHostnames && spec.frontendHostnames.length > 0) {
    if (!spec.app) throw new Error("nginxSite: the frontend's root is named after the app: give spec.app");
    lines.push(...frontendServer(spec.frontendHostnames, layout(spec.app).frontend));
  }
  lines.push(...redirectServers(spec.redirects ?? []));
  return lines.join("\n");
}

/**
 * The frontend's names: its built static files from the live release (an SPA: a path that is no
 * file falls back to /index.html, which the browser revalidates). Files under /assets/ (a build
 * tool's hashed output: the name changes with the content) are cached for a year. add_header in a
 * location replaces the server's, so the security headers are repeated there.
 */
function frontendServer(hostnames: readonly string[], root: string): string[] {
  return [
    "server {",
    "    listen 80;",
    `    server_name ${hostnames.join(" ")};`,
    `    root ${root};`,
    "    index index.html;",
    ...SECURITY_HEADERS.map((h) => `    ${h}`),
    "    location ~ /\\.(?!well-known).* {",
    "        deny all;",
    "    }",
    "    location / {",
    "        try_files $uri $uri/ /index.html;",
    "    }",
    "    location /assets/ {",
    "        expires 1y;",
    '        add_header Cache-Control "public, immutable";',
    ...SECURITY_HEADERS.map((h) => `        ${h}`),
    "        try_files $uri =404;",
    "    }",
    "}",
    "",
  ];
}

/**
 * One server per redirect target: a 301 to the same path and query on the target. In `location /`,
 * not at server level, so that certbot's ACME challenge location (an exact match) still answers
 * where HTTPS ends on the Droplet (a server-level return would run before any location).
 */
function redirectServers(redirects: readonly { readonly from: string; readonly to: string }[]): string[] {
  const targets = [...new Set(redirects.map((r) => r.to))];
  return targets.flatMap((to) => [
    "server {",
    "    listen 80;",
    `    server_name ${redirects.filter((r) => r.to === to).map((r) => r.from).join(" ")};`,
    "    location / {",
    `        return 301 https://${to}$request_uri;`,
    "    }",
    "}",
    "",
  ]);
}

export { shellQuote } from "./shell";

/** Checks every runtime shares: the health path, the upload limit, optional commands and ports. */
export function commonProblems(config: { readonly healthPath: unknown; readonly maxUploadMb: unknown }): RuntimeProblem[] {
  const problems: RuntimeProblem[] = [];
  const path = config.healthPath;
  if (typeof path !== "string" || !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path)) {
    problems.push({ field: "healthPath", value: path, allowed: "an absolute URL path starting with / (no query, no spaces), e.g. /up or /health" });
  }
  problems.push(...integerProblems("maxUploadMb", config.maxUploadMb, 1, 2048));
  return problems;
}

export function integerProblems(field: string, value: unknown, min: number, max: number): RuntimeProblem[] {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? []
    : [{ field, value, allowed: `an integer from ${min} to ${max}` }];
}

/** An optional `{ command: [...] }`: a non-empty argv of non-empty words. */
export function commandProblems(field: string, value: { readonly command: readonly unknown[] } | undefined): RuntimeProblem[] {
  if (value === undefined) return [];
  const argv = value.command;
  return Array.isArray(argv) && argv.length > 0 && argv.every((w) => typeof w === "string" && w !== "" && !/[\n\0]/.test(w))
    ? []
    : [{ field: `${field}.command`, value: argv, allowed: 'a non-empty list of words (argv, no shell), e.g. ["alembic", "upgrade", "head"]' }];
}
