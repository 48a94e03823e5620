/**
 * Store-neutral conditions as MongoDB filters. Values were checked by `scalar()` and are always wrapped in an
 * explicit operator (`$eq`, `$in`, ...), so no value can be read as an operator.
 */
import type { Filter } from "mongodb";
import type { Condition } from "../collections.js";
import type { RecordDoc } from "./mongo-codec.js";

export function conditionFilter(condition: Condition): Filter<RecordDoc> {
  const field = condition.field === "id" ? "_id" : condition.field;
  switch (condition.op) {
    case "eq":
    case "has":
      // On an array field, $eq matches when any element equals the value: that is "has".
      return { [field]: { $eq: condition.value } };
    case "gte":
      return { [field]: { $gte: condition.value } };
    case "lt":
      return { [field]: { $lt: condition.value } };
    case "in":
      return { [field]: { $in: [...condition.value] } };
    case "contains":
      return { [field]: { $regex: escapeRegex(condition.value), $options: "i" } };
  }
}

/** ANDs the clauses; `{}` when there are none (an empty `$and` is an error). */
export function allOf(clauses: readonly Filter<RecordDoc>[]): Filter<RecordDoc> {
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0] as Filter<RecordDoc>;
  return { $and: [...clauses] };
}

export function whereFilter(conditions: readonly Condition[]): Filter<RecordDoc> {
  return allOf(conditions.map(conditionFilter));
}

/** Listing order is (createdAt desc, _id desc): the items strictly after the cursor's item. */
export function afterCursor(cursor: { createdAt: Date; id: string }): Filter<RecordDoc> {
  return {
    $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: { $eq: cursor.createdAt }, _id: { $lt: cursor.id } }],
  };
}

/** A literal substring as a regular expression (valid in both PCRE and Go's RE2, which FerretDB uses). */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/**
 * One record by id, as the bare `{_id: id}`: the only filter FerretDB 1.24 pushes down to its storage; any other
 * (`{_id: {$eq: id}}` included) reads and decodes the whole collection. A string cannot act as an operator, so the
 * bare form is only used for strings.
 */
export function byId(id: string): Filter<RecordDoc> {
  return typeof id === "string" ? { _id: id } : { _id: { $eq: id } };
}
