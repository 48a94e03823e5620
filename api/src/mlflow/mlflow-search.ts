/**
 * MLflow's search filter and order_by strings, the subset its client and UI use:
 * `<entity>.<key> <op> <value> [AND …]` with entities attributes/params/metrics/tags (and their short forms),
 * keys plain, `backquoted` or "quoted", ops = != > >= < <= LIKE ILIKE IN NOT IN, values 'strings', numbers or
 * ('a', 'b') lists. Unprefixed keys are attributes. Evaluated in memory over the candidate records.
 */
import { invalidParameter } from "./mlflow-errors.js";

export type Entity = "attribute" | "param" | "metric" | "tag" | "dataset";
export type Op = "=" | "!=" | ">" | ">=" | "<" | "<=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";

export interface Clause {
  entity: Entity;
  key: string;
  op: Op;
  value: string | number | string[];
}

export interface OrderBy {
  entity: Entity;
  key: string;
  ascending: boolean;
}

const ENTITIES: Record<string, Entity> = {
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
  metric: "metric",
  metrics: "metric",
  tag: "tag",
  tags: "tag",
  dataset: "dataset",
  datasets: "dataset",
};

const TOKEN =
  /\s*(?:(?<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?<bq>`[^`]*`)|(?<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.]))|(?<op>!=|>=|<=|=|>|<)|(?<punct>[(),])|(?<word>[A-Za-z_][\w]*(?:\.[\w]+)*)|(?<dot>\.))/y;

interface Token {
  kind: "str" | "bq" | "num" | "op" | "punct" | "word" | "dot";
  text: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < input.length) {
    if (/^\s*$/.test(input.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(input);
    if (!match?.groups)
      throw invalidParameter(`Invalid search expression near '${input.slice(position, position + 20)}'`);
    const entry = Object.entries(match.groups).find(([, text]) => text !== undefined);
    if (!entry) throw invalidParameter(`Invalid search expression near '${input.slice(position, position + 20)}'`);
    tokens.push({ kind: entry[0] as Token["kind"], text: entry[1] });
    position = TOKEN.lastIndex;
  }
  return tokens;
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, "$1");
}

/** `entity.key` from the tokens at `i` (key plain, quoted or backquoted); returns the next index. */
function identifier(tokens: Token[], i: number, defaultEntity: Entity): { entity: Entity; key: string; next: number } {
  const token = tokens[i];
  if (!token) throw invalidParameter("Invalid search expression: expected an identifier");
  if (token.kind === "bq" || token.kind === "str")
    return { entity: defaultEntity, key: unquote(token.text), next: i + 1 };
  if (token.kind !== "word") throw invalidParameter(`Invalid identifier '${token.text}'`);
  const dot = token.text.indexOf(".");
  const head = dot < 0 ? token.text : token.text.slice(0, dot);
  const entity = ENTITIES[head.toLowerCase()];
  if (entity === undefined) return { entity: defaultEntity, key: token.text, next: i + 1 };
  if (dot >= 0) return { entity, key: token.text.slice(dot + 1), next: i + 1 };
  // `params.` followed by a quoted key: the tokenizer split them.
  const quoted = tokens[i + 1]?.kind === "dot" ? tokens[i + 2] : undefined;
  if (quoted && (quoted.kind === "bq" || quoted.kind === "str"))
    return { entity, key: unquote(quoted.text), next: i + 3 };
  return { entity: defaultEntity, key: token.text, next: i + 1 };
}

/** Parses a filter string (empty = no clauses). Unprefixed identifiers are `defaultEntity`. */
export function parseFilter(filter: string | undefined, defaultEntity: Entity = "attribute"): Clause[] {
  if (filter === undefined || filter.trim() === "") return [];
  const tokens = tokenize(filter);
  const clauses: Clause[] = [];
  let i = 0;
  for (;;) {
    const id = identifier(tokens, i, defaultEntity);
    i = id.next;
    const opToken = tokens[i];
    if (!opToken) throw invalidParameter(`Invalid filter '${filter}': expected a comparison after '${id.key}'`);
    let op: Op;
    if (opToken.kind === "op") {
      op = opToken.text as Op;
      i += 1;
    } else if (opToken.kind === "word" && /^(I?LIKE|IN)$/i.test(opToken.text)) {
      op = opToken.text.toUpperCase() as Op;
      i += 1;
    } else if (opToken.kind === "word" && /^NOT$/i.test(opToken.text) && /^IN$/i.test(tokens[i + 1]?.text ?? "")) {
      op = "NOT IN";
      i += 2;
    } else throw invalidParameter(`Invalid comparator '${opToken.text}' in filter '${filter}'`);
    let value: string | number | string[];
    const valueToken = tokens[i];
    if (op === "IN" || op === "NOT IN") {
      if (valueToken?.text !== "(") throw invalidParameter(`Expected a list after ${op} in filter '${filter}'`);
      i += 1;
      const list: string[] = [];
      for (;;) {
        const item = tokens[i];
        if (!item || (item.kind !== "str" && item.kind !== "num"))
          throw invalidParameter(`Invalid list in filter '${filter}'`);
        list.push(item.kind === "str" ? unquote(item.text) : item.text);
        i += 1;
        if (tokens[i]?.text === ",") i += 1;
        else if (tokens[i]?.text === ")") {
          i += 1;
          break;
        } else throw invalidParameter(`Invalid list in filter '${filter}'`);
      }
      value = list;
    } else if (valueToken?.kind === "str") {
      value = unquote(valueToken.text);
      i += 1;
    } else if (valueToken?.kind === "num") {
      value = Number(valueToken.text);
      i += 1;
    } else throw invalidParameter(`Invalid value in filter '${filter}': expected a quoted string or a number`);
    if (id.entity === "metric" && typeof value !== "number")
      throw invalidParameter(`Expected numeric value type for metric '${id.key}'`);
    clauses.push({ entity: id.entity, key: id.key, op, value });
    if (i >= tokens.length) break;
    if (!/^AND$/i.test(tokens[i]?.text ?? ""))
      throw invalidParameter(`Invalid filter '${filter}': only AND joins clauses`);
    i += 1;
  }
  return clauses;
}

export function parseOrderBy(items: readonly string[], defaultEntity: Entity = "attribute"): OrderBy[] {
  return items.map((item) => {
    const match = /^(.*?)(?:\s+(ASC|DESC))?\s*$/i.exec(item.trim());
    const body = match?.[1] ?? "";
    if (body === "") throw invalidParameter(`Invalid order_by clause '${item}'`);
    const tokens = tokenize(body);
    const id = identifier(tokens, 0, defaultEntity);
    if (id.next !== tokens.length) throw invalidParameter(`Invalid order_by clause '${item}'`);
    return { entity: id.entity, key: id.key, ascending: (match?.[2] ?? "ASC").toUpperCase() === "ASC" };
  });
}

function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
}

/** Whether `actual` (undefined = absent) satisfies the clause; absent values match nothing. */
export function compare(clause: Clause, actual: string | number | null | undefined): boolean {
  if (actual === undefined || actual === null) return false;
  const { op, value } = clause;
  if (op === "IN" || op === "NOT IN") {
    const inList = (value as string[]).includes(String(actual));
    return op === "IN" ? inList : !inList;
  }
  if (op === "LIKE" || op === "ILIKE") return likeRegex(String(value), op === "ILIKE").test(String(actual));
  const [a, b] =
    typeof actual === "number" || typeof value === "number" ? [Number(actual), Number(value)] : [actual, value];
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

/** Sorts by the order_by keys (absent values last, as MLflow does), then by `tieBreak`. */
export function sortBy<T>(
  items: T[],
  orders: readonly OrderBy[],
  valueOf: (item: T, order: OrderBy) => string | number | null | undefined,
  tieBreak: (a: T, b: T) => number,
): T[] {
  return items.sort((x, y) => {
    for (const order of orders) {
      const [a, b] = [valueOf(x, order), valueOf(y, order)];
      const aMissing = a === undefined || a === null || (typeof a === "number" && Number.isNaN(a));
      const bMissing = b === undefined || b === null || (typeof b === "number" && Number.isNaN(b));
      if (aMissing || bMissing) {
        if (aMissing && bMissing) continue;
        return aMissing ? 1 : -1;
      }
      if (a === b) continue;
      const less = a < b ? -1 : 1;
      return order.ascending ? less : -less;
    }
    return tieBreak(x, y);
  });
}
