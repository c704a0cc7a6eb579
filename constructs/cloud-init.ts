/**
 * cloud-init user data for the app and worker Droplets, built as a typed model and serialized with
 * the `yaml` library (seed 000 §4.2 packages, §12.3 SSH hardening). Pure functions: no cdktf here.
 */
import { stringify } from "yaml";

export interface WriteFile {
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
  readonly owner?: string;
}

export interface CloudUser {
  readonly name: string;
  readonly groups: string;
  readonly shell: string;
  readonly sudo: readonly string[];
  readonly lock_passwd: boolean;
}

/** The subset of the cloud-config schema we use. Keys are cloud-init's own. */
export interface CloudConfig {
  readonly package_update: boolean;
  readonly package_upgrade: boolean;
  readonly disable_root: boolean;
  readonly ssh_pwauth: boolean;
  readonly users: readonly CloudUser[];
  readonly packages: readonly string[];
  readonly write_files: readonly WriteFile[];
  readonly runcmd: readonly (readonly string[])[];
}

/** What a Droplet runs. `app` serves HTTP; `worker` runs the queue and scheduler; `all` does both (dev, dr). */
export type ServerRole = "app" | "worker" | "all";

/**
 * Where HTTPS ends: at the load balancer (nginx serves :80 to it), or on the Droplet itself, where a
 * systemd timer retries certbot until the hostname resolves to it (dev: no load balancer).
 */
export type TlsTermination = "load-balancer" | "droplet";

export interface CloudInitProps {
  readonly app: string;
  readonly role: ServerRole;
  readonly hostname: string;
  readonly tls: TlsTermination;
  readonly deployUser?: string;
  readonly phpVersion?: string;
  /** Which PHP database driver to install; MySQL when unset. */
  readonly databaseEngine?: "mysql" | "pg";
  /** Laravel queue connection: `redis` (the managed cache) or `database` (stacks without a cache). */
  readonly queueConnection?: QueueConnection;
}

export type QueueConnection = "redis" | "database";

const PHP_EXTENSIONS = ["redis", "mbstring", "xml", "bcmath", "gd", "curl", "zip"] as const;
const PHP_DB_DRIVER = { mysql: "mysql", pg: "pgsql" } as const;

export function phpPackages(php: string, sapi: "fpm" | "cli", engine: "mysql" | "pg" = "mysql"): string[] {
  return [`php${php}-${sapi}`, `php${php}-${PHP_DB_DRIVER[engine]}`, ...PHP_EXTENSIONS.map((ext) => `php${php}-${ext}`)];
}

function keyValueLines(entries: Record<string, string>, separator: string): string {
  return Object.entries(entries).map(([k, v]) => `${k}${separator}${v}`).join("\n") + "\n";
}

/** seed 000 §12.3 */
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

export interface SupervisorProgram {
  readonly name: string;
  readonly command: string;
  readonly numprocs: number;
  readonly stopwaitsecs: number;
}

export function supervisorPrograms(app: string, appDir: string, queue: QueueConnection = "redis"): SupervisorProgram[] {
  return [
    { name: `${app}-queue`, command: `php ${appDir}/artisan queue:work ${queue} --tries=3 --timeout=90 --sleep=3`, numprocs: 2, stopwaitsecs: 120 },
    { name: `${app}-scheduler`, command: `php ${appDir}/artisan schedule:work`, numprocs: 1, stopwaitsecs: 60 },
  ];
}

export function supervisorConf(programs: readonly SupervisorProgram[], user: string, logDir: string): string {
  return programs
    .map((p) =>
      `[program:${p.name}]\n` +
      keyValueLines(
        {
          process_name: "%(program_name)s_%(process_num)02d",
          command: p.command,
          user,
          numprocs: String(p.numprocs),
          autostart: "true",
          autorestart: "true",
          stopasgroup: "true",
          killasgroup: "true",
          stopwaitsecs: String(p.stopwaitsecs),
          redirect_stderr: "true",
          stdout_logfile: `${logDir}/${p.name}.log`,
        },
        "=",
      ),
    )
    .join("\n");
}

/**
 * First certificate for a Droplet without a load balancer. DNS points here only after Terraform
 * creates the record, so certbot is retried every 5 minutes until it succeeds; then the timer
 * disables itself and the certbot package's own timer renews.
 */
export function certbotBootstrapUnits(hostname: string): { service: string; timer: string } {
  return {
    service:
      "[Unit]\n" +
      keyValueLines({ Description: `First Let's Encrypt certificate for ${hostname}`, "After": "network-online.target nginx.service" }, "=") +
      "\n[Service]\n" +
      keyValueLines(
        {
          Type: "oneshot",
          ExecStart: `/usr/bin/certbot --nginx --non-interactive --agree-tos --register-unsafely-without-email --redirect -d ${hostname}`,
          ExecStartPost: "/usr/bin/systemctl disable --now certbot-bootstrap.timer",
        },
        "=",
      ),
    timer:
      "[Unit]\n" +
      keyValueLines({ Description: `Retry the first certificate for ${hostname}` }, "=") +
      "\n[Timer]\n" +
      keyValueLines({ OnBootSec: "2min", OnUnitActiveSec: "5min" }, "=") +
      "\n[Install]\n" +
      keyValueLines({ WantedBy: "timers.target" }, "="),
  };
}

/** Behind the load balancer TLS ends at the LB, so nginx listens on :80 only; /health is Laravel's. */
export function nginxSite(hostname: string, appDir: string, php: string): string {
  return [
    "server {",
    "    listen 80 default_server;",
    `    server_name ${hostname};`,
    `    root ${appDir}/public;`,
    "    index index.php;",
    '    add_header X-Frame-Options "DENY" always;',
    '    add_header X-Content-Type-Options "nosniff" always;',
    "    location / {",
    "        try_files $uri $uri/ /index.php?$query_string;",
    "    }",
    "    location ~ \\.php$ {",
    `        fastcgi_pass unix:/var/run/php/php${php}-fpm.sock;`,
    "        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;",
    "        include fastcgi_params;",
    "        fastcgi_hide_header X-Powered-By;",
    "    }",
    "    location ~ /\\.(?!well-known).* {",
    "        deny all;",
    "    }",
    "}",
    "",
  ].join("\n");
}

export function cloudConfig(props: CloudInitProps): CloudConfig {
  const deploy = props.deployUser ?? "deploy";
  const php = props.phpVersion ?? "8.3";
  const appDir = `/var/www/${props.app}`;
  const logDir = `/var/log/${props.app}`;
  const serves = props.role !== "worker";
  const works = props.role !== "app";
  const ownTls = serves && props.tls === "droplet";

  const packages = [
    ...(serves ? ["nginx", ...phpPackages(php, "fpm", props.databaseEngine)] : phpPackages(php, "cli", props.databaseEngine)),
    ...(ownTls ? ["certbot", "python3-certbot-nginx"] : []),
    "supervisor",
  ];
  const services = [...(serves ? ["nginx", `php${php}-fpm`] : []), "supervisor"];
  const files: WriteFile[] = [
    // sshd keeps the first value it reads, so this file sorts before cloud-init's 50-cloud-init.conf.
    { path: "/etc/ssh/sshd_config.d/01-hardening.conf", content: sshdHardening(deploy), permissions: "0644" },
  ];
  if (serves) {
    files.push({ path: `/etc/nginx/sites-available/${props.app}`, content: nginxSite(props.hostname, appDir, php), permissions: "0644" });
  }
  if (ownTls) {
    const units = certbotBootstrapUnits(props.hostname);
    files.push(
      { path: "/etc/systemd/system/certbot-bootstrap.service", content: units.service, permissions: "0644" },
      { path: "/etc/systemd/system/certbot-bootstrap.timer", content: units.timer, permissions: "0644" },
    );
  }
  if (works) {
    files.push({ path: `/etc/supervisor/conf.d/${props.app}.conf`, content: supervisorConf(supervisorPrograms(props.app, appDir, props.queueConnection), deploy, logDir), permissions: "0644" });
  }

  const runcmd: string[][] = [
    // The Droplet's SSH keys (from Terraform's ssh_keys) land in root's authorized_keys; give them to deploy.
    ["install", "-d", "-m", "0700", "-o", deploy, "-g", deploy, `/home/${deploy}/.ssh`],
    ["install", "-m", "0600", "-o", deploy, "-g", deploy, "/root/.ssh/authorized_keys", `/home/${deploy}/.ssh/authorized_keys`],
    ["install", "-d", "-o", deploy, "-g", "www-data", appDir],
    ["install", "-d", "-o", deploy, "-g", deploy, logDir],
  ];
  if (serves) {
    runcmd.push(
      ["ln", "-sf", `/etc/nginx/sites-available/${props.app}`, `/etc/nginx/sites-enabled/${props.app}`],
      ["rm", "-f", "/etc/nginx/sites-enabled/default"],
    );
  }
  runcmd.push(["systemctl", "enable", "--now", ...services], ["systemctl", "restart", "ssh"]);
  if (serves) runcmd.push(["systemctl", "reload", "nginx"]);
  if (ownTls) runcmd.push(["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "certbot-bootstrap.timer"]);
  if (works) runcmd.push(["supervisorctl", "reread"], ["supervisorctl", "update"]);

  return {
    package_update: true,
    package_upgrade: true,
    // Root logins are refused by sshd (PermitRootLogin no). cloud-init's disable_root would instead
    // prefix root's keys with a forced "login as …" command, and that prefix would travel with the
    // keys copied to deploy below, leaving no way in.
    disable_root: false,
    ssh_pwauth: false,
    users: [
      {
        name: deploy,
        groups: "www-data",
        shell: "/bin/bash",
        // Only what the deploy script of seed 000 §9.2 needs, not full root.
        sudo: [
          `ALL=(root) NOPASSWD: /usr/bin/systemctl reload php${php}-fpm, /usr/bin/supervisorctl restart *, /usr/bin/supervisorctl status`,
        ],
        lock_passwd: true,
      },
    ],
    packages,
    write_files: files,
    runcmd,
  };
}

export function renderCloudInit(config: CloudConfig): string {
  return "#cloud-config\n" + stringify(config, { lineWidth: 0 });
}
