/**
 * Which Droplet runs what (config/validate.ts planDroplets), for every shape of the matrix: the
 * scheduler runs on exactly one Droplet wherever jobs run, so each scheduled task runs once.
 */
import { planDroplets } from "../../config/validate";
import type { EnvironmentConfig } from "../../config/types";

const shape = (apps: number, workers: number) =>
  ({ app: { count: apps, size: "s-1vcpu-1gb" }, worker: { count: workers, size: "s-1vcpu-2gb" } }) as EnvironmentConfig;

const combos = [1, 2, 4].flatMap((apps) => [0, 1, 2, 3].map((workers) => [apps, workers] as const));
const withRole = (plan: ReturnType<typeof planDroplets>, role: string) => plan.filter((d) => d.roles.includes(role as never)).map((d) => d.id);

describe.each(combos)("%i app and %i worker Droplets", (apps, workers) => {
  const plan = planDroplets(shape(apps, workers), true, { worker: true, scheduler: true });

  it("names every Droplet once, app Droplets serving the web", () => {
    expect(plan.map((d) => d.id)).toEqual([...Array.from({ length: apps }, (_, i) => `app-${i + 1}`), ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`)]);
    expect(withRole(plan, "web")).toEqual(plan.filter((d) => d.group === "app").map((d) => d.id));
  });

  it("runs exactly one scheduler: on the first worker, else on the first app Droplet", () => {
    expect(withRole(plan, "scheduler")).toEqual([workers > 0 ? "worker-1" : "app-1"]);
  });

  it("runs queue workers on the worker Droplets, or on every app Droplet when there are none", () => {
    expect(withRole(plan, "worker")).toEqual(plan.filter((d) => d.group === (workers > 0 ? "worker" : "app")).map((d) => d.id));
  });

  it("runs no jobs at all where the database is a read-only replica", () => {
    const standby = planDroplets(shape(apps, workers), false, { worker: true, scheduler: true });
    expect([...withRole(standby, "worker"), ...withRole(standby, "scheduler")]).toEqual([]);
    expect(withRole(standby, "web")).toEqual(withRole(plan, "web"));
  });

  it("gives no role a runtime does not define", () => {
    const webOnly = planDroplets(shape(apps, workers), true, { worker: false, scheduler: false });
    expect(webOnly.flatMap((d) => d.roles).every((r) => r === "web")).toBe(true);
    const schedulerOnly = planDroplets(shape(apps, workers), true, { worker: false, scheduler: true });
    expect(withRole(schedulerOnly, "worker")).toEqual([]);
    expect(withRole(schedulerOnly, "scheduler")).toHaveLength(1);
  });
});
