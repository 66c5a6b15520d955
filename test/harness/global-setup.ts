/**
 * Once per jest run of the `n8n` project: install the n8n runtime if needed (minutes on a cold
 * machine; jest gives globalSetup no timeout), pack the built package once, and make a user folder
 * with a migrated database that every N8nInstance copies (saves ~4 s per instance). Paths reach the
 * test workers through environment variables, which they inherit.
 */
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nInstance, templateEnv } from './n8n';
import { assertBuilt, packPackage, TARBALL_ENV } from './pack';
import { DEFAULT_RUNTIME, ensureRuntime, selectedRuntimeId, type RuntimeId } from './runtime';

/** The temp folder global-teardown removes. */
export const RUN_DIR_ENV = 'AMILI_N8N_RUN_DIR';

/** The run folder's variable for one runtime: every project's setup runs in one process. */
export function runDirEnv(id: RuntimeId): string {
	return id === DEFAULT_RUNTIME ? RUN_DIR_ENV : `${RUN_DIR_ENV}_${id.replace(/\W/g, '_')}`;
}

/** For the `n8n` project: the selected runtime (2.41.1 unless AMILI_N8N_RUNTIME says otherwise). */
export default async function globalSetup(): Promise<void> {
	await setupRuntime(selectedRuntimeId());
}

/**
 * Sets up one runtime for the test workers. Jest runs a globalSetup module once per run however many
 * projects name it, so each compatibility project has a module of its own (test/compat/hooks/) that
 * calls this with its runtime.
 */
export async function setupRuntime(id: RuntimeId): Promise<void> {
	const started = Date.now();
	const timings: string[] = [];
	const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
		const t = Date.now();
		const value = await fn();
		timings.push(`${label} ${((Date.now() - t) / 1000).toFixed(1)} s`);
		return value;
	};
	assertBuilt();
	const runtime = await step('runtime', () => ensureRuntime(id));
	const runDir = await fs.mkdtemp(join(tmpdir(), 'amili-n8n-run-'));
	process.env[runDirEnv(id)] = runDir;
	// One tarball for every project of the run: the package is the same whatever n8n loads it.
	const packed = process.env[TARBALL_ENV];
	if (!packed || !existsSync(packed)) {
		process.env[TARBALL_ENV] = await step('pack', () => packPackage(join(runDir, 'pack')));
	}
	const template = join(runDir, 'template');
	await fs.mkdir(template);
	await step('migrate', () => N8nInstance.migrateTemplate(template, runtime));
	process.env[templateEnv(id)] = template;
	process.stderr.write(
		`\n[n8n harness] n8n ${runtime.n8nVersion} (runtime ${id}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join(', ')})\n`,
	);
}
