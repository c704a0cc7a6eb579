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

export interface CloudInitProps {
  readonly app: string;
  readonly role: ServerRole;
  readonly hostname: string;
  readonly deployUser?: string;
  readonly phpVersion?: string;
}

const PHP_EXTENSIONS = ["mysql", "redis", "mbstring", "xml", "bcmath", "gd", "curl", "zip"] as const;

export function phpPackages(php: string, sapi: "fpm" | "cli"): string[] {
  return [`php${php}-${sapi}`, ...PHP_EXTENSIONS.map((ext) => `php${php}-${ext}`)];
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

export function supervisorPrograms(app: string, appDir: string): SupervisorProgram[] {
  return [
    { name: `${app}-queue`, command: `php ${appDir}/artisan queue:work redis --tries=3 --timeout=90 --sleep=3`, numprocs: 2, stopwaitsecs: 120 },
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

  const packages = [
    ...(serves ? ["nginx", ...phpPackages(php, "fpm"), "certbot", "python3-certbot-nginx"] : phpPackages(php, "cli")),
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
  if (works) {
    files.push({ path: `/etc/supervisor/conf.d/${props.app}.conf`, content: supervisorConf(supervisorPrograms(props.app, appDir), deploy, logDir), permissions: "0644" });
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
  if (works) runcmd.push(["supervisorctl", "reread"], ["supervisorctl", "update"]);

  return {
    package_update: true,
    package_upgrade: true,
    disable_root: true,
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
