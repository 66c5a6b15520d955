/**
 * Plain builders for n8n workflow and credential JSON, so a test reads as the workflow it runs:
 *
 *   const wf = workflow({
 *     name: 'pay',
 *     nodes: [manualTrigger(), code('Invoices', 'return [{ json: { a: 1 } }];'), amiliPayment({ organizationId, credential })],
 *     connections: chain('Start', 'Invoices', 'Amili Payment'),
 *   });
 */
import { randomBytes } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A credential as a workflow node refers to it. `id: null` lets n8n resolve it by name on import. */
export interface CredentialRef {
	id: string | null;
	name: string;
}

/** A node as the builders take it: ids, positions and empty parameters are filled in by workflow(). */
export interface NodeInput {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position?: [number, number];
	parameters?: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
	disabled?: boolean;
	/** 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow' */
	onError?: string;
	[key: string]: unknown;
}

export interface WorkflowNode extends NodeInput {
	id: string;
	position: [number, number];
	parameters: Record<string, unknown>;
}

export interface Connection {
	node: string;
	type: string;
	index: number;
}
/** n8n's shape: source node name → connection type → output index → targets. */
export type Connections = Record<string, Record<string, Connection[][]>>;

export interface WorkflowJson {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Connections;
	settings: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	meta?: Record<string, unknown>;
	tags?: unknown[];
}

/** A workflow for importWorkflow(): id, active and settings may be left out. */
export type WorkflowInput = Omit<WorkflowJson, 'id' | 'active' | 'settings'> &
	Partial<Pick<WorkflowJson, 'id' | 'active' | 'settings'>>;

/** What `n8n import:credentials` takes: plain `data`, encrypted by n8n on import. */
export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 16-character id in n8n's style (workflow and credential ids are at most 21 characters). */
export function n8nId(): string {
	return Array.from(randomBytes(16), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** The node type names n8n gives this package's nodes when it loads it as a community package. */
export const AMILI_PACKAGE = 'n8n-nodes-amili';
export const AMILI_PAYMENT_TYPE = `${AMILI_PACKAGE}.amiliPayment`;

/**
 * A workflow ready for `importWorkflow`: fills in ids, positions (left to right, in the order given)
 * and the fields n8n expects.
 */
export function workflow(input: {
	id?: string;
	name?: string;
	nodes: NodeInput[];
	connections?: Connections;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
}): WorkflowJson {
	const nodes = input.nodes.map<WorkflowNode>((node, index) => ({
		...node,
		id: node.id ?? n8nId(),
		position: node.position ?? [index * 220, 0],
		parameters: node.parameters ?? {},
	}));
	const names = new Set<string>();
	for (const node of nodes) {
		if (names.has(node.name)) throw new Error(`workflow(): two nodes are named "${node.name}"`);
		names.add(node.name);
	}
	const connections = input.connections ?? {};
	for (const [from, byType] of Object.entries(connections)) {
		if (!names.has(from)) throw new Error(`workflow(): connection from unknown node "${from}"`);
		for (const outputs of Object.values(byType))
			for (const targets of outputs)
				for (const target of targets)
					if (!names.has(target.node))
						throw new Error(`workflow(): connection to unknown node "${target.node}"`);
	}
	return {
		id: input.id ?? n8nId(),
		name: input.name ?? 'test workflow',
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', ...input.settings },
		...(input.pinData ? { pinData: input.pinData } : {}),
	};
}

/** Main connections through the named nodes in order: chain('A', 'B', 'C') = A → B → C. */
export function chain(...names: string[]): Connections {
	const connections: Connections = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connect(connections, names[i], names[i + 1]);
	}
	return connections;
}

/** Adds `from[output] → to[input]` to `connections` (and returns it), for branches and merges. */
export function connect(
	connections: Connections,
	from: string,
	to: string,
	output = 0,
	input = 0,
): Connections {
	const main = ((connections[from] ??= {}).main ??= []);
	while (main.length <= output) main.push([]);
	main[output].push({ node: to, type: 'main', index: input });
	return connections;
}

export function manualTrigger(name = 'Start'): NodeInput {
	return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

/** A Code node (JavaScript, "run once for all items"); `jsCode` returns the items. */
export function code(name: string, jsCode: string): NodeInput {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
}

/** A Code node that emits exactly these items' json. */
export function items(name: string, rows: JsonObject[]): NodeInput {
	return code(name, `return ${JSON.stringify(rows.map((json) => ({ json })))};`);
}

export interface AmiliPaymentParams {
	name?: string;
	organizationId: string;
	/** A credential from importCredentials (its type decides `authentication`). */
	credential: CredentialRef & { type?: string };
	authentication?: 'oAuth2' | 'accessToken';
	mappingMode?: 'autoMapInputData' | 'defineBelow' | 'json';
	options?: {
		batchSize?: number;
		output?: 'batches' | 'items';
		[option: string]: Json | undefined;
	};
	/** Any further node parameters (e.g. the fields of mappingMode 'defineBelow' or 'json'). */
	parameters?: Record<string, unknown>;
	continueOnFail?: boolean;
}

export function amiliPayment(params: AmiliPaymentParams): NodeInput {
	const authentication =
		params.authentication ?? (params.credential.type === 'amiliApi' ? 'accessToken' : 'oAuth2');
	const credentialType = authentication === 'accessToken' ? 'amiliApi' : 'amiliOAuth2Api';
	return {
		name: params.name ?? 'Amili Payment',
		type: AMILI_PAYMENT_TYPE,
		typeVersion: 1,
		parameters: {
			authentication,
			organizationId: params.organizationId,
			...(params.mappingMode ? { mappingMode: params.mappingMode } : {}),
			...params.parameters,
			options: params.options ?? {},
		},
		credentials: { [credentialType]: { id: params.credential.id, name: params.credential.name } },
		...(params.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
}

/** What a simulator (test/simulator's startSimulator) offers to point a credential at. */
export interface SimulatorEndpoints {
	apiBaseUrl: string;
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
}

/** An amiliOAuth2Api credential (client credentials) pointing at the simulator or any custom Amili. */
export function oauth2Credential(
	sim: SimulatorEndpoints,
	name = 'Amili OAuth2 (simulator)',
	id = n8nId(),
): CredentialJson {
	return {
		id,
		name,
		type: 'amiliOAuth2Api',
		data: {
			environment: 'custom',
			baseUrl: sim.apiBaseUrl,
			tokenUrl: sim.tokenUrl,
			clientId: sim.clientId,
			clientSecret: sim.clientSecret,
		},
	};
}

/** An amiliApi credential (a fixed access token). */
export function accessTokenCredential(
	baseUrl: string,
	accessToken: string,
	name = 'Amili access token (simulator)',
	id = n8nId(),
): CredentialJson {
	return { id, name, type: 'amiliApi', data: { environment: 'custom', baseUrl, accessToken } };
}

/** The reference a node puts in `credentials` for an imported credential. */
export function ref(credential: CredentialJson): CredentialRef & { type: string } {
	return { id: credential.id, name: credential.name, type: credential.type };
}

/** The keys of version 1's batch item, in its order: what saved workflows downstream of it read. */
export const VERSION_1_BATCH_KEYS = [
	'batchId',
	'batchUrl',
	'status',
	'organizationId',
	'paymentCount',
	'uniqueSourcePaymentIds',
];
