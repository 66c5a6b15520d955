/**
 * An instance's user folder: a given one, or a temp folder copied from the migrated template
 * (running n8n's DB migrations takes long, so each runtime migrates one template, in global-setup
 * or once per process, and instances copy it); this package installed into it.
 */
import { existsSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importCredentials } from './n8n-cli';
import { instanceEnv, templateEnv } from './n8n-env';
import { freePort } from './n8n-processes';
import type { N8nInstanceOptions } from './n8n-types';
import { installPackage, packedTarball } from './pack';
import { ensureRuntime, selectedRuntimeId, type Runtime, type RuntimeId } from './runtime';

const processTemplates = new Map<RuntimeId, Promise<string>>();

/**
 * A user folder with a migrated database: the one global-setup made (env AMILI_N8N_TEMPLATE_DIR),
 * else one made once for this process.
 */
export function templateDir(runtime?: Runtime): Promise<string> {
	const id = runtime?.id ?? selectedRuntimeId();
	const fromEnv = process.env[templateEnv(id)];
	if (fromEnv && existsSync(join(fromEnv, '.n8n', 'database.sqlite')))
		return Promise.resolve(fromEnv);
	let template = processTemplates.get(id);
	if (!template) {
		template = (async () => {
			const dir = await fs.mkdtemp(join(tmpdir(), 'amili-n8n-template-'));
			// Synchronous: nothing asynchronous runs once the process is exiting.
			process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
			await migrateTemplate(dir, runtime ?? (await ensureRuntime(id)));
			return dir;
		})();
		processTemplates.set(id, template);
	}
	return template;
}

/** Runs n8n's DB migrations in `dir` (an empty credential import does exactly that). */
export async function migrateTemplate(dir: string, runtime: Runtime): Promise<void> {
	const settings = {
		runtime,
		userFolder: dir,
		port: await freePort(),
		brokerPort: await freePort(),
		extraEnv: {},
	};
	await importCredentials(
		{ runtime, userFolder: dir, logs: [], env: () => instanceEnv(settings) },
		[],
	);
}

/**
 * The folder an instance runs in: `options.userFolder` (kept), else a temp folder holding a copy of
 * the template; with the packed package installed unless `options.installPackage` is false.
 */
export async function prepareUserFolder(
	runtime: Runtime,
	options: Pick<N8nInstanceOptions, 'userFolder' | 'useTemplate' | 'installPackage'>,
): Promise<{ userFolder: string; temporary: boolean }> {
	const temporary = options.userFolder === undefined;
	const userFolder = options.userFolder ?? (await fs.mkdtemp(join(tmpdir(), 'amili-n8n-')));
	await fs.mkdir(userFolder, { recursive: true });
	if (temporary && options.useTemplate !== false) {
		const template = await templateDir(runtime);
		await fs.cp(join(template, '.n8n'), join(userFolder, '.n8n'), { recursive: true });
	}
	if (options.installPackage !== false) {
		await installPackage(await packedTarball(), userFolder);
	}
	return { userFolder, temporary };
}
