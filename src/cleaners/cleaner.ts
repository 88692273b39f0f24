/**
 * A Cleaner turns the rows of one log type into features for clustering, from a list of feature
 * definitions. It follows the scikit-learn estimator shape: `fit` learns scaler ranges and category
 * lists from training rows, `transform` applies them, and the learned state round-trips through JSON.
 *
 * Sites differ: a feature whose columns a site's log lacks at fit time is dropped, with a warning kept on
 * the cleaner and printed once, rather than failing the whole run. Once fitted, the cleaner's features are
 * fixed: rows that lack a column the fit used are read as unset there (Zeek's JSON logs leave unset fields
 * out), so a feature computes what it would from a `-` in a TSV log.
 *
 * Output: `ts`, `uid`, then the features in definition order (numeric in [0, 1], booleans and one-hot
 * columns as 0/1, label categoricals as strings). Each output row is one (log row, connection) pair: a row
 * naming several connections (dhcp's `uids`, old files.log's `conn_uids`) appears once per connection,
 * and a row naming none is left out, since it cannot be placed in any connection's sequence.
 */
import { table as makeTable, type ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import { forEachRowUid, uidColumnOf } from '../zeek/row-uids.js';
import { cellsOf, describeValue, numbersOf, type FeatureSite } from './cells.js';
import {
  fitCategories,
  labelCategories,
  oneHotCategories,
  oneHotNames,
  type CategoryState,
  type Encoding,
} from './categorical.js';
import { customFeatureCode } from './custom.js';
import { featureKind, featureSource, validateFeature, type FeatureDef, type FeatureKind } from './features.js';
import { applyMinMax, evaluateExpr, fitMinMax, type MinMaxState } from './numeric.js';
import { evaluatePredicate } from './predicates.js';
import { typedFrom } from '../util/typed-from.js';

export interface CleanerOptions {
  /** Clip scaled numbers to [0, 1] (default true); false keeps values beyond the training range outside it. */
  clip?: boolean;
}

/** One output column (after fit) or one feature definition (before fit). */
export interface FeatureDescription {
  name: string;
  kind: FeatureKind;
  why: string;
  /** Log columns it is computed from. */
  source: string[];
  /** The feature definition it comes from (differs from `name` for one-hot columns). */
  feature: string;
  /** Categorical features: label (one string column) or one-hot (a 0/1 column per category). */
  encoding?: Encoding;
  /** One-hot columns: the category this column flags. */
  category?: string;
}

/** What fit learned for one kept feature. */
export interface LearnedFeature {
  name: string;
  range?: MinMaxState;
  categories?: CategoryState;
  /** State returned by custom code's fit. */
  state?: unknown;
}

export interface DroppedFeature {
  feature: string;
  reason: string;
}

export interface LearnedState {
  /** Training rows. */
  rows: number;
  /** Kept features, in definition order. */
  features: LearnedFeature[];
  dropped: DroppedFeature[];
}

export interface CleanerJSON {
  format: 'zeekseq-cleaner';
  version: 1;
  logType: string;
  clip: boolean;
  definitions: FeatureDef[];
  learned: LearnedState | null;
  warnings: string[];
}

/** An output column's values: numbers (features, ts) or strings (uid, label categoricals). */
type OutputColumn = Float64Array | (string | null)[];

export class Cleaner {
  readonly logType: string;
  readonly definitions: readonly FeatureDef[];
  readonly clip: boolean;
  private learned: LearnedState | null = null;
  private readonly warned: string[] = [];

  constructor(logType: string, definitions: readonly FeatureDef[], options: CleanerOptions = {}) {
    if (typeof logType !== 'string' || logType === '')
      throw new ZeekseqError('a Cleaner needs the log type it cleans (conn, dns, ...).');
    this.logType = logType;
    const where = `${logType} cleaner`;
    if (!Array.isArray(definitions) || definitions.length === 0) {
      throw new ZeekseqError(
        `${where}: give at least one feature definition (or register no cleaner, so that the log type is one token).`,
      );
    }
    const seen = new Set<string>();
    for (const def of definitions) {
      validateFeature(def, where);
      if (seen.has(def.name))
        throw new ZeekseqError(
          `${where}: two features are named ${def.name}; feature names become columns and must differ.`,
        );
      seen.add(def.name);
    }
    this.definitions = definitions.map((d) => structuredClone(d));
    this.clip = options.clip ?? true;
  }

  get fitted(): boolean {
    return this.learned !== null;
  }

  /** Warnings from fitting (features dropped and why); each was printed once. */
  get warnings(): readonly string[] {
    return this.warned;
  }

  /** Features fit left out, with the reason. Empty before fit. */
  get dropped(): readonly DroppedFeature[] {
    return this.learned?.dropped ?? [];
  }

  /** Learns scaler ranges and category lists from training rows. */
  fit(table: ColumnTable): this {
    const rows = table.numRows();
    if (rows === 0) {
      throw new ZeekseqError(
        `cannot fit the ${this.logType} cleaner on an empty table: scaler ranges and categories are learned from rows; ` +
          `fit on training data that contains ${this.logType} rows (or leave ${this.logType} out of the run).`,
      );
    }
    const present = new Set(table.columnNames());
    const features: LearnedFeature[] = [];
    const dropped: DroppedFeature[] = [];
    for (const def of this.definitions) {
      const missing = featureSource(def, this.where(def)).filter((c) => !present.has(c));
      if (missing.length > 0) {
        dropped.push({
          feature: def.name,
          reason: `needs column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which this ${this.logType} log lacks`,
        });
        continue;
      }
      const learned = this.fitFeature(def, table);
      if (learned === null) dropped.push({ feature: def.name, reason: `has no values in the ${rows} training rows` });
      else features.push(learned);
    }
    if (features.length === 0) {
      throw new ZeekseqError(
        `the ${this.logType} cleaner kept no feature: ${dropped.map((d) => `${d.feature} ${d.reason}`).join('; ')}. ` +
          `Check that the table really is a ${this.logType} log, or register no cleaner for it so that it is one token.`,
      );
    }
    this.learned = { rows, features, dropped };
    this.checkOutputNames();
    this.warnOnce(dropped.map((d) => `${this.logType} cleaner: feature ${d.feature} dropped: it ${d.reason}.`));
    return this;
  }

  /**
   * Features of the rows: ts, uid, then one column per output feature. A column the fit used that the rows
   * lack is read as unset on every row: Zeek's JSON writer leaves unset fields out of each line, so a column
   * unset on every line (conn's tunnel_parents) is absent from a JSON log that a TSV log would show as `-`.
   */
  transform(rows: ColumnTable): ColumnTable {
    const learned = this.requireFitted('transform');
    const present = new Set(rows.columnNames());
    const absent = new Set<string>();
    for (const feature of learned.features) {
      for (const column of featureSource(this.definition(feature.name), this.logType)) {
        if (!present.has(column)) absent.add(column);
      }
    }
    const unset = (): null[] => new Array(rows.numRows()).fill(null);
    const table =
      absent.size === 0 ? rows : rows.assign(makeTable(Object.fromEntries([...absent].map((c) => [c, unset()]))));
    if (!present.has('ts'))
      throw new ZeekseqError(
        `cannot transform ${this.logType} rows: the table has no ts column; every Zeek log row needs its time.`,
      );
    if (uidColumnOf(table) === null) {
      throw new ZeekseqError(
        `cannot transform ${this.logType} rows: the table has no uid, conn_uids or uids column, so its rows belong to no connection; ` +
          `leave this log type out of cleaning (it cannot join a connection's sequence).`,
      );
    }
    const ts = Float64Array.from(numbersOf(table, 'ts', { logType: this.logType, feature: 'ts' }));
    const pick: number[] = [];
    const uids: string[] = [];
    forEachRowUid(table, (row, uid) => {
      pick.push(row);
      uids.push(uid);
    });
    const identity = pick.length === table.numRows() && pick.every((row, i) => row === i);
    const take = (values: OutputColumn): OutputColumn => {
      if (identity) return values;
      if (values instanceof Float64Array) return typedFrom(Float64Array, pick, (row) => values[row]);
      return pick.map((row) => values[row]);
    };
    const columns: Record<string, OutputColumn> = { ts: take(ts), uid: uids };
    for (const feature of learned.features) {
      for (const [name, values] of this.featureColumns(feature, table)) columns[name] = take(values);
    }
    return makeTable(columns);
  }

  fitTransform(table: ColumnTable): ColumnTable {
    return this.fit(table).transform(table);
  }

  /**
   * After fit: one entry per output column (one-hot features expanded, dropped features left out).
   * Before fit: one entry per feature definition.
   */
  describe(): FeatureDescription[] {
    const base = (def: FeatureDef): FeatureDescription => {
      const where = this.where(def);
      const description: FeatureDescription = {
        name: def.name,
        kind: featureKind(def, where),
        why: def.why,
        source: featureSource(def, where),
        feature: def.name,
      };
      if (def.type === 'categorical') description.encoding = def.encoding;
      return description;
    };
    if (this.learned === null) return this.definitions.map(base);
    return this.learned.features.flatMap((feature) => {
      const def = this.definition(feature.name);
      if (def.type !== 'categorical' || def.encoding !== 'one-hot') return [base(def)];
      const names = oneHotNames(def.name, feature.categories!);
      return names.map((name, i) => ({
        ...base(def),
        name,
        kind: 'boolean' as const,
        category: feature.categories!.categories[i] ?? 'other',
      }));
    });
  }

  /** Kind of each output column, as the clustering feature matrix takes them. */
  kinds(): Record<string, FeatureKind> {
    this.requireFitted('kinds');
    return Object.fromEntries(this.describe().map((d) => [d.name, d.kind]));
  }

  toJSON(): CleanerJSON {
    return {
      format: 'zeekseq-cleaner',
      version: 1,
      logType: this.logType,
      clip: this.clip,
      definitions: structuredClone([...this.definitions]),
      learned: this.learned === null ? null : structuredClone(this.learned),
      warnings: [...this.warned],
    };
  }

  /** A cleaner from toJSON output; custom code is re-attached from the registry by id. */
  static fromJSON(json: CleanerJSON): Cleaner {
    if (json === null || typeof json !== 'object' || json.format !== 'zeekseq-cleaner') {
      throw new ZeekseqError(
        'Cleaner.fromJSON: this is not a saved zeekseq cleaner (format is not "zeekseq-cleaner"); pass the output of cleaner.toJSON().',
      );
    }
    if (json.version !== 1) {
      throw new ZeekseqError(
        `Cleaner.fromJSON: saved cleaner version ${JSON.stringify(json.version)} is not supported (this zeekseq reads version 1); refit the cleaner.`,
      );
    }
    const cleaner = new Cleaner(json.logType, json.definitions, { clip: json.clip });
    if (json.learned !== null) {
      cleaner.learned = structuredClone(json.learned);
      cleaner.checkLearned();
    }
    cleaner.warned.push(...(json.warnings ?? []));
    return cleaner;
  }

  private where(def: FeatureDef): string {
    return `${this.logType} cleaner feature ${def.name}`;
  }

  private site(def: FeatureDef): FeatureSite {
    return { logType: this.logType, feature: def.name };
  }

  private definition(name: string): FeatureDef {
    return this.definitions.find((d) => d.name === name)!;
  }

  private requireFitted(action: string): LearnedState {
    if (this.learned === null) {
      throw new ZeekseqError(
        `the ${this.logType} cleaner is not fitted, so it cannot ${action}; call fit(trainingRows) or fitTransform first.`,
      );
    }
    return this.learned;
  }

  /** Learns one feature; null when the training rows give it nothing to learn from. */
  private fitFeature(def: FeatureDef, table: ColumnTable): LearnedFeature | null {
    const site = this.site(def);
    switch (def.type) {
      case 'numeric': {
        const range = fitMinMax(evaluateExpr(def.value, table, site));
        return range === null ? null : { name: def.name, range };
      }
      case 'boolean':
        // Evaluated once so that a mistyped column fails at fit, not later at transform.
        evaluatePredicate(def.test, table, site);
        return { name: def.name };
      case 'categorical': {
        const categories = fitCategories(cellsOf(table, def.column), def.topK);
        return categories.categories.length === 0 ? null : { name: def.name, categories };
      }
      case 'custom': {
        const code = customFeatureCode(def.code, this.where(def));
        const state = code.fit ? code.fit(table) : null;
        if (code.kind !== 'numeric') return { name: def.name, state };
        const range = fitMinMax(this.customNumbers(def, table, state));
        return range === null ? null : { name: def.name, range, state };
      }
    }
  }

  /** Output columns of one kept feature, for every row of the table. */
  private featureColumns(feature: LearnedFeature, table: ColumnTable): [string, OutputColumn][] {
    const def = this.definition(feature.name);
    const site = this.site(def);
    switch (def.type) {
      case 'numeric':
        return [[def.name, applyMinMax(evaluateExpr(def.value, table, site), feature.range!, this.clip)]];
      case 'boolean':
        return [[def.name, evaluatePredicate(def.test, table, site)]];
      case 'categorical': {
        const cells = cellsOf(table, def.column);
        const state = feature.categories!;
        if (def.encoding === 'label') return [[def.name, labelCategories(cells, state)]];
        const names = oneHotNames(def.name, state);
        return oneHotCategories(cells, state).map((values, i) => [names[i], values]);
      }
      case 'custom':
        return [[def.name, this.customColumn(def, feature, table)]];
    }
  }

  private customColumn(
    def: Extract<FeatureDef, { type: 'custom' }>,
    feature: LearnedFeature,
    table: ColumnTable,
  ): OutputColumn {
    const code = customFeatureCode(def.code, this.where(def));
    if (code.kind === 'numeric')
      return applyMinMax(this.customNumbers(def, table, feature.state), feature.range!, this.clip);
    const values = this.customValues(def, table, feature.state);
    if (code.kind === 'boolean') {
      return typedFrom(Float64Array, values, (v, row) => {
        if (v === true || v === 1) return 1;
        if (v === false || v === 0) return 0;
        throw this.customError(def, row, v, 'true/false or 1/0');
      });
    }
    return Array.from(values, (v, row) => {
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') return v;
      throw this.customError(def, row, v, 'a string or null');
    });
  }

  private customNumbers(
    def: Extract<FeatureDef, { type: 'custom' }>,
    table: ColumnTable,
    state: unknown,
  ): Float64Array {
    return typedFrom(Float64Array, this.customValues(def, table, state), (v, row) => {
      if (typeof v !== 'number') throw this.customError(def, row, v, 'a number (NaN for missing)');
      return Number.isFinite(v) ? v : NaN;
    });
  }

  private customValues(
    def: Extract<FeatureDef, { type: 'custom' }>,
    table: ColumnTable,
    state: unknown,
  ): ArrayLike<unknown> {
    const values = customFeatureCode(def.code, this.where(def)).transform(table, state);
    if (values === null || typeof values !== 'object' || values.length !== table.numRows()) {
      throw new ZeekseqError(
        `${this.where(def)}: custom code ${def.code} returned ${values?.length ?? 'no'} values for ${table.numRows()} rows; ` +
          `its transform must return one value per row.`,
      );
    }
    return values;
  }

  private customError(
    def: Extract<FeatureDef, { type: 'custom' }>,
    row: number,
    value: unknown,
    expected: string,
  ): ZeekseqError {
    return new ZeekseqError(
      `${this.where(def)}: custom code ${def.code} gave ${describeValue(value)} for row ${row}; expected ${expected}.`,
    );
  }

  /** One-hot expansion may produce a name another feature already has. */
  private checkOutputNames(): void {
    const seen = new Set(['ts', 'uid']);
    for (const d of this.describe()) {
      if (seen.has(d.name)) {
        throw new ZeekseqError(
          `${this.logType} cleaner: two output columns are named ${d.name} (feature ${d.feature}); rename one of the features.`,
        );
      }
      seen.add(d.name);
    }
  }

  /** Loaded state must fit the definitions it was saved with. */
  private checkLearned(): void {
    const learned = this.learned!;
    const bad = (what: string) =>
      new ZeekseqError(`Cleaner.fromJSON (${this.logType}): ${what}; the saved cleaner is damaged, refit it.`);
    if (!Array.isArray(learned.features) || !Array.isArray(learned.dropped))
      throw bad('learned features or dropped list missing');
    for (const feature of learned.features) {
      const def = this.definitions.find((d) => d.name === feature?.name);
      if (!def) throw bad(`learned state names feature ${describeValue(feature?.name)}, which has no definition`);
      const numeric =
        def.type === 'numeric' || (def.type === 'custom' && featureKind(def, this.where(def)) === 'numeric');
      if (numeric) {
        const r = feature.range;
        if (!r || !Number.isFinite(r.min) || !Number.isFinite(r.max) || r.min > r.max)
          throw bad(`feature ${def.name} has no valid range`);
      }
      if (def.type === 'categorical') {
        const c = feature.categories;
        if (
          !c ||
          !Array.isArray(c.categories) ||
          c.categories.some((v) => typeof v !== 'string') ||
          typeof c.other !== 'boolean'
        ) {
          throw bad(`feature ${def.name} has no valid category list`);
        }
      }
    }
    this.checkOutputNames();
  }

  private warnOnce(messages: string[]): void {
    const fresh = messages.filter((m) => !this.warned.includes(m));
    if (fresh.length === 0) return;
    this.warned.push(...fresh);
    console.warn(fresh.join('\n'));
  }
}
