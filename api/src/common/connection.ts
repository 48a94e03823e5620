import { Field, Int, ObjectType, type ClassType } from "type-graphql";

@ObjectType({ description: "Cursor pagination state of a list." })
export class PageInfo {
  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

/** Builds a `<Item>Connection` type: nodes of one page, its cursor state and the total count for the filter. */
export function Connection<T extends object>(itemType: ClassType<T>) {
  @ObjectType()
  abstract class ConnectionType {
    @Field(() => [itemType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items match the filter, over all pages." })
    totalCount!: number;
  }
  return ConnectionType;
}

export interface ConnectionValue<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function toConnection<T>(page: {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}): ConnectionValue<T> {
  return {
    nodes: page.items,
    pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    totalCount: page.totalCount,
  };
}
