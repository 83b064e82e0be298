import type { PiiKind } from '../../anonymise/index.js';
import type { ExportLabels } from './core/export.js';
import { tagPath, type WorkspaceState } from './core/state.js';
import type { MessageKey, Messages } from './i18n/index.js';

/** A tag as delegates read it and exports write it: its names from the root, "Surveillance / Teams". */
export function tagLabel(state: WorkspaceState, id: string): string {
  return tagPath(state, id).join(' / ');
}

/** Kinds of personal data in words, for a warning. */
export function piiNames(m: Messages, kinds: readonly PiiKind[]): string {
  return kinds.map((kind) => m[`pii_${kind}` as MessageKey]).join(', ');
}

/** The words an export writes, in the interface's language. */
export function exportLabels(m: Messages): ExportLabels {
  return {
    quote: m.export_label_quote,
    tags: m.export_label_tags,
    category: m.export_label_category,
    total: m.export_label_total,
    count: m.export_label_count,
    suppressedNote: m.export_label_suppressed_note,
    withheldNote: m.export_label_withheld_note,
    withheldMark: m.export_label_withheld_mark,
  };
}
