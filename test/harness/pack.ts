/**
 * The package as a user gets it: `npm pack` of the built repo, extracted where n8n looks for community
 * packages. Installing the tarball (never a symlink to the repo) proves that package.json's `files`
 * ships everything n8n loads, and keeps the repo's own node_modules/n8n-workflow from shadowing n8n's.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from './runtime';

const execFileAsync = promisify(execFile);

export const PACKAGE_NAME = 'n8n-nodes-amili';
/** Set by global-setup: the tarball packed once for the whole jest run. */
export const TARBALL_ENV = 'AMILI_PACKAGE_TARBALL';

let packed: Promise<string> | undefined;

/** Throws a clear error when the package has not been built. */
export function assertBuilt(): void {
	if (!existsSync(join(REPO_ROOT, 'dist'))) {
		throw new Error(
			`${join(REPO_ROOT, 'dist')} does not exist: run \`npm run build\` first (npm test does).`,
		);
	}
}

/** Packs the repo into `destDir` (a fresh temp folder by default) and returns the tarball's path. */
export async function packPackage(destDir?: string): Promise<string> {
	assertBuilt();
	let dest = destDir;
	if (dest === undefined) {
		const temp = await fs.mkdtemp(join(tmpdir(), 'amili-pack-'));
		process.once('exit', () => rmSync(temp, { recursive: true, force: true }));
		dest = temp;
	}
	await fs.mkdir(dest, { recursive: true });
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dest],
		{ cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
	);
	const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(dest, info.filename);
}

/**
 * The tarball for this process: the one global-setup packed (env AMILI_PACKAGE_TARBALL), else packed
 * once on first use and reused.
 */
export function packedTarball(): Promise<string> {
	const fromEnv = process.env[TARBALL_ENV];
	if (fromEnv && existsSync(fromEnv)) return Promise.resolve(fromEnv);
	packed ??= packPackage();
	return packed;
}

/** Where n8n loads community packages from, for a given N8N_USER_FOLDER. */
export function communityPackageDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

/** Extracts the tarball into the user folder's community nodes folder, replacing an earlier install. */
export async function installPackage(tarball: string, userFolder: string): Promise<string> {
	const target = communityPackageDir(userFolder);
	await fs.rm(target, { recursive: true, force: true });
	await fs.mkdir(target, { recursive: true });
	await execFileAsync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	return target;
}

/** The files package.json's `n8n` section names that the installed package lacks (empty = all shipped). */
export function missingN8nFiles(installedDir: string): string[] {
	const pkg = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	return declared.filter((file) => !existsSync(join(installedDir, file)));
}
