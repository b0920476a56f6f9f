/* eslint-disable */
/**
 * Generated data model types (written offline by scripts/codegen.ts).
 */
import type {
  DataModelFromSchemaDefinition,
  DocumentByName,
  TableNamesInDataModel,
  SystemTableNames,
} from "convex/server";
import type { GenericId } from "convex/values";
import schema from "../schema.js";

/** The names of all tables. */
export type TableNames = TableNamesInDataModel<DataModel>;

/** The type of a document stored in table `TableName`. */
export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;

/** A document id; a string at runtime. */
export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;

/** The data model, from the schema. */
export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
