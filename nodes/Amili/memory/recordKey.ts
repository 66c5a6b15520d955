/**
 * What this workflow's memory remembers a sent record by (docs/payment-node.md → "Never twice across runs"): the
 * organization, the record kind and the record exactly as it goes into the request body, its fields
 * in a fixed order. So an unchanged record is recognised in any later run, whatever the order or
 * formatting of the input it came from (the record is read and normalised first), and a record
 * whose content changed — an invoice number fixed in the ERP — is a new record that can be sent
 * without a manual step. n8n stores only a hash of it.
 */
export function recordKey(kind: string, organizationId: string, record: unknown): string {
	return `amili\n${kind}\n${organizationId.toLowerCase()}\n${canonicalJson(record)}`;
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
