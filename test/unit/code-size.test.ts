/**
 * Code stays readable: no file over 300 lines, no function over 80, in the shipped code (nodes/,
 * credentials/) and in the code the tests stand on (test/: harness, simulator, browser helpers,
 * bench, queue topology, scripts). A function that grows past that has become several steps; give
 * each its own name. Test files themselves (`*.test.ts`) are lists of cases read one at a time, and
 * jest's describe callbacks hold the whole list, so they are left out.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
	});
}

/** Every function-like node of a file with its length in lines, named as a reader would find it. */
function functionLengths(fileName: string, text: string): Array<{ name: string; lines: number }> {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const found: Array<{ name: string; lines: number }> = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			// An arrow or function expression is known by the variable or property it is assigned to.
			const named =
				(node as ts.Node & { name?: ts.Node }).name ??
				(node.parent as ts.Node & { name?: ts.Node }).name;
			const name = named ? named.getText(source) : `(anonymous at line ${start + 1})`;
			found.push({ name, lines: end - start + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** Lines as `wc -l` and an editor count them: a final newline ends the last line, it starts none. */
function lineCount(text: string): number {
	return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const files = ['nodes', 'credentials', 'test'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

describe("code size of nodes/, credentials/ and the tests' support code", () => {
	test('the files are found', () => {
		const found = files.map((file) => relative(ROOT, file));
		expect(found).toContain(join('nodes', 'Amili', 'create', 'createRecords.ts'));
		expect(found).toContain(join('test', 'harness', 'n8n.ts'));
		expect(found).not.toContain(join('test', 'unit', 'code-size.test.ts'));
	});

	test(`no file is longer than ${MAX_FILE_LINES} lines`, () => {
		const long = files
			.map((file) => ({ file: relative(ROOT, file), lines: lineCount(readFileSync(file, 'utf8')) }))
			.filter(({ lines }) => lines > MAX_FILE_LINES);
		expect(long).toEqual([]);
	});

	test(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
		const long = files.flatMap((file) =>
			functionLengths(file, readFileSync(file, 'utf8'))
				.filter(({ lines }) => lines > MAX_FUNCTION_LINES)
				.map(({ name, lines }) => `${relative(ROOT, file)}: ${name} (${lines} lines)`),
		);
		expect(long).toEqual([]);
	});

	test('the function measure sees a long function, a short one and an arrow', () => {
		const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `\tconst a${i} = ${i};`).join(
			'\n',
		);
		const lengths = functionLengths(
			'x.ts',
			`function long() {\n${body}\n}\nconst short = () => {\n\treturn 1;\n};\n`,
		);
		expect(lengths).toEqual([
			{ name: 'long', lines: MAX_FUNCTION_LINES + 2 },
			{ name: 'short', lines: 3 },
		]);
	});
});
