import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class PagingArgs {
  @Field(() => Int, { defaultValue: 50, description: "Page size, 1 to 500." }) first!: number;
  @Field(() => String, { nullable: true, description: "`pageInfo.endCursor` of the previous page." }) after?:
    string | null;
}
