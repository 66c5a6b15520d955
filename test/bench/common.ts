/** What both scenarios of `npm run bench` (run.ts: local, remote.ts: Amili across a network) share. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import type { N8nInstance } from '../harness/n8n';
import type { AmiliSimulator } from '../simulator';
import { paymentId } from './workflows';

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export const fmtMs = (ms: number) =>
	ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

export const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

/** Prints the machine facts a reader needs to judge the figures; returns the load average at start. */
export function printMachine(title: string): string {
	const loadAtStart = load();
	const cpuModel = cpus()[0]?.model ?? '?';
	console.log(`${title} — ${new Date().toISOString()}`);
	console.log(
		`machine: ${cpus().length} × ${cpuModel} (nproc ${availableParallelism()}), ${Math.round(totalmem() / 2 ** 30)} GiB; load average at start: ${loadAtStart}`,
	);
	if (loadavg()[0] > cpus().length) {
		console.log(
			`note: the machine is busy (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores): times are slower and noisier than on a quiet machine.`,
		);
	}
	return loadAtStart;
}

/** The n8n version the harness runs. */
export function n8nVersionOf(n8n: N8nInstance): string {
	const pkg = join(n8n.runtime.dir, 'node_modules', 'n8n', 'package.json');
	return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The simulator received exactly the N payments of this run (`prefix`-0 … `prefix`-(N-1)), each once. */
export function checkExactlyOnce(
	sim: AmiliSimulator,
	org: string,
	prefix: string,
	n: number,
): boolean {
	const received = sim.receivedPayments(org);
	if (received.length !== n || sim.duplicatePaymentIds(org).length > 0) return false;
	const ids = new Set(received.map((p) => p.uniqueSourcePaymentId));
	if (ids.size !== n) return false;
	for (let i = 0; i < n; i++) if (!ids.has(paymentId(prefix, i))) return false;
	return true;
}
