import type { IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';

/**
 * Every rule of which node version has which parameter, default and output shape, in one place:
 * the descriptions show fields per version through the conditions below, and the code asks the
 * functions below; nothing else reads a node's typeVersion. Workflows saved with version 1 must
 * run unchanged, so each rule keeps version 1 as it was.
 *
 * - Amili Payment and Amili, version 2: n8n's field mapper for Map Each Field (version 1: eight
 *   text parameters), resource pickers for invoices and settlements, outputs that say `accepted` /
 *   `processed` (version 1: the 202's `status`), and the defaults in CREATE_DEFAULTS.
 * - Amili Trigger, version 2: the shared secret in a credential (version 1: in parameters).
 *
 * Why one module and not n8n's VersionedNodeType: the versions differ in a handful of fields and
 * defaults, not in their operations; a VersionedNodeType would copy every description per version.
 * docs/ARCHITECTURE.md says more.
 */

/** displayOptions.show conditions: a field of version 1 only, or of version 2 and later. */
export const VERSION_1: IDisplayOptions['show'] = { '@version': [1] };
export const FROM_VERSION_2: IDisplayOptions['show'] = { '@version': [{ _cnd: { gte: 2 } }] };

/**
 * Create defaults that differ by version. Parallel Requests: version 1 sends one request at a time,
 * as it did before the option existed; version 2 sends 4 (Amili documents no rate limit and answers
 * 429 with Retry-After, which pauses every request of the run; 4 is modest load and, at internet
 * latency, most of the gain). Skip Sent Before: version 1 sends what it is given, as it always did.
 */
export const CREATE_DEFAULTS = {
	1: { parallelRequests: 1, skipSentBefore: false },
	2: { parallelRequests: 4, skipSentBefore: true },
} as const;

type CreateDefaults = (typeof CREATE_DEFAULTS)[1 | 2];

/** The Create defaults of the node's version. */
export function createDefaultsOf(node: Pick<INode, 'typeVersion'>): CreateDefaults {
	return node.typeVersion >= 2 ? CREATE_DEFAULTS[2] : CREATE_DEFAULTS[1];
}

/**
 * An option whose default differs by version, written once: one copy per version, each with the
 * default that applies, so the editor shows the right one.
 */
export function perVersionDefault(
	option: INodeProperties,
	key: keyof CreateDefaults,
): INodeProperties[] {
	return [
		{ ...option, default: CREATE_DEFAULTS[1][key], displayOptions: { show: VERSION_1 } },
		{ ...option, default: CREATE_DEFAULTS[2][key], displayOptions: { show: FROM_VERSION_2 } },
	];
}

/** Version 1's shapes: Map Each Field as one parameter per field, and the outputs it always had. */
export function hasVersion1Shapes(node: Pick<INode, 'typeVersion'>): boolean {
	return node.typeVersion < 2;
}

/** Amili Trigger version 1 keeps the shared secret in its parameters; version 2 in a credential. */
export function keepsSecretInParameters(node: Pick<INode, 'typeVersion'>): boolean {
	return node.typeVersion === 1;
}
