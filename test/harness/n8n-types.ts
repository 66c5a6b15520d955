/**
 * The shapes the n8n harness hands to tests: CLI runs, parsed executions, REST answers, the owner
 * account, and the options of N8nInstance.create().
 */
import type { JsonObject } from './workflow';

export interface CommandLog {
	command: string;
	stdout: string;
	stderr: string;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	durationMs: number;
}

export interface NodeExecutionError {
	message?: string;
	description?: string | null;
	name?: string;
	node?: { name?: string; type?: string };
	httpCode?: string | null;
	[key: string]: unknown;
}

export interface ExecutionItem {
	json: JsonObject;
	binary?: Record<string, unknown>;
	pairedItem?: unknown;
	error?: unknown;
	[key: string]: unknown;
}

export interface TaskData {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: { main?: Array<ExecutionItem[] | null> };
	error?: NodeExecutionError;
	[key: string]: unknown;
}

export type RunData = Record<string, TaskData[]>;

export interface ExecuteResult {
	/** Exit code 0 and execution status 'success'. */
	ok: boolean;
	exitCode: number | null;
	/** n8n's execution status ('success', 'error', …), undefined when no result was printed. */
	status: string | undefined;
	runData: RunData;
	lastNodeExecuted: string | undefined;
	/** The execution's error (resultData.error), or a harness error when n8n printed no result. */
	error: NodeExecutionError | undefined;
	durationMs: number;
	stdout: string;
	stderr: string;
	/** The whole execution object n8n printed ({ data, status, mode, … }). */
	execution: JsonObject | undefined;
}

export interface N8nInstanceOptions {
	/** A persistent user folder (kept by dispose(), migrated in place). Default: a fresh temp folder. */
	userFolder?: string;
	/** Install the packed package into the user folder (default true). */
	installPackage?: boolean;
	/** Port for server mode (default: a free port). */
	port?: number;
	/** Extra environment for every n8n process (e.g. N8N_LOG_LEVEL: 'debug'). */
	env?: Record<string, string | undefined>;
	/** Copy a migrated template folder (default true for temp folders). */
	useTemplate?: boolean;
	/** Append the server's output to this file instead of keeping it in `serverLog` (long dev sessions). */
	serverLogFile?: string;
}

export interface RestResponse<T = unknown> {
	status: number;
	/** The parsed JSON body (or the text when it is not JSON). */
	body: unknown;
	/** `body.data` when the body has it (n8n's REST wraps results in { data }), else the body. */
	data: T;
	headers: Headers;
}

/** An execution as the public API gives it with includeData=true. */
export interface ServerExecution {
	id: string;
	mode: string;
	status: string;
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
		};
	};
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}
