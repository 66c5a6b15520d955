/**
 * What this workflow's memory knows a sent record by (docs/payment-node.md → "Never twice across
 * runs"). A record's identity is the Amili environment it went to (a preset's name, whatever its
 * URL is or was; a Custom URL that is no preset's, normalised), the
 * organization, the record kind and the record's own source ID — for a payment its
 * `uniqueSourcePaymentId`, as a payment API treats an idempotency key. n8n's store keeps only hashes
 * of these strings, so each fact the memory must tell is one entry:
 * - `ids`: one per identity field ("this ID was claimed");
 * - `content`: the ID with the record's content ("claimed with exactly this content");
 * - `accepted`: the ID once Amili answered 202 ("Amili accepted it");
 * - `heldBy(batchId)`: the ID with the batch that holds this claim, for the kinds whose failures are
 *   released (payments): a failure another batch reports is not this claim's to release.
 * Content is the record as it goes into the request, less its free text (`description`), which moves
 * no money: a changed description is the same record. A correction has no identity field in Amili's
 * schema, so its whole content is its identity.
 */

/** Free text: not part of a record's content (a changed description is the same record). */
const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(['description']);

/** The memory entries of one record. */
export interface MemoryKeys {
	/** Its identity, one entry per identity field. */
	ids: string[];
	/** Its identity with its content. */
	content: string;
	/** Its identity, once Amili accepted it. */
	accepted: string;
	/** Its identity with the batch that holds it, less that batch's ID (heldKey adds it). */
	heldBy: string;
	/**
	 * Its identity once Forget Sent forgot it: the batch entries of its earlier claims cannot be
	 * found to remove (n8n keeps hashes), so from then on no batch's word releases it.
	 */
	forgotten: string;
	/** The identity as a message names it, e.g. `PAY-1`. */
	label: string;
}

/** Where a record goes: the memory never mixes environments or organizations. */
export interface Destination {
	/** Which Amili: a preset's name, or a Custom URL normalised (transport's environmentIdentity). */
	environment: string;
	organizationId: string;
	/** e.g. 'payments' */
	plural: string;
}

const prefixOf = ({ environment, organizationId, plural }: Destination) =>
	`amili\n${plural}\n${environment.toLowerCase()}\n${organizationId.toLowerCase()}`;

/**
 * A record's keys from its identity fields' values (all present: validation requires them) and,
 * when known, its content. Without identity fields the content is the identity.
 */
export function memoryKeys(
	destination: Destination,
	identityFields: readonly string[],
	record: Record<string, unknown>,
): MemoryKeys {
	const prefix = prefixOf(destination);
	const content = canonicalJson(contentOf(record));
	const values = identityFields
		.map((field) => [field, record[field]] as const)
		.filter(([, value]) => typeof value === 'string' && value !== '');
	const identity =
		values.length > 0 ? values.map(([field, value]) => `${field}=${String(value)}`) : [content];
	const joined = identity.join('\n');
	return {
		ids: identity.map((id) => `${prefix}\nid\n${id}`),
		content: `${prefix}\ncontent\n${joined}\n${content}`,
		accepted: `${prefix}\naccepted\n${joined}`,
		heldBy: `${prefix}\nbatch\n${joined}\n`,
		forgotten: `${prefix}\nforgotten\n${joined}`,
		label: values.length > 0 ? values.map(([, value]) => String(value)).join(' / ') : content,
	};
}

/** The entry that says batch `batchId` holds this record's claim. */
export const heldKey = (keys: MemoryKeys, batchId: string): string => `${keys.heldBy}${batchId}`;

/** Whether two records are the same record's content (free text aside): the memory's own rule. */
export function sameContent(a: unknown, b: unknown): boolean {
	return (
		canonicalJson(contentOf(a as Record<string, unknown>)) ===
		canonicalJson(contentOf(b as Record<string, unknown>))
	);
}

function contentOf(record: Record<string, unknown>): Record<string, unknown> {
	const content: Record<string, unknown> = {};
	for (const key of Object.keys(record)) if (!FREE_TEXT_FIELDS.has(key)) content[key] = record[key];
	return content;
}

/** JSON with every object's keys sorted and undefined fields left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value))
		return `[${value.map((entry) => canonicalJson(entry ?? null)).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const fields = Object.keys(value)
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.sort()
			.map(
				(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
			);
		return `{${fields.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
