/**
 * The API reports template errors by dotted path ("phases.0.milestones.1.title"). The editor gives
 * each input an id made from its path ("f-phases-0-milestones-1-title"); these helpers take an
 * error to the input that can fix it, and name it for the error summary.
 */

/** The id of the input for a path. */
export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}

/**
 * id, aria-invalid and aria-describedby of the input for a path (and its hint, if any), given the
 * errors by input id: spread onto the input, with a FieldError for the path beside it.
 */
export function inputAttributes(errors: Record<string, string>, path: string, hint?: string) {
  const id = fieldId(path);
  const invalid = !!errors[id];
  const describedBy = [hint, invalid ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return { id, 'aria-invalid': invalid ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/** The path of the input that shows an error reported at `path`. */
export function inputPath(path: string): string {
  const p = path.split('.');
  const n = p.length;
  // Entries of a list typed as one input: reminders, accepted types, choice options.
  if (n >= 2 && /^\d+$/.test(p[n - 1]!) && ['before', 'after', 'accept', 'options'].includes(p[n - 2]!)) p.pop();
  // Named reviewers ("reviewers.userIds") are not for templates: the group select answers for them.
  const reviewers = p.indexOf('reviewers');
  if (reviewers >= 0) p.length = reviewers + 1;
  // A review as a whole (e.g. reviewers that are not groups) is shown with its stages.
  if (p[p.length - 1] === 'review') p.push('stages');
  const last = p[p.length - 1];
  // Keys are made from titles: a bad key is fixed by a better title.
  if (last === 'key') {
    p[p.length - 1] = p[p.length - 3] === 'fields' ? 'label' : 'title';
  }
  // A completion of the wrong kind is fixed with its type.
  if (last === 'completion') p.push('type');
  // A trigger of the wrong kind is fixed with its type; a bad line description or quantity is shown at the line.
  if (last === 'trigger') p.push('type');
  if (p[p.length - 3] === 'lines' && last === 'quantityMilli') p[p.length - 1] = 'unitMinor';
  // The dunning policy has no inputs of its own here: its errors are shown at the billing section.
  const dunning = p.indexOf('dunning');
  if (dunning >= 0) p.length = dunning + 1;
  // Reminders as a whole are shown at the first reminder input.
  if (last === 'reminders') p.push('before');
  return p.join('.');
}

const ordinal = (s: string | undefined): number => Number(s) + 1;

const NAMES: Record<string, string> = {
  name: 'Name', description: 'Description', title: 'Title', owner: 'Who acts', label: 'Label', type: 'Type', required: 'Required',
  options: 'Options', instructions: 'Instructions', assignee: 'Who does it', due: 'Due', before: 'Reminders before due',
  after: 'Reminders after due', accept: 'Accepted file types', blocksMilestone: 'Blocks milestone', key: 'Key',
  completion: 'Completed by', phases: 'Phases', checklist: 'Checklist', milestones: 'Milestones', fields: 'Form fields',
  formatVersion: 'Format version', deliverables: 'Deliverables', stages: 'Review stages', reviewers: 'Who reviews',
  rule: 'Approved when', parallel: 'Runs alongside the previous stage', unlockOnApproval: 'Clients may download once approved',
  billing: 'Billing', currency: 'Currency', taxRateBp: 'Tax rate', dunning: 'Dunning policy', schedule: 'Billing schedule', lines: 'Lines',
  unitMinor: 'Amount', quantityMilli: 'Quantity', trigger: 'When', milestone: 'Milestone', dueDays: 'Payment terms', autoSend: 'Sent automatically', notes: 'Notes',
  documents: 'Documents to sign', file: 'PDF', signers: 'Signers', roleLabel: 'Role', assign: 'Who signs', reminderEveryDays: 'Remind every',
  expiresAfterDays: 'Expires after', page: 'Page', sendOnStart: 'Send it when the engagement starts', ordering: 'Who signs when',
};

/** Lists whose entries are named by position ("phases.0" → "Phase 1"), lower-cased after the first. */
const ENTRIES: Record<string, string> = {
  phases: 'Phase', milestones: 'milestone', checklist: 'Checklist item', fields: 'field', deliverables: 'Deliverable', stages: 'stage',
  schedule: 'Scheduled invoice', lines: 'line', documents: 'Document', signers: 'signer',
};

/** Groupings without an input of their own: named only when the error is about the grouping itself. */
const GROUPS = ['completion', 'reminders', 'review', 'billing', 'trigger'];

/** "Phase 1, milestone 2: Title" for "phases.0.milestones.1.title". */
export function describePath(path: string): string {
  const p = path.split('.');
  const where: string[] = [];
  let i = 0;
  let name = '';
  while (i < p.length) {
    const seg = p[i]!;
    const next = p[i + 1];
    if (next !== undefined && /^\d+$/.test(next) && ENTRIES[seg]) {
      const what = ENTRIES[seg];
      where.push(`${where.length ? what.toLowerCase() : what} ${ordinal(next)}`);
      i += 2;
    } else if (GROUPS.includes(seg)) {
      i++;
      if (i === p.length) name = NAMES[seg] ?? seg;
    } else {
      name = NAMES[seg] ?? seg;
      // List entries ("before.1") are named after the list.
      i += next !== undefined && /^\d+$/.test(next) ? 2 : 1;
    }
  }
  // A document's fields are placed on its pages, not typed into a form.
  if (p[0] === 'documents' && name === NAMES.fields) name = 'Fields on the pages';
  const at = where.join(', ');
  return at ? (name ? `${at}: ${name}` : at) : name || path;
}

// The sections in the editor's order, then the inputs inside an entry in the order of its form
// (a name such as "description" sits at a different place at the top and inside a deliverable).
const SECTIONS = ['formatVersion', 'name', 'description', 'phases', 'checklist', 'deliverables', 'documents', 'billing'];
const INSIDE = ['key', 'title', 'label', 'milestones', 'owner', 'description', 'instructions', 'assignee', 'type', 'required', 'options',
  'reviewers', 'rule', 'due', 'reminders', 'before', 'after', 'parallel', 'completion', 'blocksMilestone', 'accept', 'fields',
  'review', 'stages', 'unlockOnApproval', 'currency', 'taxRateBp', 'dunning', 'schedule', 'lines', 'trigger', 'after', 'milestone', 'dueDays', 'autoSend', 'notes',
  'unitMinor'];

/** Orders paths as their inputs appear in the editor, so the error summary reads top to bottom. */
export function comparePaths(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const s = x[i]!;
    const t = y[i]!;
    if (s === t) continue;
    if (/^\d+$/.test(s) && /^\d+$/.test(t)) return Number(s) - Number(t);
    const order = i === 0 ? SECTIONS : INSIDE;
    const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
    return rank(s) - rank(t) || s.localeCompare(t);
  }
  return x.length - y.length;
}

/**
 * The API's field errors keyed by input id (messages for the same input joined), with a label for
 * each: ready for ErrorSummary, whose links then point at the inputs.
 */
export function errorsByInput(fields: Record<string, string>): { byId: Record<string, string>; labels: Record<string, string> } {
  const byId: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields).sort(([a], [b]) => comparePaths(inputPath(a), inputPath(b)))) {
    const id = fieldId(inputPath(path));
    byId[id] = byId[id] && byId[id] !== message ? `${byId[id]}; ${message}` : message;
    labels[id] ??= describePath(inputPath(path));
  }
  return { byId, labels };
}
