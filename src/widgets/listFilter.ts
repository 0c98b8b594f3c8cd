/**
 * What `/` searches in a list: each row's lower-case search text, worked out once per set of
 * rows (a data load) into one string, so a key typed into the filter of 100,000 rows is a run
 * of `indexOf` over it (native and fast), not a call per row.
 */

/** The text of a row that the filter searches: by default what its columns show. */
export type SearchText<T> = (item: T) => string;

/** Between the columns of a row and between rows: never in a query (controls are not typed). */
const COLUMN_BREAK = '\u0000';
const ROW_BREAK = '\n';

/** A list's columns as its search text: a row matches what the list shows of it. */
export function columnsSearchText<T>(columns: readonly { readonly value: (item: T) => string }[]): SearchText<T> {
  return (item) => columns.map((column) => column.value(item)).join(COLUMN_BREAK);
}

/** The rows of one load with their search texts, made on the first query. */
export class SearchIndex<T> {
  private haystack = '';
  /** Where each row's text starts in the haystack, and one past the end. */
  private starts: Int32Array | undefined;
  private readonly recent = new Map<string, readonly T[]>();
  private matched = new Int32Array(0);

  constructor(readonly items: readonly T[], private readonly searchText: SearchText<T>) {}

  /** Works out the search texts now (when the filter opens), not at the first letter. */
  prepare(): void {
    if (this.starts) return;
    const texts = this.items.map((item) => this.searchText(item).toLowerCase().replaceAll(ROW_BREAK, ' '));
    this.starts = new Int32Array(texts.length + 1);
    let at = 0;
    texts.forEach((text, index) => {
      this.starts![index] = at;
      at += text.length + 1;
    });
    this.starts[texts.length] = at;
    this.haystack = texts.join(ROW_BREAK);
  }

  /** The items whose text holds `query` (case-insensitive), in their order; all of them for ''. */
  matching(query: string): readonly T[] {
    const needle = query.toLowerCase();
    if (!needle) return this.items;
    const known = this.recent.get(needle);
    if (known) return known;
    this.prepare();
    const { haystack, items } = this;
    const starts = this.starts!;
    // Row numbers go into one buffer kept between keys: the first letters of a query match
    // every row, and a fresh array of 100,000 per key made the collector pause mid-typing.
    if (this.matched.length < items.length) this.matched = new Int32Array(items.length);
    const matched = this.matched;
    let count = 0;
    let row = 0;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, starts[row]!)) {
      while (starts[row + 1]! <= at) row++;
      matched[count++] = row;
      row++; // one match per row: go on from the next row's start
    }
    // Every row matching is the list as it was: the same array, so nothing downstream redoes its work.
    const found = count === items.length ? items : Array.from({ length: count }, (_, index) => items[matched[index]!]!);
    // Backspace goes back to a query typed a moment ago: keep the last few answers.
    if (this.recent.size >= 16) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(needle, found);
    return found;
  }
}
