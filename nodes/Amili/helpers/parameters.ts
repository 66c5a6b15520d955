import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * A parameter's value for each item. n8n evaluates an expression per item in its sandbox (about
 * 0.1–0.6 ms each), so a parameter that is a plain value is read once and shared by every item.
 */
export function parameterReader<T>(
	context: IExecuteFunctions,
	name: string,
	fallback: T,
): (itemIndex: number) => T {
	const raw = context.getNode().parameters[name];
	const isExpression = typeof raw === 'string' && raw.startsWith('=');
	if (!isExpression) {
		const value = context.getNodeParameter(name, 0, fallback) as T;
		return () => value;
	}
	return (itemIndex) => context.getNodeParameter(name, itemIndex, fallback) as T;
}
