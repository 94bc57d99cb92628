import { Injectable, Logger } from '@nestjs/common';

import { SealedValues } from '../tokens/sealed-values.js';

type Json = Record<string, unknown>;

function parentOf(root: Json, path: string): { parent: Json; key: string } | undefined {
  const keys = path.split('.');
  let node: unknown = root;
  for (const k of keys.slice(0, -1)) {
    node = node && typeof node === 'object' ? (node as Json)[k] : undefined;
  }
  return node && typeof node === 'object' ? { parent: node as Json, key: keys[keys.length - 1]! } : undefined;
}

/**
 * A publish job's checkpoint is stored as JSON in publish_jobs.checkpoint; the fields its
 * publisher declares as credentials (checkpointSecrets: signed media links, TikTok's upload URL
 * with its upload_token) are sealed with the token keys before it is written, and opened when a
 * worker resumes from it. The AAD binds each value to its job and field.
 */
@Injectable()
export class CheckpointSecrets {
  private readonly logger = new Logger(CheckpointSecrets.name);

  constructor(private readonly sealed: SealedValues) {}

  /** The JSON to store: a copy with every declared secret sealed. */
  seal(jobId: string, secrets: readonly string[], checkpoint: object): Json {
    const copy = JSON.parse(JSON.stringify(checkpoint)) as Json;
    for (const path of secrets) {
      const at = parentOf(copy, path);
      const value = at?.parent[at.key];
      if (at && typeof value === 'string' && !this.sealed.isSealed(value)) at.parent[at.key] = this.sealed.seal(value, aad(jobId, path));
    }
    return copy;
  }

  /**
   * The checkpoint as the publisher wrote it. A stored value that no key opens any more is
   * dropped (and listed in `dropped`): the publisher then starts that part over (a new upload
   * URL) and the caller may supply a fresh media link, rather than resume with a credential it
   * cannot have. A plain value (stored before sealing existed) is kept as is.
   */
  open(jobId: string, secrets: readonly string[], stored: unknown): { checkpoint: unknown; dropped: string[] } {
    const dropped: string[] = [];
    if (!stored || typeof stored !== 'object') return { checkpoint: stored, dropped };
    const copy = JSON.parse(JSON.stringify(stored)) as Json;
    for (const path of secrets) {
      const at = parentOf(copy, path);
      const value = at?.parent[at.key];
      if (!at || typeof value !== 'string' || !this.sealed.isSealed(value)) continue;
      try {
        at.parent[at.key] = this.sealed.open(value, aad(jobId, path));
      } catch (error) {
        this.logger.warn(`job ${jobId}: the sealed checkpoint field ${path} cannot be opened (${(error as Error).message}); dropped`);
        delete at.parent[at.key];
        dropped.push(path);
      }
    }
    return { checkpoint: copy, dropped };
  }
}

const aad = (jobId: string, path: string) => `publish_job|${jobId}|checkpoint.${path}`;
