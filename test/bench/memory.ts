/**
 * Never twice across runs in the benchmark: puts a workflow's memory of sent records in the state a
 * run should start from — empty, or `entries` records remembered — by writing n8n's own row for it
 * (table processed_data, scope workflow, mode entries: MD5 hashes, base64, as n8n stores them) in the
 * instance's SQLite database, between runs, with no n8n process running.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { N8nInstance } from '../harness/n8n';

const execFileAsync = promisify(execFile);

const SCRIPT = `
const sqlite3 = require('sqlite3');
const { createHash } = require('node:crypto');
const [file, workflowId, count] = process.argv.slice(1);
const data = Array.from({ length: Number(count) }, (_, i) =>
	createHash('md5').update('remembered-before-' + i).digest('base64'));
const value = data.length > 0 ? JSON.stringify({ mode: 'entries', data }) : '';
const db = new sqlite3.Database(file);
const done = (error) => { db.close(); if (error) { console.error(error.message); process.exit(1); } };
db.run("DELETE FROM processed_data WHERE workflowId = ? AND context = ''", [workflowId], (error) => {
	if (error || value === '') return done(error);
	db.run(
		"INSERT INTO processed_data (workflowId, context, value, createdAt, updatedAt) VALUES (?, '', ?, datetime('now'), datetime('now'))",
		[workflowId, value],
		done,
	);
});`;

/** Empties the workflow's memory (0) or fills it with `entries` records no run will send. */
export async function setMemory(
	n8n: N8nInstance,
	workflowId: string,
	entries: number,
): Promise<void> {
	await execFileAsync(
		n8n.runtime.nodeBin,
		['-e', SCRIPT, join(n8n.userFolder, '.n8n', 'database.sqlite'), workflowId, String(entries)],
		{ cwd: n8n.runtime.dir, maxBuffer: 1 << 20 },
	);
}
