/**
 * One booted machine: a fresh overlay of the cached Debian root (image.ts), a NoCloud seed holding
 * the user_data, and `systemd-nspawn -b` with systemd as PID 1 and no network but loopback (the
 * packages come from the local repository that repo.ts builds). Commands run inside with
 * `nsenter -t <PID 1> -a`, as root or as any user of the machine (`runuser`). stop() powers it off
 * and removes the overlay, whatever state it is in.
 *
 * How, on this machine (checked: Firecracker VM, root): `--register=no --keep-unit` because the
 * host has no system bus for machined; `--console=pipe` because there is no terminal; a private
 * network so that several machines can each run nginx on :80 at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run, startDaemon, waitFor, type Daemon, type Ran } from "../exec";
import { mountOverlay } from "./image";

export interface Seed {
  /** The user_data as cloud-init reads it (already mapped to Debian names). */
  readonly userData: string;
  /** Hostname and instance id. */
  readonly name: string;
  /** Public keys for meta-data's public-keys (DigitalOcean's ssh_keys land in root's authorized_keys). */
  readonly publicKeys: readonly string[];
}

export interface MachineOptions {
  /** The extracted Debian root, read-only lower layer. */
  readonly base: string;
  /** Where this machine's overlay lives (removed by stop()). */
  readonly workDir: string;
  /** Host directories bound read-only into the machine: host path → machine path. */
  readonly bindReadOnly: Readonly<Record<string, string>>;
  /** Files written into the upper layer before boot: machine path → content. */
  readonly files: Readonly<Record<string, string>>;
}

export interface ExecOptions {
  /** Run as this user (runuser); root when absent. */
  readonly user?: string;
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
}

export class Machine {
  private constructor(
    readonly name: string,
    private readonly root: string,
    private readonly removeOverlay: () => Promise<void>,
    private readonly nspawn: Daemon,
    private readonly pid: number,
  ) {}

  /** The machine's PID 1, as the host sees it. */
  get initPid(): number {
    return this.pid;
  }

  /** Mounts the overlay, seeds cloud-init and boots; resolves once systemd is PID 1 inside. */
  static async boot(seed: Seed, options: MachineOptions): Promise<Machine> {
    const { root, remove } = await mountOverlay(options.base, options.workDir);
    const write = (p: string, content: string) => {
      const file = path.join(root, p);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    };
    write("/var/lib/cloud/seed/nocloud/user-data", seed.userData);
    write(
      "/var/lib/cloud/seed/nocloud/meta-data",
      [`instance-id: ${seed.name}`, `local-hostname: ${seed.name}`, "public-keys:", ...seed.publicKeys.map((k) => `  - ${JSON.stringify(k)}`), ""].join("\n"),
    );
    write("/etc/cloud/cloud.cfg.d/99-platform-boot.cfg", "datasource_list: [ NoCloud, None ]\n");
    // A Droplet's /etc/hosts names the Droplet (DigitalOcean's images let cloud-init manage it); sudo warns without.
    write("/etc/hosts", `127.0.0.1 localhost\n127.0.1.1 ${seed.name}\n::1 localhost ip6-localhost ip6-loopback\n`);
    for (const [p, content] of Object.entries(options.files)) write(p, content);
    const binds = Object.entries(options.bindReadOnly).map(([host, inside]) => `--bind-ro=${host}:${inside}`);
    const nspawn = startDaemon("systemd-nspawn", ["-D", root, "--register=no", "--keep-unit", "--console=pipe", "--private-network", "-M", seed.name, ...binds, "-b"], {});
    let pid = 0;
    const started = await waitFor(
      () => {
        pid = containerInit(nspawn);
        return pid > 0;
      },
      20_000,
      () => nspawn.hasExited(),
    );
    if (!started) {
      await nspawn.stop();
      await remove();
      throw new Error(`systemd-nspawn did not start ${seed.name}:\n${nspawn.output()}`);
    }
    return new Machine(seed.name, root, remove, nspawn, pid);
  }

  /** A command inside the machine (argv, no shell), as root or `options.user`. */
  exec(argv: readonly string[], options: ExecOptions = {}): Promise<Ran> {
    const inner = options.user ? ["runuser", "-u", options.user, "--", ...argv] : [...argv];
    return run("nsenter", ["-t", String(this.pid), "-a", "--", ...inner], { timeoutMs: options.timeoutMs ?? 120_000, ...(options.input !== undefined ? { input: options.input } : {}) });
  }

  /** bash -c inside the machine. */
  sh(script: string, options: ExecOptions = {}): Promise<Ran> {
    return this.exec(["bash", "-c", script], options);
  }

  /** A path of the machine on the host (the merged overlay). */
  path(inside: string): string {
    return path.join(this.root, inside);
  }

  /** What nspawn printed (the machine's console). */
  console(): string {
    return this.nspawn.output();
  }

  /** Leaves the machine running after the validator exits (for a person to look into). */
  keep(): void {
    this.nspawn.keep();
  }

  async stop(): Promise<void> {
    if (!this.nspawn.hasExited()) {
      await this.exec(["systemctl", "poweroff", "--no-block"], { timeoutMs: 10_000 }).catch(() => undefined);
      const gone = await waitFor(() => this.nspawn.hasExited(), 15_000);
      if (!gone) await this.nspawn.stop(2_000);
    }
    await this.removeOverlay();
  }
}

/** PID of the container's init: the one child of the nspawn process (0 until it exists). */
function containerInit(nspawn: Daemon): number {
  const pid = nspawn.pid();
  if (pid === undefined) return 0;
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    const init = Number(children[0] ?? 0);
    if (init > 0 && fs.readFileSync(`/proc/${init}/comm`, "utf8").trim() === "systemd") return init;
    return 0;
  } catch {
    return 0;
  }
}
