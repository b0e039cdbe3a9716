// Types for app-package.mjs, so TypeScript tests can import it.
export declare const PACKAGE_FILES: string[];

export declare function languageFiles(manifest: Record<string, any>): string[];

export declare class PackageError extends Error {}

export declare function parseEnvFile(text: string): Record<string, string>;

export declare function substitute(
  text: string,
  vars: Record<string, string | undefined>,
  encode?: (value: string) => string,
): { text: string; missing: string[] };

export interface PackageOptions {
  env?: string;
  rootDir: string;
  processEnv?: Record<string, string | undefined>;
}

export declare function loadEnvironment(options: PackageOptions & { env: string }): Record<string, string | undefined>;

export declare function buildAppPackage(
  options: PackageOptions,
): Promise<{ zipPath: string; manifestPath: string; manifest: Record<string, unknown> }>;
