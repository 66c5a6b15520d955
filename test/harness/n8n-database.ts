/**
 * Direct writes to an instance's sqlite database, for what n8n's CLI leaves undone (harness only).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { Runtime } from './runtime';

const execFileAsync = promisify(execFile);

/**
 * n8n 2.0 publishes (activates) a workflow's version from its history, but its import:workflow
 * writes no history: without this, publish:workflow fails with 'Version … not found'. Writes the
 * row n8n itself writes when a workflow is saved (2.0 only). Runs in the runtime's Node, whose
 * sqlite3 module it uses.
 */
export async function recordImportedVersions(
	runtime: Runtime,
	userFolder: string,
	ids: string[],
): Promise<void> {
	const script = `
		const sqlite3 = require('sqlite3');
		const [file, ids] = process.argv.slice(1);
		const db = new sqlite3.Database(file);
		const list = JSON.parse(ids);
		db.run(
			"INSERT OR IGNORE INTO workflow_history (versionId, workflowId, authors, nodes, connections) " +
			"SELECT versionId, id, 'harness import', nodes, connections FROM workflow_entity WHERE id IN (" + list.map(() => '?').join(',') + ")",
			list,
			(error) => { db.close(); if (error) { console.error(error.message); process.exit(1); } },
		);`;
	await execFileAsync(
		runtime.nodeBin,
		['-e', script, join(userFolder, '.n8n', 'database.sqlite'), JSON.stringify(ids)],
		{ cwd: runtime.dir },
	);
}
