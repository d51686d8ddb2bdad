// Loads operations/cash.ts (the typed operations that codegen and tsc check) so the JavaScript
// tests run the very same documents and wrappers: TypeScript's transpiler strips the types and
// the module is imported from memory. cash.ts imports nothing at run time.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const source = await readFile(new URL('../operations/cash.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: 'cash.ts',
});

/** The exports of operations/cash.ts. */
export const ops = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
