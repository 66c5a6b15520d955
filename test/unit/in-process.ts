/**
 * An n8n execute context, in-process, whose HTTP helper talks to the simulator: the engine, the
 * transport and the router run as n8n runs them, in milliseconds, with no n8n started. Non-2xx
 * answers throw as n8n's helper does, with `response.status`, `data` and `headers`.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IGetNodeParameterOptions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	NodeExecutionHint,
} from 'n8n-workflow';

import { ProcessedStore } from './processed-store';
import { Amili } from '../../nodes/Amili/Amili.node';
import { router } from '../../nodes/Amili/actions/router';
import { type AmiliSimulator, startSimulator } from '../simulator';

export const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
export const OTHER_ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** Starts one simulator for the test file, resets it before each test, closes it after. */
export function useSimulator(): () => AmiliSimulator {
	let sim: AmiliSimulator | undefined;
	beforeAll(async () => {
		sim = await startSimulator({ batchDelayMs: 0 });
	});
	afterAll(() => sim?.close());
	beforeEach(() => sim?.reset());
	return () => {
		if (!sim) throw new Error('the simulator starts in beforeAll');
		return sim;
	};
}

/** What a context needs of an Amili: the simulator, or a model of it (with `request`). */
export type AmiliLike = Pick<AmiliSimulator, 'apiBaseUrl' | 'url' | 'issueAccessToken'>;

async function send(sim: AmiliLike, options: IHttpRequestOptions): Promise<unknown> {
	const url = new URL(options.url);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	const response = await fetch(url, {
		method: options.method,
		headers: {
			authorization: `Bearer ${sim.issueAccessToken()}`,
			'content-type': 'application/json',
		},
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
		signal: AbortSignal.timeout(options.timeout ?? 60_000),
		redirect: 'manual',
	});
	const text = await response.text();
	const data = text === '' ? undefined : (JSON.parse(text) as unknown);
	const headers = Object.fromEntries(response.headers.entries());
	if (response.status >= 300) {
		throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
			response: { status: response.status, data, headers },
		});
	}
	return { statusCode: response.status, headers, body: data };
}

export interface ContextOptions {
	items?: INodeExecutionData[];
	parameters: Record<string, unknown>;
	/** Per item index: parameters whose value differs by item, as an expression's would. */
	itemParameters?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	/** The node's version (default 1). */
	typeVersion?: number;
	/** Collects the execution hints the node adds. */
	hints?: NodeExecutionHint[];
	/** n8n's de-duplication store (default: a new, empty one). */
	store?: ProcessedStore;
	/** The workflow's id (default 'wf-in-process'); null: an unsaved workflow, which has none. */
	workflowId?: string | null;
	/** The credential's API base URL (default the simulator's), e.g. the same simulator by another name. */
	apiBaseUrl?: string;
	/** Collects what the node writes to n8n's log at warning level. */
	warnings?: string[];
	/** The node's static data (getWorkflowStaticData('node')); kept by the caller across runs. */
	staticData?: IDataObject;
	/** Answers the node's requests instead of the simulator (a model of Amili), as n8n's helper would. */
	request?: (options: IHttpRequestOptions) => Promise<unknown>;
}

/** A parameter by name or path (`columns.value.amount`), as n8n's getNodeParameter reads it. */
function valueAt(parameters: Record<string, unknown>, name: string): unknown {
	return name
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				typeof value === 'object' && value !== null
					? (value as Record<string, unknown>)[key]
					: undefined,
			parameters,
		);
}

/** Read when first needed: a script that imports an operation first (test/bench) meets Amili.node.ts mid-import. */
let amiliProperties: INodeProperties[] | undefined;
const AMILI_PROPERTIES = () => (amiliProperties ??= new Amili().description.properties);

/**
 * A resource locator's value as n8n's getNodeParameter gives it with `extractValue`: the chosen
 * mode's `extractValue` regex applied (n8n throws when it does not match), else the mode's value.
 * Without `extractValue` the locator comes whole, `{ __rl, mode, value }`, as in n8n.
 */
function extracted(name: string, value: unknown): unknown {
	if (typeof value !== 'object' || value === null || !('__rl' in value)) return value;
	const { mode, value: modeValue } = value as unknown as { mode: string; value: unknown };
	const modes = AMILI_PROPERTIES()
		.filter((p) => p.name === name)
		.flatMap((p) => p.modes ?? []);
	const extract = modes.find((m) => m.name === mode)?.extractValue;
	if (extract?.type !== 'regex') return modeValue;
	const match = new RegExp(extract.regex).exec(String(modeValue));
	if (!match) throw new Error(`ERROR: ${name} "${String(modeValue)}" is not a valid ${mode}`);
	return match[1];
}

export function executeContext(
	sim: AmiliLike,
	{
		items = [{ json: {} }],
		parameters,
		itemParameters = [],
		continueOnFail = false,
		typeVersion = 1,
		hints = [],
		store = new ProcessedStore(),
		workflowId = 'wf-in-process',
		apiBaseUrl = sim.apiBaseUrl,
		warnings = [],
		request = async (options) => await send(sim, options),
		staticData = {},
	}: ContextOptions,
): IExecuteFunctions {
	const node = {
		id: 'test',
		name: 'Amili',
		type: 'n8n-nodes-amili.amili',
		typeVersion,
		position: [0, 0],
		parameters,
	};
	const context = {
		getInputData: () => items,
		continueOnFail: () => continueOnFail,
		getNode: () => node,
		getWorkflow: () => ({ id: workflowId ?? undefined, active: false }),
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallback?: unknown,
			options?: IGetNodeParameterOptions,
		) => {
			const value = itemParameters[itemIndex]?.[name] ?? valueAt(parameters, name) ?? fallback;
			return options?.extractValue ? extracted(name, value) : value;
		},
		addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
		logger: {
			warn: (message: string) => warnings.push(message),
			debug() {},
			info() {},
			error() {},
		},
		getCredentials: async () => ({
			environment: 'custom',
			baseUrl: apiBaseUrl,
			tokenUrl: `${sim.url}/token`,
			clientId: 'test',
			clientSecret: 'test-secret',
		}),
		helpers: {
			...store.helpers(),
			httpRequestWithAuthentication: async (
				_credentialType: string,
				options: IHttpRequestOptions,
			) => await request(options),
			returnJsonArray: (data: unknown) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (
				output: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } },
			) => output.map((item) => ({ ...item, pairedItem: itemData })),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/**
 * The Amili node's chosen operation (`parameters.resource`, `.operation`), run through its router
 * as n8n runs it: the model of a per-item operation's unit test (listUnderRecordOperation.test.ts).
 */
export async function runOperation(
	sim: AmiliLike,
	options: ContextOptions,
): Promise<INodeExecutionData[]> {
	const [output] = await router.call(executeContext(sim, options));
	return output;
}
