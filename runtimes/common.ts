/**
 * What every runtime shares: the deploy user and SSH hardening (seed 000 §12.3), the app's
 * directories, nginx on :80 in front of the app, certbot where HTTPS ends on the Droplet, and the
 * skeleton of the deploy command. Pure functions into the cloud-config model.
 */
import { backupCommands, backupFiles, backupPackages, backupPaths, heartbeatLocation } from "./backup";
import { iniSection, keyValueLines, type CloudConfig, type WriteFile } from "./cloud-config";
import type { DropletSpec, ProcessRole, RuntimeProblem } from "./types";

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
  /** The deploy command's script. */
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
  const primary = spec.hostnames[0]!;
  const files: WriteFile[] = [
    // sshd keeps the first value it reads, so this file sorts before cloud-init's 50-cloud-init.conf.
    { path: "/etc/ssh/sshd_config.d/01-hardening.conf", content: sshdHardening(DEPLOY_USER), permissions: "0644" },
    { path: paths.deployCommand, content: parts.deployScript, permissions: "0750" },
    ...parts.files,
    ...(spec.backups ? backupFiles(spec.backups, spec.app) : []),
  ];
  if (ownTls) {
    const units = certbotBootstrapUnits(primary);
    files.push(
      { path: "/etc/systemd/system/certbot-bootstrap.service", content: units.service, permissions: "0644" },
      { path: "/etc/systemd/system/certbot-bootstrap.timer", content: units.timer, permissions: "0644" },
    );
  }
  const baseDirs = [paths.base, paths.releases, paths.shared];
  const runcmd: string[][] = [
    // The Droplet's SSH keys (Terraform's ssh_keys) land in root's authorized_keys; give them to deploy.
    ["install", "-d", "-m", "0700", "-o", DEPLOY_USER, "-g", DEPLOY_USER, `/home/${DEPLOY_USER}/.ssh`],
    ["install", "-m", "0600", "-o", DEPLOY_USER, "-g", DEPLOY_USER, "/root/.ssh/authorized_keys", `/home/${DEPLOY_USER}/.ssh/authorized_keys`],
    // Root's: the deploy user owns nothing the deploy command (run as root) works on, so it cannot
    // steer it elsewhere with a link. The app writes only its storage (setgid, the app's group);
    // settings are readable by root and the app's group only.
    ["install", "-d", "-m", "0755", "-o", "root", "-g", "root", ...baseDirs],
    ...(parts.directories.length > 0 ? [["install", "-d", "-m", "2775", "-o", "root", "-g", APP_USER, ...parts.directories]] : []),
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

/**
 * First certificate for a Droplet without a load balancer. DNS points here only after Terraform
 * creates the record, so certbot is retried every 5 minutes until it succeeds; then the timer
 * disables itself and the certbot package's own timer renews.
 */
export function certbotBootstrapUnits(hostname: string): { service: string; timer: string } {
  return {
    service:
      iniSection("Unit", { Description: `First Let's Encrypt certificate for ${hostname}`, After: "network-online.target nginx.service", Wants: "network-online.target" }) +
      "\n" +
      iniSection("Service", {
        Type: "oneshot",
        ExecStart: `/usr/bin/certbot --nginx --non-interactive --agree-tos --register-unsafely-without-email --redirect -d ${hostname}`,
        ExecStartPost: "/usr/bin/systemctl disable --now certbot-bootstrap.timer",
      }),
    timer:
      iniSection("Unit", { Description: `Retry the first certificate for ${hostname}` }) +
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
export function nginxSite(spec: Pick<DropletSpec, "hostnames" | "tls"> & Partial<Pick<DropletSpec, "app" | "backups">>, upstream: Upstream, maxUploadMb: number): string {
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
  return lines.join("\n");
}

/** One bash word, single-quoted where needed. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The runtime-specific parts of the deploy command, as bash function bodies. */
export interface DeployScriptParts {
  /** `archive`: `release VERSION` reads a .tar.gz on stdin; `image`: `release IMAGE` pulls an image. */
  readonly releases: "archive" | "image";
  /** Roles this Droplet group may take. */
  readonly roles: readonly ProcessRole[];
  /** Extra constants and helper functions. */
  readonly definitions: string;
  /** Body of `prepare_release DIR` (archive) or `pull_release REF` (image). */
  readonly prepare: string;
  /** Body of `activate_release VERSION MIGRATE`: make VERSION live (migrating first if MIGRATE is 1). */
  readonly activate: string;
  /** Body of `apply_roles`: start what `$ROLES` names, stop the rest. */
  readonly applyRoles: string;
}

/**
 * The deploy command (`/usr/local/sbin/<app>-deploy`), run as root through sudo by the deploy user —
 * `npm run deploy` calls it over SSH. It takes the app's settings on stdin, unpacks a release (or
 * pulls an image), activates it with this Droplet's roles, and waits until the app answers the health
 * path through nginx; a non-zero exit stops the rollout before the next Droplet.
 */
export function deployScript(spec: DropletSpec, healthPath: string, kind: string, parts: DeployScriptParts): string {
  const paths = layout(spec.app);
  const archive = parts.releases === "archive";
  const usage =
    (archive
      ? `env < SETTINGS | ca < PEM | release VERSION < RELEASE.tar.gz | activate [VERSION] --roles ROLES|none [--migrate] | status`
      : `env < SETTINGS | ca < PEM | release IMAGE | activate [IMAGE] --roles ROLES|none [--migrate] | status`) + (spec.backups ? " | backup-env < SETTINGS" : "");
  const lines = [
    "#!/bin/bash",
    `# ${spec.app}-deploy: installs and activates releases of ${spec.app} on this Droplet (${kind} runtime).`,
    "# Written by cloud-init from the platform's runtimes/; the deploy user runs it with sudo, as",
    "# `npm run deploy` does over SSH. Commands:",
    "#   env                  replace the app's settings with KEY=value lines from stdin",
    "#   ca                   replace the database's CA certificate (PEM on stdin)",
    archive
      ? "#   release VERSION      unpack a release (.tar.gz on stdin) and prepare it; it is not live yet"
      : "#   release IMAGE        pull an image (name:tag or name@sha256:digest); it is not live yet",
    "#   activate [V] --roles R[,R]|none [--migrate]",
    "#                        make V (default: the live release) live with these roles, migrate first",
    "#                        if asked, then wait until the app answers the health path",
    "#   status               print the live release and roles",
    ...(spec.backups ? ["#   backup-env           replace the backup jobs' settings (KEY=\"value\" lines on stdin)"] : []),
    "set -euo pipefail",
    "umask 0022",
    "",
    `readonly APP=${shellQuote(spec.app)}`,
    ...(archive ? [`readonly BASE=${paths.base}`] : []),
    `readonly ETC=${paths.etc}`,
    `readonly RUN_AS=${APP_USER}`,
    // Only where a part uses it: shellcheck flags unused variables.
    ...([parts.definitions, parts.prepare, parts.activate, parts.applyRoles].some((b) => b.includes("$DEPLOY_USER")) ? [`readonly DEPLOY_USER=${DEPLOY_USER}`] : []),
    `readonly ALLOWED_ROLES=${shellQuote(parts.roles.join(" "))}`,
    `readonly HEALTH_URL=${shellQuote(`http://127.0.0.1${healthPath}`)}`,
    `readonly HEALTH_HOST=${shellQuote(spec.hostnames[0]!)}`,
    ...(archive ? ["readonly KEEP_RELEASES=3"] : []),
    "readonly HEALTH_ATTEMPTS=30",
    "ROLES=''",
    "INCOMPLETE=''",
    "",
    "die() { printf '%s-deploy: %s\\n' \"$APP\" \"$*\" >&2; exit 1; }",
    "log() { printf '%s-deploy: %s\\n' \"$APP\" \"$*\"; }",
    "cleanup() { if [[ -n $INCOMPLETE ]]; then rm -rf \"$INCOMPLETE\"; fi; }",
    "trap cleanup EXIT",
    "",
    "has_role() { [[ \" $ROLES \" == *\" $1 \"* ]]; }",
    "",
    "set_roles() {",
    "  local role",
    "  local -a wanted",
    "  ROLES=''",
    "  if [[ $1 == none ]]; then return 0; fi",
    "  IFS=, read -r -a wanted <<<\"$1\"",
    "  for role in \"${wanted[@]}\"; do",
    "    [[ \" $ALLOWED_ROLES \" == *\" $role \"* ]] || die \"role '$role' is not allowed on this Droplet; allowed: $ALLOWED_ROLES\"",
    "    has_role \"$role\" || ROLES+=\"$role \"",
    "  done",
    "  ROLES=${ROLES% }",
    "}",
    "",
    "cmd_env() {",
    "  local tmp",
    "  tmp=$(mktemp \"$ETC/.app.env.XXXXXX\")",
    "  INCOMPLETE=$tmp",
    "  cat >\"$tmp\"",
    "  if grep -qvE '^([A-Za-z_][A-Za-z0-9_]*=.*|#.*|)$' \"$tmp\"; then",
    "    die 'settings must be KEY=value lines'",
    "  fi",
    "  grep -qE '^[A-Za-z_][A-Za-z0-9_]*=' \"$tmp\" || die 'no settings on stdin'",
    "  chown \"root:$RUN_AS\" \"$tmp\"",
    "  chmod 0640 \"$tmp\"",
    "  mv -f \"$tmp\" \"$ETC/app.env\"",
    "  INCOMPLETE=''",
    "  log 'settings replaced'",
    "}",
    "",
    "# Where HTTPS ends on the Droplet, :80 redirects (certbot): follow it to this Droplet's :443,",
    "# so a redirect never passes for healthy.",
    "cmd_ca() {",
    "  local tmp",
    "  tmp=$(mktemp \"$ETC/.database-ca.XXXXXX\")",
    "  INCOMPLETE=$tmp",
    "  cat >\"$tmp\"",
    "  grep -q -- '-----BEGIN CERTIFICATE-----' \"$tmp\" || die 'no PEM certificate on stdin'",
    "  chmod 0644 \"$tmp\"",
    "  mv -f \"$tmp\" \"$ETC/database-ca.pem\"",
    "  INCOMPLETE=''",
    "  log 'database CA replaced'",
    "}",
    "",
    ...(spec.backups
      ? [
          "# The backup jobs' keys and database password: root's alone (systemd reads it for the jobs).",
          "cmd_backup_env() {",
          "  local tmp",
          `  tmp=$(mktemp "$ETC/.backup.env.XXXXXX")`,
          "  INCOMPLETE=$tmp",
          "  cat >\"$tmp\"",
          "  if grep -qvE '^([A-Za-z_][A-Za-z0-9_]*=\".*\"|#.*|)$' \"$tmp\"; then",
          "    die 'backup settings must be KEY=\"value\" lines'",
          "  fi",
          "  grep -qE '^[A-Za-z_][A-Za-z0-9_]*=' \"$tmp\" || die 'no backup settings on stdin'",
          "  chmod 0600 \"$tmp\"",
          `  mv -f "$tmp" "${backupPaths(spec.app).settings}"`,
          "  INCOMPLETE=''",
          "  log 'backup settings replaced'",
          "}",
          "",
        ]
      : []),
    "wait_healthy() {",
    "  local attempt",
    "  for attempt in $(seq 1 \"$HEALTH_ATTEMPTS\"); do",
    "    if curl -fsS -o /dev/null --max-time 5 --location --proto-redir =https --resolve \"$HEALTH_HOST:443:127.0.0.1\" -H \"Host: $HEALTH_HOST\" \"$HEALTH_URL\"; then",
    "      log \"healthy: $HEALTH_URL answers 200 (attempt $attempt)\"",
    "      return 0",
    "    fi",
    "    if ((attempt < HEALTH_ATTEMPTS)); then sleep 2; fi",
    "  done",
    "  die \"$HEALTH_URL did not answer 200 after $HEALTH_ATTEMPTS attempts\"",
    "}",
    "",
  ];
  if (archive) {
    lines.push(
      "check_version() {",
      "  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || die \"version '$1' is not allowed: 1-64 letters, digits, dots, dashes, underscores\"",
      "}",
      "",
      "live_release() {",
      "  [[ -L $BASE/current ]] || die 'no release is live yet: activate a VERSION'",
      "  basename \"$(readlink -f \"$BASE/current\")\"",
      "}",
      "",
      "switch_current() {",
      "  ln -sfn \"$1\" \"$BASE/current.next\"",
      "  mv -Tf \"$BASE/current.next\" \"$BASE/current\"",
      "}",
      "",
      "prune_releases() {",
      "  local live dir",
      "  live=$(readlink -f \"$BASE/current\")",
      "  find \"$BASE/releases\" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\\n' | sort -rn | tail -n +$((KEEP_RELEASES + 1)) | cut -d' ' -f2- |",
      "    while IFS= read -r dir; do",
      "      if [[ $(readlink -f \"$dir\") != \"$live\" ]]; then rm -rf \"$dir\"; fi",
      "    done",
      "}",
      "",
      "prepare_release() {",
      "  local dir=$1",
      indent(parts.prepare),
      "}",
      "",
      "cmd_release() {",
      "  local version=${1:-} dir",
      "  [[ -n $version ]] || die 'usage: release VERSION < RELEASE.tar.gz'",
      "  check_version \"$version\"",
      "  dir=$BASE/releases/$version",
      "  # A retried deploy finds its release prepared: nothing to do. One left half-done (no marker) is redone.",
      "  if [[ -f $dir/.prepared ]]; then",
      "    cat >/dev/null",
      "    log \"release $version is prepared already\"",
      "    return 0",
      "  fi",
      "  rm -rf \"$dir\"",
      "  mkdir \"$dir\"",
      "  INCOMPLETE=$dir",
      "  tar -xzf - -C \"$dir\" --no-same-owner",
      "  # Root's, readable by all, writable by none: tar keeps the archive's modes (0700 from a mktemp build dir).",
      "  chown -R root:root \"$dir\"",
      "  chmod -R u+rwX,go+rX,go-w \"$dir\"",
      "  prepare_release \"$dir\"",
      "  touch \"$dir/.prepared\"",
      "  INCOMPLETE=''",
      "  log \"release $version prepared\"",
      "}",
      "",
    );
  } else {
    lines.push(
      "check_image() {",
      "  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._/:@-]*$ ]] || die \"image '$1' is not an image reference\"",
      "  [[ $1 =~ @sha256:[0-9a-f]{64}$ || ${1##*/} =~ ^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die \"image '$1' has no tag or digest: name:tag or name@sha256:digest\"",
      "}",
      "",
      "live_release() {",
      "  [[ -f $ETC/release.env ]] || die 'no release is live yet: activate an IMAGE'",
      "  sed -n 's/^APP_IMAGE=//p' \"$ETC/release.env\"",
      "}",
      "",
      "pull_release() {",
      "  local ref=$1",
      indent(parts.prepare),
      "}",
      "",
      "cmd_release() {",
      "  local ref=${1:-}",
      "  [[ -n $ref ]] || die 'usage: release IMAGE'",
      "  check_image \"$ref\"",
      "  pull_release \"$ref\"",
      "  log \"image $ref pulled\"",
      "}",
      "",
    );
  }
  lines.push(
    parts.definitions.trimEnd(),
    "",
    "activate_release() {",
    "  local version=$1 migrate=$2",
    indent(parts.activate),
    "}",
    "",
    "apply_roles() {",
    indent(parts.applyRoles),
    "}",
    "",
    "cmd_activate() {",
    "  local version='' migrate=0 roles=''",
    "  while (($#)); do",
    "    case $1 in",
    "      --roles) roles=${2:-}; shift 2 || die '--roles needs a value' ;;",
    "      --migrate) migrate=1; shift ;;",
    "      -*) die \"unknown option $1\" ;;",
    "      *) version=$1; shift ;;",
    "    esac",
    "  done",
    "  [[ -n $roles ]] || die \"--roles is required: none, or a comma-separated subset of $ALLOWED_ROLES\"",
    "  set_roles \"$roles\"",
    "  if [[ -z $version ]]; then version=$(live_release); fi",
    archive
      ? "  check_version \"$version\"\n  [[ -f $BASE/releases/$version/.prepared ]] || die \"release $version is not prepared: run release $version first\""
      : "  check_image \"$version\"",
    "  activate_release \"$version\" \"$migrate\"",
    "  printf '%s\\n' \"${ROLES:-none}\" >\"$ETC/roles\"",
    "  apply_roles",
    "  if has_role web; then wait_healthy; fi",
    archive ? "  prune_releases" : "",
    "  log \"$version is live with roles: $ROLES\"",
    "}",
    "",
    "cmd_status() {",
    "  printf 'release: %s\\n' \"$( (live_release) 2>/dev/null || echo none)\"",
    "  printf 'roles: %s\\n' \"$(cat \"$ETC/roles\" 2>/dev/null || echo none)\"",
    "}",
    "",
    "main() {",
    "  [[ $(id -u) -eq 0 ]] || die \"run it as root: sudo $0 $*\"",
    "  # One deploy at a time on this Droplet.",
    "  exec 9>\"$ETC/.deploy.lock\"",
    "  flock -n 9 || die 'another deploy is running on this Droplet'",
    "  local command=${1:-}",
    "  if (($#)); then shift; fi",
    "  case $command in",
    "    env) cmd_env ;;",
    "    ca) cmd_ca ;;",
    "    release) cmd_release \"$@\" ;;",
    "    activate) cmd_activate \"$@\" ;;",
    "    status) cmd_status ;;",
    ...(spec.backups ? ["    backup-env) cmd_backup_env ;;"] : []),
    `    *) die ${shellQuote(`usage: ${spec.app}-deploy ${usage}`)} ;;`,
    "  esac",
    "}",
    "",
    "main \"$@\"",
    "",
  );
  return lines.filter((l, i, all) => !(l === "" && all[i - 1] === "")).join("\n");
}

function indent(body: string): string {
  return body
    .trimEnd()
    .split("\n")
    .map((l) => (l === "" ? "" : `  ${l}`))
    .join("\n");
}

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
