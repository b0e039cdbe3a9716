// Types for deploy-package.mjs, so TypeScript tests can import it.
export declare const DEPLOY_DIR: string;
export declare function installedPackages(nodeModules: string): string[];
export declare function devPackagesIn(folder: string): string[];
/** Throws, naming the problem, unless the folder holds no dev dependency, the prebuilt tab and server, and no sources. */
export declare function checkDeployFolder(folder: string): void;
export declare function buildDeployFolder(options?: { zip?: boolean }): { folder: string; megabytes: number; packages: number; zip?: string; zipMegabytes?: number };
