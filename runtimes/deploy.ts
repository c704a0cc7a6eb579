/**
 * The deploy command (`/usr/local/sbin/<app>-deploy`), run as root through sudo by the deploy user —
 * `npm run deploy` calls it over SSH. It takes the app's settings on stdin, unpacks a release (or
 * pulls an image), activates it with this Droplet's roles, and waits until the app answers the health
 * path through nginx; a non-zero exit stops the rollout before the next Droplet.
 *
 * The script is files (runtimes/deploy/*.sh, the skeleton; runtimes/<kind>/deploy.sh, the runtime's
 * functions): this module chooses them and renders the header of constants they read.
 */
import { backupJobs, backupPaths } from "./backup";
import { APP_USER, layout } from "./common";
import { renderScript, type ShellHeader } from "./shell";
import type { DropletSpec, ProcessRole, RuntimeKind } from "./types";

/** What a runtime adds to the deploy command: its file is `runtimes/<kind>/deploy.sh`. */
export interface DeployScriptParts {
  /** `archive`: `release VERSION` reads a .tar.gz on stdin; `image`: `release IMAGE` pulls an image. */
  readonly releases: "archive" | "image";
  /** Roles this Droplet group may take. */
  readonly roles: readonly ProcessRole[];
  /** Constants the runtime's deploy.sh reads (after the skeleton's in the header). */
  readonly header: ShellHeader;
}

/**
 * The deploy command's protocol: what `npm run deploy` may call on it. A Droplet keeps the command
 * its user_data wrote at creation, so `status` prints this and `npm run deploy` refuses a Droplet
 * whose number differs from its own (deploy/run.ts). Raise it whenever a call `npm run deploy`
 * makes (command, argument, stdin format, output it reads) changes or is added.
 * 1: env, ca, release, activate, status, backup-env (no protocol line). 2: status prints `protocol:`,
 * every call waits for cloud-init, backup-env starts the jobs' first runs.
 */
export const DEPLOY_PROTOCOL = 2;

/** The skeleton's constants, in the order the header lists them. */
interface DeployHeader extends ShellHeader {
  readonly APP: string;
  readonly PROTOCOL: number;
  /** Archive releases only: the app's directory (releases/, shared/, current). */
  readonly BASE: string | undefined;
  readonly ETC: string;
  readonly RUN_AS: string;
  readonly ALLOWED_ROLES: string;
  readonly HEALTH_URL: string;
  readonly HEALTH_HOST: string;
  /** The commands, as the usage message lists them after `<app>-deploy`. */
  readonly USAGE: string;
  /** The backup jobs' settings file where this Droplet runs them (backup-env.sh), else empty. */
  readonly BACKUP_SETTINGS: string;
  /** Where the jobs stamp their successes, and the jobs (backup-env.sh starts those never run). */
  readonly BACKUP_STATE: string | undefined;
  readonly BACKUP_JOBS: string | undefined;
}

const RELEASES = {
  archive: {
    usage: ["env < SETTINGS", "ca < PEM", "release VERSION < RELEASE.tar.gz", "activate [VERSION] --roles ROLES|none [--migrate]", "status"],
    release: "release VERSION      unpack a release (.tar.gz on stdin) and prepare it; it is not live yet",
  },
  image: {
    usage: ["env < SETTINGS", "ca < PEM", "release IMAGE", "activate [IMAGE] --roles ROLES|none [--migrate]", "status"],
    release: "release IMAGE        pull an image (name:tag or name@sha256:digest); it is not live yet",
  },
} as const;

export function deployScript(spec: DropletSpec, healthPath: string, kind: RuntimeKind, parts: DeployScriptParts): string {
  const paths = layout(spec.app);
  const releases = RELEASES[parts.releases];
  const header: DeployHeader = {
    APP: spec.app,
    PROTOCOL: DEPLOY_PROTOCOL,
    BASE: parts.releases === "archive" ? paths.base : undefined,
    ETC: paths.etc,
    RUN_AS: APP_USER,
    ALLOWED_ROLES: parts.roles.join(" "),
    HEALTH_URL: `http://127.0.0.1${healthPath}`,
    HEALTH_HOST: spec.hostnames[0]!,
    USAGE: [...releases.usage, ...(spec.backups ? ["backup-env < SETTINGS"] : [])].join(" | "),
    BACKUP_SETTINGS: spec.backups ? backupPaths(spec.app).settings : "",
    BACKUP_STATE: spec.backups ? backupPaths(spec.app).state : undefined,
    BACKUP_JOBS: spec.backups ? backupJobs(spec.backups).join(" ") : undefined,
  };
  for (const name of Object.keys(parts.header)) {
    if (Object.hasOwn(header, name)) throw new Error(`the ${kind} runtime's deploy header redefines ${name}`);
  }
  return renderScript({
    comment: [
      `${spec.app}-deploy: installs and activates releases of ${spec.app} on this Droplet (${kind} runtime).`,
      "Written by cloud-init from the platform's runtimes/; the deploy user runs it with sudo, as",
      "`npm run deploy` does over SSH. Commands:",
      "  env                  replace the app's settings with KEY=value lines from stdin",
      "  ca                   replace the database's CA certificate (PEM on stdin)",
      `  ${releases.release}`,
      "  activate [V] --roles R[,R]|none [--migrate]",
      "                       make V (default: the live release) live with these roles, migrate first",
      "                       if asked, then wait until the app answers the health path",
      "  status               print the command's protocol, the live release and roles",
      ...(spec.backups ? ['  backup-env           replace the backup jobs\' settings (KEY="value" lines on stdin)'] : []),
    ],
    header: { ...header, ...parts.header },
    files: [
      "deploy/common.sh",
      ...(spec.backups ? ["deploy/backup-env.sh"] : []),
      `deploy/${parts.releases}.sh`,
      `${kind}/deploy.sh`,
      "deploy/main.sh",
    ],
  });
}
