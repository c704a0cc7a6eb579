// PLACEHOLDER until the App Platform helper's validator is merged.
import type { AppPlatformComputeConfig } from "./app-platform";
import type { AppPlatformEnvironmentConfig, StackName } from "./types";
import type { Problem } from "./validate";

export function validateAppPlatform(_compute: AppPlatformComputeConfig, _envs: Record<StackName, AppPlatformEnvironmentConfig>): Problem[] {
  return [];
}
