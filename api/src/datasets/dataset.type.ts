import { Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import type { DatasetFormat as DatasetFormatName, DatasetSource as DatasetSourceName } from "../store/records.js";

export const DatasetFormat = graphqlEnum("DatasetFormat", ["CSV", "CSV_GZ", "PARQUET", "JSON"] as const);
export const DatasetSource = graphqlEnum("DatasetSource", ["UPLOAD", "SAMPLE", "PIPELINE"] as const);

@ObjectType()
export class Column {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "Logical type: BIGINT, DOUBLE, VARCHAR, BOOLEAN, DATE, TIMESTAMP…" })
  type!: string;
}

@ObjectType({ description: "A table Millrace can read: uploaded, shipped as a sample, or produced by a pipeline." })
export class Dataset {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => DatasetFormat) format!: DatasetFormatName;
  @Field(() => String, { description: "Path relative to the data directory." }) path!: string;
  @Field(() => Float) sizeBytes!: number;
  @Field(() => Float) rowCount!: number;
  @Field(() => [Column]) columns!: Column[];
  @Field(() => DatasetSource) source!: DatasetSourceName;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class DatasetConnection extends Connection(Dataset) {}

@InputType()
export class DatasetFilterInput {
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => DatasetSource, { nullable: true }) source?: DatasetSourceName;
}
