import { Field, Float, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.js";

@ObjectType()
export class StoreStatus {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { description: '"sqlite" (embedded) or "mongo".' }) kind!: string;
  @Field(() => Float) latencyMs!: number;
  @Field(() => String) detail!: string;
}

@ObjectType({ description: "This installation: version, store and engine." })
export class SystemInfo {
  @Field(() => String) version!: string;
  @Field(() => StoreStatus) store!: StoreStatus;
  @Field(() => Int, { description: "Runs this server is executing now." }) activeRuns!: number;
  @Field(() => DateTimeScalar) startedAt!: Date;
}

@ObjectType()
export class SeedResult {
  @Field(() => Int, { description: "Demo pipelines created." }) pipelines!: number;
  @Field(() => Int, { description: "Sample datasets registered." }) datasets!: number;
}
