/**
 * What `/` searches in a list: each row's lower-case search text, worked out once per set of
 * rows (a data load), so a key typed into the filter of 100,000 rows is one `includes` per row
 * (and only over the rows still matching, while the query grows).
 */

/** The text of a row that the filter searches: by default what its columns show. */
export type SearchText<T> = (item: T) => string;

/** A list's columns as its search text: a row matches what the list shows of it. */
export function columnsSearchText<T>(columns: readonly { readonly value: (item: T) => string }[]): SearchText<T> {
  return (item) => columns.map((column) => column.value(item)).join('\u0000');
}

interface Matches {
  readonly query: string;
  readonly indexes: readonly number[];
}

/** The rows of one load with their search texts; made lazily, on the first query. */
export class SearchIndex<T> {
  private texts: string[] | undefined;
  private last: Matches | undefined;

  constructor(readonly items: readonly T[], private readonly searchText: SearchText<T>) {}

  /** The items whose text holds `query` (case-insensitive), in their order; all of them for ''. */
  matching(query: string): readonly T[] {
    const needle = query.toLowerCase();
    if (!needle) return this.items;
    const texts = (this.texts ??= this.items.map((item) => this.searchText(item).toLowerCase()));
    // A longer query only narrows: search the rows that matched the shorter one.
    const from = this.last && needle.startsWith(this.last.query) ? this.last.indexes : undefined;
    const indexes: number[] = [];
    if (from) {
      for (const index of from) if (texts[index]!.includes(needle)) indexes.push(index);
    } else {
      for (let index = 0; index < texts.length; index++) if (texts[index]!.includes(needle)) indexes.push(index);
    }
    this.last = { query: needle, indexes };
    return indexes.map((index) => this.items[index]!);
  }
}
