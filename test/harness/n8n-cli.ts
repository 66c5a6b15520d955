/**
 * n8n's CLI, one command per call, each run recorded in the instance's `logs`: imports of credentials
 * and workflows, `n8n execute`, and activating a workflow for the next start.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

import { recordImportedVersions } from './n8n-database';
import { runN8nCommand, tail } from './n8n-processes';
import { toExecuteResult } from './n8n-results';
import type { CommandLog, ExecuteResult } from './n8n-types';
import type { Runtime } from './runtime';
import { n8nId, type CredentialJson, type CredentialRef, type WorkflowInput } from './workflow';

/** What a CLI run needs of an instance. */
export interface CliTarget {
	readonly runtime: Runtime;
	readonly userFolder: string;
	/** Every run is appended here. */
	readonly logs: CommandLog[];
	env(): NodeJS.ProcessEnv;
}

/** Runs `n8n <args>` to completion and records it in `logs`. */
export async function runN8n(
	target: CliTarget,
	args: string[],
	options: { timeoutMs?: number } = {},
): Promise<CommandLog> {
	const log = await runN8nCommand(target.runtime, args, {
		cwd: target.userFolder,
		env: target.env(),
		timeoutMs: options.timeoutMs ?? 150_000,
	});
	target.logs.push(log);
	return log;
}

async function writeTemp(target: CliTarget, prefix: string, data: unknown): Promise<string> {
	const dir = join(target.userFolder, 'harness-input');
	await fs.mkdir(dir, { recursive: true });
	const file = join(dir, `${prefix}-${Date.now()}-${randomBytes(4).toString('hex')}.json`);
	await fs.writeFile(file, JSON.stringify(data, null, 2));
	return file;
}

async function importFile(
	target: CliTarget,
	kind: 'credentials' | 'workflow',
	data: unknown[],
): Promise<CommandLog> {
	const file = await writeTemp(target, kind, data);
	try {
		const log = await runN8n(target, [`import:${kind}`, '--input', file]);
		if (log.exitCode !== 0) {
			throw new Error(
				`n8n import:${kind} failed (exit ${log.exitCode}):\n${tail(log.stdout + log.stderr)}`,
			);
		}
		return log;
	} finally {
		// The credential file holds plain secrets; n8n keeps them encrypted.
		await fs.rm(file, { force: true });
	}
}

/** Imports credentials (plain `data`, encrypted by n8n); gives ids to those without. Returns references for nodes. */
export async function importCredentials(
	target: CliTarget,
	credentials: Array<Omit<CredentialJson, 'id'> & { id?: string }>,
): Promise<Array<CredentialRef & { id: string; type: string }>> {
	const withIds = credentials.map((c) => ({ ...c, id: c.id ?? n8nId() }));
	await importFile(target, 'credentials', withIds);
	return withIds.map((c) => ({ id: c.id, name: c.name, type: c.type }));
}

/** Imports several workflows in one n8n run; gives ids to those without. Returns their ids. */
export async function importWorkflows(
	target: CliTarget,
	workflows: Array<WorkflowInput>,
): Promise<string[]> {
	// n8n 2.0's import:workflow stores versionId as given and the column is NOT NULL; later lines
	// (and 1.x) fill it in themselves.
	const versionId = (w: WorkflowInput) =>
		target.runtime.id === '2.0' && !(w as { versionId?: string }).versionId
			? { versionId: randomUUID() }
			: {};
	const withIds = workflows.map((w) => ({
		active: false,
		settings: {},
		...w,
		...versionId(w),
		id: w.id ?? n8nId(),
	}));
	await importFile(target, 'workflow', withIds);
	const ids = withIds.map((w) => w.id);
	if (target.runtime.id === '2.0')
		await recordImportedVersions(target.runtime, target.userFolder, ids);
	return ids;
}

/** `n8n execute --id <id> --rawOutput`, parsed. Never throws for a failed execution: check `ok`. */
export async function executeWorkflow(
	target: CliTarget,
	workflowId: string,
	options: { timeoutMs?: number } = {},
): Promise<ExecuteResult> {
	const log = await runN8n(target, ['execute', '--id', workflowId, '--rawOutput'], options);
	return toExecuteResult(log, target.runtime);
}

/**
 * Activates a trigger/webhook workflow for the next `start`: `n8n publish:workflow` on 2.x,
 * `n8n update:workflow --active=true` on 1.x (which has no publish command).
 */
export async function publishWorkflow(target: CliTarget, workflowId: string): Promise<void> {
	const args =
		target.runtime.n8nMajor < 2
			? ['update:workflow', `--id=${workflowId}`, '--active=true']
			: ['publish:workflow', `--id=${workflowId}`];
	const log = await runN8n(target, args);
	if (log.exitCode !== 0) throw new Error(`${args[0]} failed:\n${tail(log.stdout + log.stderr)}`);
}
