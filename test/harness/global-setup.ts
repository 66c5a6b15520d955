/**
 * Once per jest run of the `n8n` project: install the n8n runtime if needed (minutes on a cold
 * machine; jest gives globalSetup no timeout), pack the built package once, and make a user folder
 * with a migrated database that every N8nInstance copies (saves ~4 s per instance). Paths reach the
 * test workers through environment variables, which they inherit.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nInstance, TEMPLATE_ENV } from './n8n';
import { assertBuilt, packPackage, TARBALL_ENV } from './pack';
import { ensureRuntime } from './runtime';

/** The temp folder global-teardown removes. */
export const RUN_DIR_ENV = 'AMILI_N8N_RUN_DIR';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const timings: string[] = [];
	const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
		const t = Date.now();
		const value = await fn();
		timings.push(`${label} ${((Date.now() - t) / 1000).toFixed(1)} s`);
		return value;
	};
	assertBuilt();
	const runtime = await step('runtime', ensureRuntime);
	const runDir = await fs.mkdtemp(join(tmpdir(), 'amili-n8n-run-'));
	process.env[RUN_DIR_ENV] = runDir;
	process.env[TARBALL_ENV] = await step('pack', () => packPackage(join(runDir, 'pack')));
	const template = join(runDir, 'template');
	await fs.mkdir(template);
	await step('migrate', () => N8nInstance.migrateTemplate(template, runtime));
	process.env[TEMPLATE_ENV] = template;
	process.stderr.write(
		`\n[n8n harness] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join(', ')})\n`,
	);
}
