/**
 * What each panel shows (filters, the testimony being read, the export's choices), kept while
 * the delegate moves between tabs and forgotten when the workspace locks. Nothing here is saved.
 */
import type { CsvSeparator } from './core/export.js';
import { DEFAULT_THRESHOLD } from './core/suppression.js';

class InboxView {
  query = $state('');
  campaign = $state('');
  dayFrom = $state('');
  dayTo = $state('');
  /** A tag id (its sub-tags count too), UNTAGGED, or '' for all. */
  tag = $state('');
  question = $state('');
  answer = $state('');
  selected = $state<string | null>(null);
  scrollTop = $state(0);
}

class FiguresView {
  rows = $state('tags');
  columns = $state('');
  threshold = $state(DEFAULT_THRESHOLD);
  separator = $state<CsvSeparator>(';');
}

export const EXPORT_FORMATS = ['markdown', 'csv', 'docx', 'print'] as const;

class ExportView {
  format = $state<(typeof EXPORT_FORMATS)[number]>('markdown');
  separator = $state<CsvSeparator>(';');
  title = $state('');
}

class FileView {
  colleagues = $state('');
}

export const UNTAGGED = ':untagged';

export const views = {
  inbox: new InboxView(),
  figures: new FiguresView(),
  export: new ExportView(),
  file: new FileView(),
};

export function forgetViews(): void {
  views.inbox = new InboxView();
  views.figures = new FiguresView();
  views.export = new ExportView();
  views.file = new FileView();
}
