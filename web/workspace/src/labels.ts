import type { ExportLabels } from './core/export.js';
import type { Messages } from './i18n/index.js';

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
