/**
 * Reading executions: the result `n8n execute` printed, and what one node emitted or failed with, in a
 * CLI result or in a server-mode execution from the public API.
 */
import { tail } from './n8n-processes';
import type {
	CommandLog,
	ExecuteResult,
	ExecutionItem,
	NodeExecutionError,
	RunData,
	ServerExecution,
} from './n8n-types';
import type { Runtime } from './runtime';
import type { JsonObject } from './workflow';

/** The last log line whose message is the printed execution ({ data, status, … }). */
export function parseExecutionOutput(stdout: string): JsonObject | undefined {
	const lines = stdout.split('\n');
	for (let i = lines.length - 1; i >= 0; i--) {
		const line = lines[i].trim();
		if (!line.startsWith('{')) continue;
		let message: unknown;
		try {
			message = (JSON.parse(line) as { message?: unknown }).message;
		} catch {
			continue;
		}
		if (typeof message !== 'string' || !message.trimStart().startsWith('{')) continue;
		try {
			const parsed = JSON.parse(message) as JsonObject;
			if (parsed && typeof parsed === 'object' && 'data' in parsed && 'status' in parsed)
				return parsed;
		} catch {
			// not the execution
		}
	}
	return undefined;
}

/** The result of one `n8n execute --rawOutput` run, from what it printed. */
export function toExecuteResult(log: CommandLog, runtime: Runtime): ExecuteResult {
	const execution = parseExecutionOutput(log.stdout) ?? parseExecutionOutput(log.stderr);
	const data = execution?.data as
		| {
				resultData?: { runData?: RunData; lastNodeExecuted?: string; error?: NodeExecutionError };
		  }
		| undefined;
	let status = typeof execution?.status === 'string' ? execution.status : undefined;
	// n8n 2.0's execute prints the execution while its status still says 'running' (its run has
	// ended: the command printed it after the run's promise resolved). Read the outcome from the data.
	if (status === 'running' && runtime.id === '2.0' && execution) {
		if (data?.resultData?.error) status = 'error';
		else if (execution.finished === true || typeof execution.stoppedAt === 'string')
			status = 'success';
	}
	const error: NodeExecutionError | undefined =
		data?.resultData?.error ??
		(execution
			? undefined
			: {
					message: `n8n printed no execution result (exit ${log.exitCode}):\n${tail(log.stdout + log.stderr)}`,
				});
	return {
		ok: log.exitCode === 0 && status === 'success' && !data?.resultData?.error,
		exitCode: log.exitCode,
		status,
		runData: data?.resultData?.runData ?? {},
		lastNodeExecuted: data?.resultData?.lastNodeExecuted,
		error,
		durationMs: log.durationMs,
		stdout: log.stdout,
		stderr: log.stderr,
		execution,
	};
}

/** The json of the items a node emitted on one output (default: first output, first run). Throws, with the execution's error, when the node did not run. */
export function outputOf(
	result: ExecuteResult,
	nodeName: string,
	outputIndex = 0,
	runIndex = 0,
): JsonObject[] {
	return itemsOf(result, nodeName, outputIndex, runIndex).map((item) => item.json);
}

/** The full items (json, binary, pairedItem) a node emitted on one output. */
export function itemsOf(
	result: ExecuteResult,
	nodeName: string,
	outputIndex = 0,
	runIndex = 0,
): ExecutionItem[] {
	const runs = result.runData[nodeName];
	if (!runs?.[runIndex]) {
		throw new Error(
			`node "${nodeName}" has no run ${runIndex}; nodes that ran: ${Object.keys(result.runData).join(', ') || 'none'}` +
				(result.error ? `; error: ${result.error.message ?? JSON.stringify(result.error)}` : ''),
		);
	}
	const run = runs[runIndex];
	if (run.error && !run.data) {
		throw new Error(`node "${nodeName}" failed: ${run.error.message ?? JSON.stringify(run.error)}`);
	}
	return run.data?.main?.[outputIndex] ?? [];
}

/** The error a node ended with (undefined when it succeeded or did not run). */
export function nodeError(
	result: ExecuteResult,
	nodeName: string,
	runIndex = 0,
): NodeExecutionError | undefined {
	return result.runData[nodeName]?.[runIndex]?.error;
}

/** The json a node emitted on its first output in a server-mode execution. */
export function emittedBy(
	execution: ServerExecution,
	nodeName: string,
): Array<Record<string, unknown>> {
	return (execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? []).map(
		(item) => item.json,
	);
}
