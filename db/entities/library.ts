import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

/** A folder of an account's file library; folders nest. Staff-only folders are never listed to clients. */
export const Folder = defineEntity({
  name: 'Folder',
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    parentId: p.uuid().nullable().index(),
    name: p.string().length(200),
    staffOnly: p.boolean().default(false),
    createdById: p.uuid(),
  },
});
export type Folder = InferEntity<typeof Folder>;

/**
 * A file of the library: a name in a folder and its versions. Each version points at one stored
 * file (content, SHA-256, size, type, uploader, time); the newest is the current one.
 */
export const LibraryFile = defineEntity({
  name: 'LibraryFile',
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    folderId: p.uuid().nullable().index(),
    name: p.string().length(255),
    staffOnly: p.boolean().default(false),
    createdById: p.uuid(),
    /** How many versions it has; the newest has this number. */
    latestVersion: p.integer().default(0),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type LibraryFile = InferEntity<typeof LibraryFile>;

export const LibraryFileVersion = defineEntity({
  name: 'LibraryFileVersion',
  uniques: [{ properties: ['file', 'version'] }],
  properties: {
    ...baseProperties,
    file: () => p.manyToOne(LibraryFile),
    version: p.integer(),
    storedFileId: p.uuid().index(),
    uploadedById: p.uuid(),
    note: p.string().length(1000).nullable(),
  },
});
export type LibraryFileVersion = InferEntity<typeof LibraryFileVersion>;
