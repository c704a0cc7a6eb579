import * as fs from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.PLATFORM_TEST_SYNTH_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
