/**
 * Prints one figure per line as `name value unit`. Figures, never assertions: run with
 * `npm run bench` after `npm run build`.
 */
import { anonymiseFigures } from './anonymise.js';
import { decryptFigures } from './decrypt.js';
import { exportFigures } from './export.js';
import type { Figure } from './figures.js';
import { pageFigures } from './page.js';
import { signatureFigures } from './signature.js';
import { submitFigures } from './submit.js';
import { workspaceFigures } from './workspace.js';

function figure(name: string, value: number, unit: string): void {
  console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`);
}

function print(figures: Figure[]): void {
  for (const { name, value, unit } of figures) figure(name, value, unit);
}

print(pageFigures());
print(await submitFigures());
print(signatureFigures());
print(await exportFigures());
print(await decryptFigures());
print(await workspaceFigures());
print(anonymiseFigures());
