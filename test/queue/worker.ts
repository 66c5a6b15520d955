/**
 * One n8n queue-mode worker: `n8n worker --concurrency=C` spawned from its own N8nInstance (user
 * folder, package install, env), ready once its health endpoint answers; which executions it started
 * and finished, read from its log lines.
 */
import { spawn } from 'node:child_process';

import type { N8nInstance } from '../harness/n8n';
import { ServiceProcess, sleep } from './service-process';

/** What one worker logged about executions (from its JSON log lines). */
export interface WorkerExecutions {
	started: string[];
	finished: string[];
}

export class QueueWorker {
	readonly executions: WorkerExecutions = { started: [], finished: [] };
	process: ServiceProcess | undefined;
	private pending = '';

	constructor(
		readonly name: string,
		readonly instance: N8nInstance,
		readonly healthPort: number,
		readonly concurrency: number,
	) {}

	get running(): boolean {
		return this.process?.running ?? false;
	}

	get pid(): number | undefined {
		return this.process?.child.pid;
	}

	/** `n8n worker --concurrency=C`; resolves once its /healthz/readiness answers 200. */
	async start(timeoutMs = 120_000): Promise<void> {
		if (this.running) return;
		const { runtime } = this.instance;
		const child = spawn(
			runtime.nodeBin,
			[runtime.n8nBin, 'worker', `--concurrency=${this.concurrency}`],
			{
				cwd: this.instance.userFolder,
				env: this.instance.env(),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			},
		);
		this.process = new ServiceProcess(this.name, child);
		child.stdout?.on('data', (chunk: string) => this.scan(chunk));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.process.running)
				throw new Error(`${this.name} exited before it was ready:\n${this.process.tail(40)}`);
			try {
				const response = await fetch(`http://127.0.0.1:${this.healthPort}/healthz/readiness`, {
					signal: AbortSignal.timeout(2000),
				});
				if (response.status === 200) return;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		await this.process.stop('SIGKILL', 1000);
		throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.process.tail(40)}`);
	}

	/** Graceful stop (SIGTERM: n8n drains its running jobs), SIGKILL after `graceMs`. */
	async stop(graceMs = 20_000): Promise<void> {
		await this.process?.stop('SIGTERM', graceMs);
	}

	/** SIGKILL to the worker and its task runner: a crash, a node lost, an OOM kill. */
	async kill(): Promise<void> {
		await this.process?.stop('SIGKILL', 5000);
	}

	output(): string {
		return this.process?.output ?? '';
	}

	private scan(chunk: string): void {
		const text = this.pending + chunk;
		const lines = text.split('\n');
		this.pending = lines.pop() ?? '';
		for (const line of lines) {
			const started = /Worker started execution (\d+)/.exec(line);
			if (started) this.executions.started.push(started[1]);
			const finished = /Worker finished execution (\d+)/.exec(line);
			if (finished) this.executions.finished.push(finished[1]);
		}
	}
}
